// Lesepult's page behaviour. Loaded as a file: the CSP allows no inline script.
//
// One delegated listener per event type (`on` below) serves every page, so
// content htmx swaps in later works without re-binding. Every URL comes
// from a data-* attribute the server rendered; the CSRF token comes from
// <meta name="csrf-token">.
"use strict";

(function () {
  const handlers = {};
  function on(type, selector, handler) {
    if (!handlers[type]) {
      handlers[type] = [];
      document.addEventListener(type, function (event) {
        handlers[type].forEach(function (entry) {
          const target = entry.selector && event.target.closest ? event.target.closest(entry.selector) : null;
          if (!entry.selector || target) entry.handler(event, target);
        });
      });
    }
    handlers[type].push({ selector: selector, handler: handler });
  }
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = meta ? meta.content : "";
  const reader = document.querySelector(".document[data-document]");
  const announcer = document.getElementById("reader-status");
  function announce(text) { if (announcer) announcer.textContent = text; }

  // Every htmx request carries the CSRF token; state-changing fetches below add it too.
  on("htmx:configRequest", null, function (event) { event.detail.headers["X-CSRFToken"] = csrfToken; });

  // Hovering or focusing a sentence lights up its counterpart in the other column.
  function linkPairs(sentence, linked) {
    document.querySelectorAll('.sentence[data-pair="' + sentence.dataset.pair + '"]')
      .forEach(function (el) { el.classList.toggle("linked", linked); });
  }
  on("mouseover", ".sentence[data-pair]", function (e, s) { linkPairs(s, true); });
  on("mouseout", ".sentence[data-pair]", function (e, s) { linkPairs(s, false); });
  on("focusin", ".sentence[data-pair]", function (e, s) { linkPairs(s, true); });
  on("focusout", ".sentence[data-pair]", function (e, s) { linkPairs(s, false); });

  on("htmx:responseError", null, function (event) {
    const target = event.detail.target;
    if (target && target.classList.contains("en")) {
      target.classList.remove("pending");
      target.innerHTML = '<p class="text error" role="alert">This paragraph could not be translated. Reload to try again.</p>';
    }
  });

  // Options that apply as soon as they change.
  on("change", "[data-autosubmit]", function (e, input) { input.form.submit(); });
  on("change", "#only-low", function (e, box) { document.body.classList.toggle("only-low", box.checked); });

  // A paste over the limit is refused here, before it is sent: the text stays in the form.
  on("submit", "form.import", function (event, form) {
    const text = form.querySelector("textarea[data-max-chars]");
    const note = document.getElementById("text-too-long");
    if (!text || !note) return;
    const limit = Number(text.dataset.maxChars);
    if (text.value.length > limit) {
      event.preventDefault();
      note.textContent = "This text has " + text.value.length.toLocaleString("en") + " characters; the limit is " +
        limit.toLocaleString("en") + ". Shorten it or split it into parts, then open it again.";
      note.hidden = false;
      text.focus();
    }
  });

  // An import still running: look again in a moment.
  const importing = document.querySelector("[data-reload]");
  if (importing) setTimeout(function () { location.reload(); }, Number(importing.dataset.reload));

  // Sheets: on a narrow screen the reader's tools and panels are popovers (app.css); where there is room
  // they sit in place and are never "open". A sheet that covers the text closes once it has done its job.
  function closeSheet(element) {
    const sheet = element && element.closest(".sheet");
    if (sheet && sheet.matches(":popover-open")) sheet.hidePopover();
  }
  function openSheet(sheet) {  // so a key can reach a control inside a folded sheet
    if (sheet && sheet.matches(".sheet:not(:popover-open)") && !sheet.checkVisibility()) sheet.showPopover();
  }
  // Grown past the narrow layout, an open sheet would float over panels that now sit in place.
  const narrow = window.matchMedia("(max-width: 60rem)");
  narrow.addEventListener("change", function () {
    if (!narrow.matches) document.querySelectorAll(".sheet:popover-open").forEach(function (s) { s.hidePopover(); });
  });
  on("click", ".sheet a[href^='#']", function (e, link) { closeSheet(link); });

  // The glossary panel: selecting a term highlights its occurrences.
  on("click", ".term-filter", function (e, button) {
    const pressed = button.getAttribute("aria-pressed") !== "true";
    document.querySelectorAll(".term-filter").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    document.querySelectorAll("mark.term.selected").forEach(function (m) { m.classList.remove("selected"); });
    if (!pressed) return;
    button.setAttribute("aria-pressed", "true");
    const marks = Array.from(document.querySelectorAll("mark.term")).filter(function (m) {
      return m.dataset.term === button.dataset.term;
    });
    marks.forEach(function (m) { m.classList.add("selected"); });
    closeSheet(button);
    if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
  });

  if (!reader) return;  // the rest is the reader's

  const urls = reader.dataset;  // data-lookup-url, data-words-url, data-word-url
  const storageKey = "lesepult:document:" + reader.dataset.document;
  const dialog = document.getElementById("lookup");
  const dialogBody = document.getElementById("lookup-body");
  let current = null;      // the German sentence being read
  let cursor = null;       // the word under the word cursor, inside `current`
  let revealAll = false;   // English arriving later is shown too
  let lookups = 0;         // numbers each lookup: only the latest may fill the dialog

  // The dictionary dialog: a word's entry, a sentence's alternatives. The body is emptied first and
  // filled whole by the latest request, so nothing of an earlier word (or a slower, earlier answer) shows.
  function openInDialog(url, options) {
    if (!dialog) return;
    const number = ++lookups;
    dialogBody.replaceChildren();
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r); })
      .catch(function () { return '<h2 id="lookup-title">Not found</h2><p role="alert">This could not be looked up. Try again in a moment.</p>'; })
      .then(function (html) {
        if (number !== lookups) return;
        dialogBody.innerHTML = html;  // our own escaped fragment; the CSP blocks any script in it
        if (window.htmx) htmx.process(dialogBody);  // its add-to-glossary form posts through htmx
        showWordStatus();
        if (!dialog.open) dialog.showModal();
        const add = dialogBody.querySelector("details.add-term-box");
        if (options && options.add && add) { add.open = true; add.querySelector("input[name=en]").focus(); return; }
        const title = dialogBody.querySelector("h2[tabindex]");
        if (title) title.focus();  // a screen reader starts at the headword, not at the close button
      });
  }
  function lookupUrl(query, element) {
    const sentence = element && element.closest(".sentence[data-pair]");
    const english = sentence && document.querySelector('.en .sentence[data-pair="' + sentence.dataset.pair + '"]');
    let url = urls.lookupUrl + "?q=" + encodeURIComponent(query);
    if (sentence) url += "&context=" + encodeURIComponent(sentence.textContent.trim().slice(0, 500));
    if (english) url += "&en=" + encodeURIComponent(english.textContent.trim().slice(0, 500));
    return url;
  }
  function lookUp(word, element) { openInDialog(lookupUrl(word, element)); }
  on("click", ".de .w", function (e, word) { lookUp(word.textContent, word); });
  on("click", ".en .sentence[data-alternatives]", function (e, s) { openInDialog(s.dataset.alternatives); });

  // Select German words (a multi-word term, say) and add them to the glossary from the dialog.
  function selectedGerman() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) return "";
    const start = selection.anchorNode.parentElement;
    if (!start || !start.closest(".de")) return "";
    const text = selection.toString().replace(/\s+/g, " ").trim();
    return text.length >= 2 && text.length <= 100 ? text : "";
  }
  on("selectionchange", null, function () {
    const button = document.getElementById("add-selection");
    if (!button) return;
    const text = selectedGerman();
    if (text) button.dataset.text = text;
    button.hidden = !text && !button.contains(document.activeElement);
  });
  on("click", "#add-selection", function (e, button) {
    if (button.dataset.text) openInDialog(urls.lookupUrl + "?q=" + encodeURIComponent(button.dataset.text), { add: true });
  });

  function remembered() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (_) { return {}; }
  }
  function remember(change) {
    try { localStorage.setItem(storageKey, JSON.stringify(Object.assign(remembered(), change))); } catch (_) { /* private mode */ }
  }

  // Sentences and words.
  function germanSentences() {
    return Array.from(document.querySelectorAll(".de .sentence[data-pair]")).filter(function (s) { return s.offsetParent !== null; });
  }
  function english(pair) { return document.querySelector('.en .sentence[data-pair="' + pair + '"]'); }
  function setCurrent(sentence) {
    if (current) current.classList.remove("current");
    current = sentence;
    current.classList.add("current");
    remember({ position: sentence.dataset.pair });
  }
  function moveSentence(step) {
    const sentences = germanSentences();
    if (!sentences.length) return;
    const index = current ? sentences.indexOf(current) : -1;
    const next = sentences[Math.max(0, Math.min(sentences.length - 1, index < 0 ? 0 : index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
  function setCursor(word) {
    if (cursor) cursor.classList.remove("cursor");
    cursor = word;
    if (!word) return;
    word.classList.add("cursor");
    announce("Word: " + word.textContent);
  }
  function moveCursor(step) {
    if (!current) return;
    const words = Array.from(current.querySelectorAll(".w"));
    if (!words.length) return;
    const index = words.indexOf(cursor);
    setCursor(words[index < 0 ? (step > 0 ? 0 : words.length - 1) : Math.max(0, Math.min(words.length - 1, index + step))]);
  }
  on("focusin", ".de .sentence[data-pair]", function (e, sentence) {
    if (sentence !== current) { setCurrent(sentence); setCursor(null); }
  });

  // Learner mode: the English stays hidden until asked for.
  const hideToggle = document.getElementById("hide-english");
  function setHidden(hidden) {
    document.body.classList.toggle("hide-english", hidden);
    if (hideToggle) hideToggle.checked = hidden;
    remember({ hidden: hidden });
  }
  function reveal(pair) {
    const sentence = english(pair);
    if (!sentence) return null;
    sentence.classList.add("revealed");
    const button = sentence.parentNode.querySelector('.reveal[data-reveal="' + pair + '"]');
    if (button) button.classList.add("revealed");
    return sentence;
  }
  function revealParagraph(box) {
    box.querySelectorAll(".sentence[data-pair]").forEach(function (s) { reveal(s.dataset.pair); });
    box.classList.add("revealed");
  }
  function revealEverything() {
    revealAll = true;
    document.querySelectorAll(".en").forEach(revealParagraph);
  }
  on("change", "#hide-english", function (e, box) { revealAll = false; setHidden(box.checked); });
  on("click", ".reveal[data-reveal]", function (e, button) { const s = reveal(button.dataset.reveal); if (s) s.focus(); });
  on("click", ".reveal-paragraph", function (e, button) { revealParagraph(button.closest(".en")); });
  on("click", "#reveal-all", revealEverything);
  on("htmx:afterSwap", null, function (event) {
    const box = event.detail.target && document.getElementById(event.detail.target.id);
    if (box && box.classList.contains("en") && revealAll) revealParagraph(box);
    if (event.detail.target && event.detail.target.classList.contains("window-loader")) markWords();
  });

  // Known and learning words, by lemma; the server maps this document's forms to statuses and levels.
  let forms = {}, formLevels = {}, lemmas = {}, levels = {};
  function markWords() {
    document.querySelectorAll(".de .w").forEach(function (w) {
      const form = w.textContent.toLowerCase();
      const status = forms[form];
      w.classList.toggle("known", status === "known");
      w.classList.toggle("learning", status === "learning");
      for (let level = 1; level <= 5; level++) w.classList.toggle("level-" + level, formLevels[form] === level);
    });
  }
  function loadWords() {
    return fetch(urls.wordsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (data) {
        forms = data.forms || {}; formLevels = data.form_levels || {};
        lemmas = data.words || {}; levels = data.levels || {};
        markWords();
      });
  }
  // The share of the whole document is counted on the server (a book is more than the windows on the
  // page); it keeps the document's lemmatised vocabulary, so recounting after each mark is cheap.
  let shareRequests = 0;
  function showUnknownShare() {  // after the words are marked, so the share is current
    const share = document.getElementById("unknown-share");
    if (!share || !share.dataset.src) return Promise.resolve();
    const number = ++shareRequests;
    return fetch(share.dataset.src, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r); })
      .then(function (html) { if (number === shareRequests) share.innerHTML = html; })
      .catch(function () { share.textContent = "Could not count the words you know."; });
  }
  // Where the word was met: the dictionary dialog's (its sentence, English and first meaning), else the
  // current sentence's. The sentence also tells the server a separated verb's lemma (brachen … ab: abbrechen).
  function context(box) {
    if (box) return { sentence: box.dataset.sentence, en: box.dataset.en, meaning: box.dataset.meaning };
    const en = current && english(current.dataset.pair);
    return current ? { sentence: current.textContent.trim(), en: en ? en.textContent.trim() : "" } : {};
  }
  function markWord(word, status, level) {  // level: 1–5 (then learning), or undefined to keep it
    if (!word) return;
    const box = dialog && dialog.open ? dialogBody.querySelector(".word-status[data-word]") : null;
    fetch(urls.wordUrl.replace("__word__", encodeURIComponent(word)), {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(Object.assign(context(box), { status: status, level: level }))
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
      .then(function (data) {
        announce(word + " (" + data.lemma + "): " + data.status + (data.level ? ", level " + data.level : ""));
        return Promise.all([loadWords().then(showWordStatus), showUnknownShare()]);
      })
      .catch(function () { announce("Could not mark " + word + "."); });
  }
  // The word the dictionary dialog shows, if it offers to mark one (a phrase or a sentence does not).
  function wordInDialog() {
    const box = dialog && dialog.open && dialogBody.querySelector(".word-status[data-word]");
    return box ? box.dataset.word : null;
  }
  on("click", "#lookup .word-status button[data-status]", function (e, button) {
    markWord(button.closest("[data-word]").dataset.word, button.dataset.status);
  });
  on("click", "#lookup .word-status button[data-level]", function (e, button) {
    markWord(button.closest("[data-word]").dataset.word, "learning", Number(button.dataset.level));
  });
  function showWordStatus() {  // which of known / learning / unknown the dialog's word is now, and its level
    const box = dialogBody && dialogBody.querySelector(".word-status[data-word]");
    if (!box) return;
    const lemma = box.dataset.lemma;
    const status = lemmas[lemma] || forms[box.dataset.word.toLowerCase()] || "unknown";
    const level = status === "learning" ? (levels[lemma] || formLevels[box.dataset.word.toLowerCase()]) : 0;
    box.querySelectorAll("button[data-status]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.status === status));
    });
    box.querySelectorAll("button[data-level]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.level) === level));
    });
  }

  // Listening, with the browser's German voice if it has one.
  const listenNote = document.getElementById("listen-note");
  function germanVoice() {
    if (!window.speechSynthesis) return null;
    return speechSynthesis.getVoices().find(function (v) { return /^de(-|_|$)/i.test(v.lang); }) || null;
  }
  function speak(text) {
    const voice = germanVoice();
    if (!voice) { listenNote.hidden = false; announce(listenNote.textContent); return; }
    listenNote.hidden = true;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "de-DE";
    utterance.voice = voice;
    speechSynthesis.speak(utterance);
  }
  function speakSentence() {
    const sentence = current || germanSentences()[0];
    if (sentence) speak(sentence.textContent);
  }
  function showHelp() { document.getElementById("keys-help").showModal(); }
  on("click", "#listen", speakSentence);
  on("click", "#show-help", showHelp);

  // The keys. None fire while typing, or with Ctrl/Alt/Meta held (browser shortcuts).
  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }
  function focusIn(selector) {
    const target = document.querySelector(selector);
    if (target) target.focus();
    return Boolean(target);
  }
  function levelKey(e) { if (cursor) markWord(cursor.textContent, "learning", Number(e.key)); }
  const keys = {
    j: function () { moveSentence(1); }, ArrowDown: function () { moveSentence(1); },
    k: function () { moveSentence(-1); }, ArrowUp: function () { moveSentence(-1); },
    ArrowRight: function () { moveCursor(1); }, ArrowLeft: function () { moveCursor(-1); },
    e: function () { if (current) { const s = reveal(current.dataset.pair); if (s) announce("English: " + s.textContent.trim()); } },
    p: function () { if (current) { const box = current.closest(".row").querySelector(".en"); if (box) revealParagraph(box); } },
    h: function () { revealAll = false; setHidden(!document.body.classList.contains("hide-english")); },
    n: function () { if (cursor) markWord(cursor.textContent, "known"); },
    l: function () { if (cursor) markWord(cursor.textContent, "learning"); },
    u: function () { if (cursor) markWord(cursor.textContent, "unknown"); },
    1: levelKey, 2: levelKey, 3: levelKey, 4: levelKey, 5: levelKey,
    s: speakSentence,
    w: function () { if (cursor) speak(cursor.textContent); },
    t: function () { openSheet(document.getElementById("glossary-panel")); focusIn(".glossary-panel .term-filter"); },
    "?": showHelp
  };
  const sentenceOnly = ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"];  // elsewhere arrows scroll
  on("keydown", null, function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    if (e.key === "Enter") {
      const alternatives = e.target.closest && e.target.closest(".en .sentence[data-alternatives]");
      const term = e.target.closest && e.target.closest(".de mark.term");
      if (alternatives) { e.preventDefault(); openInDialog(alternatives.dataset.alternatives); return; }
      if (term) { e.preventDefault(); lookUp(term.textContent, term); return; }
    }
    if (dialog.open) {  // the dictionary dialog: g opens its glossary form, n/l/u mark the word
      const add = dialogBody.querySelector("details.add-term-box");
      if (e.key === "g" && add) { add.open = true; focusIn("#lookup form.add-term input[name=en]"); e.preventDefault(); }
      else if (e.key === "n" || e.key === "l" || e.key === "u") markWord(wordInDialog(), { n: "known", l: "learning", u: "unknown" }[e.key]);
      else if (/^[1-5]$/.test(e.key)) markWord(wordInDialog(), "learning", Number(e.key));
      return;
    }
    if (document.querySelector("dialog[open], .sheet:popover-open")) return;
    if (e.key === "Enter" && cursor && e.target === current) {
      e.preventDefault();
      cursor.click();  // the same lookup as a mouse click
      return;
    }
    if (e.key === "Escape") { setCursor(null); return; }
    const action = keys[e.key];
    if (!action) return;
    if (sentenceOnly.indexOf(e.key) >= 0 && !(e.target.closest && e.target.closest(".de .sentence"))) return;
    e.preventDefault();
    action(e);
  });

  // Restore this document's learner mode and reading position.
  const saved = remembered();
  setHidden(Boolean(saved.hidden));
  // A link to one sentence (#s3-1, from search) or paragraph (#p1499, "Go to") wins over the remembered position.
  const linked = /^#[sp](\d+)(-\d+)?$/.exec(location.hash);
  const position = linked ? linked[1] + (linked[2] || "-0") : saved.position;
  const resume = position && document.querySelector('.de .sentence[data-pair="' + position + '"]');
  if (resume) { resume.focus({ preventScroll: true }); resume.scrollIntoView({ block: "center" }); }
  else if (position && !linked && !new URLSearchParams(location.search).has("from")) {
    // Continue reading a long book: the remembered sentence is in another window; open that one.
    const paragraph = position.split("-")[0];
    location.replace(location.pathname + "?from=" + paragraph + "#s" + position);
  }
  loadWords().then(showUnknownShare);
})();
