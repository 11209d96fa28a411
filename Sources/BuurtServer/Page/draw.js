"use strict";
// The charts (a colour per branch, a dash per measure, a numbered marker wherever a lever changed,
// labels that never overlap) and the network view, drawn on canvases by hand.
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
 *  data so that differences between branches show, within their bounds, unless `zero`. */
function niceRange(lo, hi, bounds, zero, lines) {
  if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = bounds ? bounds[1] : 1; }
  const n = Math.max(2, lines);
  if (!bounds || zero) {
    const top = bounds && zero ? Math.max(hi, bounds[0] + (bounds[1] - bounds[0]) * 0.05) : Math.max(hi, 1);
    const step = niceStep(top * 1.04 / n);
    return [bounds ? bounds[0] : 0, Math.max(step, Math.ceil(top * 1.04 / step) * step), step];
  }
  const span = Math.max(hi - lo, (bounds[1] - bounds[0]) * 0.04);
  const step = niceStep(span * 1.3 / n);
  const y0 = Math.max(bounds[0], Math.floor((lo - span * 0.12) / step) * step);
  const y1 = Math.min(bounds[1], Math.max(y0 + step, Math.ceil((hi + span * 0.12) / step) * step));
  return [y0, y1, step];
}
const FONT = "DejaVu Sans, Arial, sans-serif";
/** Decimals that write every grid line of a step exactly: 0,475 for a step of 0,025, 2,5 for 2,5. */
function axisDigits(step) {
  const e = Math.floor(Math.log10(step) + 1e-9), m = step / Math.pow(10, e);
  return Math.max(0, -e + (Math.abs(m - 2.5) < 1e-6 ? 1 : 0));
}
/** The wide layout (levers beside the charts) has room for every branch's values in a legend. */
function wideLayout() { return matchMedia("(min-width: 1601px) and (min-height: 901px)").matches; }

/** Places labels (sorted by x) in rows so that no two overlap; returns [row, x] or null per label. */
function placeLabels(ctx, labels, left, right, rows, reserved) {
  const ends = reserved ? reserved.slice() : new Array(rows).fill(-Infinity);
  return labels.map(({ x, text }) => {
    const w = ctx.measureText(text).width + 8;
    const lx = Math.max(left, Math.min(x - 3, right - w));
    for (let r = 0; r < rows; r++) {
      if (lx >= ends[r] + 4) { ends[r] = lx + w; return [r, lx, w]; }
    }
    // No row free at its line: moved a little to the right of what is already there (the unit's
    // text, another label), its dashed line still reaching it.
    for (let r = 0; r < rows; r++) {
      const moved = ends[r] + 4;
      if (moved + w <= right && moved - lx <= SHIFT) { ends[r] = moved + w; return [r, moved, w]; }
    }
    return null;
  });
}
const SHIFT = 200;

/** The markers' labels: [{members: [marker index...], text, place: [row, x, width]}], every marker in
 *  exactly one. First full labels (the number alone for those that do not fit), then, if some still do
 *  not fit, numbers only, neighbours within a growing distance sharing one label ("4–6"), until all fit
 *  (at worst one label "1–n"); then a marker alone in its label gets its full text where all still fit. */
function layoutMarkers(ctx, items, full, W, rows, reserved) {
  if (items.length === 0) return [];
  const single = (texts) => {
    const places = placeLabels(ctx, items.map((it, k) => ({ x: it.x, text: texts[k] })), 2, W - 2, rows, reserved);
    return places.every((p) => p) ? places.map((p, k) => ({ members: [k], text: texts[k], place: p })) : null;
  };
  const texts = full.map((f) => f.text);
  const first = placeLabels(ctx, full, 2, W - 2, rows, reserved);
  first.forEach((p, k) => { if (!p) texts[k] = String(items[k].n); });
  const mixed = single(texts);
  if (mixed) return mixed;
  const numbers = single(items.map((it) => String(it.n)));
  if (numbers) return numbers;
  const order = items.map((it, k) => k).sort((a, b) => items[a].x - items[b].x || a - b);
  for (let gap = 8; ; gap *= 1.5) {
    const groups = [];
    for (const k of order) {
      const g = groups[groups.length - 1];
      if (g && items[k].x - items[g.members[0]].x <= gap) g.members.push(k); else groups.push({ members: [k] });
    }
    for (const g of groups) {
      const ns = g.members.map((k) => items[k].n).sort((a, b) => a - b);
      const run = ns.every((n, j) => j === 0 || n === ns[j - 1] + 1);
      g.text = ns.length === 1 ? String(ns[0]) : run ? ns[0] + "–" + ns[ns.length - 1] : ns.join(" ");
    }
    const place = () => placeLabels(ctx, groups.map((g) => ({ x: items[g.members[0]].x, text: g.text })), 2, W - 2, rows, reserved);
    let places = place();
    if (places.every((p) => p) || groups.length === 1) {
      // A marker alone in its label gets its full text back where that still leaves room for all.
      for (const g of groups) {
        if (g.members.length !== 1) continue;
        const was = g.text;
        g.text = full[g.members[0]].text;
        const tried = place();
        if (tried.every((p) => p)) places = tried; else g.text = was;
      }
      groups.forEach((g, j) => { g.place = places[j] || [0, 2, ctx.measureText(g.text).width + 8]; });
      return groups;
    }
  }
}

function drawChart(ci) {
  const chart = S.hello.charts[ci];
  renderLegend(ci);
  const cv = $("chart" + ci);
  const [ctx, W, H] = fitCanvas(cv);
  // Marker labels take two rows above the plot, one on a short chart (more of them then share labels).
  const ROW = 21, ROWS = cv.clientHeight < 230 ? 1 : 2;
  const R = 14, TP = 8 + ROW * ROWS, B = 28;
  let L = 86;
  let ph = H - TP - B;
  if (W - L - R < 40 || ph < 30) return;
  let maxT = 1;
  for (const b of S.branches.values()) maxT = Math.max(maxT, b.ticks || 1);
  let yMin = Infinity, yMax = -Infinity;
  for (const b of S.branches.values()) for (const row of b.data) if (row) for (const s of chart.series) {
    yMin = Math.min(yMin, row[s]); yMax = Math.max(yMax, row[s]);
  }
  const bounds = chart.range || (chart.unit.startsWith("share") ? [0, 1] : null);
  const [y0, y1, yStep] = niceRange(yMin, yMax, bounds, S.zero, Math.floor(ph / 40));
  ctx.font = "16px " + FONT;
  // The left margin: as wide as the widest number on the y-axis.
  const digits = axisDigits(yStep);
  const tick = (v) => nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(v) < yStep * 1e-6 ? 0 : v);
  const yTicks = [];
  for (let k = 0, v = y0; v <= y1 + yStep * 1e-6; k++, v = y0 + k * yStep) yTicks.push(v);
  let widest = 0;
  for (const v of yTicks) widest = Math.max(widest, ctx.measureText(tick(v)).width);
  const years = maxT >= 104;
  const xName = T(years ? "years" : "weeks");
  const nameW = ctx.measureText(xName).width;
  L = Math.max(Math.ceil(nameW) + 16, Math.ceil(widest) + 14);
  const pw = W - L - R;
  const X = (t) => L + pw * t / maxT;
  const Y = (v) => TP + ph * (1 - (v - y0) / (y1 - y0));
  // Axes and grid.
  ctx.fillStyle = "#000";
  ctx.strokeStyle = "#9a9a9a";      // grid lines that a washed-out projector still shows
  ctx.lineWidth = 1;
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const v of yTicks) {
    const y = Y(v);
    ctx.beginPath(); ctx.moveTo(L, y); ctx.lineTo(L + pw, y); ctx.stroke();
    ctx.fillText(tick(v), L - 6, y);
  }
  cv.dataset.yticks = JSON.stringify(yTicks.map((v) => [v, tick(v)]));
  // The y-axis label: the unit, level, above the axis in the first row of marker labels (which
  // start to its right); cut short only if wider than the whole chart.
  ctx.textAlign = "left"; ctx.textBaseline = "top";
  let unit = unitText(chart.unit);
  while (unit.length > 4 && ctx.measureText(unit).width > W - 8) unit = unit.slice(0, -2) + "…";
  ctx.fillStyle = "#333";
  ctx.fillText(unit, 2, 5);
  ctx.fillStyle = "#000";
  const unitEnd = 2 + ctx.measureText(unit).width;
  cv.dataset.unit = unit;
  cv.dataset.unitBox = JSON.stringify([2, 5, Math.round(unitEnd - 2), 18]);
  // x-axis: years (or weeks), spaced so that labels never touch.
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  const unitW = ctx.measureText(years ? "88" : "8888").width + 18;
  const per = years ? 52 : 1;
  const most = Math.max(1, Math.floor(pw / unitW));
  let stepT = per * Math.max(1, Math.ceil(maxT / per / most));
  if (!years) stepT = niceStep(stepT);
  for (let t = 0; t <= maxT; t += stepT) {
    ctx.beginPath(); ctx.moveTo(X(t), TP); ctx.lineTo(X(t), TP + ph); ctx.stroke();
    ctx.fillText(fmt(years ? t / 52 : t), X(t), TP + ph + 5);
  }
  ctx.textAlign = "right";
  ctx.fillText(xName, L - 10, TP + ph + 5);
  ctx.strokeStyle = "#000"; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(L, TP); ctx.lineTo(L, TP + ph); ctx.lineTo(L + pw, TP + ph); ctx.stroke();
  // Lever-change markers: numbered as in the list of changes; a short label where there is room,
  // the number alone where there is not, and where even numbers do not fit, neighbouring numbers
  // share one label ("4–6"): every marker's number shows, and no two labels overlap.
  ctx.font = "bold 16px " + FONT;
  const items = allMarkers().map(([t, name, mk], k) => ({ t, name, mk, n: k + 1, x: X(t) }));
  const full = items.map((it) => ({ x: it.x, text: it.n + " " + (S.order.length > 1 ? it.name + ": " : "") + markerText(it.mk, true) }));
  const reserved = new Array(ROWS).fill(-Infinity);
  reserved[0] = unitEnd + 4;
  const groups = layoutMarkers(ctx, items, full, W, ROWS, reserved);
  const boxes = [];
  const shown = [];
  const row = new Array(items.length).fill(0);
  for (const g of groups) for (const k of g.members) row[k] = g.place[0];
  items.forEach((it, k) => {
    ctx.strokeStyle = branchColour(it.name); ctx.lineWidth = 2; ctx.setLineDash([6, 5]);
    ctx.beginPath(); ctx.moveTo(it.x, 4 + row[k] * ROW + ROW - 2); ctx.lineTo(it.x, TP + ph); ctx.stroke();
    ctx.setLineDash([]);
  });
  for (const g of groups) {
    const [r, lx, w] = g.place;
    const y = 4 + r * ROW;
    const colour = branchColour(items[g.members[0]].name);
    ctx.fillStyle = "rgba(255,255,255,0.95)";
    ctx.fillRect(lx, y, w, ROW - 2);
    ctx.strokeStyle = colour; ctx.lineWidth = 1.5;
    ctx.strokeRect(lx, y, w, ROW - 2);
    ctx.fillStyle = "#000"; ctx.textBaseline = "top"; ctx.textAlign = "left";
    ctx.fillText(g.text, lx + 4, y + 1);
    boxes.push([Math.round(lx), y, Math.round(w), ROW - 2]);
    for (const k of g.members) shown.push(items[k].n);
  }
  cv.dataset.markers = String(items.length);
  cv.dataset.numbered = JSON.stringify(shown.sort((a, b) => a - b));
  cv.dataset.labels = JSON.stringify(boxes);
  cv.dataset.y0 = String(y0);
  cv.dataset.plot = String(Math.round(ph));     // the plotting area's height (for the browser test)
  // Lines: colour = branch, dash = measure.
  let points = 0;
  const drawn = {};
  ctx.save();
  ctx.beginPath(); ctx.rect(L, TP - 2, pw + 2, ph + 4); ctx.clip();
  // The selected branch first, thick, and the others over it thinner: a fork that still follows its
  // original shows both (the thin line inside the thick one) instead of hiding it.
  const drawOrder = [S.selected].concat(S.order.filter((x) => x !== S.selected)).filter((x) => S.branches.has(x));
  drawOrder.forEach((name) => {
    const b = S.branches.get(name);
    const n = b.data.length;
    if (n === 0) return;
    const stride = Math.max(1, Math.floor(n / (pw * 1.5)));
    chart.series.forEach((s, j) => {
      ctx.strokeStyle = branchColour(name);
      drawn[name] = ctx.strokeStyle;
      ctx.lineWidth = name === S.selected && S.order.length > 1 ? 6 : 3; ctx.lineJoin = "round";
      ctx.setLineDash(DASHES[j % DASHES.length]);
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
  ctx.restore();
  cv.dataset.frames = String(Number(cv.dataset.frames || 0) + 1);
  cv.dataset.points = String(points);
  cv.dataset.lineColours = JSON.stringify(drawn);   // each branch's line colour as drawn (for the browser test)
}

/** A chart's legend (built before the chart is sized: its height decides the plot's). */
function renderLegend(ci) {
  const chart = S.hello.charts[ci];
  // Legend: each measure with its dash, and its latest value in each branch (black, beside the
  // branch's colour). On the projector's and the phone's narrower layouts only the selected branch's
  // values, so the legend keeps its height (and the chart its size) however many branches run.
  const legend = $("legend" + ci);
  if (legend) {
    const shownBranches = wideLayout() || S.order.length < 2 ? S.order : [S.selected];
    const key = S.lang + "|" + S.order.join(",") + "|" + shownBranches.join(",") + "|" + chart.metrics.map((m, j) => shownBranches.map((name) => {
      const b = S.branches.get(name), r = b && b.data[b.data.length - 1];
      return name + (r ? fmt(r[chart.series[j]]) : "–");
    }).join(",")).join(";");
    if (legend.dataset.key === key) return;
    legend.dataset.key = key;
    legend.innerHTML = "";
    chart.metrics.forEach((m, j) => {
      const span = document.createElement("span");
      const d = DASHES[j % DASHES.length].join(",");
      span.innerHTML = '<svg viewBox="0 0 34 10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="#000" stroke-width="3"' +
        (d ? ' stroke-dasharray="' + d + '"' : "") + "/></svg>";
      span.append(metricLabel(m) + ": ");
      shownBranches.forEach((name, k) => {
        const b = S.branches.get(name), r = b && b.data[b.data.length - 1];
        const v = document.createElement("b");
        if (S.order.length > 1) {
          const sw = document.createElement("i");
          sw.className = "bsw";
          sw.style.background = branchColour(name);
          v.append(sw, name + " ");
        }
        v.append(r ? fmt(r[chart.series[j]]) : "–");
        if (k > 0) span.append(" · ");
        span.append(v);
      });
      legend.append(span);
    });
  }
}

// ---------- network ----------
function hash(n, salt) {
  let h = (n * 2654435761 + salt * 40503) >>> 0;
  h ^= h >>> 15; h = Math.imul(h, 2246822519) >>> 0; h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}
function trustColour(t) {
  const a = [213, 94, 0], m = [140, 140, 140], z = [0, 114, 178];
  const u = Math.max(0, Math.min(1, t));
  const [p, q, f] = u < 0.5 ? [a, m, u * 2] : [m, z, (u - 0.5) * 2];
  return "rgb(" + p.map((c, i) => Math.round(c + (q[i] - c) * f)).join(",") + ")";
}

function drawNetwork() {
  if (!S.hello) return;
  const cv = $("network");
  const b = S.branches.get(S.selected);
  $("netBranch").textContent = "— " + T("branch").toLowerCase() + " " + S.selected + (b && b.network ? ", " + T("week") + " " + fmt(b.network.tick) : "");
  if (!b || !b.network) return;
  b.networkFresh = false;
  const net = b.network;
  const [ctx, W, H] = fitCanvas(cv);
  // Column titles: on one line when they fit, else on two.
  ctx.font = "bold 16px " + FONT;
  ctx.fillStyle = "#000"; ctx.textBaseline = "top";
  const left = T("net.residents"), right = T("net.columns");
  const twoLines = ctx.measureText(left).width + ctx.measureText(right).width + 24 > W;
  ctx.textAlign = "left";
  ctx.fillText(left, 4, 2);
  ctx.textAlign = "right";
  // Too narrow for the words: the legend's shapes instead ("◆ → ■ → ▮"), never a word cut short.
  const rightText = ctx.measureText(right).width > W - 8 ? T("net.columnsShort") : right;
  ctx.fillText(rightText, W - 4, twoLines ? 22 : 2);
  const top = twoLines ? 46 : 26;
  const nh = Math.max(1, net.neighbourhoods);
  const cols = Math.max(1, Math.ceil(Math.sqrt(nh)));
  const rows = Math.ceil(nh / cols);
  const resW = W * 0.56;
  const labelH = nh <= 16 ? 20 : 0;
  const cw = resW / cols, chh = (H - top - 10) / rows;
  const inter = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 1).sort((x, y) => x[0][3] - y[0][3] || x[0][1] - y[0][1]);
  const servants = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 2).sort((x, y) => x[0][1] - y[0][1]);
  const funders = net.nodes.map((n, i) => [n, i]).filter(([n]) => n[0] === 3);
  const pos = new Array(net.nodes.length);
  const radius = Math.max(8, Math.min(cw, chh - labelH) * 0.42);
  const centre = (c) => [(c % cols + 0.5) * cw, top + Math.floor(c / cols) * chh + labelH + (chh - labelH) / 2];
  net.nodes.forEach((n, i) => {
    if (n[0] !== 0) return;
    const [cx, cy] = centre(n[3] % nh);
    const a = hash(n[1], 1) * 2 * Math.PI, r = Math.sqrt(hash(n[1], 2)) * radius * 0.92;
    pos[i] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
  const column = (list, x) => list.forEach(([n, i], k) => { pos[i] = [x, top + (k + 0.5) * (H - top - 10) / list.length]; });
  column(inter, W * 0.66);
  column(servants, W * 0.83);
  column(funders, W - 18);
  ctx.font = "16px " + FONT;
  ctx.textAlign = "center";
  for (let c = 0; c < nh && nh <= 16; c++) {
    const [cx, cy] = centre(c);
    ctx.strokeStyle = "#c8c8c8"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(cx, cy, radius + 4, 0, 2 * Math.PI); ctx.stroke();
    let label = T("net.neighbourhood", { n: c + 1 });
    if (ctx.measureText(label).width > cw - 4) label = String(c + 1);
    ctx.fillStyle = "#333"; ctx.textBaseline = "bottom";
    ctx.fillText(label, cx, Math.max(top + 18, cy - radius - 5));
  }
  ctx.fillStyle = "#000";
  for (const [a, z, t, kind] of net.edges) {
    if (!pos[a] || !pos[z]) continue;
    ctx.strokeStyle = trustColour(t);
    ctx.lineWidth = kind === 0 ? 1.6 : 2.6;
    ctx.globalAlpha = kind === 0 ? 0.85 : 0.95;
    ctx.beginPath(); ctx.moveTo(pos[a][0], pos[a][1]); ctx.lineTo(pos[z][0], pos[z][1]); ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.font = "bold 16px " + FONT;
  net.nodes.forEach((n, i) => {
    const p = pos[i];
    if (!p) return;
    const [x, y] = p;
    ctx.lineWidth = 1.5; ctx.strokeStyle = "#000";
    if (n[0] === 0) {
      ctx.fillStyle = GROUP_COLOURS[n[2]] || "#000";
      ctx.beginPath(); ctx.arc(x, y, 4.5, 0, 2 * Math.PI); ctx.fill();
      if (n[2] !== 0) { ctx.lineWidth = 1; ctx.stroke(); }     // a dark ring: pink and green dots on a pale projector
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
      ctx.fillStyle = "#fff"; ctx.textBaseline = "middle"; ctx.textAlign = "center";
      ctx.fillText(T("net.funderLetters")[n[2]] || "?", x, y);
    }
  });
  cv.dataset.frames = String(Number(cv.dataset.frames || 0) + 1);
  cv.dataset.edges = String(net.edges.length);
  cv.dataset.nodes = String(net.nodes.length);
  cv.dataset.tick = String(net.tick);
}

connect();
