"""Sentences as marked-up, escaped HTML, and the cache that makes a reader page cheap to render again.

Every piece of text is escaped; only our own tags are added around it. The
German markup comes from the occurrences the reader model found once per
sentence, the English marks from the spans enforcement returned: nothing
here searches the text again.

A document's text never changes after its import, so a built window (its
paragraphs, terms and entities) and its German markup are kept, keyed by the
document's id and uid, the window's start and the reader's glossary
version: rendering a cached reader page is then a template render.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app, render_template
from markupsafe import Markup, escape

from lesepult.documents import DocumentInfo
from lesepult.english import counted, percent
from lesepult.lru import LRU
from lesepult.reading import Window, chapters, open_window, window_start
from lesepult.services import Workspace
from lesepult.text import WORD

from .workspace import get_engine

CACHED_WINDOWS = 64


def init_app(app: Flask) -> None:
    app.add_template_filter(german)
    app.add_template_filter(english)
    app.add_template_filter(counted)
    app.add_template_filter(percent)
    app.context_processor(lambda: {"engine_in_use": _engine_in_use})
    app.extensions["lesepult"]["windows"] = LRU(CACHED_WINDOWS)
    app.extensions["lesepult"]["chapters"] = LRU(256)


@dataclass
class Rendered:
    """A built window, and the HTML of its parts once rendered (per enforcement setting, which links carry)."""
    window: Window
    html: dict[tuple[str, bool], Markup] = field(default_factory=dict)

    def part(self, template: str, enforce_terms: bool) -> Markup:
        """The window's paragraphs (_window.html) or side panels (_side.html), rendered once."""
        key = (template, enforce_terms)
        if key not in self.html:
            self.html[key] = Markup(render_template(template, window=self.window, document_id=self.window.info.id,
                                                    enforce_terms=enforce_terms))
        return self.html[key]


def cached_window(ws: Workspace, info: DocumentInfo, index: int) -> Rendered:
    """The window holding paragraph `index`, built and marked up once per document, window and glossary."""
    shared = current_app.extensions["lesepult"]
    chapter_list = shared["chapters"].get((info.id, info.uid), lambda: chapters(ws.db, info.id))
    start = window_start(info.paragraph_count, chapter_list, ws.limits.window, index)
    key = (info.id, info.uid, start, ws.reader, ws.glossary_version, ws.limits.window)

    return shared["windows"].get(key, lambda: Rendered(open_window(ws.db, info, start, ws.glossary, ws.limits.window,
                                                                   chapter_list, ws.dictionary)))


def _engine_in_use() -> str:
    """The engine's name, for the footer's credit (asked only when a page is rendered)."""
    return get_engine().name


def german(sentence) -> Markup:
    """Words become clickable spans; glossary terms are marked with their English."""
    text, html, position = sentence.de, [], 0
    for occurrence in sentence.occurrences or ():
        html.append(_words(text[position:occurrence.start]))
        term = occurrence.term
        tip = term.en + (f" — {term.note}" if term.note else "")
        html.append(Markup('<mark class="term" tabindex="0" data-term="{}" data-tip="{}" aria-description="{}">{}</mark>')
                    .format(term.de, tip, tip, _words(occurrence.surface)))
        position = occurrence.end
    html.append(_words(text[position:]))
    return Markup("").join(html)


def _words(text: str) -> Markup:
    html, position = [], 0
    for match in WORD.finditer(text):
        html.append(escape(text[position:match.start()]))
        html.append(Markup('<span class="w">{}</span>').format(match.group()))
        position = match.end()
    html.append(escape(text[position:]))
    return Markup("").join(html)


def english(sentence) -> Markup:
    """The English, with the glossary renderings the app enforced marked where enforcement put them."""
    text, html, position = sentence.en or "", [], 0
    for mark in sentence.marks:
        html.append(escape(text[position:mark.start]))
        html.append(Markup('<mark class="enforced" title="{}">{}</mark>')
                    .format(_why(mark.enforcement), text[mark.start:mark.end]))
        position = mark.end
    html.append(escape(text[position:]))
    return Markup("").join(html)


def _why(enforcement) -> str:
    term = enforcement.term
    if enforcement.status == "replaced":
        return f"Glossary: {term.de} → {term.en} (the engine wrote “{enforcement.replaced}”)"
    return f"Glossary: {term.de} → {term.en}"
