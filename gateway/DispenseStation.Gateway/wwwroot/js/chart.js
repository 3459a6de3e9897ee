// A small canvas line chart: series of [x, y] points with shared axes, no dependencies.
"use strict";
const palette = ["#2b6cb0", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#319795"];

function drawChart(canvas, series, opts = {}) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 600, h = canvas.clientHeight || 260;
  canvas.width = w * dpr; canvas.height = h * dpr;
  const g = canvas.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const pad = { l: 56, r: 12, t: 24, b: 32 };
  const all = series.flatMap(s => s.points).filter(p => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  g.font = "12px system-ui, sans-serif";
  g.fillStyle = "#1d232b";
  g.fillText(opts.title ?? "", pad.l, 15);
  if (all.length === 0) { g.fillStyle = "#67707c"; g.fillText("no data yet", w / 2 - 30, h / 2); return; }
  let [x0, x1] = extent(all.map(p => p[0])), [y0, y1] = extent(all.map(p => p[1]));
  if (opts.yMin !== undefined) y0 = Math.min(y0, opts.yMin);
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const m = (y1 - y0) * 0.08; y0 -= m; y1 += m;
  const X = x => pad.l + (x - x0) / (x1 - x0) * (w - pad.l - pad.r);
  const Y = y => h - pad.b - (y - y0) / (y1 - y0) * (h - pad.t - pad.b);
  g.strokeStyle = "#e2e8f0"; g.fillStyle = "#67707c"; g.lineWidth = 1;
  for (const t of ticks(y0, y1, 5)) { g.beginPath(); g.moveTo(pad.l, Y(t)); g.lineTo(w - pad.r, Y(t)); g.stroke(); g.fillText(t.toFixed(opts.yDecimals ?? 1), 4, Y(t) + 4); }
  const xt = ticks(x0, x1, 6), xd = xt.length > 1 ? Math.max(0, -Math.floor(Math.log10(xt[1] - xt[0] + 1e-12))) : 0;
  for (const t of xt) g.fillText((opts.xFormat ?? (v => v.toFixed(xd)))(t), X(t) - 12, h - 10);
  if (opts.xLabel) g.fillText(opts.xLabel, w - pad.r - g.measureText(opts.xLabel).width, h - 22);
  const legendWidth = Math.max(0, ...series.map(s => g.measureText(s.label ?? "").width)) + 24;
  series.forEach((s, i) => {
    g.strokeStyle = s.color ?? palette[i % palette.length];
    g.lineWidth = s.width ?? 1.6;
    g.setLineDash(s.dash ?? []);
    g.beginPath();
    let started = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) { started = false; continue; }
      if (!started) { g.moveTo(X(x), Y(y)); started = true; } else g.lineTo(X(x), Y(y));
    }
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = g.strokeStyle;
    const lx = w - pad.r - legendWidth, ly = pad.t + 4 + i * 14;
    g.fillRect(lx, ly - 8, 10, 3);
    g.fillText(s.label ?? "", lx + 14, ly - 3);
  });
}

function extent(v) { let a = Infinity, b = -Infinity; for (const x of v) { if (x < a) a = x; if (x > b) b = x; } return [a, b]; }

function ticks(a, b, n) {
  const step0 = (b - a) / n, mag = Math.pow(10, Math.floor(Math.log10(step0))), f = step0 / mag;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  const out = [];
  for (let t = Math.ceil(a / step) * step; t <= b + 1e-9; t += step) out.push(t);
  return out;
}
