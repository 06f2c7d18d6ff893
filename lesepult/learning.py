"""The reader's known and learning words, by lemma, in SQLite.

A word the reader marks is stored under its lemma (simplemma, lowercased), so
marking "Truppen" also covers "Truppe". "unknown" is the absence of a row.
No Flask here: the views call these functions with an open connection.
"""
from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Iterable

import simplemma

STATUSES = ("known", "learning", "unknown")
MAX_WORD_CHARS = 100
WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)  # the same words the reader makes clickable

SCHEMA = """
CREATE TABLE IF NOT EXISTS word_status (
    lemma TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('known', 'learning')),
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
)
"""


def ensure_schema(db: sqlite3.Connection) -> None:
    db.execute(SCHEMA)
    db.commit()


def lemma_of(word: str) -> str:
    """The key a word is stored under: its German lemma, lowercased.

    Lemmatised as written, since case tells nouns from verbs ("Haus", not "hausen")."""
    word = word.strip()
    return simplemma.lemmatize(word, lang="de").lower() if word else ""


def words_in(text: str) -> list[str]:
    return WORD.findall(text)


def set_status(db: sqlite3.Connection, lemma: str, status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"A word's status is one of {', '.join(STATUSES)}.")
    key = lemma.strip().lower()
    if not key or len(key) > MAX_WORD_CHARS:
        raise ValueError(f"A word has 1 to {MAX_WORD_CHARS} characters.")
    if status == "unknown":
        db.execute("DELETE FROM word_status WHERE lemma = ?", (key,))
    else:
        db.execute("INSERT INTO word_status (lemma, status) VALUES (?, ?) ON CONFLICT(lemma) DO UPDATE"
                   " SET status = excluded.status, updated_at = CURRENT_TIMESTAMP", (key, status))
    db.commit()


def statuses(db: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT lemma, status FROM word_status ORDER BY lemma")}


def form_statuses(db: sqlite3.Connection, words: Iterable[str]) -> dict[str, str]:
    """Status of each lowercased surface form among `words` whose lemma is marked."""
    marked = statuses(db)
    forms = {}
    for form in set(words):
        status = marked.get(lemma_of(form))
        if status:
            forms[form.lower()] = status
    return forms


def share_unknown(db: sqlite3.Connection, words: Iterable[str]) -> float:
    """The share of running words whose lemma the reader has not marked known (0.0 for no words)."""
    known = {lemma for lemma, status in statuses(db).items() if status == "known"}
    words = list(words)
    if not words:
        return 0.0
    lemmas = {form: lemma_of(form) for form in set(words)}
    return sum(lemmas[w] not in known for w in words) / len(words)


def to_csv(db: sqlite3.Connection) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lemma", "status", "updated_at"])
    for row in db.execute("SELECT lemma, status, updated_at FROM word_status ORDER BY lemma"):
        writer.writerow([_defuse(row[0]), row[1], row[2]])
    return out.getvalue()


def _defuse(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
