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
MAX_WORD_CHARS = 100


def lemma_of(word: str) -> str:
    """The key a word is stored under: its German lemma, lowercased.

    Lemmatised as written, since case tells nouns from verbs ("Haus", not "hausen")."""
    word = word.strip()
    return simplemma.lemmatize(word, lang="de").lower() if word else ""


words_in = words  # the one rule for running words (text.py), which the import counts too


def set_status(db: sqlite3.Connection, lemma: str, status: str, owner: int = LOCAL_READER) -> None:
    if status not in STATUSES:
        raise UserError(f"A word's status is one of {', '.join(STATUSES)}.")
    key = lemma.strip().lower()
    if not key or len(key) > MAX_WORD_CHARS:
        raise UserError(f"A word has 1 to {MAX_WORD_CHARS} characters.")
    with transaction(db):
        if status == "unknown":
            db.execute("DELETE FROM word_status WHERE owner_id = ? AND lemma = ?", (owner, key))
        else:
            db.execute("INSERT INTO word_status (owner_id, lemma, status) VALUES (?, ?, ?)"
                       " ON CONFLICT (owner_id, lemma) DO UPDATE"
                       " SET status = excluded.status, updated_at = CURRENT_TIMESTAMP", (owner, key, status))


def statuses(db: sqlite3.Connection, owner: int = LOCAL_READER) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(
        "SELECT lemma, status FROM word_status WHERE owner_id = ? ORDER BY lemma", (owner,))}


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

    def unknown(self, marked: dict[str, str]) -> int:
        """Running words whose lemma is not marked known."""
        return self.total - sum(self.lemma_counts.get(lemma, 0) for lemma, status in marked.items() if status == "known")


def to_csv(db: sqlite3.Connection, owner: int = LOCAL_READER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lemma", "status", "updated_at"])
    for row in db.execute("SELECT lemma, status, updated_at FROM word_status WHERE owner_id = ? ORDER BY lemma",
                          (owner,)):
        writer.writerow([defuse(row[0]), row[1], row[2]])
    return out.getvalue()
