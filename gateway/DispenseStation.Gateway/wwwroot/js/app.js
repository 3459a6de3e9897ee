// Hash router: #/ stations, #/batches, #/batch/ID, #/report/ID, #/validate, #/alarms, #/tuning, #/bake, #/bakejob/ID, #/bakereport/ID, #/history/ID, #/maintenance/ID, #/editor.
"use strict";
let leave = null, navigation = 0;

async function route() {
  if (typeof leave === "function") leave();
  leave = null;
  const mine = ++navigation;
  // Each navigation renders into a box of its own. A page left while it still awaited the API finishes into its
  // detached box instead of writing into (or failing on) the page that replaced it, which once blanked the stations page.
  const el = document.createElement("div");
  document.getElementById("view").replaceChildren(el);
  const [, page, id] = location.hash.replace(/^#/, "").split("/");
  const views = { "": stationsView, batches: batchesView, batch: batchView, report: reportView, validate: recipesView, tuning: tuningView, audit: auditView, alarms: alarmsView, views: commissioningView,
    bake: bakeView, bakejob: bakeJobView, bakereport: bakeReportView, history: historyView, maintenance: maintenanceView, editor: editorView };
  const view = views[page ?? ""] ?? stationsView;
  try {
    const off = await view.render(el, id ? decodeURIComponent(id) : undefined);
    if (mine === navigation) leave = off;
    else if (typeof off === "function") off(); // left already: stop its live updates
  } catch (e) {
    if (mine === navigation) el.innerHTML = errorHtml(e);
  }
}

// The gateway may be restarting or the network down: say so and keep asking, instead of leaving a blank page.
async function whoAmIWhenReachable() {
  for (let attempt = 1; ; attempt++) {
    try { return await api.whoAmI(); }
    catch (e) {
      document.getElementById("view").innerHTML =
        `<p class="errors" role="alert" id="unreachable">Cannot reach the gateway (${esc(e.message)}); trying again (attempt ${attempt}).</p>`;
      await new Promise(r => setTimeout(r, Math.min(5000, 500 * attempt)));
    }
  }
}

// Signed in (or anonymous reading allowed) before anything renders; otherwise to the login page.
(async () => {
  const me = await whoAmIWhenReachable();
  if (!me || (!me.signedIn && !me.anonymousRead)) {
    location.href = "/login.html" + (location.hash ? "?back=" + encodeURIComponent(location.hash) : "");
    return;
  }
  const who = document.getElementById("who");
  if (me.signedIn) {
    who.innerHTML = `<span id="who-name">${esc(me.name)}</span> <span class="muted">(${esc(me.roles.join(", "))})</span> <button id="logout" type="button">Sign out</button>`;
    document.getElementById("logout").addEventListener("click", async () => {
      await api.post("/api/auth/logout").catch(() => null);
      location.href = "/login.html";
    });
  } else {
    who.innerHTML = `<a href="/login.html">Sign in</a>`;
  }
  window.addEventListener("hashchange", route);
  live.start();
  route();
})();
