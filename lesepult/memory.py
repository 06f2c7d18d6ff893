"""A reader's own English for sentences, and the translation memory it makes.

An analyst corrects a sentence's English; the correction is kept with the
sentence (document, paragraph, position), not with the translation cache,
so no new model, gloss version or glossary ever rewrites it. The same German
sentence in another of that reader's documents reuses it ("memory"): German
is compared with its whitespace and quotation marks normalised, since the
same sentence arrives with „…“, »…«, "…" or straight quotes depending on its
source. Memory is the owner's alone: it never crosses to another reader.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from .documents import Sentence
from .errors import TooLarge, UserError
from .storage import transaction

MAX_ENGLISH_CHARS = 5000      # a sentence's English; the longest German sentence stored is far shorter
# Regular expressions, not str.translate: a translate table of a dict is 20 times slower per sentence.
_DOUBLE_QUOTES = re.compile("[„“”‟«»〝〞＂″]")
_SINGLE_QUOTES = re.compile("[‚‘’‛‹›′＇`´]")
# Controls (C0, DEL, C1) and non-characters are no text; tabs and newlines become spaces instead.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
_BATCH = 500                  # keys per query: well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class Pair:
    """One remembered translation: the German as written, the reader's English, when it was last changed."""
    de: str
    en: str
    updated_at: str


def memory_key(german: str) -> str:
    """The German as memory compares it: NFC, one kind of each quotation mark, single spaces."""
    quoted = _SINGLE_QUOTES.sub("'", _DOUBLE_QUOTES.sub('"', unicodedata.normalize("NFC", german)))
    return " ".join(quoted.split())


def clean_english(text) -> str:
    """The reader's English on one line, or a UserError saying why it cannot be stored."""
    if not isinstance(text, str):
        raise UserError('Send the English as text: {"en": "The Security Council met on Monday."}')
    if _NOT_TEXT.search(text):
        raise UserError("The English holds control characters or other non-text; type it again without them.")
    english = " ".join(unicodedata.normalize("NFC", text).split())
    if not english:
        raise UserError("The English is empty. To go back to the machine's English, delete your version "
                        "(DELETE on the same address, or the page's “Use the machine's English”).")
    if len(english) > MAX_ENGLISH_CHARS:
        raise TooLarge(f"The English has {len(english):,} characters; a sentence may have at most "
                       f"{MAX_ENGLISH_CHARS:,}.")
    return english


def save(db: sqlite3.Connection, document_id: int, paragraph: int, position: int, owner: int, german: str,
         english: str) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO sentence_edits (document_id, paragraph, position, owner_id, memory_key, de, en)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, paragraph, position) DO UPDATE SET"
            " en = excluded.en, owner_id = excluded.owner_id, updated_at = excluded.updated_at",
            (document_id, paragraph, position, owner, memory_key(german), german, english))


def forget(db: sqlite3.Connection, document_id: int, paragraph: int, position: int) -> bool:
    """Drop the reader's English for this sentence; True if there was one."""
    with transaction(db):
        return db.execute("DELETE FROM sentence_edits WHERE document_id = ? AND paragraph = ? AND position = ?",
                          (document_id, paragraph, position)).rowcount > 0


def recall(db: sqlite3.Connection, owner: int, keys: Sequence[str]) -> dict[str, str]:
    """The owner's latest English for each of these memory keys that they have translated."""
    unique = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    for start in range(0, len(unique), _BATCH):
        chunk = unique[start:start + _BATCH]
        rows = db.execute(f"SELECT memory_key, en FROM sentence_edits WHERE owner_id = ? AND memory_key IN"
                          f" ({','.join('?' * len(chunk))}) ORDER BY updated_at", (owner, *chunk))
        found.update((key, en) for key, en in rows)   # ordered by time: the latest wins
    return found


def has_memory(db: sqlite3.Connection, owner: int) -> bool:
    return db.execute("SELECT 1 FROM sentence_edits WHERE owner_id = ? LIMIT 1", (owner,)).fetchone() is not None


def apply(db: sqlite3.Connection, sentences: Sequence[Sentence], owner: int | None) -> None:
    """Put human English over the engine's: each sentence's own edit, else the owner's memory of its German.

    Human English is final: no glossary marks, no score, no error (a sentence
    the engine failed on has English now). A reader with no corrections at
    all costs one indexed query, however long the document.
    """
    for sentence in sentences:
        if sentence.own_en is not None:
            _set_human(sentence, sentence.own_en, "edited")
    rest = [s for s in sentences if s.own_en is None]
    if owner is None or not rest or not has_memory(db, owner):
        return
    keys = [memory_key(s.de) for s in rest]
    remembered = recall(db, owner, keys)
    for sentence, key in zip(rest, keys):
        if key in remembered:
            _set_human(sentence, remembered[key], "memory")


def _set_human(sentence: Sentence, english: str, origin: str) -> None:
    sentence.en, sentence.origin = english, origin
    sentence.score = sentence.error = None
    sentence.enforced, sentence.marks = [], []


def pairs(db: sqlite3.Connection, owner: int) -> list[Pair]:
    """The owner's translation memory: one pair per German sentence (its latest English), oldest first."""
    rows = db.execute(
        "SELECT de, en, updated_at FROM sentence_edits e WHERE owner_id = ? AND updated_at = ("
        " SELECT MAX(updated_at) FROM sentence_edits l WHERE l.owner_id = e.owner_id AND l.memory_key = e.memory_key)"
        " GROUP BY memory_key ORDER BY updated_at", (owner,))
    return [Pair(de, en, updated_at) for de, en, updated_at in rows]
