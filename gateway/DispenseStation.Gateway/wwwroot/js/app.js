// Hash router: #/ stations, #/batches, #/batch/ID, #/report/ID, #/validate, #/tuning, #/bake, #/bakejob/ID, #/bakereport/ID, #/history/ID.
"use strict";
let leave = null;

async function route() {
  const el = document.getElementById("view");
  if (typeof leave === "function") leave();
  leave = null;
  const [, page, id] = location.hash.replace(/^#/, "").split("/");
  const views = { "": stationsView, batches: batchesView, batch: batchView, report: reportView, validate: recipesView, tuning: tuningView, audit: auditView, views: commissioningView,
    bake: bakeView, bakejob: bakeJobView, bakereport: bakeReportView, history: historyView };
  const view = views[page ?? ""] ?? stationsView;
  try {
    leave = await view.render(el, id ? decodeURIComponent(id) : undefined);
  } catch (e) {
    el.innerHTML = errorHtml(e);
  }
}

// Signed in (or anonymous reading allowed) before anything renders; otherwise to the login page.
(async () => {
  const me = await api.whoAmI();
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
