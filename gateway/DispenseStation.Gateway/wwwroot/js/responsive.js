// A table wider than the screen scrolls inside its own box (css/responsive.css); keyboard users reach that box only when
// it can take focus, so every table that overflows gets tabindex=0 (axe's scrollable-region-focusable rule).
"use strict";
(() => {
  const mark = () => {
    for (const t of document.querySelectorAll("main table:not(.u-legend)")) {
      const overflows = t.scrollWidth > t.clientWidth + 1;
      if (overflows && !t.hasAttribute("tabindex")) t.setAttribute("tabindex", "0");
      else if (!overflows && t.getAttribute("tabindex") === "0") t.removeAttribute("tabindex");
    }
  };
  let queued = false;
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); } };
  new MutationObserver(soon).observe(document.getElementById("view"), { childList: true, subtree: true });
  window.addEventListener("resize", soon);
})();
