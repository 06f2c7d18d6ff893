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

  // Select German words (a multi-word term, say) and add them to the glossary from the dialog.
  function selectedGerman() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) return "";
    const start = selection.anchorNode.parentElement;
    if (!start || !start.closest(".de")) return "";
    const text = selection.toString().replace(/\s+/g, " ").trim();
    return text.length >= 2 && text.length <= 100 ? text : "";
  }
  document.addEventListener("selectionchange", function () {
    const button = document.getElementById("add-selection");
    if (!button) return;
    const text = selectedGerman();
    if (text) button.dataset.text = text;
    button.hidden = !text && !button.contains(document.activeElement);
  });
  document.addEventListener("click", function (e) {
    const button = e.target.closest("#add-selection");
    if (button && button.dataset.text) openInDialog("/lookup?q=" + encodeURIComponent(button.dataset.text));
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

// Keyboard reading, learner mode (hidden English), known words and listening.
(function () {
  const documentBox = document.querySelector(".document[data-document]");
  if (!documentBox) return;
  const storageKey = "lesepult:document:" + documentBox.dataset.document;
  const announcer = document.getElementById("reader-status");
  let current = null;      // the German sentence being read
  let cursor = null;       // the word under the word cursor, inside `current`
  let revealAll = false;   // English arriving later is shown too
  let lookedUp = null;     // the word shown in the dictionary dialog

  function remembered() {
    try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (_) { return {}; }
  }
  function remember(change) {
    try { localStorage.setItem(storageKey, JSON.stringify(Object.assign(remembered(), change))); } catch (_) { /* private mode */ }
  }
  function announce(text) { if (announcer) announcer.textContent = text; }

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
  document.addEventListener("focusin", function (e) {
    const sentence = e.target.closest && e.target.closest(".de .sentence[data-pair]");
    if (sentence && sentence !== current) { setCurrent(sentence); setCursor(null); }
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
  if (hideToggle) hideToggle.addEventListener("change", function () { revealAll = false; setHidden(hideToggle.checked); });
  document.addEventListener("click", function (e) {
    const one = e.target.closest(".reveal[data-reveal]");
    if (one) { const s = reveal(one.dataset.reveal); if (s) s.focus(); return; }
    const paragraph = e.target.closest(".reveal-paragraph");
    if (paragraph) { revealParagraph(paragraph.closest(".en")); return; }
    if (e.target.closest("#reveal-all")) revealEverything();
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    const box = e.detail.target && document.getElementById(e.detail.target.id);
    if (box && box.classList.contains("en") && revealAll) revealParagraph(box);
  });

  // Known and learning words, by lemma; the server maps this document's forms to statuses.
  let forms = {};
  function markWords() {
    document.querySelectorAll(".de .w").forEach(function (w) {
      const status = forms[w.textContent.toLowerCase()];
      w.classList.toggle("known", status === "known");
      w.classList.toggle("learning", status === "learning");
    });
  }
  function loadWords() {
    return fetch("/api/words?document=" + encodeURIComponent(documentBox.dataset.document), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { forms: {} }; })
      .then(function (data) { forms = data.forms || {}; markWords(); });
  }
  function showUnknownShare() {  // after the words are marked, so the share is current
    const share = document.getElementById("unknown-share");
    if (!share || !share.dataset.src) return;
    fetch(share.dataset.src, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r); })
      .then(function (html) { share.outerHTML = html; })
      .catch(function () { share.textContent = "Could not count the words you know."; });
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (_) { return ""; }
  }
  function markWord(word, status) {
    if (!word) return;
    fetch("/api/words/" + encodeURIComponent(word), {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ status: status })
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
      .then(function (data) { announce(word + " (" + data.lemma + "): " + status); return loadWords(); })
      .catch(function () { announce("Could not mark " + word + "."); });
  }
  document.addEventListener("click", function (e) {
    const button = e.target.closest("#word-status button[data-status]");
    if (button) markWord(lookedUp, button.dataset.status);
    const word = e.target.closest(".de .w");
    if (word) showWordStatus(word.textContent);
  });
  function showWordStatus(word) {
    lookedUp = word;
    const box = document.getElementById("word-status");
    if (!box) return;
    document.getElementById("word-status-word").textContent = word;
    box.hidden = false;
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
  document.getElementById("listen").addEventListener("click", speakSentence);
  document.getElementById("show-help").addEventListener("click", function () { document.getElementById("keys-help").showModal(); });

  // The keys. None fire while typing, or with Ctrl/Alt/Meta held (browser shortcuts).
  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }
  function focusIn(selector) {
    const target = document.querySelector(selector);
    if (target) target.focus();
    return Boolean(target);
  }
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
    s: speakSentence,
    w: function () { if (cursor) speak(cursor.textContent); },
    t: function () { focusIn(".glossary-panel .term-filter"); },
    "?": function () { document.getElementById("keys-help").showModal(); }
  };
  const sentenceOnly = ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"];  // elsewhere arrows scroll
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
    const lookup = document.getElementById("lookup");
    if (lookup.open) {  // the dictionary dialog: g goes to its glossary form, n/l/u mark the word
      if (e.key === "g" && focusIn("#lookup form.add-term input[name=en]")) e.preventDefault();
      else if (e.key === "n" || e.key === "l" || e.key === "u") markWord(lookedUp, { n: "known", l: "learning", u: "unknown" }[e.key]);
      return;
    }
    if (document.querySelector("dialog[open]")) return;
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
    action();
  });

  // Restore this document's learner mode and reading position.
  const saved = remembered();
  setHidden(Boolean(saved.hidden));
  // A link to one sentence (#s3-1, from search) wins over the remembered position.
  const linked = /^#s(\d+-\d+)$/.exec(location.hash);
  const position = linked ? linked[1] : saved.position;
  const resume = position && document.querySelector('.de .sentence[data-pair="' + position + '"]');
  if (resume) { resume.focus({ preventScroll: true }); resume.scrollIntoView({ block: "center" }); }
  loadWords().then(showUnknownShare);
})();
