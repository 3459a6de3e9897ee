// Hash router: #/ stations, #/batches, #/batch/ID, #/report/ID, #/validate, #/tuning.
"use strict";
let leave = null;

async function route() {
  const el = document.getElementById("view");
  if (typeof leave === "function") leave();
  leave = null;
  const [, page, id] = location.hash.replace(/^#/, "").split("/");
  const views = { "": stationsView, batches: batchesView, batch: batchView, report: reportView, validate: recipesView, tuning: tuningView };
  const view = views[page ?? ""] ?? stationsView;
  try {
    leave = await view.render(el, id ? decodeURIComponent(id) : undefined);
  } catch (e) {
    el.innerHTML = errorHtml(e);
  }
}

window.addEventListener("hashchange", route);
live.start();
route();
