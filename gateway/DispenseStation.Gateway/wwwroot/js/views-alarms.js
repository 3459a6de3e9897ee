// #/alarms: every station's alarms in one list, most urgent first; acknowledge, shelve (for a time, with a reason) and
// unshelve, each attributed to the signed-in user. Critical alarms cannot be shelved (the gateway refuses, and says so).
"use strict";
const alarmStatusWords = {
  "unacknowledged": "raised, not acknowledged", "acknowledged": "raised, acknowledged",
  "cleared-unacknowledged": "cleared, not acknowledged", "cleared": "cleared", "shelved": "shelved",
};

const alarmsView = {
  async render(el) {
    el.innerHTML = `<h1>Alarms</h1>
      <form id="alarm-filter" class="run">
        <label>Show <select name="show"><option value="open">open and shelved</option><option value="all">all (latest 500)</option></select></label>
      </form>
      <p id="notify-row"></p>
      <div id="alarm-result" role="status" aria-live="polite"></div>
      <div id="alarms-list"></div>`;
    const notifyRow = el.querySelector("#notify-row");
    const showNotify = () => {
      const state = alarmNotify.state();
      notifyRow.innerHTML = state === "default" ? `<button type="button" id="notify-critical" class="secondary">Notify me of critical alarms</button>`
        : state === "granted" ? `<span class="muted" id="notify-on">This browser shows a notification for each new critical alarm.</span>`
        : state === "denied" ? `<span class="muted">Notifications are blocked in this browser's settings.</span>` : "";
    };
    notifyRow.addEventListener("click", async ev => { if (ev.target.id === "notify-critical") { await alarmNotify.ask(); showNotify(); } });
    showNotify();
    const form = el.querySelector("#alarm-filter");
    const list = el.querySelector("#alarms-list");
    const result = el.querySelector("#alarm-result");
    const load = async () => {
      try {
        const alarms = await api.get("/api/alarms?show=" + encodeURIComponent(new FormData(form).get("show")));
        list.innerHTML = alarms.length ? alarmTableHtml(alarms) : `<p class="muted" id="alarms-empty">No alarms to show.</p>`;
      } catch (e) { list.innerHTML = errorHtml(e); }
    };
    form.addEventListener("change", load);
    const act = async (id, action, body) => {
      try {
        const a = await api.post(`/api/alarms/${encodeURIComponent(id)}/${action}`, body);
        result.innerHTML = `<p class="muted">Alarm ${esc(a.id)} (${esc(a.code)} on ${esc(a.stationId)}): ${esc(alarmStatusWords[a.status] ?? a.status)}.</p>`;
      } catch (e) { result.innerHTML = errorHtml(e); }
      await load();
    };
    list.addEventListener("click", ev => {
      const button = ev.target.closest("button[data-action]");
      if (button) act(button.dataset.id, button.dataset.action, {});
    });
    list.addEventListener("submit", ev => {
      const shelf = ev.target.closest("form[data-shelve]");
      if (!shelf) return;
      ev.preventDefault();
      const data = new FormData(shelf);
      act(shelf.dataset.shelve, "shelve", { reason: data.get("reason"), minutes: Number(data.get("minutes")) });
    });
    await load();
    // Raised and cleared alarms arrive live; a burst of them reloads the list once.
    let pending = null;
    const soon = () => { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 300); };
    const offs = [live.on("alarm", soon)];
    return () => { offs.forEach(f => f()); clearTimeout(pending); };
  },
};

function alarmTableHtml(alarms) {
  return `<table id="alarm-table"><tr><th>#</th><th>severity</th><th>station</th><th>code</th><th>message</th><th>raised</th><th>status</th><th>who</th><th>actions</th></tr>
    ${alarms.map(a => `<tr data-alarm="${a.id}" data-status="${esc(a.status)}"><td>${a.id}</td><td><span class="badge sev-${esc(a.severity)}">${esc(a.severity)}</span></td>
      <td><a href="#/history/${encodeURIComponent(a.stationId)}">${esc(a.stationId)}</a>${a.batchId ? `<br><a href="#/batch/${encodeURIComponent(a.batchId)}">${esc(a.batchId)}</a>` : ""}</td>
      <td>${esc(a.code)}</td><td>${esc(a.message)}</td><td>${time(a.raisedAt)}${a.clearedAt ? `<br><span class="muted">cleared ${time(a.clearedAt)}</span>` : ""}</td>
      <td class="alarm-status">${esc(alarmStatusWords[a.status] ?? a.status)}${a.shelved ? `<br><span class="muted">until ${time(a.shelved.until)}: ${esc(a.shelved.reason)}</span>` : ""}</td>
      <td>${a.acknowledged ? `ack ${esc(a.acknowledged.by)} ${time(a.acknowledged.at)}` : ""}${a.shelved ? `<br>shelved by ${esc(a.shelved.by)}` : ""}</td>
      <td>${alarmButtonsHtml(a)}</td></tr>`).join("")}</table>`;
}

// Only what the gateway would accept for this alarm now.
function alarmButtonsHtml(a) {
  const buttons = [];
  if (!a.acknowledged) buttons.push(["acknowledge", "Acknowledge"]);
  if (a.status === "shelved") buttons.push(["unshelve", "Unshelve"]);
  const html = buttons.map(([action, label]) => `<button type="button" class="secondary" data-action="${action}" data-id="${a.id}">${label}</button>`).join(" ");
  if (a.status === "shelved" || a.clearedAt || a.severity === "critical") return html;
  // Shelving needs a reason and a time limit (ISA-18.2): a small form, not a bare button.
  return `${html}<details class="shelve"><summary>Shelve…</summary><form data-shelve="${a.id}">
    <label>Reason <input name="reason" required minlength="3" maxlength="200"></label>
    <label>For <select name="minutes">${[15, 30, 60, 120, 240, 480].map(m => `<option value="${m}"${m === 60 ? " selected" : ""}>${m < 60 ? m + " min" : m / 60 + " h"}</option>`).join("")}</select></label>
    <button type="submit">Shelve</button></form></details>`;
}
