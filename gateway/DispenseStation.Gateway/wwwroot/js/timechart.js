// Time-series charts on uPlot (served from lib/uplot, installed from the npm registry at build): an absolute time axis
// in the viewer's zone, stated under the chart; hover values in the legend; drag to zoom, double-click or "reset" to undo;
// time-range buttons; event markers (wafer down, segment change, alarm); the same data as a table for screen readers.
"use strict";

// The viewer's zone as the chart states it, e.g. "Europe/Berlin (UTC+01:00)"; every chart and record uses this one clock.
function zoneLabel() {
  const m = -new Date().getTimezoneOffset(), a = Math.abs(m);
  const off = (m >= 0 ? "+" : "-") + String(Math.floor(a / 60)).padStart(2, "0") + ":" + String(a % 60).padStart(2, "0");
  return `${Intl.DateTimeFormat().resolvedOptions().timeZone} (UTC${off})`;
}

// Decimals that tell ticks `incr` apart (0.02 -> 2): no axis repeats a label on a small range.
function decimalsFor(incr) {
  if (!Number.isFinite(incr) || incr <= 0) return 0;
  return Math.max(0, Math.min(6, Math.ceil(-Math.log10(incr) - 1e-9)));
}

const markerColors = { "wafer-down": "#8a5a00", segment: "#6b46c1", alarm: "#c53030", event: "#4a5568" };

/**
 * Builds a chart in `host` (an element). opts: { id, title, unit, series: [{ label, color, dash, decimals }], height,
 * ranges: [[label, seconds|null]], onRange(seconds|null) to load another range instead of zooming the data in hand,
 * onZoom(fromMs, toMs) to load the zoomed range at a finer resolution }.
 * Returns { setData(xsMs, ysArrays), append(xMs, ys), setMarkers([{ at: ms, label, kind }]), destroy() }.
 */
function timeChart(host, opts) {
  const id = opts.id ?? ("chart-" + Math.random().toString(36).slice(2));
  const ranges = opts.ranges ?? [["5 min", 300], ["1 h", 3600], ["all", null]];
  host.innerHTML = `<figure class="tchart" id="${esc(id)}">
      <figcaption><strong>${esc(opts.title)}</strong> <span class="muted tchart-zone">time axis: ${esc(zoneLabel())}</span></figcaption>
      <div class="tchart-tools row" role="group" aria-label="${esc(opts.title)}: time range">
        ${ranges.map(([label, s]) => `<button type="button" class="secondary" data-range="${s ?? "all"}" aria-pressed="false">${esc(label)}</button>`).join("")}
        <button type="button" class="secondary" data-reset>reset zoom</button>
        <span class="muted tchart-hint">drag across the chart to zoom</span>
      </div>
      <div class="tchart-plot" role="img" aria-label="${esc(opts.title)}"></div>
      <details class="tchart-data"><summary>${esc(opts.title)}: data table</summary><div class="tchart-table"></div></details>
    </figure>`;
  const fig = host.querySelector("figure"), plotEl = fig.querySelector(".tchart-plot"), tableEl = fig.querySelector(".tchart-table");
  const details = fig.querySelector("details");
  let xs = [], ys = opts.series.map(() => []), markers = [], range = null, zoomed = false;

  const yDecimals = s => s.decimals ?? 2;
  const fmtTime = sec => new Date(sec * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const fmtDateTime = ms => new Date(ms).toLocaleString();
  const markerPlugin = {
    hooks: {
      draw: [u => {
        const g = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height, [x0, x1] = [u.scales.x.min, u.scales.x.max];
        g.save();
        g.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
        g.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        g.lineWidth = devicePixelRatio;
        for (const m of markers) {
          const t = m.at / 1000;
          if (t < x0 || t > x1) continue;
          const x = Math.round(u.valToPos(t, "x", true));
          g.strokeStyle = g.fillStyle = markerColors[m.kind] ?? markerColors.event;
          g.beginPath(); g.moveTo(x, top); g.lineTo(x, bottom); g.stroke();
          g.fillText(m.label, x + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
        }
        g.restore();
      }],
    },
  };
  const width = () => Math.max(240, plotEl.clientWidth || host.clientWidth || 600);
  const u = new uPlot({
    width: width(), height: opts.height ?? 240,
    plugins: [markerPlugin],
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: true } },
    series: [
      { label: "time", value: (_, v) => v == null ? "–" : fmtTime(v) },
      ...opts.series.map((s, i) => ({
        label: s.label, stroke: s.color ?? palette[i % palette.length], width: s.width ?? 1.6, dash: s.dash, spanGaps: false,
        value: (_, v) => v == null ? "–" : v.toFixed(yDecimals(s)),
      })),
    ],
    axes: [
      { stroke: "#4a5568", grid: { stroke: "#edf2f7" } },
      {
        stroke: "#4a5568", grid: { stroke: "#edf2f7" }, size: 60, label: opts.unit, labelSize: 18,
        values: (_, splits, __, ___, incr) => {
          const labels = splits.map(v => v == null ? "" : v.toFixed(decimalsFor(incr)));
          plotEl.dataset.yTicks = JSON.stringify(labels);
          return labels;
        },
      },
    ],
    hooks: {
      setSelect: [u => {
        if (u.select.width < 2) return;
        zoomed = true;
        opts.onZoom?.(u.posToVal(u.select.left, "x") * 1000, u.posToVal(u.select.left + u.select.width, "x") * 1000);
      }],
    },
  }, [[], ...ys], plotEl);

  const describe = () => {
    const n = xs.length;
    const last = n ? opts.series.map((s, i) => `${s.label} ${ys[i][n - 1] == null ? "–" : ys[i][n - 1].toFixed(yDecimals(s))}`).join(", ") : "";
    plotEl.setAttribute("aria-label", n
      ? `${opts.title}: ${n} points from ${fmtDateTime(xs[0])} to ${fmtDateTime(xs[n - 1])}; latest ${last}. The data table below has the values.`
      : `${opts.title}: no data yet`);
    plotEl.dataset.points = String(n);
    plotEl.dataset.xRange = `${u.scales.x.min ?? ""},${u.scales.x.max ?? ""}`; // what is drawn, in Unix seconds (tests read it)
  };
  const applyRange = () => {
    if (!xs.length || zoomed) return;
    const hi = xs[xs.length - 1] / 1000, lo = range == null ? xs[0] / 1000 : Math.max(xs[0] / 1000, hi - range);
    u.setScale("x", { min: lo, max: hi > lo ? hi : lo + 1 });
  };
  const table = () => {
    if (!details.open) return;
    const limit = 500, from = Math.max(0, xs.length - limit);
    const rows = [];
    for (let i = from; i < xs.length; i++)
      rows.push(`<tr><td>${esc(fmtDateTime(xs[i]))}</td>${opts.series.map((s, k) => `<td class="num">${ys[k][i] == null ? "–" : ys[k][i].toFixed(yDecimals(s))}</td>`).join("")}</tr>`);
    tableEl.innerHTML = (from > 0 ? `<p class="muted">the newest ${limit} of ${xs.length} points</p>` : "")
      + `<div class="table-scroll" tabindex="0" role="region" aria-label="${esc(opts.title)} values"><table><caption>${esc(opts.title)} (time in ${esc(zoneLabel())})</caption>
        <thead><tr><th scope="col">time</th>${opts.series.map(s => `<th scope="col" class="num">${esc(s.label)}</th>`).join("")}</tr></thead>
        <tbody>${rows.join("") || `<tr><td colspan="${opts.series.length + 1}" class="muted">no data yet</td></tr>`}</tbody></table></div>`
      + (markers.length ? `<h3>Events</h3><ul>${markers.map(m => `<li>${esc(fmtDateTime(m.at))}: ${esc(m.label)}</li>`).join("")}</ul>` : "");
  };
  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      // A zoom the user made is kept while data arrive; otherwise the axes follow the data (and the picked range).
      u.setData([xs.map(x => x / 1000), ...ys], !zoomed);
      if (!zoomed && range != null) applyRange();
      describe();
      table();
    });
  };
  const press = value => fig.querySelectorAll("[data-range]").forEach(b => b.setAttribute("aria-pressed", String(b.dataset.range === value)));
  fig.querySelector(".tchart-tools").addEventListener("click", ev => {
    const b = ev.target.closest("button");
    if (!b) return;
    zoomed = false;
    if (b.dataset.reset !== undefined) { redraw(); return; }
    range = b.dataset.range === "all" ? null : Number(b.dataset.range);
    press(b.dataset.range);
    if (opts.onRange) opts.onRange(range); else redraw();
  });
  plotEl.addEventListener("dblclick", () => { zoomed = false; redraw(); });
  press("all");
  details.addEventListener("toggle", table);
  const resize = new ResizeObserver(() => u.setSize({ width: width(), height: opts.height ?? 240 }));
  resize.observe(plotEl);
  describe();

  return {
    uplot: u,
    setData(newXs, newYs) { xs = [...newXs]; ys = newYs.map(a => [...a]); redraw(); },
    append(x, values) {
      if (xs.length && x < xs[xs.length - 1]) return; // late sample: the axis only grows
      xs.push(x); values.forEach((v, i) => ys[i].push(v ?? null));
      if (xs.length > 20000) { xs.shift(); ys.forEach(a => a.shift()); }
      redraw();
    },
    setMarkers(list) { markers = list; redraw(); },
    /** The range the user picked (seconds, or null for all). */
    get range() { return range; },
    destroy() { resize.disconnect(); u.destroy(); },
  };
}
