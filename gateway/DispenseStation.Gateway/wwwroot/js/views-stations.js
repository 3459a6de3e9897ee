// Station tiles with live state, and the form that starts a batch.
"use strict";
const stationsView = {
  async render(el) {
    const [stations, recipes] = await Promise.all([api.get("/api/stations"), api.get("/api/recipes")]);
    autotuningStations.clear(); // read again below: tuning reports were not followed while another page was open
    const ok = recipes.filter(r => r.fileName.startsWith("ok-"));
    el.innerHTML = `
      <h1>Stations</h1>${stationFilterHtml()}
      <div class="grid" id="tiles">${stations.map(tileHtml).join("")}</div>
      <h2>Run a batch</h2>
      <div class="card">
        <form class="run" id="run-form">
          <label>Recipe (✓ plans on the station)<select id="recipe" name="recipe">${ok.map(r => `<option value="${esc(r.id)}">${esc(r.id)}</option>`).join("")}
            <optgroup label="examples that violate a claim">${recipes.filter(r => !r.fileName.startsWith("ok-")).map(r => `<option value="${esc(r.id)}">${esc(r.id)}</option>`).join("")}</optgroup></select></label>
          <label>Station<select id="station" name="station">${stations.map(s => `<option>${esc(s.id)}</option>`).join("")}</select></label>
          <label>Batch size (g)<input id="grams" name="grams" type="number" step="any" min="0" placeholder="recipe default"></label>
          <label>Operator<input id="operator" name="operator" readonly value="${esc(api.session?.name ?? "")}" title="the signed-in user is the operator of record"></label>
          <label>Lots (material=lot, comma separated)<input id="lots" name="lots" placeholder="pgmea=PG-2611"></label>
          <button id="submit" type="submit">Start batch</button>
        </form>
        <div id="run-result"></div>
      </div>`;
    arrangeTiles(el);
    el.querySelector("#station-filter").addEventListener("change", () => arrangeTiles(el));
    // Recipes that plan on the chosen station come first and the first of them is selected.
    const recipeSelect = el.querySelector("#recipe"), stationSelect = el.querySelector("#station");
    const online = stations.find(s => s.online);
    if (online) stationSelect.value = online.id;
    const markFits = async () => {
      const fits = new Set(await api.get(`/api/stations/${encodeURIComponent(stationSelect.value)}/recipes`).catch(() => []));
      for (const o of recipeSelect.querySelectorAll("option")) o.textContent = (fits.has(o.value) ? "✓ " : "") + o.value;
      const best = ok.find(r => fits.has(r.id));
      if (best) recipeSelect.value = best.id;
    };
    stationSelect.addEventListener("change", markFits);
    const form = el.querySelector("#run-form");
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      const out = el.querySelector("#run-result");
      const button = el.querySelector("#submit");
      button.disabled = true;
      out.innerHTML = `<p class="muted">validating, planning and dispatching…</p>`;
      try {
        const lots = parseLots(el.querySelector("#lots").value);
        const grams = el.querySelector("#grams").value;
        const batch = await api.post("/api/batches", {
          recipe: el.querySelector("#recipe").value, station: el.querySelector("#station").value,
          batchGrams: grams === "" ? null : Number(grams), lots,
        });
        location.hash = `#/batch/${batch.id}`;
      } catch (e) {
        out.innerHTML = errorHtml(e);
      } finally {
        button.disabled = false;
      }
    });
    // After the submit handler is attached: a click while the fits load must not submit the form natively.
    await markFits();
    const latest = new Map(stations.map(s => [s.id, s]));
    const redraw = s => {
      latest.set(s.id, s);
      const tile = el.querySelector(`[data-station="${CSS.escape(s.id)}"]`);
      if (tile) tile.outerHTML = tileHtml(s); else el.querySelector("#tiles").insertAdjacentHTML("beforeend", tileHtml(s));
      arrangeTiles(el);
    };
    // A station tuning its plate says so (its PackML state alone would read Idle or Complete while the plate heats).
    await Promise.all(stations.filter(s => s.online).map(async s => {
      const t = await api.get(`/api/stations/${encodeURIComponent(s.id)}/tuning`).catch(() => null);
      if (t?.autotuneRunning) { autotuningStations.add(s.id); redraw(s); }
    }));
    const offs = [
      live.on("station", redraw),
      live.on("tuning", t => {
        const was = autotuningStations.has(t.station);
        if (t.autotuneRunning) autotuningStations.add(t.station); else autotuningStations.delete(t.station);
        if (was !== !!t.autotuneRunning && latest.has(t.station)) redraw(latest.get(t.station));
      }),
    ];
    return () => offs.forEach(f => f());
  },
};

// Stations whose plate is being autotuned (from the tuning reports).
const autotuningStations = new Set();

function tileHtml(s) {
  const t = s.lastTelemetry;
  const tuning = s.online && autotuningStations.has(s.id);
  return `<div class="card tile" data-station="${esc(s.id)}" data-status="${stationStatus(s)}">
    <h3><span><span class="dot ${s.online ? "on" : ""}"></span>${esc(s.id)}</span><span class="badge ${esc(s.packMlState)}${tuning ? " autotuning" : ""}">${esc(tuning ? "autotuning" : s.online ? s.packMlState : s.known ? "offline" : "not seen yet")}</span></h3>
    <dl class="kv">
      ${s.known && !s.online ? `<dt>offline since</dt><dd class="offline-since">${s.lastSeen ? time(s.lastSeen) : "–"}</dd>` : ""}
      <dt>firmware</dt><dd>${esc(s.firmware ?? "–")}</dd>
      <dt>batch</dt><dd>${s.batchId ? `<a href="#/batch/${esc(s.batchId)}">${esc(s.batchId)}</a>` : "–"}</dd>
      <dt>step</dt><dd>${s.stepIndex != null && s.stepCount != null && s.stepIndex < s.stepCount ? `${s.stepIndex + 1}/${s.stepCount} ${esc(s.stepName ?? "")}` : "–"}</dd>
      <dt>scale</dt><dd>${fmt(t?.scaleGrams, 3)} g</dd>
      <dt>plate</dt><dd>${fmt(t?.plateC, 2)} °C${t?.setpointC != null ? ` → ${fmt(t.setpointC, 1)}` : ""}</dd>
      <dt>alarms</dt><dd>${s.activeAlarms?.length ? `<span class="badge Aborted">${s.activeAlarms.map(esc).join(", ")}</span>` : "none"}${s.interrupted ? ` <span class="badge Held">interrupted</span>` : ""}</dd>
      <dt>channels</dt><dd class="muted">${s.channels.map(c => `${c.channel}:${esc(c.material)}`).join(" ") || "no channel map"}</dd>
      <dt>views</dt><dd><a href="#/views/${esc(s.id)}">Sparkplug / Home Assistant topics</a></dd>
      <dt>history</dt><dd><a href="#/history/${esc(s.id)}">telemetry history</a></dd>
    </dl>
  </div>`;
}
