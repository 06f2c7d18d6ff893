"""Filling a document's sentences with translations: cache, engine, glossary.

This is the one way in for translation used by the page, the API and the CLI.
"""
from __future__ import annotations

import sqlite3
from typing import Sequence

from .documents import Document, Paragraph, Sentence
from .glossary import enforce
from .translation import Engine, TranslationCache, describe


def translate_sentences(db: sqlite3.Connection, engine: Engine, sentences: Sequence[Sentence],
                        glossary=None, enforce_terms: bool = True) -> None:
    """Fill in `en`, `score`, `error` (and enforced terms) in place, one engine call for all misses."""
    results = TranslationCache(db, engine).translate([s.de for s in sentences])
    for sentence, result in zip(sentences, results):
        sentence.en, sentence.score, sentence.error = result.text, result.score, result.error
        if glossary is not None and enforce_terms and result.error is None:
            sentence.en, sentence.enforced = enforce(sentence.en, glossary.find(sentence.de))


def translate_from(db: sqlite3.Connection, engine: Engine, document: Document, index: int,
                   chunk: int = 16, **options) -> Paragraph:
    """Translate paragraph `index`, batching the next paragraphs along with it.

    The page asks paragraph by paragraph; translating a chunk of the following
    paragraphs in the same engine call keeps CTranslate2's batches full, and
    the requests for those paragraphs then find them in the cache.
    """
    selected: list[Sentence] = []
    for paragraph in document.paragraphs[index:]:
        if selected and len(selected) + len(paragraph.sentences) > chunk:
            break
        selected.extend(paragraph.sentences)
    translate_sentences(db, engine, selected, **options)
    return document.paragraphs[index]


def document_json(document: Document, engine: Engine) -> dict:
    return {"id": document.id, "title": document.title, "source": document.source,
            "created_at": document.created_at, "engine": describe(engine),
            "paragraphs": paragraphs_json(document.paragraphs)}


def paragraphs_json(paragraphs: Sequence[Paragraph]) -> list[dict]:
    return [{"index": p.index, "kind": p.kind, "sentences": [sentence_json(s) for s in p.sentences]}
            for p in paragraphs]


def sentence_json(sentence: Sentence) -> dict:
    data = {"de": sentence.de, "en": sentence.en, "score": sentence.score}
    if sentence.error:
        data["error"] = sentence.error
    if sentence.enforced:
        data["enforced"] = [{"de": e.term.de, "en": e.term.en, "status": e.status, "replaced": e.replaced}
                            for e in sentence.enforced]
    return data
