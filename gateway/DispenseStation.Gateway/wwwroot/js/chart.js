// Charts whose x is not a time of day (a step response in seconds since the step): drawChart(el, series, opts) on uPlot,
// with hover values, drag to zoom and the data as a table. Time series use timeChart (js/timechart.js).
"use strict";
const palette = ["#2b6cb0", "#c53030", "#2f855a", "#b7791f", "#6b46c1", "#319795"];

// el: the chart's canvas (replaced on the first call by a host with the same id and class) or that host.
function drawChart(el, series, opts = {}) {
  let host = el;
  if (el.tagName === "CANVAS") {
    host = document.createElement("div");
    host.id = el.id;
    host.className = "xychart";
    el.replaceWith(host);
  }
  host._chart?.destroy();
  const clean = series.map(s => s.points.filter(p => Number.isFinite(p[0]) && Number.isFinite(p[1])).sort((a, b) => a[0] - b[0]));
  const data = uPlot.join(clean.map(pts => [pts.map(p => p[0]), pts.map(p => p[1])]));
  const d = opts.yDecimals ?? 1;
  const title = opts.title ?? "";
  host.innerHTML = `<figure class="tchart"><figcaption><strong>${esc(title)}</strong> <span class="muted">x: ${esc(opts.xLabel ?? "")}</span></figcaption>
    <div class="tchart-plot" role="img" aria-label="${esc(title)}: ${clean.map((p, i) => `${esc(series[i].label ?? "")} ${p.length} points`).join(", ")}; the data table below has the values"></div>
    <details class="tchart-data"><summary>${esc(title)}: data table</summary><div class="tchart-table"></div></details></figure>`;
  const plotEl = host.querySelector(".tchart-plot");
  const width = () => Math.max(240, plotEl.clientWidth || 600);
  const u = new uPlot({
    width: width(), height: opts.height ?? 260,
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false } },
    series: [{ label: opts.xLabel ?? "x", value: (_, v) => v == null ? "–" : v.toFixed(1) },
      ...series.map((s, i) => ({ label: s.label, stroke: s.color ?? palette[i % palette.length], dash: s.dash, width: s.width ?? 1.6,
        value: (_, v) => v == null ? "–" : v.toFixed(d) }))],
    axes: [{ stroke: "#4a5568", grid: { stroke: "#edf2f7" } },
      { stroke: "#4a5568", grid: { stroke: "#edf2f7" }, size: 60, values: (_, splits, __, ___, incr) => splits.map(v => v == null ? "" : v.toFixed(decimalsFor(incr))) }],
  }, data, plotEl);
  const details = host.querySelector("details");
  details.addEventListener("toggle", () => {
    if (!details.open) return;
    const rows = data[0].slice(-500).map((x, k) => {
      const i = data[0].length - Math.min(500, data[0].length) + k;
      return `<tr><td class="num">${x.toFixed(1)}</td>${series.map((_, s) => `<td class="num">${data[s + 1][i] == null ? "–" : data[s + 1][i].toFixed(d)}</td>`).join("")}</tr>`;
    });
    host.querySelector(".tchart-table").innerHTML = `<div class="table-scroll" tabindex="0" role="region" aria-label="${esc(title)} values"><table>
      <thead><tr><th scope="col">${esc(opts.xLabel ?? "x")}</th>${series.map(s => `<th scope="col" class="num">${esc(s.label ?? "")}</th>`).join("")}</tr></thead>
      <tbody>${rows.join("") || `<tr><td class="muted">no data yet</td></tr>`}</tbody></table></div>`;
  });
  const resize = new ResizeObserver(() => u.setSize({ width: width(), height: opts.height ?? 260 }));
  resize.observe(plotEl);
  host._chart = { destroy() { resize.disconnect(); u.destroy(); } };
}
