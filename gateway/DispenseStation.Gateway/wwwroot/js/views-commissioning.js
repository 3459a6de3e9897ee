// Commissioning panel of one station (#/views/ID): what the Sparkplug B and Home Assistant views publish about it,
// topic by topic with the last payload, so whoever wires Ignition or Home Assistant can check names and values.
"use strict";
const commissioningView = {
  async render(el, id) {
    el.innerHTML = `
      <h1>Station ${esc(id)}: published views</h1>
      <p class="muted">Last message per topic from the gateway's Sparkplug B edge node and Home Assistant discovery
        (Sparkplug payloads shown decoded as JSON). Refreshes every 2 s.</p>
      <div id="views-body" class="card"><p class="muted">loading…</p></div>`;
    const body = el.querySelector("#views-body");
    const load = async () => {
      try {
        const entries = await api.get(`/api/stations/${encodeURIComponent(id)}/views`);
        body.innerHTML = entries.length === 0
          ? `<p class="muted">Nothing published for this station yet (views off in configuration, or the station has not spoken).</p>`
          : ["sparkplug", "homeassistant"].map(v => viewTableHtml(v, entries.filter(e => e.view === v))).join("");
      } catch (e) {
        body.innerHTML = errorHtml(e);
      }
    };
    await load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  },
};

function viewTableHtml(view, entries) {
  if (entries.length === 0) return "";
  const title = view === "sparkplug" ? "Sparkplug B" : "Home Assistant";
  return `<h2>${title}</h2>
    <table class="views"><thead><tr><th>topic</th><th>last payload</th><th>at</th><th>retained</th></tr></thead><tbody>
    ${entries.map(e => `<tr><td><code>${esc(e.topic)}</code></td><td><pre class="payload">${esc(e.payload === "" ? "(empty: removed)" : pretty(e.payload))}</pre></td>
      <td>${time(e.at)}</td><td>${e.retained ? "yes" : "no"}</td></tr>`).join("")}
    </tbody></table>`;
}

// Objects and arrays are indented for reading; a plain value is shown exactly as sent ("88.50" is what Home Assistant
// reads, and JSON.parse would have shown it as 88.5).
function pretty(text) {
  if (!/^\s*[[{]/.test(text)) return text;
  try { return JSON.stringify(JSON.parse(text), null, 1); } catch { return text; }
}
