// Storage alarm banner: shown on every page while GET /api/storage reports a condition other than
// Healthy (database refusing writes, spool in use, read-only start) or a retention that will not fit.
"use strict";
(function () {
  const banner = document.createElement("div");
  banner.id = "storage-alarm";
  banner.className = "storage-alarm";
  banner.hidden = true;
  banner.setAttribute("role", "alert");
  document.body.insertBefore(banner, document.getElementById("view"));

  async function poll() {
    try {
      const r = await fetch("/api/storage");
      const s = await r.json();
      const lines = [];
      if (s.condition !== "Healthy") {
        const pending = s.spool ? ` (${s.spool.pending} batch writes spooled)` : "";
        lines.push(`Storage alarm — ${s.condition}: ${s.reason ?? ""}${pending}`);
      }
      if (s.retention && !s.retention.fits) lines.push(`Disk will fill: ${s.retention.warning}`);
      banner.textContent = lines.join(" · ");
      banner.hidden = lines.length === 0;
    } catch {
      // the live link indicator already shows a gateway that does not answer
    }
  }
  poll();
  setInterval(poll, 10000);
})();
