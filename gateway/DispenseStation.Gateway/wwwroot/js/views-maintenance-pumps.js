// The "Pumps" section of the maintenance page: prime a pump line or calibrate a pump at a set of speeds on one station,
// stop a running pump, the table of g/s per speed each channel doses with (when, by whom), and the station's pump
// history (who, when, channel, speeds, seconds, grams, flows). renderPumpsSection(el, id) renders into el and returns a
// function that stops its polling; the maintenance page calls it for its station.
"use strict";
const pumpStatusWords = { running: "running", completed: "completed", stopped: "stopped", failed: "failed" };
const pumpDefaultSpeeds = [0.05, 0.25, 0.5, 0.75, 1];

function renderPumpsSection(el, stationId) {
  const canRun = api.can("technician");
  const sid = encodeURIComponent(stationId);
  el.innerHTML = `<section class="card" id="pumps" aria-labelledby="pumps-title">
    <h2 id="pumps-title">Pumps</h2>
    ${canRun ? `<p class="muted">Put a waste bottle on the scale. <strong>Prime</strong> runs the pump at the speed until the grams have
      arrived or the time is up, whichever first. <strong>Calibrate</strong> runs it at each of the speeds in turn for the time (or to the
      grams) per speed, weighs what came at each and stores the table of g/s per speed, which the station doses with from then on
      (between calibrated speeds it interpolates). Stop switches the pump off at once; nothing is stored from a stopped calibration.</p>
    <form id="pump-form" class="run" novalidate>
      <label>Channel <input name="channel" type="number" min="0" max="7" step="1" value="0" required></label>
      <label>Prime speed (0-1) <input name="speed" type="number" min="0.01" max="1" step="0.01" value="0.5"></label>
      <label>Calibration speeds <input name="speeds" type="text" inputmode="decimal" value="${pumpDefaultSpeeds.join(", ")}"
        aria-describedby="pump-speeds-help"></label>
      <label>Seconds (per speed) <input name="seconds" type="number" min="0.1" max="600" step="0.1" value="10"></label>
      <label>Grams (per speed) <input name="grams" type="number" min="0.1" max="1000" step="0.1" placeholder="optional"></label>
      <p class="muted" id="pump-speeds-help">Calibration: 2 to 6 speeds from 0.05 to 1, ascending, each once; empty for the default set.</p>
      <button type="submit" name="procedure" value="prime" id="pump-prime">Prime</button>
      <button type="submit" name="procedure" value="calibrate-pump" id="pump-calibrate">Calibrate</button>
      <button type="button" id="pump-stop" class="secondary" hidden>Stop pump</button>
    </form>` : `<p class="muted" id="pumps-readonly">Priming and calibrating need the technician role; the history is below.</p>`}
    <div id="pump-result" role="status" aria-live="polite"></div>
    <h3>Calibrated flows</h3>
    <div id="pump-calibrations"><p class="muted">Loading…</p></div>
    <h3>History</h3>
    <div id="pump-history" class="table-scroll"><p class="muted">Loading…</p></div>
  </section>`;
  const result = el.querySelector("#pump-result");
  const history = el.querySelector("#pump-history");
  const calibrations = el.querySelector("#pump-calibrations");
  const stop = el.querySelector("#pump-stop");
  let timer = null, gone = false, watching = null;

  const load = async () => {
    try {
      const [runs, current] = await Promise.all([api.get(`/api/stations/${sid}/maintenance/pump-runs?limit=20`),
        api.get(`/api/stations/${sid}/maintenance/pump-calibrations`)]);
      if (gone) return;
      calibrations.innerHTML = current.length ? current.map(pumpCalibrationHtml).join("")
        : `<p class="muted" id="pump-calibrations-empty">No pump on this station has been calibrated yet: it doses with its configured flows.</p>`;
      history.innerHTML = runs.length ? pumpHistoryHtml(runs) : `<p class="muted" id="pump-history-empty">No pump has been primed or calibrated on this station yet.</p>`;
      const running = runs.find(r => r.status === "running");
      if (stop) stop.hidden = !running;
      if (watching) {
        const run = runs.find(r => r.commandId === watching);
        if (run && run.status !== "running") { result.innerHTML = pumpOutcomeHtml(run); watching = null; }
      }
      clearTimeout(timer);
      if (running) timer = setTimeout(load, 1000);
    } catch (e) { if (!gone) history.innerHTML = errorHtml(e); }
  };

  const form = el.querySelector("#pump-form");
  form?.addEventListener("submit", async ev => {
    ev.preventDefault();
    const procedure = ev.submitter?.value ?? "prime";
    const data = new FormData(form);
    const number = name => { const v = String(data.get(name) ?? "").trim(); return v === "" ? null : Number(v); };
    // Speeds as typed: a word stays a word, so the gateway names the item ("speeds[1]: must be a number").
    const typed = String(data.get("speeds") ?? "").split(/[\s,;]+/).filter(v => v !== "").map(v => Number.isNaN(Number(v)) ? v : Number(v));
    const body = procedure === "prime"
      ? { channel: number("channel"), speed: number("speed"), seconds: number("seconds"), grams: number("grams") }
      : { channel: number("channel"), ...(typed.length ? { speeds: typed } : {}), seconds: number("seconds"), grams: number("grams") };
    result.innerHTML = `<p class="muted">Sending ${procedure === "prime" ? "prime" : "calibration"} to ${esc(stationId)}…</p>`;
    try {
      const run = await api.post(`/api/stations/${sid}/maintenance/${procedure}`, body);
      watching = run.commandId;
      result.innerHTML = `<p class="muted" id="pump-running">Pump ${esc(run.channel)} ${procedure === "prime" ? `priming at speed ${fmt(run.speed, 2)}`
        : `calibrating at speeds ${(run.speeds ?? []).map(v => fmt(v, 2)).join(", ")}`}…</p>`;
    } catch (e) { result.innerHTML = errorHtml(e); }
    await load();
  });
  stop?.addEventListener("click", async () => {
    try { await api.post(`/api/stations/${sid}/maintenance/pump-runs/stop`); }
    catch (e) { result.innerHTML = errorHtml(e); }
    await load();
  });
  load();
  return () => { gone = true; clearTimeout(timer); };
}

function pumpOutcomeHtml(r) {
  if (r.procedure === "prime") {
    return `<p id="pump-outcome" data-status="${esc(r.status)}">Prime of pump ${esc(r.channel)} ${esc(pumpStatusWords[r.status] ?? r.status)}:
      ${fmt(r.grams, 3)} g in ${fmt(r.seconds, 2)} s. ${r.message ? `<span class="muted">${esc(r.message)}</span>` : ""}</p>`;
  }
  const stored = r.status === "completed" ? `: g/s at ${r.table.length} speeds, stored` : "";
  return `<div id="pump-outcome" data-status="${esc(r.status)}"><p>Calibration of pump ${esc(r.channel)} ${esc(pumpStatusWords[r.status] ?? r.status)}${stored}.
    ${r.message ? `<span class="muted">${esc(r.message)}</span>` : ""}</p>
    ${r.table.length ? pumpTableHtml(r.table, `Measured on pump ${esc(r.channel)}${r.status === "completed" ? "" : " (not stored)"}`) : ""}</div>`;
}

// One calibration's rows: speed, g/s, and the seconds and grams each flow was measured from.
function pumpTableHtml(table, caption) {
  return `<table class="pump-flow-table"><caption class="muted">${caption}</caption>
    <tr><th scope="col">speed</th><th scope="col">g/s</th><th scope="col">seconds</th><th scope="col">grams</th></tr>
    ${table.map(p => `<tr><td>${fmt(p.speed, 2)}</td><td>${fmt(p.flowGramsPerS, 4)}</td><td>${fmt(p.seconds, 2)}</td><td>${fmt(p.grams, 3)}</td></tr>`).join("")}</table>`;
}

function pumpCalibrationHtml(c) {
  return `<div class="pump-calibration" data-channel="${esc(c.channel)}">
    ${pumpTableHtml(c.table, `Pump ${esc(c.channel)}: calibrated ${time(c.finishedAt ?? c.requestedAt)} by ${esc(c.user)}`)}</div>`;
}

function pumpHistoryHtml(runs) {
  const speeds = r => r.speeds ? r.speeds.map(v => fmt(v, 2)).join(", ") : fmt(r.speed, 2);
  const flows = r => r.table.length ? r.table.map(p => `${fmt(p.speed, 2)}: ${fmt(p.flowGramsPerS, 4)}`).join("<br>") : "–";
  return `<table id="pump-table"><caption class="muted">Latest ${runs.length} runs, newest first</caption>
    <tr><th>when</th><th>who</th><th>what</th><th>channel</th><th>speeds</th><th>seconds</th><th>grams</th><th>g/s by speed</th><th>result</th></tr>
    ${runs.map(r => `<tr data-run="${esc(r.commandId)}" data-status="${esc(r.status)}"><td>${time(r.requestedAt)}</td><td>${esc(r.user)}</td>
      <td>${r.procedure === "prime" ? "prime" : "calibrate"}</td><td>${esc(r.channel)}</td><td>${speeds(r)}</td>
      <td>${fmt(r.seconds, 2)}</td><td>${fmt(r.grams, 3)}</td><td>${flows(r)}</td>
      <td>${esc(pumpStatusWords[r.status] ?? r.status)}${r.message ? `<br><span class="muted">${esc(r.message)}</span>` : ""}</td></tr>`).join("")}</table>`;
}

// The Pumps section of the maintenance page: the station named in the address (#/maintenance/STATION), else the first
// online one; choosing another station moves the address, so the page can be bookmarked per station.
async function pumpsMaintenanceSection(box, stationId) {
  const stations = await api.get("/api/stations");
  const known = stations.filter(s => s.known !== false);
  const chosen = stationId ?? known.find(s => s.online)?.id ?? known[0]?.id;
  if (!chosen) {
    box.innerHTML = `<section class="card" aria-labelledby="pumps-title"><h2 id="pumps-title">Pumps</h2>
      <p class="muted" id="maintenance-empty">No station has connected yet.</p></section>`;
    return undefined;
  }
  box.innerHTML = `<form class="run" id="maintenance-station"><label>Pumps of station <select name="station">${known.map(s =>
    `<option value="${esc(s.id)}"${s.id === chosen ? " selected" : ""}>${esc(s.id)}${s.online ? "" : " (offline)"}</option>`).join("")}</select></label></form>
    <div id="maintenance-pumps"></div>`;
  box.querySelector("#maintenance-station").addEventListener("change", ev => { location.hash = "#/maintenance/" + encodeURIComponent(ev.target.value); });
  return renderPumpsSection(box.querySelector("#maintenance-pumps"), chosen);
}
