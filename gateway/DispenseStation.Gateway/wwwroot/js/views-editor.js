// Recipe and bake-profile editor: versions (shipped = read-only version), the text with its check as you type, save as the
// next version with a note (engineer), the diff between any two versions, and run the opened version (technician).
"use strict";
const editorView = {
  async render(el) {
    const stations = await api.get("/api/stations");
    const canSave = api.can("engineer"), canRun = api.can("technician");
    el.classList.add("editor");
    el.innerHTML = `
      <h1>Recipe and bake-profile editor</h1>
      <div class="card">
        <div class="row">
          <label>Edit<select id="editor-kind"><option value="recipe">Recipes</option><option value="profile">Bake profiles</option></select></label>
          <label class="grow">Which<select id="editor-doc"></select></label>
          <label id="new-id-label" class="grow" hidden>New recipe id (group/name)<input id="editor-new-id" placeholder="pilot-line/my-resist" autocomplete="off"></label>
        </div>
        <p class="muted" id="editor-roles">${canSave ? "You can save versions (engineer)." : "Saving a version needs the engineer role; you can read, check and compare."}
          ${canRun ? "You can run a saved version (technician)." : "Running needs the technician role."}</p>
      </div>
      <h2>Versions</h2>
      <div id="versions"><p class="muted">loading…</p></div>
      <div class="row diff-pick">
        <label>Compare version<select id="diff-from"></select></label>
        <label>with version<select id="diff-to"></select></label>
        <button id="show-diff" type="button" class="secondary">Show diff</button>
      </div>
      <div id="diff"></div>
      <h2 id="editing">Text</h2>
      <div class="card">
        <label for="editor-yaml" class="block-label">Text (YAML), checked as you type</label>
        <p id="late-load" class="notice" role="status" hidden><span></span> <button type="button" class="secondary">Replace it with that version</button></p>
        <textarea id="editor-yaml" spellcheck="false"></textarea>
        <div id="live-check" role="status" aria-live="polite"></div>
        <form id="save-form" class="row"${canSave ? "" : " hidden"}>
          <label class="grow">Change note (what and why)<input id="save-note" maxlength="500" autocomplete="off"></label>
          <label class="inline" id="draft-label"><input type="checkbox" id="save-draft"> save as a draft (never run)</label>
          <button id="save" type="submit">Save as next version</button>
        </form>
        <div id="save-result"></div>
      </div>
      <h2 id="run-title">Run</h2>
      <div class="card"${canRun ? "" : " hidden"}>
        <form id="editor-run" class="run">
          <label>Station<select id="run-station">${stations.map(s => `<option>${esc(s.id)}</option>`).join("")}</select></label>
          <span id="run-fields"></span>
          <button id="run" type="submit">Start</button>
        </form>
        <div id="run-out"></div>
      </div>`;
    const $ = s => el.querySelector(s);
    const online = stations.find(s => s.online);
    if (online) $("#run-station").value = online.id;
    const state = { kind: editorKinds.recipe, id: null, versions: [], opened: null };

    const docId = () => $("#editor-doc").value === "" ? $("#editor-new-id").value.trim() : $("#editor-doc").value;
    const showVersions = () => {
      $("#versions").innerHTML = state.versions.length ? versionRowsHtml(state.versions, state.opened?.version)
        : `<p class="muted" id="no-versions">No version yet: write the text below and save version 1.</p>`;
      const options = state.versions.map(v => `<option value="${v.version}">${v.version}${v.shipped ? " (shipped)" : ""}</option>`).join("");
      $("#diff-from").innerHTML = options; $("#diff-to").innerHTML = options;
      if (state.versions.length) {
        $("#diff-from").value = String(state.versions[Math.max(0, state.versions.length - 2)].version);
        $("#diff-to").value = String(state.versions[state.versions.length - 1].version);
      }
      const o = state.opened;
      $("#editing").textContent = o ? `Text of version ${o.version}${o.shipped ? " (shipped, read-only: a save makes a new version)" : ""}` : "Text of a new " + state.kind.label.toLowerCase();
      $("#run-title").textContent = o ? `Run version ${o.version}` : "Run";
      $("#run").disabled = !o || o.draft;
      $("#run-fields").innerHTML = state.kind.runFields;
      $("#run-out").innerHTML = o?.draft ? `<p class="muted" id="run-draft">Version ${o.version} is a draft: drafts are never run.</p>` : "";
    };
    // A choice made while an earlier one still loads wins: each load carries a number and a superseded one drops its result.
    // Text typed while a version loads is never overwritten by it: the version is offered instead (#late-load).
    let loading = 0, edits = 0;
    // `since` is the edit count when the person made the choice that led here.
    const open = async (version, since = edits) => {
      const mine = ++loading;
      const v = state.versions.find(x => x.version === version);
      const text = await state.kind.text(state.id, version);
      if (mine !== loading) return;
      state.opened = v ?? null;
      if (edits !== since) offerLateLoad(version, text);
      else { $("#editor-yaml").value = text; $("#late-load").hidden = true; }
      showVersions();
      check();
    };
    const offerLateLoad = (version, text) => {
      const note = $("#late-load");
      note.hidden = false;
      note.querySelector("span").textContent = `Version ${version} finished loading after you started typing: your text is kept.`;
      note.querySelector("button").onclick = () => { $("#editor-yaml").value = text; note.hidden = true; check(); };
    };
    const loadDoc = async (since = edits) => {
      $("#diff").innerHTML = ""; $("#save-result").innerHTML = "";
      const isNew = $("#editor-doc").value === "";
      $("#new-id-label").hidden = !isNew || !state.kind.drafts; // a profile's name is inside its text
      const mine = ++loading, id = isNew ? null : $("#editor-doc").value;
      const versions = id ? await state.kind.versions(id) : [];
      if (mine !== loading) return;
      state.id = id; state.versions = versions; state.opened = null;
      if (state.versions.length) await open(state.versions[state.versions.length - 1].version, since);
      else { showVersions(); check(); }
    };
    const loadKind = async (since = edits) => {
      const mine = ++loading, kind = editorKinds[$("#editor-kind").value];
      const docs = await kind.docs();
      if (mine !== loading) return;
      state.kind = kind;
      $("#draft-label").hidden = !state.kind.drafts;
      $("#editor-doc").innerHTML = docs.map(d => `<option value="${esc(d.id)}">${esc(d.id)} (v${d.latest})</option>`).join("")
        + `<option value="">+ new ${state.kind.label.toLowerCase()}…</option>`;
      await loadDoc(since);
    };

    // Checked as you type: the same check a save runs, a moment after the last key.
    let timer = null, checking = 0;
    const check = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++checking, yaml = $("#editor-yaml").value;
        if (!yaml.trim()) { $("#live-check").innerHTML = ""; return; }
        let html;
        try { html = (await state.kind.check(yaml)).html; } catch (e) { html = errorHtml(e); }
        if (mine === checking) $("#live-check").innerHTML = html;
      }, 400);
    };
    $("#editor-yaml").addEventListener("input", () => { edits++; check(); });
    $("#editor-kind").addEventListener("change", () => loadKind().catch(e => { $("#versions").innerHTML = errorHtml(e); }));
    $("#editor-doc").addEventListener("change", () => loadDoc().catch(e => { $("#versions").innerHTML = errorHtml(e); }));
    $("#versions").addEventListener("click", ev => {
      const v = ev.target.dataset?.open;
      if (v !== undefined) open(Number(v)).catch(e => { $("#versions").innerHTML = errorHtml(e); });
    });
    $("#show-diff").addEventListener("click", async () => {
      try { $("#diff").innerHTML = diffHtml(await state.kind.diff(state.id, $("#diff-from").value, $("#diff-to").value)); }
      catch (e) { $("#diff").innerHTML = errorHtml(e); }
    });
    $("#save-form").addEventListener("submit", async ev => {
      ev.preventDefault();
      const out = $("#save-result");
      const id = state.kind.drafts ? docId() : state.id;
      if (state.kind.drafts && !/^[^/]+\/[^/]+$/.test(id)) {
        out.innerHTML = errorHtml({ message: "invalid request", errors: [{ field: "id", rule: "a recipe id is group/name, for example pilot-line/my-resist" }] });
        return;
      }
      $("#save").disabled = true;
      try {
        const saved = await state.kind.save(id, $("#editor-yaml").value, $("#save-note").value, $("#save-draft").checked, state.opened?.version ?? null);
        const name = saved.id ?? saved.name, version = saved.version;
        $("#save-note").value = ""; $("#save-draft").checked = false;
        if ($("#editor-doc").value !== name) { await loadKind(); $("#editor-doc").value = name; }
        await loadDoc();
        out.innerHTML = `<p class="ok" id="saved" role="status">Saved ${esc(name)} version ${version}${saved.draft ? " as a draft" : ""}.</p>`;
      } catch (e) { out.innerHTML = errorHtml(e); }
      finally { $("#save").disabled = false; }
    });
    $("#editor-run").addEventListener("submit", async ev => {
      ev.preventDefault();
      const out = $("#run-out");
      $("#run").disabled = true;
      out.innerHTML = `<p class="muted">checking and dispatching…</p>`;
      try { location.hash = await state.kind.run(el, state.id, state.opened.version, $("#run-station").value); }
      catch (e) { out.innerHTML = errorHtml(e); $("#run").disabled = false; }
    });
    await loadKind();
  },
};
