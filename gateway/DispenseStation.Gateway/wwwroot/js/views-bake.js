// Bake jobs: #/bake (start a job, list jobs, profiles), #/bakejob/ID (live prompt, wafer buttons, live bake view, per-wafer
// table), #/bakereport/ID (printable record with the same bake view; js/bake-live.js).
"use strict";

function bakeSummaryHtml(s) {
  const row = (name, v, d, unit) => v ? `<tr><td>${name}</td><td>${fmt(v.mean, d)}</td><td>${fmt(v.min, d)}</td><td>${fmt(v.max, d)}</td><td>${fmt(v.range, d)}</td><td>${unit}</td></tr>` : "";
  return `<p id="bake-summary"><strong>${s.passed}</strong> passed, <strong>${s.failed}</strong> failed, ${s.done} of ${s.wafers} wafers done</p>
    <table><thead><tr><th>wafer to wafer</th><th>mean</th><th>min</th><th>max</th><th>spread</th><th></th></tr></thead><tbody>
    ${row("time on plate", s.timeOnPlateS, 2, "s")}${row("dose below ideal", s.doseDeficitPercent, 2, "%")}${row("plate dip", s.dipC, 2, "°C")}
    ${row("back within ±0.1 °C", s.recoverS, 1, "s")}${row("detection lag", s.detectLagS, 2, "s")}</tbody></table>`;
}

// Each withdrawn wafer-down a quality reviewer should see: when, the landing it had estimated (job seconds), and why.
function withdrawalsHtml(list) {
  if (list.length === 0) return "0";
  return `${list.length}: ` + list.map(x => `<span title="${esc(x.reason ?? "")}">${time(x.at)}`
    + `${x.downTimeS != null ? ` (landing t ${fmt(x.downTimeS, 1)} s, withdrawn t ${fmt(x.timeS, 1)} s)` : ""}</span>`).join("; ");
}

function bakeWafersHtml(wafers) {
  if (wafers.length === 0) return "<p class='muted'>no wafer finished yet</p>";
  return `<table id="wafer-table"><thead><tr><th>wafer</th><th>wafer-down (source)</th><th>detection lag s</th><th>time on plate s</th><th>withdrawn wafer-downs</th><th>removal</th>
    <th>plate dip °C</th><th>back within ±0.1 °C s</th><th>dose / ideal °C·s</th><th>profile v</th><th>result</th></tr></thead><tbody>
    ${wafers.map(w => `<tr class="${w.passed ? "ok" : "bad"}"><td>${w.wafer + 1}</td><td>${time(w.downAt)} (${esc(w.downSource)})</td><td>${fmt(w.detectLagS, 2)}</td>
      <td>${fmt(w.timeOnPlateS, 2)} of ${fmt(w.plannedS, 0)}</td><td class="withdrawals">${withdrawalsHtml(w.withdrawals ?? [])}</td><td>${esc(w.removal)}</td><td>${fmt(w.dipC, 2)}</td><td>${fmt(w.recoverS, 1)}</td>
      <td>${fmt(w.doseCs, 0)} / ${fmt(w.idealDoseCs, 0)}</td><td>${w.profileVersion}</td>
      <td>${w.passed ? "pass" : "fail: " + esc(w.failures)}</td></tr>`).join("")}</tbody></table>`;
}

const bakeView = {
  async render(el) {
    const [stations, profiles, jobs] = await Promise.all([api.get("/api/stations"), api.get("/api/bake-profiles"), api.get("/api/bake-jobs?limit=50")]);
    el.innerHTML = `
      <h1>Bake jobs</h1>
      <section class="card"><h2>Start a bake job</h2>
        <form id="bake-form" class="row">
          <label>Station <select name="station">${stations.map(s => `<option value="${esc(s.id)}">${esc(s.id)}${s.online ? "" : " (offline)"}</option>`).join("")}</select></label>
          <label>Profile <select name="profile">${profiles.map(p => `<option value="${esc(p.name)}">${esc(p.name)} v${p.version} — ${esc(p.description ?? "")}</option>`).join("")}</select></label>
          <label>Wafers <input name="wafers" type="number" min="1" max="100" value="5" required></label>
          <label>Resist batch <input name="resistBatchId" placeholder="optional"></label>
          <label>Operator <input name="operator" maxlength="64" required placeholder="your name"></label>
          <button type="submit" id="start-bake">Start</button>
        </form><div id="bake-out"></div></section>
      <section class="card"><h2>Jobs</h2>
        <table><thead><tr><th>job</th><th>station</th><th>profile</th><th>wafers</th><th>passed</th><th>state</th><th>created</th></tr></thead><tbody>
        ${jobs.map(j => `<tr><td><a href="#/bakejob/${encodeURIComponent(j.job.id)}">${esc(j.job.id)}</a></td><td>${esc(j.job.stationId)}</td>
          <td>${esc(j.job.profileName)} v${j.job.profileVersion}</td><td>${j.summary.done}/${j.job.wafers}</td><td>${j.summary.passed}</td>
          <td>${esc(j.job.state)}</td><td>${time(j.job.createdAt)}</td></tr>`).join("") || "<tr><td colspan=7 class='muted'>no bake jobs yet</td></tr>"}
        </tbody></table></section>
      <section class="card"><h2>Profiles (latest versions)</h2>
        <table><thead><tr><th>profile</th><th>version</th><th>process</th><th>wafer</th><th>segments</th><th>time on plate s</th></tr></thead><tbody>
        ${profiles.map(p => `<tr><td>${esc(p.name)}</td><td>${p.version}</td><td>${esc(p.process)}</td><td>${esc(p.wafer.name)}</td>
          <td>${p.segments.map(s => `${fmt(s.setpointC, 1)} °C ${fmt(s.holdS, 0)} s ±${fmt(s.bandC, 2)}`).join(", ")}</td><td>${fmt(p.plannedS, 0)}</td></tr>`).join("")}
        </tbody></table></section>`;
    el.querySelector("#bake-form").addEventListener("submit", async ev => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      const out = el.querySelector("#bake-out");
      try {
        const job = await api.post("/api/bake-jobs", {
          station: f.get("station"), profile: f.get("profile"), wafers: Number(f.get("wafers")),
          resistBatchId: f.get("resistBatchId") || null, operator: f.get("operator"),
        });
        location.hash = "#/bakejob/" + encodeURIComponent(job.id);
      } catch (e) { out.innerHTML = errorHtml(e); }
    });
  },
};

const bakeJobView = {
  async render(el, id) {
    let stopped = false;
    let d = await api.get("/api/bake-jobs/" + encodeURIComponent(id));
    el.innerHTML = `
      <h1>Bake job ${esc(d.job.id)}</h1>
      <p id="bake-head"></p>
      <section class="card" id="bake-live" hidden><h2 id="bake-phase" aria-live="polite"></h2>
        <p id="bake-prompt" class="prompt" role="status"></p>
        <label>Operator <input id="bake-operator" maxlength="64" value="${esc(d.job.operator)}"></label>
        <div class="row"><button id="btn-down" type="button">Wafer down</button>
          <button id="btn-already-down" type="button" hidden title="The wafer has been on the plate since the wafer-down the station took back: time it from then">Wafer was already down</button>
          <button id="btn-removed" type="button">Wafer removed</button>
          <button id="btn-abort" type="button" class="danger">Abort job</button></div>
        <div id="bake-cmd-out" aria-live="assertive"></div></section>
      <section class="card"><h2>Live bake view</h2><div id="bake-readout-host"></div><div id="bake-chart"></div></section>
      <section class="card"><h2>Summary</h2><div id="bake-summary-host"></div></section>
      <section class="card"><h2>Wafers</h2><div id="bake-wafers-host"></div></section>`;
    const chart = bakeChart(el.querySelector("#bake-chart"), "Plate temperature over the job");
    // The prompt follows the station's wafer events as they arrive (live "bake-job" updates); the rest on each poll.
    const showLive = () => {
      const running = d.job.state === "Running", live = d.live;
      el.querySelector("#bake-live").hidden = !running;
      if (!running) return;
      const phase = `Wafer ${live ? live.wafer + 1 : "–"}: ${live?.phase ?? "starting"}`;
      const prompt = live?.prompt ?? (live?.phase === "down" ? `wafer ${live.wafer + 1} is on the plate: baking` : "the plate is settling");
      // Only changed text is written, so screen readers announce a new prompt once.
      if (el.querySelector("#bake-phase").textContent !== phase) el.querySelector("#bake-phase").textContent = phase;
      if (el.querySelector("#bake-prompt").textContent !== prompt) el.querySelector("#bake-prompt").textContent = prompt;
      // Offered only after the station took a wafer-down back: it back-dates to that landing (the station refuses it when too old).
      el.querySelector("#btn-already-down").hidden = live?.phase !== "down-withdrawn";
    };
    const show = async () => {
      el.querySelector("#bake-head").innerHTML = `${esc(d.job.profileName)} v${d.job.profileVersion} on ${esc(d.job.stationId)}, ${d.job.wafers} wafers, by ${esc(d.job.operator)}
          ${d.job.resistBatchId ? `, resist batch <a href="#/batch/${encodeURIComponent(d.job.resistBatchId)}">${esc(d.job.resistBatchId)}</a>` : ""}
          — <strong id="bake-state" role="status">${esc(d.job.state)}</strong>${d.job.stateReason ? ": " + esc(d.job.stateReason) : ""}
          — <a href="#/bakereport/${encodeURIComponent(d.job.id)}">printable report</a>`;
      showLive();
      el.querySelector("#bake-readout-host").innerHTML = bakeReadoutHtml(d);
      el.querySelector("#bake-summary-host").innerHTML = bakeSummaryHtml(d.summary);
      el.querySelector("#bake-wafers-host").innerHTML = bakeWafersHtml(d.wafers);
      const alarms = await bakeAlarms(d);
      if (!stopped) chart.update(d, alarms);
      return d.job.state === "Running";
    };
    const send = async (cmd, alreadyDown) => {
      try {
        await api.post(`/api/bake-jobs/${encodeURIComponent(id)}/${cmd}`,
          { wafer: d.live ? d.live.wafer : 0, operator: el.querySelector("#bake-operator").value, alreadyDown: alreadyDown ? true : undefined });
        el.querySelector("#bake-cmd-out").innerHTML = "";
        await poll();
      } catch (e) { el.querySelector("#bake-cmd-out").innerHTML = errorHtml(e); }
    };
    el.querySelector("#btn-down").onclick = () => send("wafer-down");
    el.querySelector("#btn-already-down").onclick = () => send("wafer-down", true);
    el.querySelector("#btn-removed").onclick = () => send("wafer-removed");
    el.querySelector("#btn-abort").onclick = () => send("abort");
    let running = await show();
    // One request at a time: a slow answer is not overtaken by the next tick's.
    let polling = false;
    const poll = async () => {
      if (polling) return;
      polling = true;
      try {
        const next = await api.get("/api/bake-jobs/" + encodeURIComponent(id));
        if (stopped) return; // the page moved on while the request was out: this view's elements are gone
        d = next;
        running = await show();
      } finally { polling = false; }
    };
    const timer = setInterval(async () => {
      if (stopped || !running) return;
      try { await poll(); } catch { /* keep the last view */ }
    }, 1500);
    const offs = [
      live.on("bake-job", m => {
        if (m.id !== id || stopped) return;
        if (m.state === "Running") { d.live = m.live; d.job.state = "Running"; showLive(); }
        else poll().catch(() => null);
      }),
      live.on("bake-wafer", w => { if (w.jobId === id && !stopped) poll().catch(() => null); }),
    ];
    return () => { stopped = true; clearInterval(timer); offs.forEach(f => f()); chart.destroy(); };
  },
};

const bakeReportView = {
  async render(el, id) {
    const d = await api.get("/api/bake-jobs/" + encodeURIComponent(id));
    const p = d.profile;
    el.innerHTML = `
      <article class="report">
        <h1>Bake job report ${esc(d.job.id)}</h1>
        <div class="table-scroll" tabindex="0" role="region" aria-label="job"><table><tbody>
          <tr><th>station</th><td>${esc(d.job.stationId)}</td><th>operator</th><td>${esc(d.job.operator)}</td></tr>
          <tr><th>profile</th><td>${esc(d.job.profileName)} version ${d.job.profileVersion}</td><th>resist batch</th><td>${esc(d.job.resistBatchId ?? "–")}</td></tr>
          <tr><th>started</th><td>${time(d.job.createdAt)}</td><th>ended</th><td>${time(d.job.endedAt)} (${esc(d.job.state)}${d.job.stateReason ? ": " + esc(d.job.stateReason) : ""})</td></tr>
          ${p ? `<tr><th>segments</th><td colspan=3>${p.segments.map(s => `${fmt(s.setpointC, 1)} °C for ${fmt(s.holdS, 0)} s on the plate (band ±${fmt(s.bandC, 2)} °C)`).join("; ")}
            — ${esc(p.wafer.name)} wafer, ${fmt(p.waferHeatCapacityJPerK, 1)} J/K, gap ${fmt(p.proximityGapMm, 2)} mm</td></tr>
          <tr><th>tolerances</th><td colspan=3>time on plate ±${fmt(p.tolerances.timeOnPlateS, 1)} s; dose deficit ≤ ${fmt(p.tolerances.maxDoseDeficitPercent, 1)} %;
            dip ≤ ${fmt(p.tolerances.maxDipC, 2)} °C; back within ±0.1 °C ≤ ${fmt(p.tolerances.maxRecoverS, 0)} s</td></tr>` : ""}
        </tbody></table></div>
        <h2>Summary</h2>${bakeSummaryHtml(d.summary)}
        <h2>Wafers</h2>${bakeWafersHtml(d.wafers)}
        <h2>Bake trace</h2>${bakeReadoutHtml({ ...d, live: null })}<div id="bake-chart"></div>
        <p class="muted">Times in this record are shown in ${esc(zoneLabel())}.</p>
        <p class="no-print"><button type="button" onclick="window.print()">Print</button></p>
      </article>`;
    const chart = bakeChart(el.querySelector("#bake-chart"), "Plate temperature over the job");
    chart.update(d, await bakeAlarms(d));
    return () => chart.destroy();
  },
};
