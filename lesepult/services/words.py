"""Use cases of a learner's known words: mark a word, list marks, a document's share of unknown words."""
from __future__ import annotations

from .. import documents, learning
from ..errors import UserError
from . import Workspace
from .documents import ready


def mark(ws: Workspace, word: str, status) -> dict:
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown."""
    if status not in learning.STATUSES:
        raise UserError('Send JSON like {"status": "known"} (known, learning or unknown).')
    lemma = learning.lemma_of(word)
    learning.set_status(ws.db, lemma, status, ws.reader)
    return {"word": word, "lemma": lemma, "status": status}


def document_words(ws: Workspace, document_id: int) -> list[str]:
    info = ready(ws, document_id)
    paragraphs = documents.load_paragraphs(ws.db, info.id, 0, info.paragraph_count)
    return [word for p in paragraphs for s in p.sentences for word in learning.words_in(s.de)]


def statuses(ws: Workspace, document_id: int | None = None) -> dict:
    """All marked lemmas; with a document also the statuses of that document's surface forms."""
    data = {"words": learning.statuses(ws.db, ws.reader)}
    if document_id is not None:
        data["forms"] = learning.form_statuses(ws.db, document_words(ws, document_id), ws.reader)
    return data


def unknown_share(ws: Workspace, document_id: int) -> tuple[int, float]:
    """(running words, share of them not marked known)."""
    words = document_words(ws, document_id)
    return len(words), learning.share_unknown(ws.db, words, ws.reader)


def to_csv(ws: Workspace) -> str:
    return learning.to_csv(ws.db, ws.reader)
