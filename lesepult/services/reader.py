"""Use cases of reading: open a window, translate a paragraph, alternatives, the document as JSON, exports."""
from __future__ import annotations

from dataclasses import dataclass

from .. import documents, exports, memory
from ..documents import Paragraph, Sentence
from ..errors import NotFound
from ..reading import (Window, find_terms, open_window, paragraphs_json, sentences_from, term_counts,
                       translate_sentences)
from ..translation import Translation, describe, engine_key
from ..translation.cache import lookup
from . import Workspace
from .documents import ready

LOOKAHEAD = 8                 # paragraphs read after the one asked for, to fill an engine batch
SMALL_DOCUMENT = 2000         # sentences: the JSON API answers a document this small whole, as it always did


def window(ws: Workspace, document_id: int, index: int = 0) -> Window:
    info = ready(ws, document_id)
    return open_window(ws.db, info, index, ws.glossary, ws.limits.window, dictionary=ws.dictionary)


def paragraph(ws: Workspace, document_id: int, index: int, enforce: bool = True) -> Paragraph:
    """The English of one paragraph; the next paragraphs are translated in the same engine batch."""
    info = ready(ws, document_id)
    paragraphs = documents.load_paragraphs(ws.db, info.id, index, index + 1 + LOOKAHEAD)
    if not paragraphs or paragraphs[0].index != index:
        raise NotFound("There is no paragraph with this number.")
    batch = sentences_from(paragraphs, ws.limits.translation_chunk)
    translate_sentences(ws.db, ws.engine, batch, ws.glossary if enforce else None, enforce, ws.reader)
    return paragraphs[0]


def sentence(ws: Workspace, document_id: int, index: int, position: int) -> Sentence:
    ready(ws, document_id)
    paragraphs = documents.load_paragraphs(ws.db, document_id, index, index + 1)
    if not paragraphs or not 0 <= position < len(paragraphs[0].sentences):
        raise NotFound("There is no such sentence.")
    return paragraphs[0].sentences[position]


def alternatives(ws: Workspace, document_id: int, index: int, position: int,
                 count: int = 4) -> tuple[Sentence, list[Translation]]:
    found = sentence(ws, document_id, index, position)
    return found, ws.engine.alternatives(found.de, count)


@dataclass
class Progress:
    translated: int
    sentences: int
    failed: int

    @property
    def done(self) -> bool:
        return self.translated + self.failed >= self.sentences


def progress(ws: Workspace, document_id: int) -> Progress:
    """How many of the document's sentences the engine has translated: from the server, not the page."""
    info = ready(ws, document_id)
    key = engine_key(ws.engine)
    return Progress(documents.translated_count(ws.db, info.id, key), info.sentence_count,
                    len(documents.failed_sentences(ws.db, info.id, key, limit=info.sentence_count)))


def document_data(ws: Workspace, document_id: int, enforce: bool = True, start: int | None = None,
                  count: int | None = None) -> dict:
    """The document as JSON, translated while you wait as far as that is quick.

    A small document (the news article it was made for) comes whole and fully
    translated, as it always did. A book comes a page of paragraphs at a time
    (`start`, `count`); sentences the engine has not reached yet are
    `"pending"` and are handed to background translation rather than
    translated while the client waits.
    """
    info = ready(ws, document_id)
    paged = start is not None or count is not None or info.sentence_count > SMALL_DOCUMENT
    first = min(max(start or 0, 0), info.paragraph_count)   # past the end is empty, however far (and SQLite-sized)
    count = min(max(count or 50, 1), 500) if paged else info.paragraph_count
    paragraphs = documents.load_paragraphs(ws.db, info.id, first, first + count)
    sentences = [s for p in paragraphs for s in p.sentences]
    pending = _translate_some(ws, sentences, enforce, limit=None if not paged else ws.limits.sync_sentences)
    if pending:
        ws.translate_later(info.id)
    find_terms(sentences, ws.glossary)
    data = {"id": info.id, "title": info.title, "source": info.source, "created_at": info.created_at,
            "engine": describe(ws.engine), "paragraphs": paragraphs_json(paragraphs),
            "terms": [{"de": term.de, "en": term.en, "count": count, "source": term.source}
                      for term, count in term_counts(sentences)]}
    if paged:
        data["paging"] = {"from": first, "count": len(paragraphs), "paragraphs": info.paragraph_count,
                          "next": first + len(paragraphs) if first + len(paragraphs) < info.paragraph_count else None}
    data["translated"] = sum(1 for s in sentences if s.en is not None)
    data["pending"] = pending
    return data


def _translate_some(ws: Workspace, sentences: list[Sentence], enforce: bool, limit: int | None) -> int:
    """Translate the cached sentences and up to `limit` new ones; returns how many are left pending."""
    if limit is None:
        translate_sentences(ws.db, ws.engine, sentences, ws.glossary if enforce else None, enforce, ws.reader)
        return 0
    cached = lookup(ws.db, engine_key(ws.engine), (s.de for s in sentences))
    chosen, pending, new = [], 0, set()
    for s in sentences:
        if s.de in cached or s.de in new or len(new) < limit:
            new.update([] if s.de in cached else [s.de])
            chosen.append(s)
        else:
            pending += 1
    translate_sentences(ws.db, ws.engine, chosen, ws.glossary if enforce else None, enforce, ws.reader)
    waiting = [s for s in sentences if s.en is None and s.error is None]
    memory.apply(ws.db, waiting, ws.reader)   # human English needs no engine: it never waits
    return pending - sum(1 for s in waiting if s.en is not None)


@dataclass
class Export:
    body: bytes
    filename: str
    mimetype: str


MIMETYPES = {"html": "text/html", "md": "text/markdown", "md-columns": "text/markdown",
             "tsv": "text/tab-separated-values", "tmx": "application/x-tmx+xml",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def export(ws: Workspace, document_id: int, fmt: str, enforce: bool = True) -> Export:
    """The bilingual document as html, md, md-columns, tsv, tmx or docx, glossary terms included."""
    if fmt not in exports.FORMATS:
        raise NotFound(f"Export formats: {', '.join(exports.FORMATS)}.")
    info = ready(ws, document_id)
    document = documents.load_document(ws.db, info.id)
    translate_sentences(ws.db, ws.engine, document.sentences, ws.glossary, enforce, ws.reader)
    terms = term_counts(document.sentences)
    body = exports.export_document(document, describe(ws.engine), terms, fmt)
    return Export(body, exports.filename(info.title, info.id, fmt), MIMETYPES[fmt])
