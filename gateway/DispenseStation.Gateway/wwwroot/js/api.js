// Thin helpers over the gateway's JSON API and its Server-Sent Events stream.
"use strict";
const api = {
  // Who is signed in and the antiforgery token every write of this session carries (X-CSRF-TOKEN).
  session: null,
  async whoAmI() {
    const r = await fetch("/api/auth/me");
    this.session = r.ok ? await r.json() : null;
    return this.session;
  },
  async get(path) {
    const r = await fetch(path);
    const body = await r.json().catch(() => null);
    if (!r.ok) throw apiError(r.status, body);
    return body;
  },
  async post(path, data) {
    const headers = { "Content-Type": "application/json" };
    if (this.session?.csrf) headers["X-CSRF-TOKEN"] = this.session.csrf;
    const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(data ?? {}) });
    const body = await r.json().catch(() => null);
    if (!r.ok) throw apiError(r.status, body);
    return body;
  },
  can(role) { return (this.session?.roles ?? []).includes(role); },
};

// "material=lot, material=lot": every entry needs exactly one "=" with text on both sides, or nothing is sent.
function parseLots(text) {
  const lots = {};
  const bad = [];
  for (const entry of text.split(",").map(s => s.trim()).filter(Boolean)) {
    const parts = entry.split("=").map(x => x.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) bad.push(entry);
    else lots[parts[0]] = parts[1];
  }
  if (bad.length) {
    const e = new Error("lots are not in the form material=lot");
    e.errors = bad.map(b => ({ field: "lots", rule: `'${b}' is not material=lot (for example pgmea=PG-2611)` }));
    throw e;
  }
  return lots;
}

function apiError(status, body) {
  const e = new Error(body?.title ?? ("HTTP " + status));
  e.status = status;
  e.errors = body?.errors ?? [];
  return e;
}

// Renders an API error as "field: rule" lines.
function errorHtml(e) {
  const items = (e.errors ?? []).map(x => `<li><code>${esc(x.field)}</code>: ${esc(x.rule)}${x.line ? ` (line ${x.line})` : ""}</li>`).join("");
  return `<div class="errors" role="alert"><strong>${esc(e.message)}</strong>${items ? `<ul>${items}</ul>` : ""}</div>`;
}

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function fmt(n, d = 3) { return n === null || n === undefined || Number.isNaN(n) ? "–" : Number(n).toFixed(d); }
function time(t) { return t ? new Date(t).toLocaleString() : "–"; }

// One EventSource for the whole page; views subscribe to update types.
const live = {
  handlers: {},
  on(type, fn) { (this.handlers[type] ??= new Set()).add(fn); return () => this.handlers[type].delete(fn); },
  start() {
    const link = document.getElementById("link");
    const src = new EventSource("/api/events");
    src.onopen = () => { link.textContent = "live"; link.className = "link up"; };
    src.onerror = () => { link.textContent = "live: reconnecting"; link.className = "link down"; };
    for (const type of ["station", "telemetry", "batch", "batch-event", "tuning", "bake-job", "bake-wafer", "alarm"]) {
      src.addEventListener(type, ev => {
        const data = JSON.parse(ev.data);
        for (const fn of this.handlers[type] ?? []) fn(data);
      });
    }
  },
};
