// Batch view (live charts, steps, commands), batch history and the printable report.
"use strict";
const batchView = {
  async render(el, id) {
    let detail = await api.get(`/api/batches/${encodeURIComponent(id)}`);
    // Both charts on one clock: gateway UTC instants (a station's samples are mapped from its uptime when they arrive).
    const weight = { xs: [], ys: [[]] }, temp = { xs: [], ys: [[], []] };
    for (const p of detail.bakeTrace) { temp.xs.push(Date.parse(p.at)); temp.ys[0].push(p.plateC); temp.ys[1].push(p.setpointC); }
    // The weight curve so far comes from stored telemetry (a page opened mid-batch starts with it), then grows live.
    for (const s of await api.get(`/api/batches/${encodeURIComponent(id)}/telemetry`))
      if (s.scaleGrams != null) { weight.xs.push(Date.parse(s.at)); weight.ys[0].push(s.scaleGrams); }
    el.innerHTML = `
      <div class="row"><h1>Batch ${esc(id)}</h1><span id="state" class="badge"></span>
        <a class="noprint" href="#/report/${esc(id)}">printable report</a></div>
      <div id="summary" class="card"></div>
      <div class="row noprint" id="commands" style="margin:10px 0"></div>
      <div id="cmd-result"></div>
      <div class="charts">
        <div id="weight-chart"></div>
        <div id="temp-chart"></div>
      </div>
      <div class="charts">
        <div><h2>Steps</h2><ol class="steps" id="steps"></ol></div>
        <div><h2>Doses</h2><div id="doses"></div><h2>Alarms</h2><div id="alarms"></div></div>
      </div>
      <h2>Events</h2><div class="log" id="log"></div>`;
    const weightChart = timeChart(el.querySelector("#weight-chart"), { id: "weight-timechart", title: "Weight on scale", unit: "g", series: [{ label: "scale g", decimals: 3 }] });
    const tempChart = timeChart(el.querySelector("#temp-chart"), { id: "temp-timechart", title: "Hotplate", unit: "°C",
      series: [{ label: "plate °C" }, { label: "setpoint °C", dash: [4, 3] }] });
    weightChart.setData(weight.xs, weight.ys);
    tempChart.setData(temp.xs, temp.ys);
    const redraw = () => {
      const marks = detail.alarms.map(a => ({ at: Date.parse(a.raisedAt), label: a.code, kind: "alarm" }));
      weightChart.setMarkers(marks);
      tempChart.setMarkers(marks);
    };
    const show = () => {
      const b = detail.batch;
      const st = el.querySelector("#state"); st.textContent = b.state; st.className = `badge ${b.state}`; st.id = "state"; st.dataset.state = b.state;
      el.querySelector("#summary").innerHTML = summaryHtml(detail);
      el.querySelector("#steps").innerHTML = detail.steps.map(s => {
        const cur = b.progress?.stepIndex;
        const done = b.state === "Complete" || (cur !== null && cur !== undefined && s.index < cur);
        return `<li class="${done ? "done" : s.index === cur ? "current" : ""}">${esc(s.name)}${s.kind === "dose" ? ` — ch ${s.channelLabel}, ${fmt(s.targetGrams, 3)} ± ${fmt(s.toleranceGrams, 3)} g` : ""}${s.kind === "bake" ? ` — ${fmt(s.setpointC, 1)} °C for ${fmt(s.holdS, 0)} s (±${fmt(s.bandC, 2)})` : ""}</li>`;
      }).join("");
      el.querySelector("#doses").innerHTML = dosesHtml(detail.doses, detail.steps);
      el.querySelector("#alarms").innerHTML = detail.alarms.length ? alarmsHtml(detail.alarms) : `<p class="muted">none</p>`;
      // Only the commands the station takes in its present state (the gateway works them out from the station's rules).
      const cmds = b.commands ?? [];
      const ended = ["Complete", "Aborted", "Interrupted"].includes(b.state);
      el.querySelector("#commands").innerHTML = cmds.map(c => `<button class="${c === "abort" ? "danger" : "secondary"}" data-cmd="${c}">${esc(batchCommandLabels[c] ?? c)}</button>`).join("")
        + (b.progress?.prompt ? ` <span class="notice">${esc(b.progress.prompt)}</span>` : "")
        + (!ended && !cmds.length ? `<span class="muted" id="no-commands">No command possible now: the station is offline or not running this batch yet.</span>` : "");
      redraw();
    };
    el.querySelector("#commands").addEventListener("click", async ev => {
      const cmd = ev.target.dataset?.cmd;
      if (!cmd) return;
      const out = el.querySelector("#cmd-result");
      try {
        const r = await api.post(`/api/batches/${encodeURIComponent(id)}/commands/${cmd}`, cmd === "confirm" ? { stepIndex: detail.batch.progress?.stepIndex } : {});
        out.innerHTML = `<p class="muted" role="status">${esc(batchCommandLabels[cmd] ?? cmd)}: accepted by the station.</p>`;
      } catch (e) { out.innerHTML = errorHtml(e); }
    });
    show();
    const log = el.querySelector("#log");
    let lastStationState, lastOnline;
    const refresh = async () => { detail = await api.get(`/api/batches/${encodeURIComponent(id)}`); show(); };
    const offs = [
      live.on("telemetry", m => {
        if (m.station !== detail.batch.stationId || ["Complete", "Aborted", "Interrupted"].includes(detail.batch.state)) return;
        const s = m.sample, x = Date.parse(s.at);
        if (s.scaleGrams != null) weightChart.append(x, [s.scaleGrams]);
        if (s.plateC != null) tempChart.append(x, [s.plateC, s.setpointC]);
      }),
      // The station's state decides which commands are offered: fetch the batch again when it changes.
      live.on("station", st => { if (st.id === detail.batch.stationId && (st.packMlState !== lastStationState || st.online !== lastOnline)) {
        lastStationState = st.packMlState; lastOnline = st.online; refresh().catch(() => null); } }),
      live.on("batch", b => { if (b.id === id) { detail.batch = b; show(); if (["Complete", "Aborted", "Interrupted"].includes(b.state)) refresh(); } }),
      live.on("batch-event", e => {
        if (e.batchId !== id) return;
        log.insertAdjacentHTML("afterbegin", `<div>${new Date().toLocaleTimeString()} ${esc(e.kind)} ${e.stepIndex ?? ""} ${esc(e.message ?? "")}${e.actualGrams != null ? ` actual ${fmt(e.actualGrams, 4)} g (error ${fmt(e.errorGrams, 4)})` : ""}${e.alarmCode ? ` ${esc(e.alarmCode)} ${esc(e.severity)}` : ""}</div>`);
        if (e.kind === "dose-result" || e.kind.startsWith("alarm")) refresh();
      }),
    ];
    return () => { offs.forEach(f => f()); weightChart.destroy(); tempChart.destroy(); };
  },
};

// Batch commands as the operator reads them.
const batchCommandLabels = { confirm: "Confirm step", hold: "Hold", unhold: "Unhold", resume: "Resume after restart", abort: "Abort batch" };

function summaryHtml(d) {
  const b = d.batch;
  const lots = Object.entries(d.lots ?? {}).map(([m, l]) => `${esc(m)}: ${esc(l)}`).join(", ") || "none given";
  return `<dl class="kv">
    <dt>recipe</dt><dd>${esc(b.recipeName)}</dd>${recipeSourceHtml(d.recipeSource)}<dt>station</dt><dd>${esc(b.stationId)}</dd>
    <dt>batch size</dt><dd>${fmt(b.batchGrams, 3)} g</dd><dt>operator</dt><dd>${esc(b.operator)}</dd>
    <dt>lots</dt><dd>${lots}</dd>
    <dt>created</dt><dd>${time(b.createdAt)}</dd><dt>started</dt><dd>${time(b.startedAt)}</dd><dt>ended</dt><dd>${time(b.endedAt)}</dd>
    <dt>state</dt><dd><span class="badge ${esc(b.state)}">${esc(b.state)}</span> ${esc(b.stateReason ?? "")}</dd>
    <dt>progress</dt><dd>${b.progress ? `step ${(b.progress.stepIndex ?? -1) + 1}/${b.progress.stepCount} ${esc(b.progress.stepName ?? "")}, doses ${b.progress.dosesDone}/${b.progress.doseCount}` : "–"}</dd>
  </dl>`;
}

// Which saved version of which recipe the batch ran (version 0 = the shipped file), and the hash of that text.
function recipeSourceHtml(src) {
  if (!src) return "";
  return `<dt>recipe version</dt><dd id="recipe-source">${esc(src.recipeId)} version ${src.version}${src.version === 0 ? " (shipped)" : ""},
    SHA-256 <code title="${esc(src.sha256)}">${esc(src.sha256.slice(0, 12))}</code></dd>`;
}

function dosesHtml(doses, steps) {
  if (!doses.length) return `<p class="muted">none yet</p>`;
  const tol = tolerances(doses, steps ?? []);
  return `<table id="dose-table"><tr><th>#</th><th>ch</th><th>material</th><th class="num">target g</th><th class="num">tolerance ± g</th><th class="num">actual g</th><th class="num">error g</th><th class="num">error %</th><th>result</th><th class="num">time s</th></tr>
    ${doses.map((d, i) => `<tr><td>${d.sequence}</td><td>${d.channel}</td><td>${esc(d.material)}</td><td class="num">${fmt(d.targetGrams, 4)}</td><td class="num">${tol[i] == null ? "–" : fmt(tol[i], 4)}</td><td class="num">${fmt(d.actualGrams, 4)}</td>
      <td class="num">${fmt(d.errorGrams, 4)}</td><td class="num">${fmt(100 * d.errorGrams / d.targetGrams, 3)}</td>
      <td class="dose-result">${tol[i] == null ? "–" : Math.abs(d.errorGrams) <= tol[i] ? `<span class="sig-valid">pass</span>` : `<span class="sig-broken">FAIL</span>`}</td><td class="num">${fmt(d.durationS, 1)}</td></tr>`).join("")}</table>`;
}

// The planned tolerance of each dose: a dose's sequence is the index of the planned step it carried out.
function tolerances(doses, steps) {
  return doses.map(d => steps.find(s => s.index === d.sequence)?.toleranceGrams ?? null);
}

// Lot of every material the record dosed; a material without a lot is flagged.
function lotsHtml(d) {
  const materials = [...new Set(d.doses.map(x => x.material))];
  if (!materials.length) return `<p class="muted">no doses</p>`;
  return `<table id="lot-table"><tr><th>material</th><th>lot</th></tr>${materials.map(m => `<tr><td>${esc(m)}</td><td>${d.lots?.[m] ? esc(d.lots[m]) : `<span class="sig-broken">no lot given</span>`}</td></tr>`).join("")}</table>`;
}

// The station's calibrations and latest scale check as the record kept them at batch start (issue 17 part 5), with
// every flag the gateway raised about them. Times are the record's (UTC instants shown in the viewer's zone).
function calibrationBlockHtml(c) {
  if (!c) return `<p class="muted" id="calibration-none">Not recorded: this batch started before the gateway kept calibrations with the record.</p>`;
  const r = c.recorded;
  const part = (name, ok, at, extra) => !r.reported ? `<span class="sig-broken">not reported by the station</span>`
    : ok ? `calibrated ${at ? time(at) : `<span class="sig-broken">(date not known)</span>`}${extra ?? ""}` : `<span class="sig-broken">not calibrated</span>`;
  const check = r.lastScaleCheck;
  return `<dl class="kv">
      <dt>scale</dt><dd id="cal-scale">${part("scale", r.scaleCalibrated, r.scaleCalibratedAt, r.scaleReferenceGrams != null ? `, reference ${fmt(r.scaleReferenceGrams, 1)} g` : "")}</dd>
      <dt>RTD</dt><dd id="cal-rtd">${part("RTD", r.rtdCalibrated, r.rtdCalibratedAt)}</dd>
      <dt>last scale check</dt><dd id="cal-check">${check ? `${time(check.at)}: ${check.passed ? `<span class="sig-valid">pass</span>` : `<span class="sig-broken">FAIL</span>`}
        by ${esc(check.by)}, ${fmt(check.nominalGrams, 4)} g weight ${esc(check.certificate)}, error ${fmt(check.errorGrams, 4)} g (± ${fmt(check.toleranceGrams, 4)} g)`
        : `<span class="sig-broken">no scale check on record</span>`}</dd>
      <dt>recorded</dt><dd>${time(r.takenAt)} at batch start; a scale check older than ${r.scaleCheckMaxAgeDays} days or a calibration older than ${r.calibrationMaxAgeDays} days is flagged</dd>
    </dl>
    ${c.flags.length ? `<ul id="calibration-flags">${c.flags.map(f => `<li class="sig-broken" data-flag="${esc(f.code)}">${esc(f.message)}</li>`).join("")}</ul>`
      : `<p class="sig-valid" id="calibration-ok">Scale and RTD calibrated and the scale checked within the limits at batch start.</p>`}`;
}

function alarmsHtml(alarms) {
  return `<table><tr><th>code</th><th>severity</th><th>message</th><th>raised</th><th>cleared</th></tr>
    ${alarms.map(a => `<tr><td>${esc(a.code)}</td><td>${esc(a.severity)}</td><td>${esc(a.message)}</td><td>${time(a.raisedAt)}</td><td>${time(a.clearedAt)}</td></tr>`).join("")}</table>`;
}

const batchesView = {
  async render(el) {
    const batches = await api.get("/api/batches?limit=200");
    el.innerHTML = `<h1>Batch history</h1><table id="batches"><tr><th>batch</th><th>station</th><th>recipe</th><th class="num">g</th><th>operator</th><th>state</th><th>created</th><th>ended</th><th></th></tr>
      ${batches.map(b => `<tr><td><a href="#/batch/${esc(b.id)}">${esc(b.id)}</a></td><td>${esc(b.stationId)}</td><td>${esc(b.recipeName)}</td><td class="num">${fmt(b.batchGrams, 1)}</td>
        <td>${esc(b.operator)}</td><td><span class="badge ${esc(b.state)}">${esc(b.state)}</span> <span class="muted">${esc(b.stateReason ?? "")}</span></td><td>${time(b.createdAt)}</td><td>${time(b.endedAt)}</td>
        <td><a href="#/report/${esc(b.id)}">report</a></td></tr>`).join("")}</table>`;
    return live.on("batch", () => { if (location.hash === "#/batches") route(); });
  },
};

const reportView = {
  async render(el, id) {
    const d = await api.get(`/api/batches/${encodeURIComponent(id)}`);
    const total = d.doses.reduce((a, x) => a + x.actualGrams, 0);
    const worst = d.doses.reduce((a, x) => Math.max(a, Math.abs(x.errorGrams)), 0);
    el.innerHTML = `<div class="card">
      <div class="row"><h1>Batch record ${esc(id)}</h1><button class="noprint secondary" onclick="window.print()">Print</button></div>
      ${summaryHtml(d)}
      <h2>Doses</h2>${dosesHtml(d.doses, d.steps)}
      <h2>Materials and lots</h2>${lotsHtml(d)}
      <p>Total dispensed ${fmt(total, 4)} g of ${fmt(d.batch.batchGrams, 3)} g planned; largest deviation ${fmt(worst, 4)} g.</p>
      <h2>Calibration</h2><div id="calibration">${calibrationBlockHtml(d.calibration)}</div>
      <h2>Weight and bake trace</h2><div class="charts"><div id="report-weight"></div><div id="report-chart"></div></div>
      <h2>As-dispensed claims</h2><div id="report-claims"><p class="muted">written when the batch completes</p></div>
      <h2>Alarms</h2>${d.alarms.length ? alarmsHtml(d.alarms) : "<p>none</p>"}
      <h2>Signatures</h2><div id="signatures"></div>
      <p class="no-print">Export: <a id="export-doses" href="/api/export/doses.csv?batch=${encodeURIComponent(id)}">doses CSV</a> ·
        <a id="export-trace" href="/api/export/trace.csv?batch=${encodeURIComponent(id)}">traces CSV</a> ·
        <a href="/api/export/audit.csv?batch=${encodeURIComponent(id)}">audit CSV</a> ·
        <a id="export-record" href="/api/batches/${encodeURIComponent(id)}/record.json">record JSON (sealed)</a> (times in UTC)</p>
      <h2>Recipe</h2><pre style="white-space:pre-wrap;font-size:11px">${esc(d.recipeYaml)}</pre>
      <p class="muted" id="time-zone">Times in this record are shown in ${esc(Intl.DateTimeFormat().resolvedOptions().timeZone)} (UTC${esc(utcOffset())}); exports are in UTC.
        Generated ${new Date().toLocaleString()} by the DispenseStation gateway.</p></div>`;
    asDispensedClaims(el.querySelector("#report-claims"), id);
    await renderSignatures(el.querySelector("#signatures"), id);
    const telemetry = (await api.get(`/api/batches/${encodeURIComponent(id)}/telemetry`)).filter(s => s.scaleGrams != null);
    const marks = d.alarms.map(a => ({ at: Date.parse(a.raisedAt), label: a.code, kind: "alarm" }));
    const w = timeChart(el.querySelector("#report-weight"), { id: "report-weight-timechart", title: "Weight on scale", unit: "g", series: [{ label: "scale g", decimals: 3 }] });
    w.setData(telemetry.map(s => Date.parse(s.at)), [telemetry.map(s => s.scaleGrams)]);
    w.setMarkers(marks);
    const t = timeChart(el.querySelector("#report-chart"), { id: "report-temp-timechart", title: "Hotplate", unit: "°C",
      series: [{ label: "plate °C" }, { label: "setpoint °C", dash: [4, 3] }] });
    t.setData(d.bakeTrace.map(p => Date.parse(p.at)), [d.bakeTrace.map(p => p.plateC), d.bakeTrace.map(p => p.setpointC)]);
    t.setMarkers(marks);
    return () => { w.destroy(); t.destroy(); };
  },
};

// "+01:00" style offset of the viewer's zone now: the report says which zone its times are in.
function utcOffset() {
  const m = -new Date().getTimezoneOffset();
  const a = Math.abs(m);
  return (m >= 0 ? "+" : "-") + String(Math.floor(a / 60)).padStart(2, "0") + ":" + String(a % 60).padStart(2, "0");
}
