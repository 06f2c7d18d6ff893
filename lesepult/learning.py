"""The reader's known and learning words, by lemma, in SQLite.

A word the reader marks is stored under its lemma (simplemma, lowercased), so
marking "Truppen" also covers "Truppe". "unknown" is the absence of a row.
No Flask here: the views call these functions with an open connection.
"""
from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import simplemma

from .errors import UserError
from .storage import transaction
from .storage.schema import LOCAL_READER
from .text import defuse, words

STATUSES = ("known", "learning", "unknown")
LEVELS = (1, 2, 3, 4, 5)   # a learning word's level, LingQ's and LUTE's scale: 1 new … 5 nearly known
MAX_WORD_CHARS = 100


def lemma_of(word: str) -> str:
    """The key a word is stored under: its German lemma, lowercased.

    Lemmatised as written, since case tells nouns from verbs ("Haus", not "hausen")."""
    word = word.strip()
    return simplemma.lemmatize(word, lang="de").lower() if word else ""


words_in = words  # the one rule for running words (text.py), which the import counts too


def set_status(db: sqlite3.Connection, lemma: str, status: str, owner: int = LOCAL_READER,
               level: int | None = None) -> int | None:
    """Store a lemma's status; a learning word keeps its level unless `level` sets it (a new one starts at 1).

    Returns the word's level (None unless learning)."""
    if status not in STATUSES:
        raise UserError(f"A word's status is one of {', '.join(STATUSES)}.")
    if level is not None and (status != "learning" or isinstance(level, bool) or level not in LEVELS):
        raise UserError("A level is 1 to 5, and only a learning word has one.")
    key = lemma.strip().lower()
    if not key or len(key) > MAX_WORD_CHARS:
        raise UserError(f"A word has 1 to {MAX_WORD_CHARS} characters.")
    with transaction(db):
        if status == "unknown":
            db.execute("DELETE FROM word_status WHERE owner_id = ? AND lemma = ?", (owner, key))
        else:
            db.execute("INSERT INTO word_status (owner_id, lemma, status, level) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (owner_id, lemma) DO UPDATE"
                       " SET status = excluded.status, updated_at = CURRENT_TIMESTAMP,"
                       "     level = CASE WHEN excluded.status = 'known' THEN NULL"
                       "                  ELSE COALESCE(?, word_status.level, 1) END",
                       (owner, key, status, None if status == "known" else level or 1, level))
        record_counts(db, owner)
        row = db.execute("SELECT level FROM word_status WHERE owner_id = ? AND lemma = ?", (owner, key)).fetchone()
    return row[0] if row else None


def record_counts(db: sqlite3.Connection, owner: int = LOCAL_READER, day: str | None = None) -> None:
    """Today's (or `day`'s) row of the history: how many words are known and learning now."""
    db.execute("INSERT INTO word_history (owner_id, day, known, learning)"
               " SELECT ?, COALESCE(?, date('now')), COALESCE(SUM(status = 'known'), 0),"
               "        COALESCE(SUM(status = 'learning'), 0) FROM word_status WHERE owner_id = ?"
               " ON CONFLICT (owner_id, day) DO UPDATE SET known = excluded.known, learning = excluded.learning",
               (owner, day, owner))


def statuses(db: sqlite3.Connection, owner: int = LOCAL_READER) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(
        "SELECT lemma, status FROM word_status WHERE owner_id = ? ORDER BY lemma", (owner,))}


def levels(db: sqlite3.Connection, owner: int = LOCAL_READER) -> dict[str, int]:
    """Each learning lemma's level."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT lemma, COALESCE(level, 1) FROM word_status WHERE owner_id = ? AND status = 'learning' ORDER BY lemma",
        (owner,))}


@dataclass(frozen=True)
class Vocabulary:
    """A text's running words counted by lemma, built once per text.

    Lemmatising is the costly part (a 250k-word book has to lemmatise every
    distinct form); with it done, a form's status or the share of unknown
    words is a dictionary lookup per marked lemma, cheap enough to redo after
    every word the reader marks."""
    total: int                      # running words
    lemma_counts: dict[str, int]    # lemma → how many running words have it
    form_lemmas: dict[str, str]     # each distinct surface form, as written → its lemma

    @classmethod
    def of(cls, words: Iterable[str]) -> "Vocabulary":
        forms = Counter(words)
        form_lemmas = {form: lemma_of(form) for form in forms}
        lemma_counts: Counter[str] = Counter()
        for form, count in forms.items():
            lemma_counts[form_lemmas[form]] += count
        return cls(sum(forms.values()), dict(lemma_counts), form_lemmas)

    def form_statuses(self, marked: dict[str, str]) -> dict[str, str]:
        """Status of each lowercased surface form whose lemma is marked."""
        return {form.lower(): marked[lemma] for form, lemma in self.form_lemmas.items() if lemma in marked}

    def form_levels(self, levels: dict[str, int]) -> dict[str, int]:
        """Level of each lowercased surface form whose lemma is a learning word."""
        return {form.lower(): levels[lemma] for form, lemma in self.form_lemmas.items() if lemma in levels}

    def unknown(self, marked: dict[str, str]) -> int:
        """Running words whose lemma is not marked known."""
        return self.total - sum(self.lemma_counts.get(lemma, 0) for lemma, status in marked.items() if status == "known")


CSV_FIELDS = ("lemma", "status", "updated_at", "level", "meaning", "sentence", "en")


def to_csv(db: sqlite3.Connection, owner: int = LOCAL_READER) -> str:
    """Every marked word; a learning word with where it was met (its review card) and what it means."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in db.execute("SELECT w.lemma, w.status, w.updated_at, w.level, c.meaning, c.sentence, c.en"
                          " FROM word_status w LEFT JOIN review_cards c ON c.owner_id = w.owner_id AND c.lemma = w.lemma"
                          " WHERE w.owner_id = ? ORDER BY w.lemma", (owner,)):
        writer.writerow([defuse(str(value)) if value is not None else "" for value in row])
    return out.getvalue()
