// Correcting a sentence's English in the reader. Loaded as a file: the CSP allows no inline script.
//
// An English sentence of the reader's own text (it has data-edit, the URL to PUT to) becomes a text box
// on Enter or a double-click (on a phone: a double tap, or "Correct this English" in the dialog that a
// tap opens). Enter or Save sends it with htmx (app.js adds the CSRF header); Escape or Cancel puts the
// sentence back as it was. The server answers with the paragraph's English, which replaces it.
"use strict";

(function () {
  const reader = document.querySelector(".document[data-document]");
  if (!reader || !window.htmx) return;
  const EDITABLE = ".en .sentence[data-edit]";
  const DOUBLE_CLICK_MS = 300;  // a single click's "other translations" waits this long for a second click
  const maxEnglish = Number(reader.dataset.englishMax) || 5000;
  const announcer = document.getElementById("reader-status");
  let singleClick = null;   // the pending "other translations" of a first click
  let refocus = null;       // the sentence (pair) to focus once its new English has arrived
  let forms = 0;            // numbers the forms: ids for their labels and hints

  function announce(text) { if (announcer) announcer.textContent = text; }
  function englishOf(pair) { return document.querySelector('.en .sentence[data-pair="' + pair + '"]'); }
  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    if (text) made.textContent = text;
    return made;
  }

  function sentenceNumber(sentence) {
    const position = Number(sentence.dataset.pair.split("-")[1]);
    const paragraph = Number(sentence.dataset.pair.split("-")[0]);
    return "sentence " + (position + 1) + " of paragraph " + (paragraph + 1);
  }

  function buildForm(sentence) {
    const number = ++forms;
    const box = sentence.closest(".en");
    const form = element("form", { "class": "edit-english", "hx-put": sentence.dataset.edit,
      "hx-target": "#" + box.id, "hx-swap": "outerHTML", "data-pair": sentence.dataset.pair });
    const current = sentence.classList.contains("error") ? "" : sentence.textContent.trim();
    form.append(
      element("label", { "for": "edit-english-" + number, "class": "visually-hidden" }, "Your English for " + sentenceNumber(sentence)),
      element("textarea", { id: "edit-english-" + number, name: "en", lang: "en", rows: "3", maxlength: String(maxEnglish),
        "aria-describedby": "edit-english-hint-" + number, spellcheck: "true" }),
      element("p", { id: "edit-english-hint-" + number, "class": "hint" }, "Enter saves, Escape cancels. Your English is kept, and reused where the same German comes again."),
      element("p", { "class": "edit-english-error", role: "alert", hidden: "" }));
    form.querySelector("textarea").value = current;
    const buttons = element("span", { "class": "edit-english-buttons" });
    buttons.append(element("button", { type: "submit" }, "Save"), element("button", { type: "button", "class": "edit-cancel" }, "Cancel"));
    if (sentence.classList.contains("edited")) {
      buttons.append(element("button", { type: "button", "class": "edit-revert", "hx-delete": sentence.dataset.edit,
        "hx-target": "#" + box.id, "hx-swap": "outerHTML" }, "Use the machine's English"));
    }
    if (sentence.dataset.alternatives) buttons.append(element("button", { type: "button", "class": "edit-alternatives" }, "Other translations"));
    form.append(buttons);
    return form;
  }

  function startEdit(sentence) {  // returns the sentence's form
    const open = sentence.closest(".en").querySelector('form.edit-english[data-pair="' + sentence.dataset.pair + '"]');
    if (open) { open.querySelector("textarea").focus(); return open; }
    const form = buildForm(sentence);
    const mark = sentence.nextElementSibling && sentence.nextElementSibling.classList.contains("origin-mark") ? sentence.nextElementSibling : null;
    (mark || sentence).after(form);
    sentence.hidden = true;
    if (mark) mark.hidden = true;
    form.addEventListener("htmx:responseError", function (event) { event.stopPropagation(); failed(form, event.detail.xhr); });
    form.addEventListener("htmx:sendError", function (event) { event.stopPropagation(); failed(form, null); });
    form.addEventListener("htmx:beforeRequest", function () { refocus = form.dataset.pair; });
    htmx.process(form);
    const text = form.querySelector("textarea");
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
    return form;
  }

  function failed(form, xhr) {
    refocus = null;
    let message = "Your English could not be saved. Try again in a moment.";
    if (xhr && xhr.responseText) {  // the error page says why (a control character, too long…)
      const reason = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector(".notice p");
      if (reason && reason.textContent.trim()) message = reason.textContent.trim();
    }
    showError(form, message);
  }
  function showError(form, message) {
    const note = form.querySelector(".edit-english-error");
    note.textContent = message;
    note.hidden = false;
    form.querySelector("textarea").focus();
  }

  function closeForm(form) {
    const sentence = englishOf(form.dataset.pair);
    form.remove();
    if (!sentence) return;
    sentence.hidden = false;
    const mark = sentence.nextElementSibling;
    if (mark && mark.classList.contains("origin-mark")) mark.hidden = false;
    sentence.focus();
  }

  function save(form) {
    const text = form.querySelector("textarea");
    if (text.value.trim()) { form.requestSubmit(); return; }
    showError(form, form.querySelector(".edit-revert")
      ? "The English is empty. Type your English, or choose “Use the machine's English”."
      : "The English is empty. Type your English, or Cancel to keep the machine's.");
  }

  // Enter on an English sentence edits it (before app.js, which would open its other translations).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    const sentence = event.target.matches && event.target.matches(EDITABLE) ? event.target : null;
    if (!sentence) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    startEdit(sentence);
  }, true);

  // A first click waits for a possible second one before app.js opens the other translations.
  document.addEventListener("click", function (event) {
    const sentence = event.target.closest && event.target.closest(EDITABLE);
    if (!sentence || event.detail === 0) return;  // clicks made by keys or by this file pass straight on
    event.stopImmediatePropagation();
    clearTimeout(singleClick);
    if (event.detail > 1) return;  // the dblclick below edits
    singleClick = setTimeout(function () { sentence.click(); }, DOUBLE_CLICK_MS);
  }, true);
  document.addEventListener("dblclick", function (event) {
    const sentence = event.target.closest && event.target.closest(EDITABLE);
    if (!sentence) return;
    clearTimeout(singleClick);
    event.preventDefault();
    window.getSelection().removeAllRanges();  // the double click selected a word
    startEdit(sentence);
  });

  document.addEventListener("keydown", function (event) {
    const form = event.target.closest && event.target.closest("form.edit-english");
    if (!form || event.target.tagName !== "TEXTAREA") return;
    if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); closeForm(form); announce("Not changed."); }
    else if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(form); }
  });
  document.addEventListener("submit", function (event) {
    const form = event.target.closest && event.target.closest("form.edit-english");
    if (form && !form.querySelector("textarea").value.trim()) { event.preventDefault(); event.stopPropagation(); save(form); }
  }, true);
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("form.edit-english button[type=button]");
    if (!button) return;
    const form = button.closest("form");
    if (button.classList.contains("edit-cancel")) { closeForm(form); announce("Not changed."); }
    else if (button.classList.contains("edit-alternatives")) {
      const sentence = englishOf(form.dataset.pair);
      closeForm(form);
      if (sentence) sentence.click();
    }
  });
  // "Correct this English" in the other-translations dialog (the way in on a phone), or "Start from this"
  // beside one of the engine's alternatives: the editor opens with that translation in it.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".edit-english-button[data-edit-pair]");
    if (!button) return;
    const dialog = button.closest("dialog");
    if (dialog) dialog.close();
    const sentence = englishOf(button.dataset.editPair);
    if (!sentence) return;
    const text = startEdit(sentence).querySelector("textarea");
    if (button.dataset.english) text.value = button.dataset.english;
  });

  // The paragraph's new English has arrived: back to the sentence, shown even in learner mode.
  document.addEventListener("htmx:afterSettle", function () {
    if (!refocus) return;
    const sentence = englishOf(refocus);
    refocus = null;
    if (!sentence) return;
    sentence.classList.add("revealed");
    const reveal = sentence.parentNode.querySelector('.reveal[data-reveal="' + sentence.dataset.pair + '"]');
    if (reveal) reveal.classList.add("revealed");
    sentence.focus();
    announce(sentence.classList.contains("edited") ? "Saved: your English for " + sentenceNumber(sentence) + "."
      : "The machine's English is back for " + sentenceNumber(sentence) + ".");
  });
})();
