// Reading statistics: a paragraph counts as read once its German has stayed on screen for DWELL_MS.
// The page reports such paragraphs in small batches (the server counts their words, once a day each).
"use strict";

(function () {
  const script = document.currentScript;
  const reader = document.querySelector(".document[data-document]");
  if (!script || !reader || !window.IntersectionObserver) return;
  const DWELL_MS = 3000;
  const url = script.dataset.readingUrl;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const documentId = Number(reader.dataset.document);
  const timers = new Map();   // paragraph element → its dwell timer
  const counted = new Set();  // paragraph indexes reported (or waiting to be) from this page
  let waiting = [];

  function send() {
    if (!waiting.length) return;
    const paragraphs = waiting.splice(0, 200);
    fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": meta ? meta.content : "" },
      body: JSON.stringify({ document: documentId, paragraphs: paragraphs })
    }).catch(function () { /* offline: these paragraphs go uncounted */ });
  }
  function read(row) {
    timers.delete(row);
    const index = Number(row.id.slice(1));
    if (counted.has(index)) return;
    counted.add(index);
    waiting.push(index);
    document.body.dataset.paragraphsRead = String(counted.size);  // for the browser tests and the curious
  }
  const observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      const row = entry.target;
      // Half of it on screen, or half the screen filled by it (a paragraph taller than two screens).
      const shown = entry.isIntersecting && (entry.intersectionRatio >= 0.5 ||
        (entry.rootBounds && entry.intersectionRect.height >= entry.rootBounds.height / 2));
      if (shown && !timers.has(row)) timers.set(row, setTimeout(read, DWELL_MS, row));
      else if (!shown && timers.has(row)) { clearTimeout(timers.get(row)); timers.delete(row); }
    });
  }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
  const ROW = "section.row[id^='p']";
  function watch(node) {
    if (node.matches && node.matches(ROW)) observer.observe(node);
    if (node.querySelectorAll) node.querySelectorAll(ROW).forEach(function (row) { observer.observe(row); });
  }
  watch(reader);
  // Windows loaded as the reader scrolls bring new paragraphs.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(watch);
    });
  }).observe(reader, { childList: true });
  setInterval(send, 5000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") send(); });
  window.addEventListener("pagehide", send);
})();
