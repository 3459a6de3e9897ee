// Batch view (live charts, steps, commands), batch history and the printable report.
"use strict";
const batchView = {
  async render(el, id) {
    let detail = await api.get(`/api/batches/${encodeURIComponent(id)}`);
    const weight = [], plate = [], setpoint = [];
    const t0 = Date.parse(detail.batch.createdAt);
    // Charts open with what is stored (bake trace), then grow with live telemetry.
    for (const p of detail.bakeTrace) { const x = (Date.parse(p.at) - t0) / 1000; plate.push([x, p.plateC]); setpoint.push([x, p.setpointC]); }
    let weightClock = "s (station clock)";
    if (["Complete", "Aborted", "Interrupted"].includes(detail.batch.state)) {
      weightClock = "s (gateway clock)";
      // A finished batch: the weight curve comes from stored telemetry.
      for (const s of await api.get(`/api/batches/${encodeURIComponent(id)}/telemetry`))
        if (s.scaleGrams != null) weight.push([(Date.parse(s.at) - t0) / 1000, s.scaleGrams]);
    }
    el.innerHTML = `
      <div class="row"><h1>Batch ${esc(id)}</h1><span id="state" class="badge"></span>
        <a class="noprint" href="#/report/${esc(id)}">printable report</a></div>
      <div id="summary" class="card"></div>
      <div class="row noprint" id="commands" style="margin:10px 0"></div>
      <div id="cmd-result"></div>
      <div class="charts">
        <canvas class="chart" id="weight-chart"></canvas>
        <canvas class="chart" id="temp-chart"></canvas>
      </div>
      <div class="charts">
        <div><h2>Steps</h2><ol class="steps" id="steps"></ol></div>
        <div><h2>Doses</h2><div id="doses"></div><h2>Alarms</h2><div id="alarms"></div></div>
      </div>
      <h2>Events</h2><div class="log" id="log"></div>`;
    const redraw = () => {
      drawChart(el.querySelector("#weight-chart"), [{ label: "scale g", points: weight }], { title: "Weight on scale (g)", xLabel: weightClock, yDecimals: 2 });
      drawChart(el.querySelector("#temp-chart"), [{ label: "plate °C", points: plate }, { label: "setpoint °C", points: setpoint, dash: [4, 3] }],
        { title: "Hotplate (°C)", xLabel: "s (station clock)" });
    };
    const show = () => {
      const b = detail.batch;
      const st = el.querySelector("#state"); st.textContent = b.state; st.className = `badge ${b.state}`; st.id = "state"; st.dataset.state = b.state;
      el.querySelector("#summary").innerHTML = summaryHtml(detail);
      el.querySelector("#steps").innerHTML = detail.steps.map(s => {
        const cur = b.progress?.stepIndex;
        const done = b.state === "Complete" || (cur !== null && cur !== undefined && s.index < cur);
        return `<li class="${done ? "done" : s.index === cur ? "current" : ""}">${esc(s.name)}${s.kind === "dose" ? ` — ch ${s.channelLabel}, ${fmt(s.targetGrams, 3)} ± ${fmt(s.toleranceGrams, 3)} g` : ""}${s.kind === "bake" ? ` — ${fmt(s.setpointC, 1)} °C for ${fmt(s.holdS, 0)} s (±${fmt(s.bandC, 2)})` : ""}</li>`;
      }).join("");
      el.querySelector("#doses").innerHTML = dosesHtml(detail.doses);
      el.querySelector("#alarms").innerHTML = detail.alarms.length ? alarmsHtml(detail.alarms) : `<p class="muted">none</p>`;
      const active = !["Complete", "Aborted", "Interrupted"].includes(b.state);
      const cmds = active ? ["hold", "unhold", "resume", "abort"] : [];
      if (active && b.progress?.prompt) cmds.unshift("confirm");
      el.querySelector("#commands").innerHTML = cmds.map(c => `<button class="${c === "abort" ? "danger" : "secondary"}" data-cmd="${c}">${c}</button>`).join("")
        + (b.progress?.prompt ? ` <span class="notice">${esc(b.progress.prompt)}</span>` : "");
      redraw();
    };
    el.querySelector("#commands").addEventListener("click", async ev => {
      const cmd = ev.target.dataset?.cmd;
      if (!cmd) return;
      const out = el.querySelector("#cmd-result");
      try {
        const r = await api.post(`/api/batches/${encodeURIComponent(id)}/commands/${cmd}`, cmd === "confirm" ? { stepIndex: detail.batch.progress?.stepIndex } : {});
        out.innerHTML = `<p class="muted">${esc(cmd)} accepted (${esc(r.id)})</p>`;
      } catch (e) { out.innerHTML = errorHtml(e); }
    });
    show();
    const log = el.querySelector("#log");
    const refresh = async () => { detail = await api.get(`/api/batches/${encodeURIComponent(id)}`); show(); };
    const offs = [
      live.on("telemetry", m => {
        if (m.station !== detail.batch.stationId || ["Complete", "Aborted", "Interrupted"].includes(detail.batch.state)) return;
        const s = m.sample, x = (Date.parse(s.at) - t0) / 1000;
        if (s.scaleGrams != null) weight.push([x, s.scaleGrams]);
        if (s.plateC != null) plate.push([x, s.plateC]);
        setpoint.push([x, s.setpointC ?? NaN]);
        if (weight.length % 5 === 0) redraw();
      }),
      live.on("batch", b => { if (b.id === id) { detail.batch = b; show(); if (["Complete", "Aborted", "Interrupted"].includes(b.state)) refresh(); } }),
      live.on("batch-event", e => {
        if (e.batchId !== id) return;
        log.insertAdjacentHTML("afterbegin", `<div>${new Date().toLocaleTimeString()} ${esc(e.kind)} ${e.stepIndex ?? ""} ${esc(e.message ?? "")}${e.actualGrams != null ? ` actual ${fmt(e.actualGrams, 4)} g (error ${fmt(e.errorGrams, 4)})` : ""}${e.alarmCode ? ` ${esc(e.alarmCode)} ${esc(e.severity)}` : ""}</div>`);
        if (e.kind === "dose-result" || e.kind.startsWith("alarm")) refresh();
      }),
    ];
    window.addEventListener("resize", redraw);
    return () => { offs.forEach(f => f()); window.removeEventListener("resize", redraw); };
  },
};

function summaryHtml(d) {
  const b = d.batch;
  const lots = Object.entries(d.lots ?? {}).map(([m, l]) => `${esc(m)}: ${esc(l)}`).join(", ") || "none given";
  return `<dl class="kv">
    <dt>recipe</dt><dd>${esc(b.recipeName)}</dd><dt>station</dt><dd>${esc(b.stationId)}</dd>
    <dt>batch size</dt><dd>${fmt(b.batchGrams, 3)} g</dd><dt>operator</dt><dd>${esc(b.operator)}</dd>
    <dt>lots</dt><dd>${lots}</dd>
    <dt>created</dt><dd>${time(b.createdAt)}</dd><dt>started</dt><dd>${time(b.startedAt)}</dd><dt>ended</dt><dd>${time(b.endedAt)}</dd>
    <dt>state</dt><dd><span class="badge ${esc(b.state)}">${esc(b.state)}</span> ${esc(b.stateReason ?? "")}</dd>
    <dt>progress</dt><dd>${b.progress ? `step ${(b.progress.stepIndex ?? -1) + 1}/${b.progress.stepCount} ${esc(b.progress.stepName ?? "")}, doses ${b.progress.dosesDone}/${b.progress.doseCount}` : "–"}</dd>
  </dl>`;
}

function dosesHtml(doses) {
  if (!doses.length) return `<p class="muted">none yet</p>`;
  return `<table id="dose-table"><tr><th>#</th><th>ch</th><th>material</th><th class="num">target g</th><th class="num">actual g</th><th class="num">error g</th><th class="num">error %</th><th class="num">time s</th></tr>
    ${doses.map(d => `<tr><td>${d.sequence}</td><td>${d.channel}</td><td>${esc(d.material)}</td><td class="num">${fmt(d.targetGrams, 4)}</td><td class="num">${fmt(d.actualGrams, 4)}</td>
      <td class="num">${fmt(d.errorGrams, 4)}</td><td class="num">${fmt(100 * d.errorGrams / d.targetGrams, 3)}</td><td class="num">${fmt(d.durationS, 1)}</td></tr>`).join("")}</table>`;
}

function alarmsHtml(alarms) {
  return `<table><tr><th>code</th><th>severity</th><th>message</th><th>raised</th><th>cleared</th></tr>
    ${alarms.map(a => `<tr><td>${esc(a.code)}</td><td>${esc(a.severity)}</td><td>${esc(a.message)}</td><td>${time(a.raisedAt)}</td><td>${time(a.clearedAt)}</td></tr>`).join("")}</table>`;
}

const batchesView = {
  async render(el) {
    const batches = await api.get("/api/batches?limit=200");
    el.innerHTML = `<h1>Batch history</h1><table id="batches"><tr><th>batch</th><th>station</th><th>recipe</th><th class="num">g</th><th>operator</th><th>state</th><th>created</th><th>ended</th><th></th></tr>
      ${batches.map(b => `<tr><td><a href="#/batch/${esc(b.id)}">${esc(b.id)}</a></td><td>${esc(b.stationId)}</td><td>${esc(b.recipeName)}</td><td class="num">${fmt(b.batchGrams, 1)}</td>
        <td>${esc(b.operator)}</td><td><span class="badge ${esc(b.state)}">${esc(b.state)}</span> <span class="muted">${esc(b.stateReason ?? "")}</span></td><td>${time(b.createdAt)}</td><td>${time(b.endedAt)}</td>
        <td><a href="#/report/${esc(b.id)}">report</a></td></tr>`).join("")}</table>`;
    return live.on("batch", () => { if (location.hash === "#/batches") route(); });
  },
};

const reportView = {
  async render(el, id) {
    const d = await api.get(`/api/batches/${encodeURIComponent(id)}`);
    const total = d.doses.reduce((a, x) => a + x.actualGrams, 0);
    const worst = d.doses.reduce((a, x) => Math.max(a, Math.abs(x.errorGrams)), 0);
    el.innerHTML = `<div class="card">
      <div class="row"><h1>Batch record ${esc(id)}</h1><button class="noprint secondary" onclick="window.print()">Print</button></div>
      ${summaryHtml(d)}
      <h2>Doses</h2>${dosesHtml(d.doses)}
      <p>Total dispensed ${fmt(total, 4)} g of ${fmt(d.batch.batchGrams, 3)} g planned; largest deviation ${fmt(worst, 4)} g.</p>
      <h2>Weight and bake trace</h2><div class="charts"><canvas class="chart" id="report-weight"></canvas><canvas class="chart" id="report-chart"></canvas></div>
      <h2>Alarms</h2>${d.alarms.length ? alarmsHtml(d.alarms) : "<p>none</p>"}
      <h2>Recipe</h2><pre style="white-space:pre-wrap;font-size:11px">${esc(d.recipeYaml)}</pre>
      <p class="muted">Generated ${new Date().toLocaleString()} by the DispenseStation gateway.</p></div>`;
    const t0 = Date.parse(d.batch.createdAt);
    const telemetry = await api.get(`/api/batches/${encodeURIComponent(id)}/telemetry`);
    drawChart(el.querySelector("#report-weight"), [{ label: "scale g", points: telemetry.filter(s => s.scaleGrams != null).map(s => [(Date.parse(s.at) - t0) / 1000, s.scaleGrams]) }],
      { title: "Weight on scale (g)", xLabel: "s since created (gateway clock)", yDecimals: 2 });
    drawChart(el.querySelector("#report-chart"), [
      { label: "plate °C", points: d.bakeTrace.map(p => [(Date.parse(p.at) - t0) / 1000, p.plateC]) },
      { label: "setpoint °C", points: d.bakeTrace.map(p => [(Date.parse(p.at) - t0) / 1000, p.setpointC]), dash: [4, 3] },
    ], { title: "Hotplate (°C)", xLabel: "s (station clock)" });
  },
};
