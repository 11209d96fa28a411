extension LivePage {
    /// The page's script: the WebSocket client, the controls built from the lever registry, the
    /// charts and the network view, drawn on canvases without any library.
    static let script = #"""
"use strict";
const OKABE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"];
const DASHES = [[], [16, 9], [4, 7], [20, 7, 4, 7], [10, 5]];
const GROUP_COLOURS = ["#000000", "#009E73", "#CC79A7"];
const FUNDER_LETTERS = ["M", "F", "C"];
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get("token");

const S = {
  hello: null, role: "viewer", generation: 0, scenario: null, playing: false, speed: 10,
  branches: new Map(), order: [], selected: "A", updates: 0, resyncAsked: false,
  pending: new Map(),            // structural lever -> value, applied at the next reset
  dragging: null, nextId: 1, ws: null, retry: 0,
};

// ---------- connection ----------
function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" +
    (token ? "?token=" + encodeURIComponent(token) : "");
  const ws = new WebSocket(url);
  S.ws = ws;
  ws.onopen = () => { S.retry = 0; setConn(true); };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    receive(m);
  };
  ws.onclose = () => {
    setConn(false);
    S.retry = Math.min(S.retry + 1, 5);
    setTimeout(connect, 600 * S.retry);
  };
}
function errorText(m) {
  const where = m.file ? m.file + (m.line ? ":" + m.line : "") + ": " : "";
  const key = m.key && m.key !== "role" && m.key !== "message" ? m.key + ": " : "";
  return where + key + m.message + (m.allowed ? " (allowed: " + m.allowed + ")" : "");
}
function setConn(ok) {
  const c = $("conn");
  c.textContent = ok ? "live" : "reconnecting…";
  c.classList.toggle("bad", !ok);
}
function send(obj) {
  if (!S.ws || S.ws.readyState !== 1) { toast("Not connected yet.", true); return null; }
  obj.id = S.nextId++;
  const text = JSON.stringify(obj);
  const limit = S.hello ? S.hello.limits.maxMessageBytes : 262144;
  if (text.length > limit) { toast("That is too large to send (at most " + limit + " bytes).", true); return null; }
  S.ws.send(text);
  return obj.id;
}

function receive(m) {
  switch (m.type) {
    case "hello": onHello(m); break;
    case "snapshot": onState(m, true); break;
    case "update": onState(m, false); break;
    case "ack": onAck(m); break;
    case "error": toast(errorText(m), true); break;
    case "export": onExport(m); break;
  }
}

// ---------- hello: build the page from the registries ----------
function onHello(m) {
  S.hello = m;
  S.role = m.role;
  document.body.dataset.role = m.role;
  const host = m.role === "host";
  $("role").textContent = host ? "HOST" : "VIEWER";
  $("role").className = "badge" + (host ? " host" : "");
  $("hostbar").hidden = !host;
  $("leverNote").textContent = host ? "" : "You are watching live; only the host can change the run.";
  const pick = $("scenarioPick");
  pick.innerHTML = "";
  for (const name of m.scenarios) pick.add(new Option(name, name));
  const speed = $("speed");
  speed.innerHTML = "";
  for (const v of m.speeds) speed.add(new Option(v === 0 ? "max" : v + " weeks/s", String(v)));
  buildCaptions();
  buildLevers();
}

function pretty(name) { return name.replace(/_/g, " "); }

function buildCaptions() {
  S.hello.charts.forEach((c, i) => {
    $("cap" + i).innerHTML = "";
    const title = document.createElement("div");
    title.textContent = c.title;
    const legend = document.createElement("div");
    legend.className = "legend";
    legend.id = "legend" + i;
    $("cap" + i).append(title, legend);
  });
}

function leverValueText(spec, v) {
  if (v === undefined || v === null) return "";
  if (spec.kind === "flag") return v ? "on" : "off";
  if (spec.kind === "choice") return spec.options[Math.round(v)] || String(v);
  const abs = Math.abs(v);
  if (spec.kind === "integer" || abs >= 1000) return Math.round(v).toLocaleString("en-GB");
  return String(Number(v.toPrecision(4)));
}
function isLog(spec) { return (spec.kind === "real" || spec.kind === "integer") && spec.min >= 0 && spec.max - spec.min >= 1000; }
function toSlider(spec, v) {
  const span = spec.max - spec.min;
  if (span <= 0) return 0;
  if (isLog(spec)) return Math.round(1000 * Math.log10(v - spec.min + 1) / Math.log10(span + 1));
  return Math.round(1000 * (v - spec.min) / span);
}
function fromSlider(spec, p) {
  const span = spec.max - spec.min;
  let v = isLog(spec) ? spec.min + Math.pow(10, p / 1000 * Math.log10(span + 1)) - 1 : spec.min + p / 1000 * span;
  if (spec.kind === "integer") v = Math.round(v);
  else v = Number(v.toPrecision(3));
  return Math.min(spec.max, Math.max(spec.min, v));
}

const OPEN_GROUPS = new Set(["funding", "bureaucracy", "succession", "government", "infrastructure",
  "capacity_building", "austerity"]);

function buildLevers() {
  const root = $("leverGroups");
  root.innerHTML = "";
  const host = S.role === "host";
  const groups = new Map();
  const structural = [];
  S.hello.levers.forEach((spec, index) => {
    if (spec.structural) { structural.push([spec, index]); return; }
    if (!groups.has(spec.group)) groups.set(spec.group, []);
    groups.get(spec.group).push([spec, index]);
  });
  const sections = [...groups.entries()].map(([g, list]) => [pretty(g), list, OPEN_GROUPS.has(g)]);
  sections.push(["Before reset: population, network, run", structural, false]);
  for (const [title, list, open] of sections) {
    const d = document.createElement("details");
    d.open = open;
    const s = document.createElement("summary");
    s.textContent = title;
    d.append(s);
    for (const [spec, index] of list) d.append(leverControl(spec, index, host));
    root.append(d);
  }
}

function leverControl(spec, index, host) {
  const box = document.createElement("div");
  box.className = "lever";
  box.id = "lever-" + spec.name;
  box.dataset.index = index;
  const top = document.createElement("div");
  top.className = "top";
  const name = document.createElement("label");
  name.className = "name";
  name.textContent = spec.name.split(".").slice(1).join(".").replace(/_/g, " ");
  name.title = spec.name;
  const value = document.createElement("span");
  value.className = "value";
  top.append(name, value);
  const desc = document.createElement("div");
  desc.className = "desc";
  desc.textContent = spec.description + (spec.unit && spec.kind !== "flag" && spec.kind !== "choice" ? " [" + spec.unit + "]" : "");
  let input;
  if (spec.kind === "flag") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.addEventListener("change", () => commit(spec, input.checked ? 1 : 0));
    top.insertBefore(input, value);
  } else if (spec.kind === "choice") {
    input = document.createElement("select");
    spec.options.forEach((o, k) => input.add(new Option(o, String(k))));
    input.addEventListener("change", () => commit(spec, Number(input.value)));
  } else {
    input = document.createElement("input");
    input.type = "range";
    input.min = 0; input.max = 1000; input.step = 1;
    input.addEventListener("input", () => {
      S.dragging = spec.name;
      showValue(box, spec, fromSlider(spec, Number(input.value)));
    });
    input.addEventListener("change", () => { S.dragging = null; commit(spec, fromSlider(spec, Number(input.value))); });
  }
  input.id = "input-" + spec.name;
  input.setAttribute("aria-label", spec.name);
  input.disabled = !host;
  name.htmlFor = input.id;
  box.append(top);
  if (spec.kind !== "flag") box.append(input);
  box.append(desc);
  return box;
}

function showValue(box, spec, v) {
  const unit = spec.kind === "flag" || spec.kind === "choice" ? "" : " <small></small>";
  const el = box.querySelector(".value");
  el.innerHTML = "";
  el.append(leverValueText(spec, v));
  if (unit) {
    const small = document.createElement("small");
    small.textContent = " " + spec.unit;
    el.append(small);
  }
}

function commit(spec, value) {
  if (S.role !== "host") return;
  if (spec.structural) {
    S.pending.set(spec.name, value);
    toast(spec.name + " = " + leverValueText(spec, value) + " takes effect at the next reset.");
    refreshLevers();
    return;
  }
  let v = value;
  if (spec.kind === "flag") v = value !== 0;
  else if (spec.kind === "choice") v = spec.options[value];
  send({ type: "set", branch: S.selected, lever: spec.name, value: v });
}

function refreshLevers() {
  if (!S.hello) return;
  const b = S.branches.get(S.selected);
  $("leverBranch").textContent = b ? "— branch " + b.name : "";
  if (!b || !b.levers) return;
  S.hello.levers.forEach((spec, i) => {
    const box = document.getElementById("lever-" + spec.name);
    if (!box) return;
    const pending = spec.structural && S.pending.has(spec.name);
    const v = pending ? S.pending.get(spec.name) : b.levers[i];
    box.classList.toggle("pending", pending);
    if (S.dragging === spec.name) return;
    showValue(box, spec, v);
    const input = document.getElementById("input-" + spec.name);
    if (!input || document.activeElement === input && spec.kind === "choice") return;
    if (spec.kind === "flag") input.checked = v !== 0;
    else if (spec.kind === "choice") input.value = String(Math.round(v));
    else input.value = toSlider(spec, v);
    if (!spec.structural) input.disabled = S.role !== "host" || b.finished;
  });
}

// ---------- state ----------
function onState(m, full) {
  if (full) {
    S.generation = m.generation;
    S.branches = new Map();
    S.resyncAsked = false;
  } else if (m.generation !== S.generation) {
    if (m.generation > S.generation && !S.resyncAsked) { S.resyncAsked = true; send({ type: "resync" }); }
    return;
  }
  S.scenario = m.scenario;
  S.playing = m.playing;
  S.speed = m.speed;
  S.stats = m.stats;
  const names = [];
  for (const nb of m.branches) {
    names.push(nb.name);
    let b = S.branches.get(nb.name);
    if (!b) { b = { name: nb.name, data: [], network: null }; S.branches.set(nb.name, b); }
    if (nb.from > b.data.length) {
      if (!S.resyncAsked) { S.resyncAsked = true; send({ type: "resync" }); }
    } else {
      nb.points.forEach((row, k) => { b.data[nb.from + k] = row; });
    }
    b.tick = nb.tick; b.ticks = nb.ticks; b.finished = nb.finished;
    b.levers = nb.levers; b.markers = nb.markers; b.parent = nb.parent; b.forkedAt = nb.forkedAt;
    if (nb.network) { b.network = nb.network; b.networkFresh = true; }
  }
  for (const name of [...S.branches.keys()]) if (!names.includes(name)) S.branches.delete(name);
  S.order = names;
  if (!S.branches.has(S.selected)) S.selected = names[0] || "A";
  S.updates++;
  document.body.dataset.updates = S.updates;
  document.body.dataset.branches = names.length;
  const a = S.branches.get(names[0]);
  document.body.dataset.tick = a ? a.tick : 0;
  renderHeader();
  renderBranches();
  refreshLevers();
  renderChanges();
  scheduleDraw();
}

function renderHeader() {
  const sc = S.scenario;
  if (!sc) return;
  $("scenarioName").textContent = sc.name;
  $("scenarioInfo").textContent = sc.residents.toLocaleString("en-GB") + " residents · " +
    (S.stats ? S.stats.viewers + " watching" : "");
  const b = S.branches.get(S.order[0]);
  const t = b ? b.tick : 0;
  $("week").textContent = t;
  $("weekOf").textContent = " / " + sc.ticks + (sc.ticks >= 104 ? "  · year " + Math.min(Math.floor(t / 52) + 1, Math.ceil(sc.ticks / 52)) : "");
  const play = $("play");
  const finished = [...S.branches.values()].every((x) => x.finished);
  play.textContent = S.playing ? "❚❚ Pause" : "▶ Play";
  play.disabled = finished && !S.playing;
  $("step").disabled = finished;
  const sp = $("speed");
  if (document.activeElement !== sp) sp.value = String(S.speed);
  if (S.role === "host" && ![...sp.options].some((o) => o.value === sp.value)) sp.add(new Option(S.speed + " weeks/s", String(S.speed)));
  $("drop").disabled = S.order.length < 2;
  $("fork").disabled = S.hello && S.order.length >= S.hello.limits.maxBranches;
}

function dashSVG(k) {
  const d = DASHES[k % DASHES.length].join(",");
  return '<svg viewBox="0 0 46 12" aria-hidden="true"><line x1="2" y1="6" x2="44" y2="6" stroke="currentColor" stroke-width="4"' +
    (d ? ' stroke-dasharray="' + d + '"' : "") + "/></svg>";
}

function renderBranches() {
  const box = $("branches");
  const key = S.order.join(",") + "|" + S.selected;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.innerHTML = "";
  const label = document.createElement("span");
  label.className = "label";
  label.textContent = S.order.length > 1 ? "Branches (same charts, line style):" : "Branch:";
  box.append(label);
  S.order.forEach((name, k) => {
    const b = S.branches.get(name);
    const t = document.createElement("button");
    t.className = "tab";
    t.id = "tab-" + name;
    t.setAttribute("aria-pressed", String(name === S.selected));
    t.innerHTML = dashSVG(k);
    t.append(name + (b.parent ? " (fork of " + b.parent + " at week " + b.forkedAt + ")" : " (original)"));
    t.addEventListener("click", () => { S.selected = name; renderBranches(); refreshLevers(); drawNetwork(); });
    box.append(t);
  });
  $("netBranch").textContent = "— branch " + S.selected;
}

function renderChanges() {
  const seen = new Set();
  const items = [];
  S.order.forEach((name) => {
    const b = S.branches.get(name);
    for (const [t, text] of b.markers || []) {
      const k = t + "|" + text;
      if (seen.has(k)) continue;
      seen.add(k);
      items.push([t, name, text]);
    }
  });
  items.sort((x, y) => x[0] - y[0]);
  const key = items.map((i) => i.join("|")).join(";");
  const ol = $("changes");
  if (ol.dataset.key === key) return;
  ol.dataset.key = key;
  ol.innerHTML = "";
  for (const [t, name, text] of items.slice(-12)) {
    const li = document.createElement("li");
    li.textContent = "week " + t + " · " + name + ": " + text;
    ol.append(li);
  }
}

// ---------- replies ----------
function onAck(m) {
  if (m.of === "fork" && m.branch) { S.selected = m.branch; toast("Forked " + m.from + " at week " + m.tick + " into branch " + m.branch + "."); }
  else if (m.of === "set") toast("Branch " + m.branch + ": " + m.lever + " changed from week " + (m.tick + 1) + ".");
  else if (m.of === "reset") { S.pending.clear(); toast("Started '" + m.scenario + "' (" + m.residents.toLocaleString("en-GB") + " residents)."); }
  else if (m.of === "drop") toast("Dropped branch " + m.branch + ".");
}

function onExport(m) {
  window.__lastExport = m;
  download(m.yamlFile, m.yaml, "text/yaml");
  download(m.csvFile, m.csv, "text/csv");
  toast("Exported branch " + m.branch + " at week " + m.tick + ": " + m.yamlFile + " and " + m.csvFile + ".");
}
function download(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: type }));
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function toast(text, error) {
  const box = $("toast");
  const d = document.createElement("div");
  d.textContent = text;
  if (error) d.className = "error";
  box.append(d);
  while (box.children.length > 3) box.firstChild.remove();
  setTimeout(() => d.remove(), error ? 9000 : 4000);
}

// ---------- host controls ----------
function overrides() {
  const o = {};
  for (const [name, v] of S.pending) {
    const spec = S.hello.levers.find((l) => l.name === name);
    o[name] = spec.kind === "flag" ? v !== 0 : spec.kind === "choice" ? spec.options[v] : v;
  }
  return o;
}
$("play").addEventListener("click", () => send({ type: S.playing ? "pause" : "play" }));
$("step").addEventListener("click", () => send({ type: "step" }));
$("speed").addEventListener("change", (e) => send({ type: "speed", value: Number(e.target.value) }));
$("reset").addEventListener("click", () => send({ type: "reset", scenario: $("scenarioPick").value, set: overrides() }));
$("fork").addEventListener("click", () => send({ type: "fork", branch: S.selected }));
$("drop").addEventListener("click", () => send({ type: "drop", branch: S.selected }));
$("export").addEventListener("click", () => send({ type: "export", branch: S.selected }));
$("upload").addEventListener("change", (e) => {
  const f = e.target.files[0];
  if (!f) return;
  const limit = S.hello ? S.hello.limits.maxMessageBytes : 262144;
  if (f.size > limit) { toast("The file is too large (at most " + limit + " bytes).", true); e.target.value = ""; return; }
  const r = new FileReader();
  r.onload = () => { send({ type: "reset", yaml: String(r.result), file: f.name, set: overrides() }); e.target.value = ""; };
  r.readAsText(f);
});

// ---------- drawing ----------
let drawScheduled = false;
function scheduleDraw() {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    if (!S.hello) return;
    S.hello.charts.forEach((c, i) => drawChart(i));
    const b = S.branches.get(S.selected);
    if (b && b.networkFresh) drawNetwork();
  });
}
window.addEventListener("resize", () => { scheduleDraw(); drawNetwork(); });

function fitCanvas(cv) {
  const dpr = window.devicePixelRatio || 1;
  const w = cv.clientWidth, h = cv.clientHeight;
  if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
    cv.width = Math.round(w * dpr);
    cv.height = Math.round(h * dpr);
  }
  const ctx = cv.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return [ctx, w, h];
}

function niceStep(x) {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
/** Vertical range and grid step: counts from 0; bounded quantities (trust, shares) fitted to the
 *  data so that differences between branches show, within their bounds. */
function niceRange(lo, hi, bounds) {
  if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = bounds ? bounds[1] : 1; }
  if (!bounds) {
    const step = niceStep(Math.max(hi, 1) / 4);
    return [0, Math.max(step, Math.ceil(hi * 1.04 / step) * step), step];
  }
  const span = Math.max(hi - lo, (bounds[1] - bounds[0]) * 0.04);
  const step = niceStep(span * 1.3 / 4);
  const y0 = Math.max(bounds[0], Math.floor((lo - span * 0.12) / step) * step);
  const y1 = Math.min(bounds[1], Math.max(y0 + step, Math.ceil((hi + span * 0.12) / step) * step));
  return [y0, y1, step];
}
function fmt(v) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  if (Math.abs(v) >= 100 || Number.isInteger(v)) return Math.round(v).toLocaleString("en-GB");
  return v.toFixed(Math.abs(v) < 1 ? 3 : 1);
}

function drawChart(ci) {
  const chart = S.hello.charts[ci];
  const cv = $("chart" + ci);
  const [ctx, W, H] = fitCanvas(cv);
  const L = 70, R = 16, T = 62, B = 30;
  const pw = W - L - R, ph = H - T - B;
  let maxT = 1;
  for (const b of S.branches.values()) maxT = Math.max(maxT, b.ticks || 1);
  let yMin = Infinity, yMax = -Infinity;
  for (const b of S.branches.values()) for (const row of b.data) if (row) for (const s of chart.series) {
    yMin = Math.min(yMin, row[s]); yMax = Math.max(yMax, row[s]);
  }
  const [y0, y1, yStep] = niceRange(yMin, yMax, chart.range || (chart.unit.startsWith("share") ? [0, 1] : null));
  const X = (t) => L + pw * t / maxT;
  const Y = (v) => T + ph * (1 - (v - y0) / (y1 - y0));
  // Axes and grid.
  ctx.font = "16px DejaVu Sans, Arial, sans-serif";
  ctx.fillStyle = "#000";
  ctx.strokeStyle = "#d0d0d0";
  ctx.lineWidth = 1;
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (let v = y0; v <= y1 + yStep * 1e-6; v += yStep) {
    const y = Y(v);
    ctx.beginPath(); ctx.moveTo(L, y); ctx.lineTo(L + pw, y); ctx.stroke();
    ctx.fillText(fmt(v), L - 8, y);
  }
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  const years = maxT >= 104;
  const stepT = years ? 52 * Math.max(1, Math.ceil(maxT / 52 / 10)) : Math.max(1, Math.ceil(maxT / 8));
  for (let t = 0; t <= maxT; t += stepT) {
    ctx.beginPath(); ctx.moveTo(X(t), T); ctx.lineTo(X(t), T + ph); ctx.stroke();
    ctx.fillText(years ? String(t / 52) : String(t), X(t), T + ph + 6);
  }
  ctx.textAlign = "right";
  ctx.fillText(years ? "years" : "weeks", L - 12, T + ph + 6);
  ctx.strokeStyle = "#000"; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(L, T); ctx.lineTo(L, T + ph); ctx.lineTo(L + pw, T + ph); ctx.stroke();
  // Lever-change markers (each branch's, once).
  const seen = new Set();
  let row = 0;
  ctx.font = "bold 15px DejaVu Sans, Arial, sans-serif";
  ctx.textAlign = "left";
  S.order.forEach((name, k) => {
    const b = S.branches.get(name);
    for (const [t, text] of b.markers || []) {
      const key = t + "|" + text;
      if (seen.has(key)) continue;
      seen.add(key);
      const x = X(t);
      ctx.strokeStyle = "#444"; ctx.lineWidth = 2; ctx.setLineDash([6, 5]);
      ctx.beginPath(); ctx.moveTo(x, T - 4 - 18 * (row % 3)); ctx.lineTo(x, T + ph); ctx.stroke();
      ctx.setLineDash([]);
      const label = (S.order.length > 1 ? name + ": " : "") + text;
      const y = T - 22 - 18 * (row % 3);
      const w = Math.min(ctx.measureText(label).width, Math.max(120, W - x - 4));
      const lx = Math.max(2, Math.min(x + 3, W - w - 4));
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(lx - 2, y - 1, w + 4, 18);
      ctx.fillStyle = "#000"; ctx.textBaseline = "top";
      ctx.fillText(label, lx, y, w);
      row++;
    }
  });
  // Lines: colour = metric, line style = branch.
  let points = 0;
  S.order.forEach((name, k) => {
    const b = S.branches.get(name);
    const n = b.data.length;
    if (n === 0) return;
    const stride = Math.max(1, Math.floor(n / (pw * 1.5)));
    chart.series.forEach((s, j) => {
      ctx.strokeStyle = OKABE[j % OKABE.length];
      ctx.lineWidth = 4; ctx.lineJoin = "round";
      ctx.setLineDash(DASHES[k % DASHES.length]);
      ctx.beginPath();
      let started = false;
      for (let t = 0; t < n; t += stride) {
        const r = b.data[t];
        if (!r) continue;
        const x = X(t), y = Y(r[s]);
        if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
      }
      const last = b.data[n - 1];
      if (last) ctx.lineTo(X(n - 1), Y(last[s]));
      ctx.stroke();
    });
    ctx.setLineDash([]);
    points += n;
  });
  cv.dataset.frames = String(Number(cv.dataset.frames || 0) + 1);
  cv.dataset.points = String(points);
  // Legend with the latest value of each series in each branch.
  const legend = $("legend" + ci);
  if (legend) {
    const parts = chart.metrics.map((m, j) => {
      const vals = S.order.map((name) => {
        const b = S.branches.get(name);
        const r = b.data[b.data.length - 1];
        return (S.order.length > 1 ? name + " " : "") + "<b>" + (r ? fmt(r[chart.series[j]]) : "–") + "</b>";
      }).join(" · ");
      return '<span><i style="background:' + OKABE[j % OKABE.length] + '"></i>' + pretty(m) + ": " + vals + "</span>";
    });
    legend.innerHTML = parts.join("");
  }
}

// ---------- network ----------
function hash(n, salt) {
  let h = (n * 2654435761 + salt * 40503) >>> 0;
  h ^= h >>> 15; h = Math.imul(h, 2246822519) >>> 0; h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}
function trustColour(t) {
  const a = [213, 94, 0], m = [187, 187, 187], z = [0, 114, 178];
  const u = Math.max(0, Math.min(1, t));
  const [p, q, f] = u < 0.5 ? [a, m, u * 2] : [m, z, (u - 0.5) * 2];
  return "rgb(" + p.map((c, i) => Math.round(c + (q[i] - c) * f)).join(",") + ")";
}

function drawNetwork() {
  const cv = $("network");
  const b = S.branches.get(S.selected);
  $("netBranch").textContent = "— branch " + S.selected + (b && b.network ? ", week " + b.network.tick : "");
  if (!b || !b.network) return;
  b.networkFresh = false;
  const net = b.network;
  const [ctx, W, H] = fitCanvas(cv);
  const nh = Math.max(1, net.neighbourhoods);
  const cols = Math.max(1, Math.ceil(Math.sqrt(nh)));
  const rows = Math.ceil(nh / cols);
  const resW = W * 0.56, top = 26;
  const cw = resW / cols, chh = (H - top - 10) / rows;
  const inter = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 1).sort((x, y) => x[0][3] - y[0][3] || x[0][1] - y[0][1]);
  const servants = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 2).sort((x, y) => x[0][1] - y[0][1]);
  const funders = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 3);
  const pos = new Array(net.nodes.length);
  net.nodes.forEach((n, i) => {
    if (n[0] !== 0) return;
    const c = n[3] % nh, cx = (c % cols + 0.5) * cw, cy = top + (Math.floor(c / cols) + 0.5) * chh;
    const a = hash(n[1], 1) * 2 * Math.PI, r = Math.sqrt(hash(n[1], 2)) * Math.min(cw, chh) * 0.40;
    pos[i] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
  const column = (list, x) => list.forEach(([n, i], k) => { pos[i] = [x, top + (k + 0.5) * (H - top - 10) / list.length]; });
  column(inter, W * 0.66);
  column(servants, W * 0.83);
  column(funders, W - 18);
  ctx.font = "bold 16px DejaVu Sans, Arial, sans-serif";
  ctx.fillStyle = "#000"; ctx.textAlign = "center"; ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.fillText("residents", 4, 2);
  ctx.textAlign = "right";
  ctx.fillText("intermediaries → servants → funders", W - 4, 2);
  ctx.font = "14px DejaVu Sans, Arial, sans-serif";
  ctx.textAlign = "center";
  for (let c = 0; c < nh && nh <= 16; c++) {
    const cx = (c % cols + 0.5) * cw, cy = top + (Math.floor(c / cols) + 0.5) * chh, r = Math.min(cw, chh) * 0.42;
    ctx.strokeStyle = "#c8c8c8"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(cx, cy, r + 6, 0, 2 * Math.PI); ctx.stroke();
    ctx.fillStyle = "#555"; ctx.fillText("neighbourhood " + (c + 1), cx, cy - r - 4 < top ? top : cy - r - 22);
  }
  ctx.fillStyle = "#000";
  for (const [a, z, t, kind] of net.edges) {
    if (!pos[a] || !pos[z]) continue;
    ctx.strokeStyle = trustColour(t);
    ctx.lineWidth = kind === 0 ? 1.6 : 2.6;
    ctx.globalAlpha = kind === 0 ? 0.75 : 0.9;
    ctx.beginPath(); ctx.moveTo(pos[a][0], pos[a][1]); ctx.lineTo(pos[z][0], pos[z][1]); ctx.stroke();
  }
  ctx.globalAlpha = 1;
  net.nodes.forEach((n, i) => {
    const p = pos[i];
    if (!p) return;
    const [x, y] = p;
    ctx.lineWidth = 1.5; ctx.strokeStyle = "#000";
    if (n[0] === 0) {
      ctx.fillStyle = GROUP_COLOURS[n[2]] || "#000";
      ctx.beginPath(); ctx.arc(x, y, 4.5, 0, 2 * Math.PI); ctx.fill();
    } else if (n[0] === 1) {
      const s = 8;
      ctx.fillStyle = "#F0E442";
      ctx.beginPath(); ctx.moveTo(x, y - s); ctx.lineTo(x + s, y); ctx.lineTo(x, y + s); ctx.lineTo(x - s, y); ctx.closePath();
      ctx.fill(); ctx.stroke();
    } else if (n[0] === 2) {
      ctx.fillStyle = "#56B4E9";
      ctx.fillRect(x - 6, y - 6, 12, 12); ctx.strokeRect(x - 6, y - 6, 12, 12);
    } else {
      ctx.fillStyle = "#000";
      ctx.fillRect(x - 13, y - 16, 26, 32);
      ctx.fillStyle = "#fff"; ctx.textBaseline = "middle";
      ctx.fillText(FUNDER_LETTERS[n[2]] || "?", x, y);
    }
  });
  cv.dataset.frames = String(Number(cv.dataset.frames || 0) + 1);
  cv.dataset.edges = String(net.edges.length);
  cv.dataset.nodes = String(net.nodes.length);
  cv.dataset.tick = String(net.tick);
}

connect();
"""#
}
