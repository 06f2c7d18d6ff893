// The reader's sense of place: where in a long document the reader is, the side panels of the window
// being read, and the add-to-glossary button beside the German words selected. Loaded as a file (CSP).
"use strict";

(function () {
  const reader = document.querySelector(".document[data-document]");
  if (!reader) return;
  const side = document.querySelector(".side-panels[data-start]");
  const position = document.getElementById("reading-position");
  const total = position ? Number(position.dataset.paragraphs) : 0;

  // The paragraph being read: the first one still showing below the top tenth of the screen
  // (rows are in document order, so a binary search finds it among thousands).
  function currentParagraph() {
    const rows = reader.querySelectorAll("section.row[id^='p']");
    const line = window.innerHeight / 10;
    let low = 0, high = rows.length - 1, found = rows[rows.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (rows[middle].getBoundingClientRect().bottom > line) { found = rows[middle]; high = middle - 1; }
      else low = middle + 1;
    }
    return found ? Number(found.id.slice(1)) : null;
  }

  function showPosition(index) {
    if (!position || !total) return;
    position.textContent = "you are at ¶" + (index + 1).toLocaleString("en") + " (" + Math.round(100 * (index + 1) / total) + "%)";
  }

  // A page holds every window scrolled through; the panels show the one the reader is in.
  function showPanels(index) {
    if (!side || (index >= Number(side.dataset.start) && index < Number(side.dataset.end))) return;
    if (side.querySelector(".sheet:popover-open")) return;  // not while the reader looks at them
    const panels = Array.from(reader.querySelectorAll("template.window-panels")).find(function (t) {
      return index >= Number(t.dataset.start) && index < Number(t.dataset.end);
    });
    if (!panels) return;
    side.replaceChildren(panels.content.cloneNode(true));
    side.dataset.start = panels.dataset.start;
    side.dataset.end = panels.dataset.end;
    [["terms-count", panels.dataset.terms], ["entities-count", panels.dataset.entities]].forEach(function (pair) {
      const count = document.getElementById(pair[0]);
      if (count) count.textContent = pair[1];
    });
  }

  let scheduled = false;
  function follow() {
    scheduled = false;
    const index = currentParagraph();
    if (index === null) return;
    showPosition(index);
    showPanels(index);
  }
  function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(follow); } }
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  document.addEventListener("htmx:afterSwap", schedule);
  schedule();

  // The add-to-glossary button floats just below the selected German words: placed through the CSSOM
  // (custom properties app.css reads), so the page does not move and no inline style is written.
  const add = document.getElementById("add-selection");
  document.addEventListener("selectionchange", function () {
    const selection = window.getSelection();
    if (!add || !selection || selection.isCollapsed || !selection.rangeCount) return;
    const node = selection.focusNode && (selection.focusNode.nodeType === 1 ? selection.focusNode : selection.focusNode.parentElement);
    if (!node || !node.closest(".de")) return;
    const rects = selection.getRangeAt(0).getClientRects();
    const last = rects[rects.length - 1];
    if (!last) return;
    const width = add.offsetWidth || 280;
    const left = Math.max(8, Math.min(last.left, document.documentElement.clientWidth - width - 8));
    add.style.setProperty("--selection-top", (last.bottom + window.scrollY + 6) + "px");
    add.style.setProperty("--selection-left", (left + window.scrollX) + "px");
  });
})();
