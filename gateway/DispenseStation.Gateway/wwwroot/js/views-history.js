// #/history/ID: a station's telemetry over an hour to a year, from the gateway's downsampled tiers (1 s, 1 min, 1 h);
// a range button or a zoom loads that range again at the finest resolution that fits the chart.
"use strict";
const historyView = {
  async render(el, id) {
    el.innerHTML = `<h1>Telemetry history: ${esc(id)}</h1>
      <p id="history-source" class="muted" role="status">loading…</p>
      <div id="history-error"></div>
      <div class="charts"><div id="history-temp"></div><div id="history-weight"></div></div>`;
    const ranges = [["1 h", 3600], ["24 h", 86400], ["7 d", 7 * 86400], ["30 d", 30 * 86400], ["1 year", 365 * 86400]];
    let span = 3600, stopped = false;
    const load = async (fromMs, toMs) => {
      const q = `from=${encodeURIComponent(new Date(fromMs).toISOString())}&to=${encodeURIComponent(new Date(toMs).toISOString())}`;
      try {
        const h = await api.get(`/api/stations/${encodeURIComponent(id)}/history?${q}`);
        if (stopped) return;
        el.querySelector("#history-error").innerHTML = "";
        const xs = h.points.map(p => Date.parse(p.at));
        temp.setData(xs, [h.points.map(p => p.plateC), h.points.map(p => p.setpointC), h.points.map(p => p.plateMinC), h.points.map(p => p.plateMaxC)]);
        weight.setData(xs, [h.points.map(p => p.scaleGrams)]);
        el.querySelector("#history-source").textContent =
          `${h.points.length} points at ${h.resolutionS} s resolution from the ${h.source} tier, ${time(h.from)} to ${time(h.to)}`;
      } catch (e) { if (!stopped) el.querySelector("#history-error").innerHTML = errorHtml(e); }
    };
    const reload = s => { span = s ?? 365 * 86400; const now = Date.now(); load(now - span * 1000, now); };
    const common = { ranges, onRange: reload, onZoom: (a, b) => load(a, b) };
    const temp = timeChart(el.querySelector("#history-temp"), { ...common, id: "history-temp-timechart", title: "Hotplate", unit: "°C",
      series: [{ label: "plate °C" }, { label: "setpoint °C", dash: [4, 3] }, { label: "plate min °C", color: "#90cdf4", width: 1 }, { label: "plate max °C", color: "#feb2b2", width: 1 }] });
    const weight = timeChart(el.querySelector("#history-weight"), { ...common, id: "history-weight-timechart", title: "Weight on scale", unit: "g",
      series: [{ label: "scale g", decimals: 3 }] });
    reload(span);
    return () => { stopped = true; temp.destroy(); weight.destroy(); };
  },
};
