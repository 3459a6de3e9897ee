// PID tuning: bake step responses from recorded traces, their figures of merit, and run-to-run comparison.
"use strict";
const tuningView = {
  async render(el) {
    const batches = (await api.get("/api/batches?limit=100")).filter(b => b.state === "Complete" || b.state === "Aborted");
    el.innerHTML = `
      <h1>PID tuning</h1>
      <div class="notice" id="tuning-notice">The station protocol (v1) has no command to read or set PID gains or to start an autotune:
        its commands are start, hold, unhold, stop, abort, clear, reset, resume, confirm, suspend and unsuspend. Gains and autotune
        stay on the station. This page shows what the gateway records: the step response of every bake step, its overshoot,
        rise and settling time, and compares runs side by side.</div>
      <div class="card"><p>Pick runs to compare (bake steps are overlaid from each step's start):</p>
        <div id="runs">${batches.map((b, i) => `<label style="flex-direction:row;gap:6px"><input type="checkbox" value="${esc(b.id)}" ${i < 2 ? "checked" : ""}>
          ${esc(b.id)} — ${esc(b.recipeName)} on ${esc(b.stationId)}</label>`).join("") || "<p class='muted'>no finished batches yet</p>"}</div>
        <button id="compare">Compare</button></div>
      <canvas class="chart" id="step-chart" style="height:340px;margin-top:12px"></canvas>
      <div id="metrics"></div>`;
    const run = async () => {
      const ids = [...el.querySelectorAll("#runs input:checked")].map(i => i.value);
      const details = await Promise.all(ids.map(id => api.get(`/api/batches/${encodeURIComponent(id)}`)));
      const series = [], rows = [];
      for (const d of details) {
        for (const step of d.steps.filter(s => s.kind === "bake")) {
          const pts = d.bakeTrace.filter(p => p.step === step.index);
          if (!pts.length) continue;
          const t0 = Date.parse(pts[0].at);
          const xy = pts.map(p => [(Date.parse(p.at) - t0) / 1000, p.plateC]);
          series.push({ label: `${d.batch.id.slice(-6)} ${step.name}`.slice(0, 24), points: xy });
          rows.push({ batch: d.batch.id, step, ...stepMetrics(xy, step.setpointC, step.bandC) });
        }
      }
      drawChart(el.querySelector("#step-chart"), series, { title: "Bake step response: plate °C vs s since step start", xLabel: "s (station clock)" });
      el.querySelector("#metrics").innerHTML = rows.length ? `<table><tr><th>batch</th><th>step</th><th class="num">setpoint °C</th><th class="num">start °C</th>
        <th class="num">overshoot °C</th><th class="num">rise 10–90 % s</th><th class="num">settle (±band) s</th><th class="num">mean error after settle °C</th></tr>
        ${rows.map(r => `<tr><td>${esc(r.batch)}</td><td>${esc(r.step.name)}</td><td class="num">${fmt(r.step.setpointC, 1)}</td><td class="num">${fmt(r.start, 2)}</td>
          <td class="num">${fmt(r.overshoot, 3)}</td><td class="num">${fmt(r.rise, 1)}</td><td class="num">${fmt(r.settle, 1)}</td><td class="num">${fmt(r.meanError, 3)}</td></tr>`).join("")}</table>`
        : `<p class="muted">no bake traces in the selected runs</p>`;
    };
    el.querySelector("#compare").addEventListener("click", run);
    if (batches.length) await run();
  },
};

// Figures of merit of one step response [[t, temp]] towards setpoint sp with acceptance band.
function stepMetrics(xy, sp, band) {
  const start = xy[0][1], span = sp - start, dir = Math.sign(span) || 1;
  const peak = dir > 0 ? Math.max(...xy.map(p => p[1])) : Math.min(...xy.map(p => p[1]));
  const at = frac => xy.find(p => dir * (p[1] - (start + frac * span)) >= 0)?.[0];
  const t10 = at(0.1), t90 = at(0.9);
  let settle = null;
  for (let i = xy.length - 1; i >= 0; i--) { if (Math.abs(xy[i][1] - sp) > band) { settle = i + 1 < xy.length ? xy[i + 1][0] : null; break; } if (i === 0) settle = xy[0][0]; }
  const after = settle === null ? [] : xy.filter(p => p[0] >= settle);
  return {
    start, overshoot: Math.max(0, dir * (peak - sp)),
    rise: t10 !== undefined && t90 !== undefined ? t90 - t10 : null,
    settle, meanError: after.length ? after.reduce((a, p) => a + (p[1] - sp), 0) / after.length : null,
  };
}
