"""Use cases of a learner's known words: mark a word, list marks, a document's share of unknown words."""
from __future__ import annotations

from typing import NamedTuple

from .. import documents, learning, review
from ..dictionary.context import particle_verb_of
from ..errors import UserError
from ..lru import LRU
from ..storage import transaction
from . import Workspace
from .documents import ready

# A document's text never changes after import, so its vocabulary (the costly
# lemmatising) is built once per (id, uid); the reader marks words many times.
_VOCABULARIES = LRU(8)


def mark(ws: Workspace, word: str, status, level=None, context: dict | None = None) -> dict:
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown; a level (1–5)
    alone means learning at that level.

    `context` is where the reader met it ({"sentence", "en", "meaning"}): the sentence decides the
    lemma of a separated verb (the popup headed "abbrechen" saves abbrechen, not brechen), and a
    learning word's review card keeps all three (the meaning, if not given, from the dictionary)."""
    if status is None and level is not None:
        status = "learning"
    if status not in learning.STATUSES:
        raise UserError('Send JSON like {"status": "known"} (known, learning or unknown).')
    if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
        raise UserError('A level is a number from 1 to 5: {"status": "learning", "level": 2}.')
    context = context if isinstance(context, dict) else {}
    sentence = _text(context.get("sentence"), review.MAX_SENTENCE_CHARS)
    lemma = lemma_for(ws, word, sentence)   # tagging and lookups before the write lock is taken
    meaning = (_text(context.get("meaning"), review.MAX_MEANING_CHARS) or _dictionary_meaning(ws, lemma)
               if status == "learning" else "")
    with transaction(ws.db):
        saved_level = learning.set_status(ws.db, lemma, status, ws.reader, level)
        if status == "learning":
            review.save(ws.db, lemma, ws.reader, word, sentence, _text(context.get("en"), review.MAX_SENTENCE_CHARS),
                        meaning)
    return {"word": word, "lemma": lemma, "status": status, "level": saved_level}


def lemma_for(ws: Workspace, word: str, sentence: str = "") -> str:
    """The key a word is marked under: its lemma, or in its sentence the particle verb it belongs to."""
    verb = particle_verb_of(ws.dictionary, word.strip(), sentence) if sentence and ws.dictionary else None
    return learning.lemma_of(verb or word)


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _dictionary_meaning(ws: Workspace, lemma: str) -> str:
    gloss = ws.dictionary.gloss(lemma) if ws.dictionary is not None else None
    return gloss or ""


def vocabulary(ws: Workspace, document_id: int) -> learning.Vocabulary:
    info = ready(ws, document_id)

    def build() -> learning.Vocabulary:
        paragraphs = documents.load_paragraphs(ws.db, info.id, 0, info.paragraph_count)
        return learning.Vocabulary.of(word for p in paragraphs for s in p.sentences for word in learning.words_in(s.de))
    return _VOCABULARIES.get((info.id, info.uid), build)


def statuses(ws: Workspace, document_id: int | None = None) -> dict:
    """All marked lemmas and the learning ones' levels; with a document also its surface forms' statuses
    and levels."""
    marked, levels = learning.statuses(ws.db, ws.reader), learning.levels(ws.db, ws.reader)
    data = {"words": marked, "levels": levels}
    if document_id is not None:
        counted = vocabulary(ws, document_id)
        data["forms"] = counted.form_statuses(marked)
        data["form_levels"] = counted.form_levels(levels)
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


def to_anki(ws: Workspace) -> str:
    return review.to_anki(review.saved(ws.db, ws.reader))
