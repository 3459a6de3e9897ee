// Recipe validation with the claim-by-claim report, and the dispense plan for a station.
"use strict";
const recipesView = {
  async render(el) {
    const [recipes, stations] = await Promise.all([api.get("/api/recipes"), api.get("/api/stations")]);
    el.innerHTML = `
      <h1>Recipe validation</h1>
      <div class="card">
        <div class="row">
          <label>Example<select id="example"><option value="">(write your own)</option>${recipes.map(r => `<option>${esc(r.id)}</option>`).join("")}</select></label>
          <label>Station for the plan<select id="plan-station">${stations.map(s => `<option>${esc(s.id)}</option>`).join("")}</select></label>
          <label>Batch size (g)<input id="plan-grams" type="number" step="any" placeholder="recipe default"></label>
        </div>
        <label for="yaml" class="block-label">Recipe (YAML)</label>
        <textarea id="yaml" spellcheck="false" placeholder="name: ...&#10;claimSet: ...&#10;batchGrams: 250&#10;..."></textarea>
        <div class="row"><button id="validate">Validate</button><button id="validate-all" class="secondary">All claim sets</button><button id="plan" class="secondary">Plan on station</button></div>
      </div>
      <div id="report"></div>`;
    const yaml = el.querySelector("#yaml");
    el.querySelector("#example").addEventListener("change", async ev => {
      if (!ev.target.value) return;
      yaml.value = await (await fetch(`/api/recipes/${ev.target.value}`)).text();
    });
    const out = el.querySelector("#report");
    el.querySelector("#validate").addEventListener("click", async () => {
      try {
        const r = await api.post("/api/recipes/validate", { recipeYaml: yaml.value });
        out.innerHTML = `<h2>${esc(r.recipe)} against ${esc(r.claimSet)}: <span id="verdict" class="badge ${esc(r.verdict)}">${esc(r.verdict)}</span></h2>
          <p class="muted">${fmt(r.batchGrams, 1)} g at ${fmt(r.solidsWtPercent, 2)} wt% solids: ${r.components.map(c => `${esc(c.material)} (${esc(c.role)}) ${fmt(c.wtPercentOfSolids, 2)} %`).join(", ")}</p>
          <table id="claims"><tr><th>claim</th><th>depends on</th><th>status</th><th>condition</th><th>finding</th></tr>
          ${r.claims.map(c => `<tr><td>${c.claim}</td><td>${c.parent ?? ""}</td><td><span class="badge ${esc(c.status)}">${esc(c.status)}</span></td><td>${esc(c.quote)}</td><td>${esc(c.message)}</td></tr>`).join("")}</table>`;
      } catch (e) { out.innerHTML = errorHtml(e); }
    });
    el.querySelector("#validate-all").addEventListener("click", claimSetsSideBySide(yaml, out));
    el.querySelector("#plan").addEventListener("click", async () => {
      try {
        const g = el.querySelector("#plan-grams").value;
        const p = await api.post("/api/plan", { recipeYaml: yaml.value, station: el.querySelector("#plan-station").value, batchGrams: g === "" ? null : Number(g) });
        out.innerHTML = `<h2>Plan of ${esc(p.recipeName)} on ${esc(p.station)}: ${fmt(p.batchGrams, 3)} g, about ${fmt(p.estimatedVolumeMl, 1)} mL</h2>
          <table><tr><th>#</th><th>channel</th><th>material</th><th>stock</th><th class="num">dose g</th><th class="num">tolerance g</th></tr>
          ${p.doses.map(d => `<tr><td>${d.order}</td><td>${d.channel}</td><td>${esc(d.material)}</td><td>${esc(d.stockId ?? "neat")}</td><td class="num">${fmt(d.setpointGrams, 3)}</td><td class="num">${fmt(d.toleranceGrams, 3)}</td></tr>`).join("")}</table>
          <h2>Bake profiles of the process</h2><p>Bakes run as bake jobs, wafer by wafer (Bake jobs page).</p>
          <table><tr><th>post-apply</th><td>${esc(p.bakeProfiles.postApply ?? "none named")}</td></tr><tr><th>post-exposure</th><td>${esc(p.bakeProfiles.postExposure ?? "none named")}</td></tr></table>
          ${p.warnings.length ? `<div class="notice">${p.warnings.map(esc).join("<br>")}</div>` : ""}`;
      } catch (e) { out.innerHTML = errorHtml(e); }
    });
  },
};
