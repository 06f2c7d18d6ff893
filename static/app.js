// Lesepult reader behaviour. Loaded as a file: the CSP allows no inline script.
"use strict";

(function () {
  // Hovering or focusing a sentence lights up its counterpart in the other column.
  function linkPairs(event, on) {
    const sentence = event.target.closest && event.target.closest(".sentence[data-pair]");
    if (!sentence) return;
    document.querySelectorAll('.sentence[data-pair="' + sentence.dataset.pair + '"]')
      .forEach(function (el) { el.classList.toggle("linked", on); });
  }
  document.addEventListener("mouseover", function (e) { linkPairs(e, true); });
  document.addEventListener("mouseout", function (e) { linkPairs(e, false); });
  document.addEventListener("focusin", function (e) { linkPairs(e, true); });
  document.addEventListener("focusout", function (e) { linkPairs(e, false); });

  // Progress of the English column, counted from the paragraphs swapped in.
  function updateProgress() {
    const box = document.getElementById("progress");
    if (!box) return;
    const total = Number(box.dataset.total);
    const done = document.querySelectorAll(".en.done").length;
    box.querySelector("progress").value = done;
    box.querySelector("[role=status]").textContent =
      done >= total ? "English: all " + total + " paragraphs translated"
                    : "English: " + done + " of " + total + " paragraphs translated";
    box.classList.toggle("complete", done >= total);
  }
  document.addEventListener("htmx:load", updateProgress);
  document.addEventListener("htmx:afterSettle", updateProgress);
  document.addEventListener("htmx:responseError", function (e) {
    const target = e.detail.target;
    if (target && target.classList.contains("en")) {
      target.classList.remove("pending");
      target.innerHTML = '<p class="text error" role="alert">This paragraph could not be translated. Reload to try again.</p>';
    }
  });

  // Options that apply as soon as they change.
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });

  // The glossary panel: selecting a term highlights its occurrences.
  document.addEventListener("click", function (e) {
    const button = e.target.closest(".term-filter");
    if (!button) return;
    const pressed = button.getAttribute("aria-pressed") !== "true";
    document.querySelectorAll(".term-filter").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    document.querySelectorAll("mark.term.selected").forEach(function (m) { m.classList.remove("selected"); });
    if (!pressed) return;
    button.setAttribute("aria-pressed", "true");
    const marks = Array.from(document.querySelectorAll("mark.term")).filter(function (m) {
      return m.dataset.term === button.dataset.term;
    });
    marks.forEach(function (m) { m.classList.add("selected"); });
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  });

  // Reading critically: show only what needs checking.
  document.addEventListener("change", function (e) {
    if (e.target.id === "only-low") document.body.classList.toggle("only-low", e.target.checked);
  });

  // Click (or Enter on) an English sentence for the engine's other hypotheses.
  function openInDialog(url) {
    const dialog = document.getElementById("lookup");
    if (!dialog || !window.htmx) return;
    htmx.ajax("GET", url, { target: "#lookup-body", swap: "innerHTML" })
      .then(function () { if (!dialog.open) dialog.showModal(); });
  }
  document.addEventListener("click", function (e) {
    const sentence = e.target.closest(".en .sentence[data-alternatives]");
    if (sentence) openInDialog(sentence.dataset.alternatives);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    const sentence = e.target.closest && e.target.closest(".en .sentence[data-alternatives]");
    if (sentence) { e.preventDefault(); openInDialog(sentence.dataset.alternatives); }
  });

  // Click any German word (or press Enter on a focused term) for its dictionary entry.
  function lookUp(word, element) {
    const counterpart = element && element.closest(".sentence[data-pair]");
    const english = counterpart && document.querySelector('.en .sentence[data-pair="' + counterpart.dataset.pair + '"]');
    openInDialog("/lookup?q=" + encodeURIComponent(word) + (english ? "&en=" + encodeURIComponent(english.textContent.slice(0, 500)) : ""));
  }
  document.addEventListener("click", function (e) {
    const word = e.target.closest(".de .w");
    if (word) lookUp(word.textContent, word);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    const term = e.target.closest && e.target.closest(".de mark.term");
    if (term) { e.preventDefault(); lookUp(term.textContent, term); }
  });
})();
