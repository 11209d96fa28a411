"use strict";
// The lever controls, built from the lever registry in `hello`: a slider whose middle is the
// lever's default (each half spread evenly, or logarithmically over a wide range), a box to type
// an exact value (in the page's number format), a checkbox or a list.

function leverValueText(spec, v) {
  if (v === undefined || v === null) return "";
  if (spec.kind === "flag") return v ? T("on") : T("off");
  if (spec.kind === "choice") return optionText(spec.options[Math.round(v)] || String(v));
  if (spec.kind === "integer" || Math.abs(v) >= 1000) return nf({ maximumFractionDigits: 0 }).format(Math.round(v));
  return nf({ maximumSignificantDigits: 4 }).format(v);
}

/** A typed value in the page's language ("10.000", "0,49" in Dutch; "10,000", "0.49" in English). */
function parseTyped(spec, text) {
  let s = String(text).trim().replace(/\s/g, "");
  if (spec.kind === "flag") {
    const low = s.toLowerCase();
    if ([T("on"), "on", "aan", "1", "true", "ja", "yes"].includes(low)) return 1;
    if ([T("off"), "off", "uit", "0", "false", "nee", "no"].includes(low)) return 0;
    return null;
  }
  if (spec.kind === "choice") {
    const k = spec.options.findIndex((o) => o === s || optionText(o).toLowerCase() === s.toLowerCase());
    return k < 0 ? null : k;
  }
  if (S.lang === "nl") {
    if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  } else {
    s = s.replace(/,/g, "");
  }
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const v = Number(s);
  return isFinite(v) ? v : null;
}

/** The value as the server takes it: a number, a boolean, or an option's name. */
function wireValue(spec, v) {
  if (spec.kind === "flag") return v !== 0;
  if (spec.kind === "choice") return spec.options[v];
  return v;
}

// Slider: 0..1000, the default at 500 (or at an end when it is the minimum or maximum).
function sideIsLog(lo, hi) { return (lo > 0 && hi / lo > 20) || (lo >= 0 && hi - lo >= 1000); }
function sideTo(lo, hi, v) {
  if (hi <= lo) return 0;
  if (!sideIsLog(lo, hi)) return (v - lo) / (hi - lo);
  if (lo > 0) return Math.log(v / lo) / Math.log(hi / lo);
  return Math.log1p(v - lo) / Math.log1p(hi - lo);
}
function sideFrom(lo, hi, u) {
  if (!sideIsLog(lo, hi)) return lo + u * (hi - lo);
  if (lo > 0) return lo * Math.pow(hi / lo, u);
  return lo + Math.expm1(u * Math.log1p(hi - lo));
}
// The slider's ends: an uncertain lever's plausible range from the registry, else its allowed
// range (a typed value may still go anywhere in the allowed range).
function sliderLo(spec) { return spec.sliderMin ?? spec.min; }
function sliderHi(spec) { return spec.sliderMax ?? spec.max; }
function sliderMiddle(spec) {
  if (spec.default <= sliderLo(spec)) return 0;
  if (spec.default >= sliderHi(spec)) return 1000;
  return 500;
}
function toSlider(spec, v) {
  const mid = sliderMiddle(spec), d = spec.default, lo = sliderLo(spec), hi = sliderHi(spec);
  if (v <= d && mid > 0) return Math.round(mid * sideTo(lo, d, Math.max(lo, v)));
  if (mid >= 1000) return 1000;
  return Math.round(mid + (1000 - mid) * sideTo(d, hi, Math.min(hi, Math.max(d, v))));
}
function fromSlider(spec, p) {
  const mid = sliderMiddle(spec), d = spec.default, lo = sliderLo(spec), hi = sliderHi(spec);
  let v = p <= mid && mid > 0 ? sideFrom(lo, d, p / mid) : sideFrom(d, hi, (p - mid) / (1000 - mid));
  if (Math.abs(p - mid) <= 4) return d;                 // the middle snaps to the default, exactly (not rounded)
  if (spec.kind === "integer") v = Math.round(v);
  else v = Number(v.toPrecision(3));
  return Math.min(hi, Math.max(lo, v));
}

const OPEN_GROUPS = new Set(["funding", "bureaucracy", "succession", "government", "infrastructure",
  "capacity_building", "austerity"]);

function buildLevers() {
  const root = $("leverGroups");
  const openNow = new Set([...root.querySelectorAll("details")].filter((d) => d.open).map((d) => d.dataset.group));
  const rebuilt = root.children.length > 0;
  root.innerHTML = "";
  const host = S.role === "host";
  const groups = new Map();
  const structural = [];
  S.hello.levers.forEach((spec, index) => {
    if (spec.structural) { structural.push([spec, index]); return; }
    if (!groups.has(spec.group)) groups.set(spec.group, []);
    groups.get(spec.group).push([spec, index]);
  });
  const sections = [...groups.entries()].map(([g, list]) => [g, groupText(g), list, OPEN_GROUPS.has(g)]);
  sections.push(["_structural", T("levers.beforeReset"), structural, false]);
  for (const [g, title, list, open] of sections) {
    const d = document.createElement("details");
    d.dataset.group = g;
    d.open = rebuilt ? openNow.has(g) : open;
    const s = document.createElement("summary");
    s.textContent = title;
    d.append(s);
    for (const [spec, index] of list) d.append(leverControl(spec, index, host));
    root.append(d);
  }
  refreshLevers();
}

function leverControl(spec, index, host) {
  const box = document.createElement("div");
  box.className = "lever";
  box.id = "lever-" + spec.name;
  box.dataset.index = index;
  box.dataset.pending = T("atReset");
  const top = document.createElement("div");
  top.className = "top";
  const name = document.createElement("label");
  name.className = "name";
  name.textContent = leverLabel(spec.name);
  name.lang = S.lang;
  const value = document.createElement("span");
  value.className = "value";
  top.append(name, value);
  const desc = document.createElement("div");
  desc.className = "desc";
  desc.textContent = leverDesc(spec.name);
  let input;
  if (spec.kind === "flag") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.addEventListener("change", () => commit(spec, input.checked ? 1 : 0));
    top.insertBefore(input, value);
  } else if (spec.kind === "choice") {
    input = document.createElement("select");
    spec.options.forEach((o, k) => input.add(new Option(optionText(o), String(k))));
    input.addEventListener("change", () => commit(spec, Number(input.value)));
  } else {
    input = document.createElement("input");
    input.type = "range";
    input.min = 0; input.max = 1000; input.step = 1;
    input.addEventListener("input", () => {
      S.dragging = spec.name;
      showValue(box, spec, fromSlider(spec, Number(input.value)));
    });
    // A drag is committed when it is let go; arrow keys, once they rest for a moment (or the slider
    // loses the focus): one change, one marker, for a run of key presses.
    let keyTimer = null, keyed = false;
    const settle = () => {
      clearTimeout(keyTimer); keyTimer = null; keyed = false; S.dragging = null;
      commit(spec, fromSlider(spec, Number(input.value)));
    };
    input.addEventListener("keydown", (e) => {
      if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].includes(e.key)) keyed = true;
    });
    input.addEventListener("change", () => {
      if (!keyed) { S.dragging = null; commit(spec, fromSlider(spec, Number(input.value))); return; }
      S.dragging = spec.name;
      clearTimeout(keyTimer);
      keyTimer = setTimeout(settle, KEY_SETTLE_MS);
    });
    input.addEventListener("blur", () => { if (keyTimer) settle(); });
    // The exact value, typed.
    const typed = document.createElement("input");
    typed.className = "typed";
    typed.id = "typed-" + spec.name;
    typed.setAttribute("inputmode", "decimal");
    typed.autocomplete = "off";
    typed.title = T("value.title");
    typed.setAttribute("aria-label", leverLabel(spec.name) + " (" + unitText(spec.unit) + ")");
    typed.disabled = !host;
    typed.addEventListener("focus", () => { S.dragging = spec.name; typed.select(); });
    typed.addEventListener("blur", () => { S.dragging = null; refreshLevers(); });
    typed.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        const v = parseTyped(spec, typed.value);
        if (v === null) { toast(T("toast.badValue", { value: typed.value }), true); return; }
        S.dragging = null;
        typed.blur();
        commit(spec, spec.kind === "integer" ? Math.round(v) : v);
      } else if (e.key === "Escape") { typed.blur(); }
    });
    const unit = document.createElement("small");
    unit.textContent = unitText(spec.unit);
    value.append(typed, unit);
  }
  input.id = "input-" + spec.name;
  input.setAttribute("aria-label", leverLabel(spec.name));
  input.disabled = !host;
  name.htmlFor = input.id;
  box.append(top);
  if (spec.kind !== "flag") box.append(input);
  box.append(desc);
  return box;
}

function showValue(box, spec, v) {
  const typed = box.querySelector(".typed");
  if (typed) { if (document.activeElement !== typed) typed.value = leverValueText(spec, v); return; }
  box.querySelector(".value").textContent = spec.kind === "choice" ? "" : leverValueText(spec, v);
}

const KEY_SETTLE_MS = 700;

function commit(spec, value) {
  if (S.role !== "host") return;
  // The value the lever already has (a slider let go where it was, its middle snapping to the
  // default): nothing to send, no marker.
  const b = S.branches.get(S.selected), i = S.hello.levers.indexOf(spec);
  if (!spec.structural && b && b.levers && b.levers[i] === value) { refreshLevers(); return; }
  if (spec.structural) {
    S.pending.set(spec.name, value);
    toast(T("toast.atReset", { lever: leverLabel(spec.name), value: leverValueText(spec, value) }));
    refreshLevers();
    return;
  }
  send({ type: "set", branch: S.selected, lever: spec.name, value: wireValue(spec, value) });
}

function refreshLevers() {
  if (!S.hello) return;
  const b = S.branches.get(S.selected);
  $("leverBranch").textContent = b ? "— " + T("branch").toLowerCase() + " " + b.name : "";
  $("leverBranch").style.color = b ? branchColour(b.name) : "";
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
    if (!spec.structural) {
      input.disabled = S.role !== "host" || b.finished;
      const typed = box.querySelector(".typed");
      if (typed) typed.disabled = input.disabled;
    }
  });
}
