"use strict";
// The live page: connection, texts (Dutch or English, from the server), state, header, branches,
// changes, audience votes, info panel, confirmations and keyboard. Levers: levers.js; charts and
// network: draw.js. The page keeps no list of levers, metrics or texts: all come in `hello`.
const DASHES = [[], [14, 8], [3, 6], [20, 6, 4, 6]];
const GROUP_COLOURS = ["#000000", "#009E73", "#CC79A7"];
const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
/** The host's token: read from the link once, then kept in this tab's session storage (so that a
 *  reload and a reconnect still find it) and taken out of the address bar, which the projector shows. */
function hostToken() {
  let t = query.get("token");
  try {
    if (t) sessionStorage.setItem("buurt.token", t); else t = sessionStorage.getItem("buurt.token");
    if (query.has("token")) {
      query.delete("token");
      const rest = query.toString();
      history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    }
  } catch (e) { /* storage off: the token stays in the link, or a reload would lose it */ }
  return t;
}
let token = hostToken();

const S = {
  hello: null, role: "viewer", generation: 0, scenario: null, playing: false, speed: 10,
  branches: new Map(), order: [], selected: "A", updates: 0, resyncAsked: false,
  pending: new Map(),            // structural lever -> value, applied at the next reset
  dragging: null, nextId: 1, ws: null, retry: 0, instance: null, hadState: false, offline: false,
  lang: null, texts: null, zero: false, votes: { open: false, proposals: [] }, myVote: null,
};

// ---------- texts and numbers ----------
function chooseLanguage(serverDefault) {
  const asked = query.get("lang") || localStorage.getItem("buurt.lang") || serverDefault;
  if (asked === "nl" || asked === "en") return asked;
  const nav = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();
  return /(^|,)nl/.test(nav) ? "nl" : (/(^|,)en/.test(nav) ? "en" : "nl");
}
/** A page text, with {name} filled in. */
function T(key, vars) {
  let s = (S.texts && S.texts.page[key]);
  if (s === undefined) s = key;
  // One pass, so that a filled-in value that holds "{...}" (a line of an uploaded file) stays as it is.
  if (vars) s = s.replace(/\{(\w+)\}/g, (all, k) => (Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : all));
  return s;
}
function locale() { return S.lang === "en" ? "en-GB" : "nl-NL"; }
const formatters = new Map();
function nf(opts) {
  const key = locale() + JSON.stringify(opts);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locale(), opts));
  return formatters.get(key);
}
/** A number in the page's language (10.000 and 0,49 in Dutch). */
function fmt(v, digits) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  if (digits !== undefined) return nf({ maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
  if (Math.abs(v) >= 100 || Number.isInteger(v)) return nf({ maximumFractionDigits: 0 }).format(v);
  return nf({ maximumFractionDigits: Math.abs(v) < 1 ? 3 : 1 }).format(v);
}
function leverLabel(name) { const t = S.texts && S.texts.levers[name]; return t ? t[0] : name; }
function leverDesc(name) { const t = S.texts && S.texts.levers[name]; return t ? t[1] : ""; }
function metricLabel(name) { const t = S.texts && S.texts.metrics[name]; return t ? t[0] : name; }
function unitText(u) { return (S.texts && S.texts.units[u]) || u; }
function optionText(o) { return (S.texts && S.texts.options[o]) || o; }
function groupText(g) { return (S.texts && S.texts.groups[g]) || g; }
/** A scenario's name as the page shows it (Dutch names for the shipped ones; an upload keeps its own). */
function scenarioTitle(name) { const t = S.texts && S.texts.scenarios[name]; return (t && t[2]) || name; }
/** "1 kijker", "3 kijkers": a count with the singular or plural text. */
function counted(n, plural, singular) { return fmt(n) + " " + T(n === 1 ? singular : plural); }

/** Fills every element marked with data-t (text) or data-title (tooltip) from the texts. */
function applyTexts() {
  document.documentElement.lang = S.lang;
  document.body.dataset.lang = S.lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = T(el.dataset.t);
  for (const el of document.querySelectorAll("[data-title]")) { el.title = T(el.dataset.title); el.setAttribute("aria-label", el.title); }
  $("lang").textContent = S.lang === "nl" ? "EN" : "NL";
  document.title = T("title");
}
function setLanguage(lang) {
  S.lang = lang;
  localStorage.setItem("buurt.lang", lang);
  S.texts = S.hello.texts[lang];
  applyTexts();
  onHelloTexts();
  renderAll();
}

// ---------- connection ----------
/** This browser's anonymous viewer id (random, kept in its storage, never shown): the server counts
 *  one vote per id, so a second tab or a reload is the same viewer. */
function viewerId() {
  let id = null;
  try { id = localStorage.getItem("buurt.viewer"); } catch (e) { /* storage off: one id per page */ }
  if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    id = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    try { localStorage.setItem("buurt.viewer", id); } catch (e) { /* kept for this page only */ }
  }
  return id;
}
const VIEWER = viewerId();
function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws?viewer=" + VIEWER +
    (token ? "&token=" + encodeURIComponent(token) : "");
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
    setOffline(true);
    S.retry = Math.min(S.retry + 1, 5);
    setTimeout(connect, 600 * S.retry);
  };
}
function setConn(ok) {
  const c = $("conn");
  c.textContent = S.texts ? T(ok ? "live" : "reconnecting") : (ok ? "live" : "…");
  c.classList.toggle("bad", !ok);
}
/** Disconnected: every control that would talk to the server is disabled (and the host told why);
 *  back online (at the next hello), they are as the state says. */
const SERVER_CONTROLS = "#hostbar button, #hostbar select, #hostbar input, #voting, #proposeForm button, #proposeForm select, " +
  "#proposeForm input, #proposals button, #closeVote, #levers .lever input, #levers .lever select";
function setOffline(off) {
  if (S.offline === off) return;
  S.offline = off;
  document.body.classList.toggle("offline", off);
  for (const el of document.querySelectorAll(SERVER_CONTROLS)) {
    if (off && !el.disabled) { el.disabled = true; el.dataset.offline = "1"; }
    else if (!off && el.dataset.offline) { el.disabled = false; delete el.dataset.offline; }
  }
  if (off && S.texts && S.role === "host") showNotice(T("notice.offline"), "offline");
  else if (!off && $("notice").dataset.kind === "offline") hideNotice();
  if (!off) renderAll();
}
/** A message that stays until it is closed (a restarted server, a host link that no longer works),
 *  over the bottom of the screen; "offline" goes by itself once the connection is back. */
function showNotice(text, kind) {
  const n = $("notice");
  if (kind === "offline" && !n.hidden && n.dataset.kind !== "offline") return;   // a restart or token notice stays
  $("noticeText").textContent = text;
  n.dataset.kind = kind;
  n.className = kind;
  n.hidden = false;
  document.body.dataset.notice = kind;
}
function hideNotice() { $("notice").hidden = true; $("notice").dataset.kind = ""; document.body.dataset.notice = ""; }
$("noticeClose").addEventListener("click", hideNotice);
function send(obj) {
  if (!S.ws || S.ws.readyState !== 1) { toast(T("toast.notConnected"), true); return null; }
  obj.id = S.nextId++;
  const text = JSON.stringify(obj);
  const limit = S.hello ? S.hello.limits.maxMessageBytes : 262144;
  if (text.length > limit) { toast(T("toast.tooLarge", { limit: fmt(limit) }), true); return null; }
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
/** A refusal in the page's language: the server sends a code and its parameters (lever, value,
 *  branch names, limits), the page says it with its texts and number format. Only a message
 *  without a code (none is expected) falls back to the server's own (English) words. */
function errorText(m) {
  if (m.code && S.texts && S.texts.page["error." + m.code] !== undefined) {
    const p = m.params || {};
    const vars = {};
    for (const k in p) {
      const v = p[k];
      if (k === "lever") vars[k] = S.texts.levers[v] ? leverLabel(v) : v;
      else if (Array.isArray(v)) vars[k] = v.join(", ");
      else if (typeof v === "number") vars[k] = k === "line" || k === "column" ? String(v) : fmtShort(v);
      else vars[k] = v;
    }
    if (m.code === "upload" || m.code === "uploadFile") {
      vars.detail = fileRefusal(p, vars);
      return T("error") + ": " + T("error." + m.code, vars);
    }
    let text = T("error") + ": " + T("error." + m.code, vars);
    if (p.suggest && p.suggest.length) text += "; " + didYouMean(p.suggest);
    const spec = p.lever && S.hello.levers.find((l) => l.name === p.lever);
    if (spec && (m.code === "range" || m.code === "number" || m.code === "value" || m.code === "missing")) {
      text += " (" + T("error.allowed") + ": " + allowedText(spec) + ")";
    }
    if (p.branches) text += " (" + T("error.branches") + ": " + (p.branches.length ? p.branches.join(", ") : "–") + ")";
    return text;
  }
  const where = m.file ? m.file + (m.line ? ":" + m.line : "") + ": " : "";
  const key = m.key && m.key !== "role" && m.key !== "message" ? m.key + ": " : "";
  return T("error") + ": " + where + key + m.message + (m.allowed ? " (" + T("error.allowed") + ": " + m.allowed + ")" : "");
}
/** Why a scenario file was refused, all in the page's language: the key (with its lever's label),
 *  the reason, the names meant, and what is allowed; only the YAML reader's own words about a syntax
 *  error stay as they are, quoted. */
function fileRefusal(p, vars) {
  const v = Object.assign({}, vars);
  if (p.found) v.found = T("error.found." + p.found, { foundText: p.foundText });
  let text = T("error.reason." + (p.reason || "other"), v);
  if (p.key) text = "'" + p.key + "'" + (S.texts.levers[p.key] ? " (" + leverLabel(p.key) + ")" : "") + ": " + text;
  if (p.suggest && p.suggest.length) text += "; " + didYouMean(p.suggest);
  if (p.expected) {
    const spec = p.lever && S.hello.levers.find((l) => l.name === p.lever);
    if (spec) v.allowed = allowedText(spec, true);
    text += " (" + T("error.allowed") + ": " + T("error.expected." + p.expected, v) + ")";
  }
  return text;
}
/** "did you mean 'a' (its label) or 'b'?" */
function didYouMean(suggest) {
  const names = suggest.map((n) => "'" + n + "'" + (S.texts.levers[n] ? " (" + leverLabel(n) + ")" : ""));
  return T("error.didYouMean", { names: names.join(" " + T("error.or") + " ") });
}
/** What a lever takes, in the page's language and number format; `inFile`: as a YAML file writes
 *  it (true or false, an option's own name with its label beside it). */
function allowedText(spec, inFile) {
  if (spec.kind === "flag") return inFile ? T("error.expected.trueOrFalse") : T("on") + " " + T("error.or") + " " + T("off");
  if (spec.kind === "choice" && inFile) return spec.options.map((o) => (optionText(o) !== o ? o + " (" + optionText(o) + ")" : o)).join(" | ");
  if (spec.kind === "choice") return spec.options.map(optionText).join(" | ");
  const unit = spec.unit ? " " + unitText(spec.unit) : "";
  return T(spec.kind === "integer" ? "error.wholeRange" : "error.numberRange", { min: fmt(spec.min), max: fmt(spec.max) }) + unit;
}
/** A number for a message, exact to 6 decimals (2.500,5 is not a whole number, not 2.501); very large
 *  or tiny ones in exponent form, not spelt out in 300 digits. */
function fmtShort(v) {
  if (!isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e12 || Math.abs(v) < 1e-4)) return nf({ notation: "scientific", maximumSignificantDigits: 4 }).format(v);
  return fmt(v, 6);
}

// ---------- hello: build the page from the registries ----------
function onHello(m) {
  // A different server instance: the server was restarted, and the run this page showed is gone.
  const restarted = S.instance !== null && m.instance !== S.instance && S.hadState;
  S.instance = m.instance;
  const demoted = S.role === "host" && m.role !== "host";
  S.hello = m;
  S.role = m.role;
  S.lang = S.lang || chooseLanguage(m.lang);
  S.texts = m.texts[S.lang];
  document.body.dataset.role = m.role;
  $("hostbar").hidden = m.role !== "host";
  $("voting").hidden = m.role !== "host";
  applyTexts();
  setConn(true);
  onHelloTexts();
  setOffline(false);
  if (token && m.role !== "host") {
    // The server did not take the token (restarted with a new one, or a wrong link): say so plainly,
    // and stop sending it.
    try { sessionStorage.removeItem("buurt.token"); } catch (e) { /* nothing kept */ }
    token = null;
    showNotice(T("notice.token"), "token");
  } else if (restarted) showNotice(T("notice.restarted"), "restarted");
  else if (demoted) showNotice(T("notice.token"), "token");
}
/** Everything built from hello that carries text (rebuilt when the language changes). */
function onHelloTexts() {
  const m = S.hello, host = m.role === "host";
  $("role").textContent = T(host ? "role.host" : "role.viewer");
  $("role").className = "badge" + (host ? " host" : "");
  $("leverNote").textContent = host ? "" : T("levers.viewer");
  const pick = $("scenarioPick");
  const was = pick.value;
  pick.innerHTML = "";
  pick.setAttribute("aria-label", T("scenario"));
  for (const name of m.scenarios) pick.add(new Option(scenarioTitle(name), name));
  if (was) { pick.dataset.shown = ""; }
  const speed = $("speed");
  speed.innerHTML = "";
  speed.setAttribute("aria-label", T("speed"));
  for (const v of m.speeds) speed.add(new Option(speedText(v), String(v)));
  buildCaptions();
  buildLevers();
  buildProposeForm();
  renderHeader();
}
function speedText(v) { return v === 0 ? T("speed.max") : counted(v, "speed.unit", "speed.unit1"); }

function buildCaptions() {
  S.hello.charts.forEach((c, i) => {
    const cap = $("cap" + i);
    cap.innerHTML = "";
    const title = document.createElement("div");
    title.textContent = T("chart." + c.key);
    const legend = document.createElement("div");
    legend.className = "legend";
    legend.id = "legend" + i;
    cap.append(title, legend);
  });
}

function renderAll() {
  if (!S.hello || S.offline) return;
  S.branches.forEach((b) => { b.networkFresh = true; });
  $("branches").dataset.key = "";
  $("changes").dataset.key = "";
  renderHeader(); renderBranches(); refreshLevers(); renderChanges(); renderVotes(); scheduleDraw();
  if (!$("info").hidden) buildInfo();
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
  S.hadState = true;
  S.scenario = m.scenario;
  S.playing = m.playing;
  S.speed = m.speed;
  S.stats = m.stats;
  if (m.votes) { S.votes = m.votes; if (!m.votes.proposals.some((p) => p.id === S.myVote)) S.myVote = null; }
  const names = [];
  for (const nb of m.branches) {
    names.push(nb.name);
    let b = S.branches.get(nb.name);
    if (!b) { b = { name: nb.name, data: [], network: null, levers: null, markers: [] }; S.branches.set(nb.name, b); }
    if (!full && nb.from > b.data.length) {
      if (!S.resyncAsked) { S.resyncAsked = true; send({ type: "resync" }); }
    } else {
      // A long history comes thinned in a snapshot: every `step`-th week, ending on the latest.
      const step = nb.step || 1;
      nb.points.forEach((row, k) => { b.data[nb.from + k * step] = row; });
    }
    b.tick = nb.tick; b.ticks = nb.ticks; b.finished = nb.finished;
    // Levers and markers come whole in a snapshot (and for a new branch), as changes otherwise.
    if (nb.levers) b.levers = nb.levers.slice();
    if (nb.leverChanges && b.levers) for (const [i, v] of nb.leverChanges) b.levers[i] = v;
    if (nb.markers) { b.markers.length = Math.min(b.markers.length, nb.markersFrom || 0); b.markers.push(...nb.markers); }
    b.parent = nb.parent; b.forkedAt = nb.forkedAt;
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
  if (m.votes || full) renderVotes();
  if (!$("proposeValue").value) fillProposeValue();
  scheduleDraw();
}

function renderHeader() {
  const sc = S.scenario;
  if (!sc || !S.texts) return;
  $("scenarioName").textContent = scenarioTitle(sc.name);
  const pick = $("scenarioPick");
  if (document.activeElement !== pick && pick.dataset.shown !== sc.name + "|" + S.generation + "|" + S.lang) {
    pick.dataset.shown = sc.name + "|" + S.generation + "|" + S.lang;
    if ([...pick.options].some((o) => o.value === sc.name)) pick.value = sc.name;
    else {
      // An uploaded scenario: offer it as "the current one" (a reset without a name restarts it).
      let opt = [...pick.options].find((o) => o.value === CURRENT);
      if (!opt) { opt = new Option("", CURRENT); pick.add(opt, 0); }
      opt.textContent = scenarioTitle(sc.name) + " (" + T("upload.label") + ")";
      pick.value = CURRENT;
    }
  }
  const note = S.texts.scenarios[sc.name];
  const desc = S.lang === "nl" && note && note[0] ? note[0] : sc.description;
  $("scenarioInfo").textContent = fmt(sc.residents) + " " + T("residents") + " · " +
    (S.stats ? counted(S.stats.viewers, "watching", "watching1") : "") + (desc ? " · " + desc : "");
  const b = S.branches.get(S.order[0]);
  const t = b ? b.tick : 0;
  $("week").textContent = fmt(t);
  $("weekOf").textContent = " / " + fmt(sc.ticks) + (sc.ticks >= 104 ? " · " + T("year") + " " + Math.min(Math.floor(t / 52) + 1, Math.ceil(sc.ticks / 52)) : "");
  const play = $("play");
  const finished = [...S.branches.values()].every((x) => x.finished);
  play.textContent = S.playing ? T("pause") : T("play");
  play.disabled = finished && !S.playing;
  $("step").disabled = finished;
  // The speed the server runs at, also one the list does not offer (--speed 40): added first, then chosen.
  const sp = $("speed");
  if (![...sp.options].some((o) => Number(o.value) === S.speed)) sp.add(new Option(speedText(S.speed), String(S.speed)));
  if (document.activeElement !== sp) sp.value = [...sp.options].find((o) => Number(o.value) === S.speed).value;
  $("drop").disabled = S.order.length < 2;
  $("fork").disabled = S.hello && S.order.length >= S.hello.limits.maxBranches;
  const v = $("voting");
  v.textContent = T(S.votes.open ? "vote.on" : "vote.off");
  v.setAttribute("aria-pressed", String(S.votes.open));
}

/** A branch's colour: the server's list (SeriesColours.branches, the charts' palette), in branch order. */
function branchColour(name) {
  const colours = S.hello.branchColours, k = S.order.indexOf(name);
  return colours[(k < 0 ? 0 : k) % colours.length];
}

function renderBranches() {
  const box = $("branches");
  const key = S.order.join(",") + "|" + S.selected;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.innerHTML = "";
  const label = document.createElement("span");
  label.className = "label";
  label.textContent = (S.order.length > 1 ? T("branches") : T("branch")) + ":";
  box.append(label);
  S.order.forEach((name) => {
    const b = S.branches.get(name);
    const t = document.createElement("button");
    t.className = "tab";
    t.id = "tab-" + name;
    t.setAttribute("aria-pressed", String(name === S.selected));
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = branchColour(name);
    const small = document.createElement("small");
    small.textContent = b.parent ? T("forkOf", { from: b.parent, week: fmt(b.forkedAt) }) : T("original");
    t.title = name + ": " + small.textContent;     // the projector's narrow layout shows only the name
    t.append(sw, name + " ", small);
    t.addEventListener("click", () => selectBranch(name));
    box.append(t);
  });
  $("netBranch").textContent = "— " + T("branch").toLowerCase() + " " + S.selected;
}
function selectBranch(name) {
  if (!S.branches.has(name)) return;
  S.selected = name; renderBranches(); refreshLevers(); drawNetwork(); scheduleDraw();
}

/** What a marker says, in the page's language: [tick, text, short, kind, lever, value, votes]. */
function markerText(mk, short) {
  const [, text, sh, kind, lever, value, votes] = mk;
  if (kind === "fork") return T("forkOf").split(" ")[0].toLowerCase() + " " + (lever || text.replace(/^fork /, ""));   // "afgesplitst A → B"
  if (kind === "set" || kind === "vote") {
    const spec = S.hello.levers.find((l) => l.name === lever);
    if (!spec) return short ? sh : text;
    const base = leverLabel(lever) + " → " + leverValueText(spec, value);
    const unit = !short && spec.kind !== "flag" && spec.kind !== "choice" ? " " + unitText(spec.unit) : "";
    return base + unit + (kind === "vote" && !short ? " (" + T(votes === 1 ? "vote.note1" : "vote.note", { n: fmt(votes) }) + ")" : "");
  }
  return short ? sh : text;
}

/** Every change of every branch once, in order of time: [tick, branch, marker]; numbered from 1. */
function allMarkers() {
  const seen = new Set();
  const items = [];
  S.order.forEach((name) => {
    const b = S.branches.get(name);
    for (const mk of b.markers || []) {
      const k = mk[0] + "|" + mk[1];
      if (seen.has(k)) continue;
      seen.add(k);
      items.push([mk[0], name, mk]);
    }
  });
  items.sort((x, y) => x[0] - y[0] || S.order.indexOf(x[1]) - S.order.indexOf(y[1]));
  return items;
}

function renderChanges() {
  const items = allMarkers();
  const key = items.map((i) => i[0] + "|" + i[1] + "|" + i[2][1]).join(";") + S.lang;
  const ol = $("changes");
  if (ol.dataset.key === key) return;
  ol.dataset.key = key;
  ol.innerHTML = "";
  if (items.length === 0) {
    const li = document.createElement("li");
    li.className = "muted"; li.style.listStyle = "none";
    li.textContent = T("noChanges");
    ol.append(li);
  }
  items.forEach(([t, name, mk], k) => {
    const li = document.createElement("li");
    li.value = k + 1;
    li.textContent = T("week") + " " + fmt(t) + " · " + name + ": " + markerText(mk, false);
    li.style.borderLeft = "6px solid " + branchColour(name);
    li.style.paddingLeft = "4px";
    ol.append(li);
  });
  ol.scrollTop = ol.scrollHeight;     // the newest in view; the heading stays above the list
}

// ---------- audience votes ----------
function buildProposeForm() {
  const sel = $("proposeLever");
  const was = sel.value;
  sel.innerHTML = "";
  sel.setAttribute("aria-label", T("vote.lever"));
  // Grouped as on the host's panel (over 170 levers in one list is no choice on a phone), the
  // groups the panel opens first, the policy levers, at the top; the first of them selected.
  const groups = new Map();
  S.hello.levers.filter((l) => !l.structural).forEach((l) => {
    if (!groups.has(l.group)) groups.set(l.group, []);
    groups.get(l.group).push(l);
  });
  const first = [...groups.keys()].filter((g) => OPEN_GROUPS.has(g)), rest = [...groups.keys()].filter((g) => !OPEN_GROUPS.has(g));
  for (const g of first.concat(rest)) {
    const og = document.createElement("optgroup");
    og.label = groupText(g);
    groups.get(g).forEach((l) => og.append(new Option(leverLabel(l.name), l.name)));
    sel.append(og);
  }
  if (was) sel.value = was;
  fillProposeValue();
  $("proposeValue").placeholder = T("vote.value");
  $("proposeValue").setAttribute("aria-label", T("vote.value"));
}
function renderVotes() {
  if (!S.hello) return;
  const host = S.role === "host", open = S.votes.open;
  $("proposeForm").hidden = host || !open;
  $("closeVote").hidden = !host || !open || S.votes.proposals.length === 0;
  const ol = $("proposals");
  ol.innerHTML = "";
  const list = S.votes.proposals;
  document.body.dataset.proposals = list.length;
  document.body.classList.toggle("some-proposals", open && list.length >= 3);
  document.body.classList.toggle("many-proposals", open && list.length >= 6);
  document.body.dataset.votes = list.reduce((n, p) => n + p.votes, 0);
  if (!open || list.length === 0) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = T(open ? "vote.none" : "vote.closed");
    ol.append(li);
  }
  const most = Math.max(1, ...list.map((p) => p.votes));
  for (const p of open ? list : []) {
    const spec = S.hello.levers.find((l) => l.name === p.lever);
    const li = document.createElement("li");
    li.id = "proposal-" + p.id;
    li.style.borderLeftColor = branchColour(p.branch);
    li.style.setProperty("--share", Math.round(100 * p.votes / most) + "%");   // the bar behind the row
    const what = document.createElement("span");
    what.className = "what";
    const lab = document.createElement("span");
    lab.className = "lab";
    lab.textContent = (S.order.length > 1 ? p.branch + ": " : "") + leverLabel(p.lever);
    const val = document.createElement("span");
    val.className = "val";
    val.textContent = "\u00a0→ " + (spec ? leverValueText(spec, p.value) : p.value);
    what.append(lab, val);
    what.title = lab.textContent + val.textContent;
    const tally = document.createElement("span");
    tally.className = "tally";
    const words = p.votes === 1 ? T("vote.vote1") : T("vote.votes", { n: fmt(p.votes) });
    const n = document.createElement("b");
    n.textContent = fmt(p.votes);
    const word = document.createElement("span");
    word.className = "word";
    word.textContent = words.replace(fmt(p.votes), "");
    tally.append(n, word);
    tally.title = words;
    tally.setAttribute("aria-label", words);
    li.append(what, tally);
    const button = document.createElement("button");
    if (host) {
      button.textContent = T("vote.apply");
      button.addEventListener("click", () => send({ type: "apply", proposal: p.id }));
    } else {
      const mine = S.myVote === p.id;
      button.textContent = T(mine ? "vote.yours" : "vote.for");
      button.setAttribute("aria-pressed", String(mine));
      button.disabled = mine;
      button.addEventListener("click", () => send({ type: "vote", proposal: p.id }));
    }
    button.disabled = button.disabled || S.offline;
    li.append(button);
    ol.append(li);
  }
}
$("proposeForm").addEventListener("submit", (e) => {
  e.preventDefault();
  const spec = S.hello.levers.find((l) => l.name === $("proposeLever").value);
  if (!spec) return;
  const v = parseTyped(spec, $("proposeValue").value);
  if (v === null) { toast(T("toast.badValue", { value: $("proposeValue").value }), true); return; }
  send({ type: "propose", branch: S.selected, lever: spec.name, value: wireValue(spec, v) });
});
/** The proposal's value box starts at the lever's current value in the selected branch. */
function fillProposeValue() {
  const spec = S.hello && S.hello.levers.find((l) => l.name === $("proposeLever").value);
  const b = S.branches.get(S.selected);
  if (spec && b && b.levers && document.activeElement !== $("proposeValue")) $("proposeValue").value = leverValueText(spec, b.levers[S.hello.levers.indexOf(spec)]);
}
$("proposeLever").addEventListener("change", fillProposeValue);
$("closeVote").addEventListener("click", () => send({ type: "closevote" }));
$("voting").addEventListener("click", () => send({ type: "voting", on: !S.votes.open }));

// ---------- replies ----------
function onAck(m) {
  if (m.of === "fork" && m.branch) { S.selected = m.branch; toast(T("toast.forked", { from: m.from, week: fmt(m.tick), branch: m.branch })); }
  else if (m.of === "set" && !m.unchanged) toast(T("toast.set", { branch: m.branch, lever: leverLabel(m.lever), week: fmt(m.tick) }));
  else if (m.of === "reset") { S.pending.clear(); toast(T("toast.reset", { scenario: scenarioTitle(m.scenario), residents: fmt(m.residents) })); }
  else if (m.of === "drop") toast(T("toast.dropped", { branch: m.branch }));
  else if (m.of === "propose") { S.myVote = m.proposal; toast(T("toast.proposed")); renderVotes(); }
  else if (m.of === "vote") { S.myVote = m.proposal; toast(T("toast.voted")); renderVotes(); }
  else if (m.of === "apply") toast(T("toast.applied", { branch: m.branch }));
}

function onExport(m) {
  window.__lastExport = m;
  download(m.yamlFile, m.yaml, "text/yaml");
  download(m.csvFile, m.csv, "text/csv");
  toast(T("toast.exported", { branch: m.branch, week: fmt(m.tick), files: m.yamlFile + ", " + m.csvFile }));
}
function download(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: type }));
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/** A short message in the bar above the charts (never over them), in a box of fixed height: one
 *  message at a time, at most two lines; the whole text in its tooltip, and a click shows it all. */
function toast(text, error) {
  const box = $("toast");
  const d = document.createElement("div");
  d.textContent = text;
  d.title = text;
  if (error) d.className = "error";
  d.addEventListener("click", () => d.classList.toggle("open"));
  box.replaceChildren(d);
  setTimeout(() => d.remove(), error ? 9000 : 4000);
}

// ---------- confirmations ----------
let confirmAction = null;
function confirmFirst(text, action) {
  confirmAction = action;
  $("confirmText").textContent = text;
  $("confirm").hidden = false;
  $("confirmYes").focus();
}
function closeConfirm() { $("confirm").hidden = true; confirmAction = null; }
$("confirmYes").addEventListener("click", () => { const a = confirmAction; closeConfirm(); if (a) a(); });
$("confirmNo").addEventListener("click", closeConfirm);

// ---------- info panel ----------
function buildInfo() {
  const body = $("infoBody");
  body.innerHTML = "";
  const add = (tag, text, cls) => { const e = document.createElement(tag); e.textContent = text; if (cls) e.className = cls; body.append(e); return e; };
  const h = add("h2", T("info.heading"));
  const close = document.createElement("button");
  close.className = "small"; close.id = "infoClose"; close.textContent = T("info.close");
  close.style.marginLeft = "auto";
  close.addEventListener("click", () => toggleInfo(false));
  h.append(close);
  add("p", T("info.what"));
  add("p", T("info.isnt"));
  add("h3", T("info.charts"));
  for (const c of S.hello.charts) add("p", T("info.chart." + c.key));
  add("p", T("info.branches"));
  add("p", T("info.network"));
  add("p", T("info.funders"));
  add("h3", T("info.try"));
  const cards = document.createElement("div");
  cards.className = "cards";
  for (const name of S.hello.scenarios) {
    const note = S.texts.scenarios[name];
    if (!note || !note[1]) continue;
    const card = document.createElement("div");
    card.className = "card" + (S.scenario && S.scenario.name === name ? " current" : "");
    const b = document.createElement("b");
    b.textContent = scenarioTitle(name) + (S.scenario && S.scenario.name === name ? " · " + T("info.current") : "");
    const p = document.createElement("div");
    p.textContent = note[1];
    card.append(b, p);
    cards.append(card);
  }
  body.append(cards);
  add("h3", T("info.keys"));
  add("p", T("info.keylist"));
}
function toggleInfo(show) {
  const info = $("info");
  if (show === undefined) show = info.hidden;
  if (show) buildInfo();
  info.hidden = !show;
}
$("infoButton").addEventListener("click", () => toggleInfo());
$("info").addEventListener("click", (e) => { if (e.target === $("info")) toggleInfo(false); });
$("lang").addEventListener("click", () => setLanguage(S.lang === "nl" ? "en" : "nl"));
$("zero").addEventListener("change", (e) => { S.zero = e.target.checked; scheduleDraw(); });
function toggleDrawer(show) {
  document.body.classList.toggle("drawer", show === undefined ? !document.body.classList.contains("drawer") : show);
}
$("leversButton").addEventListener("click", () => toggleDrawer());
$("leversClose").addEventListener("click", () => toggleDrawer(false));

// ---------- host controls ----------
function overrides() {
  const o = {};
  for (const [name, v] of S.pending) {
    const spec = S.hello.levers.find((l) => l.name === name);
    o[name] = wireValue(spec, v);
  }
  return o;
}
const CURRENT = "__current__";
function doReset() {
  const name = $("scenarioPick").value;
  send(name === CURRENT ? { type: "reset", set: overrides() } : { type: "reset", scenario: name, set: overrides() });
}
function playPause() { if (S.role === "host") send({ type: S.playing ? "pause" : "play" }); }
function fork() { if (S.role === "host" && !$("fork").disabled) send({ type: "fork", branch: S.selected }); }
function exportBranch() { if (S.role === "host") send({ type: "export", branch: S.selected }); }
$("play").addEventListener("click", playPause);
$("step").addEventListener("click", () => send({ type: "step" }));
$("speed").addEventListener("change", (e) => { send({ type: "speed", value: Number(e.target.value) }); e.target.blur(); });
$("scenarioPick").addEventListener("change", (e) => e.target.blur());
$("reset").addEventListener("click", () => confirmFirst(T("confirm.reset"), doReset));
$("fork").addEventListener("click", fork);
$("drop").addEventListener("click", () => {
  const name = S.selected;
  confirmFirst(T("confirm.drop", { branch: name }), () => send({ type: "drop", branch: name }));
});
$("export").addEventListener("click", exportBranch);
$("upload").addEventListener("change", (e) => {
  const f = e.target.files[0];
  if (!f) return;
  const limit = S.hello ? S.hello.limits.maxMessageBytes : 262144;
  if (f.size > limit) { toast(T("toast.fileTooLarge", { limit: fmt(limit) }), true); e.target.value = ""; return; }
  const r = new FileReader();
  r.onload = () => { send({ type: "reset", yaml: String(r.result), file: f.name, set: overrides() }); e.target.value = ""; };
  r.readAsText(f);
});

// ---------- keyboard ----------
/** Where a key belongs to the focused control, not to the page's shortcuts: every key in a field one
 *  types into; a slider's and a list's own keys (arrows, Home, End, Page keys; a list's Enter and
 *  space). A checkbox, slider, list or button that was clicked does not swallow the shortcuts. */
const TYPING = new Set(["text", "number", "search", "email", "url", "tel", "password"]);
function keyIsForControl(e) {
  const el = e.target, tag = (el.tagName || "").toLowerCase();
  if (tag === "textarea" || el.isContentEditable) return true;
  if (tag === "input" && TYPING.has((el.getAttribute("type") || "text").toLowerCase())) return true;
  const nav = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].includes(e.key);
  if (tag === "input" && el.type === "range") return nav;
  if (tag === "select") return nav || e.key === "Enter" || e.key === " ";
  if (tag === "button" || (tag === "input" && el.type === "file")) return e.key === "Enter";
  return false;
}
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "Escape") {
    closeConfirm(); toggleInfo(false); toggleDrawer(false);
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    return;
  }
  if (keyIsForControl(e)) return;
  if (!S.hello) return;
  // A shortcut pressed on a clicked control: the control lets go of the key (space would tick a
  // checkbox or press the button again) and of the focus.
  if (e.target !== document.body && e.target.blur && (e.key === " " || e.key.length === 1)) {
    if (e.key === " ") e.preventDefault();
    e.target.blur();
  }
  const k = e.key.toLowerCase();
  const host = S.role === "host";
  if (e.key === " " && host) { e.preventDefault(); playPause(); }
  else if (k === "s" && host) send({ type: "step" });
  else if (k === "f" && host) fork();
  else if (k === "e" && host) exportBranch();
  else if (k === "l") toggleDrawer();
  else if (k === "i") toggleInfo();
  else if (k === "z") { $("zero").checked = !$("zero").checked; S.zero = $("zero").checked; scheduleDraw(); }
  else if (k >= "1" && k <= "9") selectBranch(S.order[Number(k) - 1]);
});
