// #/audit: the append-only audit log with filters (who, what, station, batch, time), and its CSV export.
"use strict";
const auditView = {
  async render(el) {
    el.innerHTML = `<h1>Audit log</h1>
      <form id="audit-filter" class="run">
        <label>User <input name="actor"></label>
        <label>Entity <select name="entity"><option value="">any</option>${["Recipe", "Profile", "Parameter", "Batch", "User", "Session", "Signature", "Alarm"].map(e => `<option>${e}</option>`).join("")}</select></label>
        <label>Action <input name="action"></label>
        <label>Station <input name="station"></label>
        <label>Batch <input name="batch"></label>
        <label>From (UTC) <input name="from" type="datetime-local"></label>
        <label>To (UTC) <input name="to" type="datetime-local"></label>
        <button type="submit" id="audit-apply">Filter</button>
      </form>
      <p><a id="audit-csv" href="/api/export/audit.csv">Export CSV</a> <span class="muted">times in UTC</span></p>
      <div id="audit-out"></div>`;
    const form = el.querySelector("#audit-filter");
    const load = async () => {
      const q = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v) q.set(k, (k === "from" || k === "to") ? v + "Z" : v);
      el.querySelector("#audit-csv").href = "/api/export/audit.csv?" + q;
      const out = el.querySelector("#audit-out");
      try {
        const rows = await api.get("/api/audit?" + q);
        out.innerHTML = `<table id="audit-table"><tr><th>time (UTC)</th><th>user</th><th>entity</th><th>id</th><th>action</th><th>station</th><th>batch</th><th>details</th></tr>
          ${rows.map(a => `<tr><td>${esc(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.entity)}</td><td>${esc(a.entityId)}</td><td>${esc(a.action)}</td>
            <td>${esc(a.stationId ?? "")}</td><td>${esc(a.batchId ?? "")}</td><td><code>${esc(a.details)}</code></td></tr>`).join("")}</table>`;
      } catch (e) {
        out.innerHTML = errorHtml(e);
      }
    };
    form.addEventListener("submit", ev => { ev.preventDefault(); load(); });
    await load();
  },
};
