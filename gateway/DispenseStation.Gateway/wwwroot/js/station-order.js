// Station tiles in the order a remote monitor needs them: alarming, running, idle, offline, never seen (then by id),
// with a filter by that status. Tiles carry data-status and data-station; this file only orders and hides them.
"use strict";
const stationStatuses = [["alarming", "alarming"], ["running", "running"], ["idle", "idle"], ["offline", "offline"], ["never-seen", "never seen"]];
const idleStates = new Set(["Idle", "Complete", "Stopped", "Aborted", "Cleared", "Resetting"]);

function stationStatus(s) {
  if (s.activeAlarms?.length) return "alarming";
  if (!s.known) return "never-seen";
  if (!s.online) return "offline";
  return s.packMlState && !idleStates.has(s.packMlState) ? "running" : "idle";
}

function stationFilterHtml() {
  return `<div class="row station-filter"><label class="inline">Show <select id="station-filter">
    <option value="">all stations</option>${stationStatuses.map(([v, l]) => `<option value="${v}">${l}</option>`).join("")}</select></label>
    <span id="station-counts" class="muted" role="status"></span></div>`;
}

// Re-orders the tiles in #tiles, applies the filter and writes the counts; called after every tile change.
function arrangeTiles(root) {
  const box = root.querySelector("#tiles");
  if (!box) return;
  const rank = t => stationStatuses.findIndex(([v]) => v === t.dataset.status);
  const tiles = [...box.children].sort((a, b) => rank(a) - rank(b) || a.dataset.station.localeCompare(b.dataset.station));
  const want = root.querySelector("#station-filter")?.value ?? "";
  for (const t of tiles) { t.hidden = want !== "" && t.dataset.status !== want; box.appendChild(t); }
  const counts = stationStatuses.map(([v, l]) => [l, tiles.filter(t => t.dataset.status === v).length]).filter(([, n]) => n > 0);
  const out = root.querySelector("#station-counts");
  if (out) out.textContent = counts.map(([l, n]) => `${n} ${l}`).join(", ");
}
