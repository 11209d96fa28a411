extension LivePage {
    /// The page's script, second part: the charts (lines coloured by metric, styled by branch,
    /// with a marker wherever a lever changed) and the network view, drawn on canvases by hand.
    static let drawing = #"""
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
    for (const [t, text, short] of b.markers || []) {
      const key = t + "|" + text;
      if (seen.has(key)) continue;
      seen.add(key);
      const x = X(t);
      ctx.strokeStyle = "#444"; ctx.lineWidth = 2; ctx.setLineDash([6, 5]);
      ctx.beginPath(); ctx.moveTo(x, T - 4 - 18 * (row % 3)); ctx.lineTo(x, T + ph); ctx.stroke();
      ctx.setLineDash([]);
      // Short labels, cut with an ellipsis (never squeezed) where the chart is narrow.
      let label = (S.order.length > 1 ? name + ": " : "") + (short || text);
      const room = Math.max(90, W - 8);
      while (label.length > 4 && ctx.measureText(label).width > room) label = label.slice(0, -2) + "…";
      const y = T - 22 - 18 * (row % 3);
      const w = ctx.measureText(label).width;
      const lx = Math.max(2, Math.min(x + 3, W - w - 4));
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(lx - 2, y - 1, w + 4, 18);
      ctx.fillStyle = "#000"; ctx.textBaseline = "top";
      ctx.fillText(label, lx, y);
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

"""#
}
