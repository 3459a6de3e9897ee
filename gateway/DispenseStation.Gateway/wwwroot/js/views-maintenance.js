// #/maintenance and #/maintenance/STATION: maintenance of one station. A minimal page for the Pumps section
// (views-maintenance-pumps.js); the scale check section is added by its own file.
"use strict";
const maintenanceView = {
  async render(el, stationId) {
    const stations = await api.get("/api/stations");
    const known = stations.filter(s => s.known !== false);
    const chosen = stationId ?? known.find(s => s.online)?.id ?? known[0]?.id;
    el.innerHTML = `<h1>Maintenance</h1>
      ${known.length ? `<form class="run" id="maintenance-station"><label>Station <select name="station">${known.map(s =>
        `<option value="${esc(s.id)}"${s.id === chosen ? " selected" : ""}>${esc(s.id)}${s.online ? "" : " (offline)"}</option>`).join("")}</select></label></form>
      <div id="maintenance-pumps"></div>` : `<p class="muted" id="maintenance-empty">No station has connected yet.</p>`}`;
    if (!chosen) return;
    el.querySelector("#maintenance-station").addEventListener("change", ev => { location.hash = "#/maintenance/" + encodeURIComponent(ev.target.value); });
    return renderPumpsSection(el.querySelector("#maintenance-pumps"), chosen);
  },
};
