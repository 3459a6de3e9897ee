// PID tuning: bake step responses from recorded traces (bake jobs' heat-up; batches recorded before bake jobs carried
// bake steps), their figures of merit, and run-to-run comparison.
"use strict";
const tuningView = {
  async render(el) {
    const batches = (await api.get("/api/batches?limit=100")).filter(b => b.state === "Complete" || b.state === "Aborted");
    const jobs = (await api.get("/api/bake-jobs?limit=100")).map(x => x.job).filter(j => j.state !== "Running");
    const stations = await api.get("/api/stations");
    el.innerHTML = `
      <h1>PID tuning</h1>
      <section class="card" id="gains-card">
        <h2>Hotplate gains</h2>
        <label>Station <select id="tune-station">${[...stations].sort((a, b) => Number(b.online) - Number(a.online)).map(st => `<option value="${esc(st.id)}">${esc(st.id)}${st.online ? "" : " (offline)"}</option>`).join("")}</select></label>
        <div id="gains-now"><p class="muted">pick a station</p></div>
        <form id="gains-form" class="row">
          <label>Kp (duty/°C) <input name="kp" type="number" step="any" min="0" required></label>
          <label>Ti (s) <input name="ti" type="number" step="any" min="0" required></label>
          <label>Td (s) <input name="td" type="number" step="any" min="0" required></label>
          <button type="submit" id="set-gains">Set gains</button>
        </form>
        <form id="autotune-form" class="row">
          <label>Autotune at (°C) <input name="targetC" type="number" step="any" value="110" required></label>
          <label>Rule <select name="rule">
            <option value="">station default</option>
            ${["ziegler-nichols", "tyreus-luyben", "simc", "lambda", "simc-pid"].map(r => `<option>${r}</option>`).join("")}</select></label>
          <label>Max °C <input name="maxC" type="number" step="any" placeholder="default"></label>
          <label>Max s <input name="maxS" type="number" step="any" placeholder="default"></label>
          <button type="submit" id="start-autotune">Start autotune</button>
        </form>
        <div id="tune-out"></div>
        <div id="autotune-progress" hidden>
          <p role="status"><span class="badge">autotuning</span> <span id="autotune-elapsed"></span>
            <button type="button" id="cancel-autotune" class="danger">Cancel autotune</button></p>
          <div id="autotune-chart"></div>
        </div>
        <div id="autotune-result"></div>
        <div id="gain-history"></div>
      </section>
      <div class="card"><p>Pick runs to compare (a bake job's heat-up to its first setpoint; the bake steps of batches recorded before bake jobs; each overlaid from its start):</p>
        <div id="runs">${jobs.map((j, i) => `<label style="flex-direction:row;gap:6px"><input type="checkbox" data-kind="job" value="${esc(j.id)}" ${i < 2 && j.state === "Complete" ? "checked" : ""}>
          ${esc(j.id)} — bake job ${esc(j.profileName)} v${j.profileVersion} on ${esc(j.stationId)}</label>`).join("")}
          ${batches.map((b, i) => `<label style="flex-direction:row;gap:6px"><input type="checkbox" data-kind="batch" value="${esc(b.id)}" ${i < 2 && !jobs.length && b.state === "Complete" ? "checked" : ""}>
          ${esc(b.id)} — ${esc(b.recipeName)} on ${esc(b.stationId)}</label>`).join("")}
          ${jobs.length || batches.length ? "" : "<p class='muted'>no finished bake jobs or batches yet</p>"}</div>
        <button id="compare">Compare</button></div>
      <canvas class="chart" id="step-chart" style="height:340px;margin-top:12px"></canvas>
      <div id="metrics"></div>`;
    const run = async () => {
      const picked = [...el.querySelectorAll("#runs input:checked")];
      const details = await Promise.all(picked.filter(i => i.dataset.kind === "batch").map(i => api.get(`/api/batches/${encodeURIComponent(i.value)}`)));
      const jobDetails = await Promise.all(picked.filter(i => i.dataset.kind === "job").map(i => api.get(`/api/bake-jobs/${encodeURIComponent(i.value)}`)));
      const series = [], rows = [];
      for (const d of jobDetails) {
        const first = d.profile?.segments?.[0];
        // The heat-up ends when the first wafer lands: after that the trace is the drop, not a step response.
        const downs = d.wafers.map(w => w.downTimeS);
        const end = downs.length ? Math.min(...downs) : Infinity;
        const xy = d.trace.filter(p => p.timeS < end).map(p => [p.timeS, p.plateC]);
        if (!first || !xy.length) continue;
        const step = { name: `${d.job.profileName} v${d.job.profileVersion} heat-up`, setpointC: first.setpointC, bandC: first.bandC };
        series.push({ label: `${d.job.id.slice(-6)} heat-up`.slice(0, 24), points: xy });
        rows.push({ batch: d.job.id, step, gains: d.job.gains, ...stepMetrics(xy, step.setpointC, step.bandC) });
      }
      for (const d of details) {
        for (const step of d.steps.filter(s => s.kind === "bake")) {
          const pts = d.bakeTrace.filter(p => p.step === step.index);
          if (!pts.length) continue;
          const t0 = Date.parse(pts[0].at);
          const xy = pts.map(p => [(Date.parse(p.at) - t0) / 1000, p.plateC]);
          series.push({ label: `${d.batch.id.slice(-6)} ${step.name}`.slice(0, 24), points: xy });
          rows.push({ batch: d.batch.id, step, gains: null, ...stepMetrics(xy, step.setpointC, step.bandC) });
        }
      }
      el.querySelector("#metrics").innerHTML = rows.length ? `<table><tr><th>batch</th><th>step</th><th class="num">setpoint °C</th><th class="num">start °C</th>
        <th class="num">overshoot °C</th><th class="num">rise 10–90 % s</th><th class="num">settle (±band) s</th><th class="num">mean error after settle °C</th><th>gains used (kp duty/°C, ti s, td s)</th></tr>
        ${rows.map(r => `<tr><td>${esc(r.batch)}</td><td>${esc(r.step.name)}</td><td class="num">${fmt(r.step.setpointC, 1)}</td><td class="num">${fmt(r.start, 2)}</td>
          <td class="num">${fmt(r.overshoot, 3)}</td><td class="num">${fmt(r.rise, 1)}</td><td class="num">${fmt(r.settle, 1)}</td><td class="num">${fmt(r.meanError, 3)}</td><td>${gainsText(r.gains)}</td></tr>`).join("")}</table>`
        : `<p class="muted">no bake traces in the selected runs</p>`;
      // Drawn after the words: a chart with no series has nothing to show.
      if (series.length) drawChart(el.querySelector("#step-chart"), series, { title: "Bake step response: plate °C vs s since step start", xLabel: "s (station clock)" });
    };
    el.querySelector("#compare").addEventListener("click", run);
    const leaveGains = wireGains(el);
    if (batches.length || jobs.length) await run();
    return leaveGains;
  },
};

const minSec = s => `${Math.floor(s / 60)} min ${s % 60} s`;
// The station's last progress report: cycles done and to go, and the end it implies (a lower bound: an unbalanced
// relay cycle adds one). Before the first cycle ends there is no period to go by.
function remainingText(e) {
  if (!e) return "heating up to the first relay cycle; no end estimate yet";
  const left = e.endsAt ? Math.max(0, Math.round((Date.parse(e.endsAt) - Date.now()) / 1000)) : null;
  return `relay cycle ${e.cyclesDone} done, at least ${e.cyclesRemaining} to go` +
    (left === null ? "" : ` (about ${minSec(left)} left at ${fmt(e.lastCycleS, 0)} s per cycle)`);
}

// The gains a run used, as its record keeps them (bake jobs keep them from their start; older batch records do not).
const gainsText = g => g ? `kp ${fmt(g.kp, 4)}, ti ${fmt(g.ti, 1)}, td ${fmt(g.td, 1)}` : `<span class="muted">not recorded</span>`;

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

// The gains panel: current gains and last autotune of the selected station (live), set gains, start an autotune.
function wireGains(el) {
  const select = el.querySelector("#tune-station"), out = el.querySelector("#tune-out");
  const station = () => select.value;
  // The gain boxes start from the station's current gains until the engineer types in them.
  const gainsForm = el.querySelector("#gains-form");
  let edited = false;
  gainsForm.addEventListener("input", () => { edited = true; });
  const fillGains = t => {
    if (edited || !t || t.kp == null) return;
    gainsForm.kp.value = t.kp; gainsForm.ti.value = t.ti ?? ""; gainsForm.td.value = t.td ?? "";
  };
  // Autotune progress: elapsed time, a live plot of the plate, and a cancel button while the station tunes.
  const progress = el.querySelector("#autotune-progress");
  let chart = null, startedAt = null, ticker = null, estimate = null;
  const showProgress = t => {
    const running = !!t?.autotuneRunning;
    progress.hidden = !running;
    if (running) {
      startedAt ??= t.status === "autotune-started" && t.at ? Date.parse(t.at) : Date.now();
      if (t.estimate) estimate = t.estimate;
      chart ??= timeChart(el.querySelector("#autotune-chart"), { id: "autotune-timechart", title: "Autotune: plate", unit: "°C",
        series: [{ label: "plate °C" }, { label: "setpoint °C", dash: [4, 3] }] });
      const tick = () => {
        const s = Math.max(0, Math.round((Date.now() - startedAt) / 1000));
        el.querySelector("#autotune-elapsed").textContent = `running for ${minSec(s)}; ${remainingText(estimate)}`;
      };
      tick();
      ticker ??= setInterval(tick, 1000);
    } else {
      clearInterval(ticker); ticker = null; startedAt = null; estimate = null;
      if (out.textContent.startsWith("autotune started")) out.innerHTML = ""; // the result below says how it ended
      if (chart) { chart.destroy(); chart = null; el.querySelector("#autotune-chart").innerHTML = ""; }
    }
  };
  el.querySelector("#cancel-autotune").addEventListener("click", async () => {
    try {
      await api.post(`/api/stations/${encodeURIComponent(station())}/tuning/autotune/cancel`, {});
      out.innerHTML = `<p class="ok" id="tune-ok">autotune cancelled; the heater is off</p>`;
    } catch (e) { out.innerHTML = errorHtml(e); }
  });
  const show = t => {
    fillGains(t);
    showProgress(t);
    el.querySelector("#gains-now").innerHTML = t && t.status !== "not-reported"
      ? `<p id="gains-current">Kp <b class="kp">${fmt(t.kp, 6)}</b> duty/°C · Ti <b class="ti">${fmt(t.ti, 2)}</b> s · Td <b class="td">${fmt(t.td, 2)}</b> s
         <span class="muted">(${esc(t.status)}, ${time(t.at)})</span>${t.autotuneRunning ? ` <span class="badge">autotune running</span>` : ""}</p>`
      : `<p class="muted">${esc(station())} has not reported its gains yet</p>`;
    const a = t?.lastAutotune;
    el.querySelector("#autotune-result").innerHTML = !a ? "" : a.status === "autotune-succeeded"
      ? `<table><tr><th>last autotune</th><th>rule</th><th class="num">Ku</th><th class="num">Pu s</th><th class="num">model K °C/duty</th><th class="num">tau s</th><th class="num">dead time s</th></tr>
         <tr><td>${time(a.at)}</td><td>${esc(a.rule)}</td><td class="num">${fmt(a.ku, 5)}</td><td class="num">${fmt(a.puS, 2)}</td>
         <td class="num">${fmt(a.modelGainCPerDuty, 1)}</td><td class="num">${fmt(a.tauS, 1)}</td><td class="num">${fmt(a.deadTimeS, 2)}</td></tr></table>`
      : `<div class="errors">last autotune (${time(a.at)}): ${esc(a.message ?? a.status)}</div>`;
  };
  const load = async () => {
    if (!station()) return;
    try { show(await api.get(`/api/stations/${encodeURIComponent(station())}/tuning`)); }
    catch (e) { out.innerHTML = errorHtml(e); }
    try {
      const entries = await api.get(`/api/audit?entity=Parameter&entityId=${encodeURIComponent(station() + "/hotplate-pid")}`);
      el.querySelector("#gain-history").innerHTML = entries.length ? `<table><tr><th>when</th><th>who</th><th>action</th><th>details</th></tr>
        ${entries.map(x => `<tr><td>${time(x.at)}</td><td>${esc(x.actor)}</td><td>${esc(x.action)}</td><td>${esc(x.details)}</td></tr>`).join("")}</table>` : "";
    } catch (e) { out.innerHTML = errorHtml(e); }
  };
  const number = v => v === "" ? null : Number(v);
  const submit = (form, path, body, done) => el.querySelector(form).addEventListener("submit", async ev => {
    ev.preventDefault();
    const f = new FormData(ev.target), button = ev.target.querySelector("button");
    button.disabled = true;
    out.innerHTML = "";
    try {
      await api.post(`/api/stations/${encodeURIComponent(station())}/tuning/${path}`, body(f));
      out.innerHTML = `<p class="ok" id="tune-ok">${esc(done)}</p>`;
      await load();
    } catch (e) { out.innerHTML = errorHtml(e); }
    finally { button.disabled = false; }
  });
  submit("#gains-form", "gains", f => ({ kp: number(f.get("kp")), ti: number(f.get("ti")), td: number(f.get("td")) }),
    "gains sent; the station applied them");
  submit("#autotune-form", "autotune", f => ({ targetC: number(f.get("targetC")), rule: f.get("rule") || null, maxC: number(f.get("maxC")), maxS: number(f.get("maxS")) }),
    "autotune started; results appear here when it finishes");
  select.addEventListener("change", () => { edited = false; showProgress(null); load(); });
  load();
  const offs = [
    live.on("tuning", t => { if (t.station === station()) { show(t); if (!t.autotuneRunning) load(); } }),
    live.on("telemetry", m => {
      if (!chart || m.station !== station() || m.sample.plateC == null) return;
      chart.append(Date.parse(m.sample.at), [m.sample.plateC, m.sample.setpointC]);
    }),
  ];
  return () => { offs.forEach(f => f()); showProgress(null); };
}
