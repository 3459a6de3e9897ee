// Signatures on a batch record: who signed, meaning, time and whether the record still matches what was signed;
// a form to sign (the password is entered again for each signature).
"use strict";
async function renderSignatures(el, id) {
  const v = await api.get(`/api/batches/${encodeURIComponent(id)}/signatures`);
  const rows = v.signatures.map(s => `<tr data-meaning="${esc(s.meaning)}"><td>${esc(s.meaning)}</td><td>${esc(s.userName)}</td><td>${time(s.signedAt)}</td>
      <td class="${s.valid ? "sig-valid" : "sig-broken"}">${s.valid ? "valid" : "BROKEN: record changed after signing"}</td><td><code>${esc(s.contentSha256.slice(0, 16))}…</code></td></tr>`).join("");
  const next = ["performed", "reviewed", "released"].filter(m => !v.signatures.some(s => s.meaning === m));
  el.innerHTML = `<p class="muted">Record content SHA-256 <code id="record-hash">${esc(v.contentSha256)}</code></p>
    ${rows ? `<table id="signature-table"><tr><th>meaning</th><th>signed by</th><th>time</th><th>status</th><th>bound to</th></tr>${rows}</table>` : `<p id="no-signatures">not signed</p>`}
    ${next.length && api.session?.signedIn ? `<form id="sign-form" class="row no-print">
      <label>Meaning <select id="sign-meaning">${next.map(m => `<option>${m}</option>`).join("")}</select></label>
      <label>Your password <input id="sign-password" type="password" autocomplete="current-password" required></label>
      <button type="submit" id="sign-submit">Sign as ${esc(api.session.name)}</button></form><div id="sign-result"></div>` : ""}`;
  el.querySelector("#sign-form")?.addEventListener("submit", async ev => {
    ev.preventDefault();
    try {
      await api.post(`/api/batches/${encodeURIComponent(id)}/sign/${el.querySelector("#sign-meaning").value}`, { password: el.querySelector("#sign-password").value });
      await renderSignatures(el, id);
    } catch (e) {
      el.querySelector("#sign-result").innerHTML = errorHtml(e);
    }
  });
}
