"""Use cases of a learner's known words: mark a word, list marks, a document's share of unknown words."""
from __future__ import annotations

from typing import NamedTuple

from .. import documents, learning
from ..errors import UserError
from ..lru import LRU
from . import Workspace
from .documents import ready

# A document's text never changes after import, so its vocabulary (the costly
# lemmatising) is built once per (id, uid); the reader marks words many times.
_VOCABULARIES = LRU(8)


def mark(ws: Workspace, word: str, status) -> dict:
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown."""
    if status not in learning.STATUSES:
        raise UserError('Send JSON like {"status": "known"} (known, learning or unknown).')
    lemma = learning.lemma_of(word)
    learning.set_status(ws.db, lemma, status, ws.reader)
    return {"word": word, "lemma": lemma, "status": status}


def vocabulary(ws: Workspace, document_id: int) -> learning.Vocabulary:
    info = ready(ws, document_id)

    def build() -> learning.Vocabulary:
        paragraphs = documents.load_paragraphs(ws.db, info.id, 0, info.paragraph_count)
        return learning.Vocabulary.of(word for p in paragraphs for s in p.sentences for word in learning.words_in(s.de))
    return _VOCABULARIES.get((info.id, info.uid), build)


def statuses(ws: Workspace, document_id: int | None = None) -> dict:
    """All marked lemmas; with a document also the statuses of that document's surface forms."""
    marked = learning.statuses(ws.db, ws.reader)
    data = {"words": marked}
    if document_id is not None:
        data["forms"] = vocabulary(ws, document_id).form_statuses(marked)
    return data


class UnknownShare(NamedTuple):
    words: int      # running words in the document
    unknown: int    # of them, words whose lemma is not marked known

    @property
    def share(self) -> float:
        return self.unknown / self.words if self.words else 0.0


def unknown_share(ws: Workspace, document_id: int) -> UnknownShare:
    counted = vocabulary(ws, document_id)
    return UnknownShare(counted.total, counted.unknown(learning.statuses(ws.db, ws.reader)))


def to_csv(ws: Workspace) -> str:
    return learning.to_csv(ws.db, ws.reader)
