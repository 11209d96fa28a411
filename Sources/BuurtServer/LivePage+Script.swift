extension LivePage {
    /// The page's script, first part: the WebSocket client, the page built from the `hello`
    /// message (lever controls from the lever registry), state updates and the host's controls.
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
  const el = box.querySelector(".value");
  el.textContent = leverValueText(spec, v);
  if (spec.kind !== "flag" && spec.kind !== "choice") {
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
  const pick = $("scenarioPick");
  if (document.activeElement !== pick && pick.dataset.shown !== sc.name + "|" + S.generation) {
    pick.dataset.shown = sc.name + "|" + S.generation;
    if ([...pick.options].some((o) => o.value === sc.name)) pick.value = sc.name;
    else {
      // An uploaded scenario: offer it as "the current one" (a reset without a name restarts it).
      let opt = [...pick.options].find((o) => o.value === CURRENT);
      if (!opt) { opt = new Option("", CURRENT); pick.add(opt, 0); }
      opt.textContent = sc.name + " (uploaded)";
      pick.value = CURRENT;
    }
  }
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
const CURRENT = "__current__";
$("reset").addEventListener("click", () => {
  const name = $("scenarioPick").value;
  send(name === CURRENT ? { type: "reset", set: overrides() } : { type: "reset", scenario: name, set: overrides() });
});
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

"""#
}
