// The two kinds of text the editor keeps versions of, each as the API serves it: recipes (/api/recipe-versions, checked
// against their claim set) and bake profiles (/api/bake-profiles, checked by the profile parser). The page (views-editor.js)
// only talks to these.
"use strict";
const editorKinds = {
  recipe: {
    label: "Recipe", plural: "Recipes", drafts: true,
    async docs() { return (await api.get("/api/recipe-versions")).map(v => ({ id: v.id, latest: v.version })); },
    async versions(id) {
      return (await api.get(`/api/recipe-versions/${id}`)).map(v => ({ version: v.version, at: v.at, author: v.author, note: v.note,
        sha256: v.sha256, shipped: v.shipped, draft: v.draft, verdict: v.verdict }));
    },
    async text(id, version) { return (await api.get(`/api/recipe-versions/${id}/${version}`)).yaml; },
    diff(id, from, to) { return api.get(`/api/recipe-versions/${id}/diff?from=${from}&to=${to}`); },
    save(id, yaml, note, draft, baseVersion) { return api.post(`/api/recipe-versions/${id}`, { yaml, note, draft, baseVersion }); },
    // The claim-by-claim report the validation page shows, for the text in the box.
    async check(yaml) {
      const r = await api.post("/api/recipes/validate", { recipeYaml: yaml });
      const open = r.claims.filter(c => c.status === "Violated" || c.status === "Undecidable");
      return {
        ok: r.verdict === "Compliant", verdict: r.verdict,
        html: `<p><span id="live-verdict" class="badge ${esc(r.verdict)}">${esc(r.verdict)}</span> ${esc(r.recipe)} against ${esc(r.claimSet)}</p>
          <table id="live-claims"><tr><th>claim</th><th>status</th><th>finding</th></tr>
          ${r.claims.map(c => `<tr><td>${c.claim}</td><td><span class="badge ${esc(c.status)}">${esc(c.status)}</span></td><td>${esc(c.message)}</td></tr>`).join("")}</table>
          ${open.length ? `<p class="muted">Fails its claim set: it can be saved only as a draft, and a draft is never run.</p>` : ""}`,
      };
    },
    runFields: `<label>Batch size (g)<input id="run-grams" type="number" step="any" min="0" placeholder="recipe default"></label>
      <label>Lots (material=lot, comma separated)<input id="run-lots" placeholder="pgmea=PG-2611"></label>`,
    async run(el, id, version, station) {
      const grams = el.querySelector("#run-grams").value;
      const batch = await api.post("/api/batches", { recipe: id, recipeVersion: version, station,
        batchGrams: grams === "" ? null : Number(grams), lots: parseLots(el.querySelector("#run-lots").value) });
      return `#/batch/${batch.id}`;
    },
  },
  profile: {
    label: "Bake profile", plural: "Bake profiles", drafts: false,
    async docs() { return (await api.get("/api/bake-profiles")).map(p => ({ id: p.name, latest: p.version })); },
    async versions(id) {
      return (await api.get(`/api/bake-profiles/${encodeURIComponent(id)}`)).map(v => ({ version: v.profile.version, at: v.at, author: v.author,
        note: v.note ?? "", sha256: v.sha256, shipped: v.shipped, draft: false, verdict: "Valid", yaml: v.yaml }));
    },
    async text(id, version) { return (await this.versions(id)).find(v => v.version === version)?.yaml ?? ""; },
    diff(id, from, to) { return api.get(`/api/bake-profiles/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`); },
    save(_id, yaml, note, _draft, baseVersion) { return api.post("/api/bake-profiles", { yaml, note, baseVersion }); },
    async check(yaml) {
      const p = await api.post("/api/bake-profiles/validate", { yaml });
      return {
        ok: true, verdict: "Valid",
        html: `<p><span id="live-verdict" class="badge Compliant">Valid</span> ${esc(p.name)}: ${esc(p.process)}, ${p.segments.length} segment(s),
          ${fmt(p.plannedS, 0)} s on the plate (${p.segments.map(s => `${fmt(s.setpointC, 1)} °C for ${fmt(s.holdS, 0)} s`).join(", ")})</p>`,
      };
    },
    runFields: `<label>Wafers<input id="run-wafers" type="number" min="1" step="1" value="1"></label>`,
    async run(el, id, version, station) {
      const job = await api.post("/api/bake-jobs", { station, profile: id, profileVersion: version, wafers: Number(el.querySelector("#run-wafers").value) });
      return `#/bakejob/${job.id}`;
    },
  },
};
