// The live bake view of a bake job, as roast and reflow loggers show it: plate and setpoint on an absolute time axis,
// rate of rise in °C/min, the segment and its countdown, time in band, and markers for wafer down, segment changes and
// alarms. The job page (#/bakejob/ID) and its record (#/bakereport/ID) use the same view.
"use strict";

// Gateway instant (ms) of station second `t` since the job started: the trace holds both clocks, so a station time
// (a segment's end, a removal) lands where the plate trace shows it, at any simulation speed.
function stationToAt(trace, t) {
  if (!trace.length) return NaN;
  let lo = 0, hi = trace.length - 1;
  if (t <= trace[0].timeS) return Date.parse(trace[0].at) - (trace[0].timeS - t) * 1000;
  if (t >= trace[hi].timeS) return Date.parse(trace[hi].at) + (t - trace[hi].timeS) * 1000;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (trace[mid].timeS <= t) lo = mid; else hi = mid; }
  const a = trace[lo], b = trace[hi], f = (t - a.timeS) / ((b.timeS - a.timeS) || 1);
  return Date.parse(a.at) + f * (Date.parse(b.at) - Date.parse(a.at));
}

// Least-squares slope of plate °C against station time over the last `windowS` seconds, in °C per minute.
function rateOfRise(trace, windowS = 30) {
  if (trace.length < 2) return null;
  const end = trace[trace.length - 1].timeS, pts = trace.filter(p => p.timeS >= end - windowS);
  if (pts.length < 2) return null;
  const n = pts.length, mx = pts.reduce((a, p) => a + p.timeS, 0) / n, my = pts.reduce((a, p) => a + p.plateC, 0) / n;
  let sxy = 0, sxx = 0;
  for (const p of pts) { sxy += (p.timeS - mx) * (p.plateC - my); sxx += (p.timeS - mx) ** 2; }
  return sxx > 0 ? 60 * sxy / sxx : null;
}

// Seconds of trace since station time `fromS` with the plate within ±band of its setpoint.
function timeInBand(trace, fromS, band) {
  let s = 0;
  for (let i = 1; i < trace.length; i++) {
    const a = trace[i - 1], b = trace[i];
    if (b.timeS <= fromS || a.setpointC == null) continue;
    if (Math.abs(a.plateC - a.setpointC) <= band) s += b.timeS - Math.max(a.timeS, fromS);
  }
  return s;
}

// Where the wafer on the plate is in the profile: segment index, seconds left in it, seconds left in all.
function segmentNow(profile, downS, nowS) {
  if (!profile || downS == null) return null;
  const elapsed = Math.max(0, nowS - downS);
  let start = 0;
  for (let i = 0; i < profile.segments.length; i++) {
    const seg = profile.segments[i], end = start + seg.holdS;
    if (elapsed < end || i === profile.segments.length - 1)
      return { index: i, segment: seg, startS: downS + start, leftS: Math.max(0, end - elapsed), totalLeftS: Math.max(0, profile.plannedS - elapsed) };
    start = end;
  }
  return null;
}

// Markers: each wafer's landing and removal, each segment change while a wafer is down, and the station's alarms.
function bakeMarkers(d, alarms) {
  const marks = [];
  const segmentMarks = downS => {
    let t = downS;
    (d.profile?.segments ?? []).forEach((seg, i) => {
      if (i > 0) marks.push({ at: stationToAt(d.trace, t), label: `segment ${i + 1}: ${fmt(seg.setpointC, 1)} °C`, kind: "segment" });
      t += seg.holdS;
    });
  };
  for (const w of d.wafers) {
    marks.push({ at: stationToAt(d.trace, w.downTimeS), label: `wafer ${w.wafer + 1} down`, kind: "wafer-down" });
    segmentMarks(w.downTimeS);
    marks.push({ at: stationToAt(d.trace, w.downTimeS + w.timeOnPlateS), label: `wafer ${w.wafer + 1} off`, kind: "event" });
  }
  if (d.live?.downTimeS != null && !d.wafers.some(w => w.wafer === d.live.wafer)) {
    marks.push({ at: stationToAt(d.trace, d.live.downTimeS), label: `wafer ${d.live.wafer + 1} down`, kind: "wafer-down" });
    segmentMarks(d.live.downTimeS);
  }
  for (const a of alarms) marks.push({ at: Date.parse(a.raisedAt), label: `alarm ${a.code}`, kind: "alarm" });
  return marks.filter(m => Number.isFinite(m.at));
}

// The read-out under the title: what a technician watches while a wafer bakes.
function bakeReadoutHtml(d) {
  const last = d.trace[d.trace.length - 1];
  const rate = rateOfRise(d.trace);
  const seg = d.live ? segmentNow(d.profile, d.live.downTimeS, last?.timeS ?? 0) : null;
  const band = seg?.segment.bandC ?? d.profile?.segments?.[0]?.bandC;
  const inBand = seg ? timeInBand(d.trace, seg.startS, seg.segment.bandC) : null;
  const mmss = s => s == null ? "–" : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
  return `<dl class="kv bake-readout" id="bake-readout">
    <dt>plate</dt><dd id="ro-plate">${fmt(last?.plateC, 2)} °C</dd>
    <dt>setpoint</dt><dd id="ro-setpoint">${last?.setpointC == null ? "–" : fmt(last.setpointC, 1) + " °C"}</dd>
    <dt>rate of rise</dt><dd id="ro-rate">${rate == null ? "–" : (rate >= 0 ? "+" : "") + fmt(rate, 2)} °C/min <span class="muted">(last 30 s)</span></dd>
    <dt>segment</dt><dd id="ro-segment">${seg ? `${seg.index + 1} of ${d.profile.segments.length}: ${fmt(seg.segment.setpointC, 1)} °C, ${mmss(seg.leftS)} left` : "no wafer on the plate"}</dd>
    <dt>wafer done in</dt><dd id="ro-left">${seg ? mmss(seg.totalLeftS) : "–"}</dd>
    <dt>time in band</dt><dd id="ro-band">${seg ? `${fmt(inBand, 1)} s within ±${fmt(band, 2)} °C this segment` : "–"}</dd>
  </dl>`;
}

/** Builds the plate chart in `host`; returns { update(detail, alarms), destroy() }. */
function bakeChart(host, title) {
  const chart = timeChart(host, { id: "bake-timechart", title, unit: "°C", height: 300,
    series: [{ label: "plate °C" }, { label: "setpoint °C", dash: [4, 3] }],
    ranges: [["2 min", 120], ["10 min", 600], ["all", null]] });
  return {
    update(d, alarms) {
      chart.setData(d.trace.map(p => Date.parse(p.at)), [d.trace.map(p => p.plateC), d.trace.map(p => p.setpointC ?? null)]);
      chart.setMarkers(bakeMarkers(d, alarms));
    },
    destroy() { chart.destroy(); },
  };
}

// The station's alarms raised while the job ran (the job record itself holds none).
async function bakeAlarms(d) {
  const all = await api.get(`/api/stations/${encodeURIComponent(d.job.stationId)}/alarms`).catch(() => []);
  const from = Date.parse(d.job.createdAt), to = d.job.endedAt ? Date.parse(d.job.endedAt) : Infinity;
  return all.filter(a => { const t = Date.parse(a.raisedAt); return t >= from && t <= to; });
}
