// The recipe against every claim set side by side (POST /api/recipes/validate-all): one row per claim number,
// one column per claim set, then each set's findings with the components meeting each element.
"use strict";
function claimSetsSideBySide(yaml, out) {
  return async () => {
    try {
      const r = await api.post("/api/recipes/validate-all", { recipeYaml: yaml.value });
      const most = Math.max(...r.claimSets.map(s => s.claims.length));
      const rows = [];
      for (let n = 1; n <= most; n++) {
        rows.push(`<tr><td>${n}</td>${r.claimSets.map(s => {
          const c = s.claims.find(x => x.claim === n);
          return c ? `<td title="${esc(c.message)}"><span class="badge ${esc(c.status)}">${esc(c.status)}</span></td>` : "<td></td>";
        }).join("")}</tr>`);
      }
      const findings = r.claimSets.map(s => `<h2>${esc(s.claimSet)}: <span class="badge ${esc(s.verdict)}">${esc(s.verdict)}</span></h2>
        <table><tr><th>claim</th><th>element</th><th>status</th><th>met by</th><th>also present</th><th>finding</th></tr>
        ${s.claims.flatMap(c => c.elements.map(e => `<tr><td>${c.claim}</td><td>${esc(e.element)}</td><td><span class="badge ${esc(e.status)}">${esc(e.status)}</span></td>
          <td>${e.meeting.map(esc).join(", ")}</td><td>${e.alsoPresent.map(esc).join(", ")}</td><td>${esc(e.detail)}</td></tr>`)).join("")}</table>`).join("");
      out.innerHTML = `<h2>${esc(r.recipe)} against every claim set (recipe names ${esc(r.namedClaimSet)})</h2>
        <table id="claim-sets"><tr><th>claim</th>${r.claimSets.map(s => `<th>${esc(s.claimSet)}</th>`).join("")}</tr>${rows.join("")}
        <tr><th>verdict</th>${r.claimSets.map(s => `<td><span class="badge ${esc(s.verdict)}">${esc(s.verdict)}</span></td>`).join("")}</tr></table>${findings}`;
    } catch (e) { out.innerHTML = errorHtml(e); }
  };
}

// The as-dispensed claim report of a completed batch (GET /api/batches/ID/claims) into the printable batch report.
async function asDispensedClaims(el, id) {
  try {
    const r = await api.get(`/api/batches/${encodeURIComponent(id)}/claims`);
    const claims = (r.report.claims ?? []).filter(c => c.status !== "NotApplicable");
    el.innerHTML = `<p>Against ${esc(r.claimSet)} on the weights dispensed: <span class="badge ${esc(r.verdict)}">${esc(r.verdict)}</span></p>
      <table id="as-dispensed"><tr><th>material</th><th class="num">solids g</th><th class="num">wt% of solids</th><th class="num">planned wt%</th></tr>
      ${(r.report.components ?? []).map(c => `<tr><td>${esc(c.material)}</td><td class="num">${fmt(c.solidsGrams, 4)}</td><td class="num">${fmt(c.wtPercentOfSolids, 2)}</td><td class="num">${fmt(c.plannedWtPercentOfSolids, 2)}</td></tr>`).join("")}</table>
      ${(r.report.notDispensed ?? []).length ? `<p>Not dispensed: ${r.report.notDispensed.map(esc).join(", ")}</p>` : ""}
      <table><tr><th>claim</th><th>status</th><th>finding</th></tr>${claims.map(c => `<tr><td>${c.claim}</td><td><span class="badge ${esc(c.status)}">${esc(c.status)}</span></td><td>${esc(c.message)}</td></tr>`).join("")}</table>
      ${claims.length ? "" : `<p>${esc(r.summary)}</p>`}`;
  } catch (e) { if (e.status !== 404) el.innerHTML = errorHtml(e); }
}
