// #/maintenance and #/maintenance/STATION: maintenance actions for technicians, one section each, each mounted by its own
// function into its own box (maintenanceSections below) with the station named in the address, if any; a section returns
// its clean-up. The scale check with a test weight is here; the pumps section lives in views-maintenance-pumps.js.
"use strict";
const maintenanceView = {
  async render(el, stationId) {
    el.innerHTML = `<h1>Maintenance</h1>${maintenanceSections.map(s => s.card === false ? `<div id="${esc(s.id)}-section"></div>`
      : `<section class="card" id="${esc(s.id)}-section" aria-labelledby="${esc(s.id)}-title"></section>`).join("")}`;
    const offs = [];
    for (const s of maintenanceSections) {
      const box = el.querySelector(`#${s.id}-section`);
      try { offs.push(await s.mount(box, stationId)); } catch (e) { box.innerHTML = `<h2 id="${esc(s.id)}-title">${esc(s.title)}</h2>${errorHtml(e)}`; }
    }
    return () => offs.forEach(off => { if (typeof off === "function") off(); });
  },
};

// Scale check with a test weight (issue 20 part 8): step 1 records the station's stable reading of the empty scale with the
// weight's nominal mass and certificate; step 2 the stable reading with the weight on. The gateway computes the error,
// judges it against the station's tolerance and keeps the check (append-only, audited); the history shows every check.
async function scaleCheckSection(box) {
  const stations = [...await api.get("/api/stations")].sort((a, b) => Number(b.online) - Number(a.online) || a.id.localeCompare(b.id));
  const mayRun = api.can("technician");
  box.innerHTML = `<h2 id="scale-check-title">Scale check</h2>
    <p class="muted">Check the station's scale with a certified test weight: empty scale first, then the weight placed centrally. Both readings
      must be stable; nothing may run on the station.</p>
    <label>Station <select id="sc-station">${stations.map(s => `<option value="${esc(s.id)}">${esc(s.id)}${s.online ? "" : " (offline)"}</option>`).join("")}</select></label>
    <div id="sc-status" aria-live="polite"></div>
    <form id="sc-form" class="run">
      <label>Test weight, nominal g <input id="sc-nominal" name="nominalGrams" type="number" step="any" min="1" required placeholder="200"></label>
      <label>Certificate id <input id="sc-certificate" name="certificate" maxlength="64" required placeholder="F1-200-2291"></label>
    </form>
    <div class="row">
      <button type="button" id="sc-zero">Step 1: record empty scale</button>
      <button type="button" id="sc-weight" class="secondary">Step 2: record with weight on</button>
      <button type="button" id="sc-cancel" class="secondary">Cancel</button>
    </div>
    ${mayRun ? "" : `<p class="muted" id="sc-role">Running a scale check needs the technician role; you can read the history.</p>`}
    <div id="sc-result" role="status" aria-live="polite"></div>
    <h3>History</h3><div id="sc-history"></div>`;
  const select = box.querySelector("#sc-station"), statusBox = box.querySelector("#sc-status"), result = box.querySelector("#sc-result");
  const station = () => select.value;
  let status = null;

  const show = () => {
    const s = status;
    if (!s) return;
    const reading = s.scaleGrams == null ? `<span class="muted">no reading</span>`
      : `<span id="sc-reading" data-stable="${s.scaleStable}">${fmt(s.scaleGrams, 4)} g</span> ${s.scaleStable ? `<span class="sig-valid">stable</span>` : `<span class="sig-broken">not stable</span>`}`;
    statusBox.innerHTML = `<dl class="kv">
      <dt>station</dt><dd>${s.online ? `online, ${esc(s.packMlState ?? "")}` : `<span class="sig-broken">offline</span>`}</dd>
      <dt>scale now</dt><dd>${reading}</dd>
      <dt>calibration</dt><dd>${stationCalibrationHtml(s.calibration)}</dd>
      <dt>tolerance</dt><dd id="sc-tolerance">± ${fmt(s.toleranceGrams, 4)} g <span class="muted">(${esc(s.toleranceSource)})</span></dd>
      <dt>step</dt><dd id="sc-step">${s.pending ? `empty scale recorded: ${fmt(s.pending.zeroGrams, 4)} g by ${esc(s.pending.zeroBy)} at ${time(s.pending.zeroAt)}
        for the ${fmt(s.pending.nominalGrams, 4)} g weight ${esc(s.pending.certificate)}: place the weight, then step 2` : "step 1: empty the scale, enter the weight, record"}</dd>
    </dl>`;
    box.querySelector("#sc-zero").disabled = !mayRun || !s.online;
    box.querySelector("#sc-weight").disabled = !mayRun || !s.online || !s.pending;
    box.querySelector("#sc-cancel").disabled = !mayRun || !s.pending;
    if (s.pending) {
      box.querySelector("#sc-nominal").value = s.pending.nominalGrams;
      box.querySelector("#sc-certificate").value = s.pending.certificate;
    }
    box.querySelector("#sc-history").innerHTML = s.checks.length ? scaleCheckTableHtml(s.checks) : `<p class="muted" id="sc-history-empty">No scale check on record for ${esc(s.station)}.</p>`;
  };
  const load = async () => {
    if (!station()) { statusBox.innerHTML = `<p class="muted">No station known yet.</p>`; return; }
    try { status = await api.get(`/api/maintenance/scale-checks/${encodeURIComponent(station())}`); show(); }
    catch (e) { statusBox.innerHTML = errorHtml(e); }
  };
  const step = async (path, body) => {
    try {
      const r = await api.post(`/api/maintenance/scale-checks/${encodeURIComponent(station())}/${path}`, body);
      result.innerHTML = path === "weight" ? scaleCheckResultHtml(r)
        : path === "zero" ? `<p class="muted">Empty scale recorded: ${fmt(r.zeroGrams, 4)} g. Place the ${fmt(r.nominalGrams, 4)} g weight centrally, wait until it reads stable, then record step 2.</p>`
        : `<p class="muted">${r.cancelled ? "Check cancelled." : "No check was waiting."}</p>`;
    } catch (e) { result.innerHTML = errorHtml(e); }
    await load();
  };
  box.querySelector("#sc-zero").addEventListener("click", () => {
    const form = box.querySelector("#sc-form");
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    step("zero", { nominalGrams: Number(data.get("nominalGrams")), certificate: data.get("certificate") });
  });
  box.querySelector("#sc-weight").addEventListener("click", () => step("weight"));
  box.querySelector("#sc-cancel").addEventListener("click", () => step("cancel"));
  select.addEventListener("change", () => { result.innerHTML = ""; load(); });
  await load();
  // The reading and the station's state follow live; the check itself is read again only when asked.
  const offs = [
    live.on("telemetry", m => {
      if (!status || m.station !== station()) return;
      status.scaleGrams = m.sample.scaleGrams; status.scaleStable = m.sample.scaleStable;
      show();
    }),
    live.on("station", st => { if (status && st.id === station() && (st.online !== status.online || st.packMlState !== status.packMlState)) load(); }),
  ];
  return () => offs.forEach(f => f());
}

function scaleCheckResultHtml(c) {
  return `<p id="sc-verdict" data-passed="${c.passed}">${c.passed ? `<span class="sig-valid">PASS</span>` : `<span class="sig-broken">FAIL</span>`}:
    ${fmt(c.nominalGrams, 4)} g weight (${esc(c.certificate)}) read ${fmt(c.readingGrams, 4)} g, error ${c.errorGrams >= 0 ? "+" : ""}${fmt(c.errorGrams, 4)} g
    against ± ${fmt(c.toleranceGrams, 4)} g. Recorded by ${esc(c.checkedBy)} at ${time(c.checkedAt)}.</p>`;
}

function scaleCheckTableHtml(checks) {
  return `<table id="sc-table"><tr><th>checked</th><th>by</th><th class="num">weight g</th><th>certificate</th><th class="num">zero g</th>
    <th class="num">reading g</th><th class="num">error g</th><th class="num">± g</th><th>result</th></tr>
    ${checks.map(c => `<tr data-check="${c.id}"><td>${time(c.checkedAt)}</td><td>${esc(c.checkedBy)}${c.zeroBy !== c.checkedBy ? ` <span class="muted">(zero ${esc(c.zeroBy)})</span>` : ""}</td>
      <td class="num">${fmt(c.nominalGrams, 4)}</td><td>${esc(c.certificate)}</td><td class="num">${fmt(c.zeroGrams, 4)}</td><td class="num">${fmt(c.readingGrams, 4)}</td>
      <td class="num">${fmt(c.errorGrams, 4)}</td><td class="num">${fmt(c.toleranceGrams, 4)}</td>
      <td>${c.passed ? `<span class="sig-valid">pass</span>` : `<span class="sig-broken">fail</span>`}</td></tr>`).join("")}</table>`;
}

// The station's calibrations as it reports them now (the batch report shows what they were at batch start).
function stationCalibrationHtml(c) {
  if (!c) return `<span class="muted">not reported by the station</span>`;
  const part = (name, ok, at, extra) => ok ? `${name} calibrated ${at ? time(at) : `<span class="sig-broken">(date not known)</span>`}${extra ?? ""}`
    : `<span class="sig-broken">${name} not calibrated</span>`;
  return `${part("scale", c.scaleCalibrated, c.scaleCalibratedAt, c.scaleReferenceGrams != null ? `, ${fmt(c.scaleReferenceGrams, 1)} g reference` : "")} · ${part("RTD", c.rtdCalibrated, c.rtdCalibratedAt)}`;
}

const maintenanceSections = [
  { id: "scale-check", title: "Scale check", mount: scaleCheckSection },
  { id: "pumps", title: "Pumps", mount: pumpsMaintenanceSection, card: false },
];
