// The "Pumps" section of the maintenance page: prime a pump line or calibrate a pump on one station, stop a running
// pump, and the station's pump history (who, when, channel, speed, seconds, grams, flow). renderPumpsSection(el, id)
// renders into el and returns a function that stops its polling; the maintenance page calls it for its station.
"use strict";
const pumpStatusWords = { running: "running", completed: "completed", stopped: "stopped", failed: "failed" };

function renderPumpsSection(el, stationId) {
  const canRun = api.can("technician");
  const sid = encodeURIComponent(stationId);
  el.innerHTML = `<section class="card" id="pumps" aria-labelledby="pumps-title">
    <h2 id="pumps-title">Pumps</h2>
    ${canRun ? `<p class="muted">Put a waste bottle on the scale. <strong>Prime</strong> runs the pump until the grams have arrived or the
      time is up, whichever first. <strong>Calibrate</strong> runs it at the speed for the time (or to the grams), weighs what came and stores
      the flow in g/s, which the station doses with from then on. Stop switches the pump off at once.</p>
    <form id="pump-form" class="run" novalidate>
      <label>Channel <input name="channel" type="number" min="0" max="7" step="1" value="0" required></label>
      <label>Speed (0-1) <input name="speed" type="number" min="0.01" max="1" step="0.01" value="0.5" required></label>
      <label>Seconds <input name="seconds" type="number" min="0.1" max="600" step="0.1" value="10"></label>
      <label>Grams <input name="grams" type="number" min="0.1" max="1000" step="0.1" placeholder="optional"></label>
      <button type="submit" name="procedure" value="prime" id="pump-prime">Prime</button>
      <button type="submit" name="procedure" value="calibrate-pump" id="pump-calibrate">Calibrate</button>
      <button type="button" id="pump-stop" class="secondary" hidden>Stop pump</button>
    </form>` : `<p class="muted" id="pumps-readonly">Priming and calibrating need the technician role; the history is below.</p>`}
    <div id="pump-result" role="status" aria-live="polite"></div>
    <h3>History</h3>
    <div id="pump-history" class="table-scroll"><p class="muted">Loading…</p></div>
  </section>`;
  const result = el.querySelector("#pump-result");
  const history = el.querySelector("#pump-history");
  const stop = el.querySelector("#pump-stop");
  let timer = null, gone = false, watching = null;

  const load = async () => {
    try {
      const runs = await api.get(`/api/stations/${sid}/maintenance/pump-runs?limit=20`);
      if (gone) return;
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
    const body = { channel: number("channel"), speed: number("speed"), seconds: number("seconds"), grams: number("grams") };
    result.innerHTML = `<p class="muted">Sending ${procedure === "prime" ? "prime" : "calibration"} to ${esc(stationId)}…</p>`;
    try {
      const run = await api.post(`/api/stations/${sid}/maintenance/${procedure}`, body);
      watching = run.commandId;
      result.innerHTML = `<p class="muted" id="pump-running">Pump ${esc(run.channel)} ${procedure === "prime" ? "priming" : "calibrating"} at speed ${fmt(run.speed, 2)}…</p>`;
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
  const what = r.procedure === "prime" ? "Prime" : "Calibration";
  const flow = r.flowGramsPerS !== null && r.flowGramsPerS !== undefined ? `: ${fmt(r.flowGramsPerS, 4)} g/s at speed ${fmt(r.speed, 2)}, stored` : "";
  return `<p id="pump-outcome" data-status="${esc(r.status)}">${what} of pump ${esc(r.channel)} ${esc(pumpStatusWords[r.status] ?? r.status)}: ${fmt(r.grams, 3)} g in ${fmt(r.seconds, 2)} s${flow}.
    ${r.message ? `<span class="muted">${esc(r.message)}</span>` : ""}</p>`;
}

function pumpHistoryHtml(runs) {
  return `<table id="pump-table"><caption class="muted">Latest ${runs.length} runs, newest first</caption>
    <tr><th>when</th><th>who</th><th>what</th><th>channel</th><th>speed</th><th>seconds</th><th>grams</th><th>flow g/s</th><th>result</th></tr>
    ${runs.map(r => `<tr data-run="${esc(r.commandId)}" data-status="${esc(r.status)}"><td>${time(r.requestedAt)}</td><td>${esc(r.user)}</td>
      <td>${r.procedure === "prime" ? "prime" : "calibrate"}</td><td>${esc(r.channel)}</td><td>${fmt(r.speed, 2)}</td>
      <td>${fmt(r.seconds, 2)}</td><td>${fmt(r.grams, 3)}</td><td>${fmt(r.flowGramsPerS, 4)}</td>
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
