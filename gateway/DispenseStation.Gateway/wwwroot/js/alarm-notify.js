// Browser notifications of new critical alarms, on whatever page is open, once the user has allowed them (the alarms
// page has the button that asks). Nothing is shown without the browser's permission.
"use strict";
const alarmNotify = {
  supported: () => "Notification" in window,
  state() {
    if (!this.supported()) return "unsupported";
    return Notification.permission; // "default", "granted" or "denied"
  },
  async ask() {
    if (!this.supported()) return "unsupported";
    return await Notification.requestPermission();
  },
  start() {
    live.on("alarm", a => {
      if (a.kind !== "alarm-raised" || a.severity !== "critical" || this.state() !== "granted") return;
      new Notification(`Critical alarm on ${a.station}: ${a.code}`, { body: a.message ?? "", tag: `alarm-${a.id}` });
    });
  },
};
alarmNotify.start();
