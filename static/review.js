// The review page's keys: Space shows the answer, 1–4 grade the card (the buttons of its form).
// Without this file the page still works: the answer is a <details>, the grades a form.
"use strict";

(function () {
  const answer = document.getElementById("review-answer");
  if (!answer) return;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    // Space on the focused summary is the browser's own toggle; Space on the focused Good button grades.
    if (event.key === " " && !answer.open && !event.target.closest("summary")) {
      event.preventDefault();  // not a scroll, and not a second toggle of a focused summary
      answer.open = true;
      const good = answer.querySelector("button[data-key='3']");
      if (good) good.focus();
      return;
    }
    const grade = answer.open && answer.querySelector('button[data-key="' + event.key + '"]');
    if (grade) { event.preventDefault(); grade.click(); }
  });
})();
