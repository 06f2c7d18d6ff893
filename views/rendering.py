"""Jinja filters that turn sentences into marked-up, escaped HTML.

Every piece of text is escaped; only our own tags are added around it.
"""
from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from .services import get_glossary

WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)


def init_app(app: Flask) -> None:
    app.add_template_filter(german)
    app.add_template_filter(english)


def german(text: str) -> Markup:
    """Words become clickable spans; glossary terms are marked with their English."""
    html, position = [], 0
    for occurrence in get_glossary().find(text):
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
    """The English, with the glossary renderings the app enforced marked as such."""
    text = sentence.en or ""
    marks = sorted({e.term.en for e in sentence.enforced if e.status in ("kept", "replaced")}, key=len, reverse=True)
    if not marks:
        return escape(text)
    notes = {e.term.en: e for e in sentence.enforced}
    pattern = re.compile("|".join(rf"\b{re.escape(m)}s?\b" for m in marks), re.IGNORECASE)
    html, position = [], 0
    for match in pattern.finditer(text):
        enforcement = _by_prefix(notes, match.group())
        html.append(escape(text[position:match.start()]))
        html.append(Markup('<mark class="enforced" title="{}">{}</mark>').format(_why(enforcement), match.group()))
        position = match.end()
    html.append(escape(text[position:]))
    return Markup("").join(html)


def _by_prefix(notes: dict, surface: str):
    return next((e for en, e in notes.items() if surface.lower().startswith(en.lower())), None)


def _why(enforcement) -> str:
    if enforcement is None:
        return "Glossary term"
    term = enforcement.term
    if enforcement.status == "replaced":
        return f"Glossary: {term.de} → {term.en} (the engine wrote “{enforcement.replaced}”)"
    return f"Glossary: {term.de} → {term.en}"
