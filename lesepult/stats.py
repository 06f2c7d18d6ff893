"""Reading statistics: words read per day, known and learning words over time. No Flask here.

What "read" means: the reader page reports a paragraph once its German has
stayed on screen for a few seconds (static/reading.js); its running words
count for that UTC day, each paragraph once a day however often it is shown
again. It measures text that passed before the reader's eyes, not understanding.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from .learning import words_in
from .storage import transaction
from .storage.schema import LOCAL_READER

MAX_PARAGRAPHS = 200   # reported at once


@dataclass(frozen=True)
class Day:
    day: str
    words: int


@dataclass(frozen=True)
class Counts:
    day: str
    known: int
    learning: int


def record_reading(db: sqlite3.Connection, document_id: int, paragraphs: list[int], owner: int = LOCAL_READER,
                   day: str | None = None) -> int:
    """Count the document's paragraphs as read on `day` (today, UTC); returns the words newly counted.

    The words are counted here from the stored text: the page says only which paragraphs it showed."""
    wanted = sorted(set(paragraphs))[:MAX_PARAGRAPHS]
    if not wanted:
        return 0
    marks = ",".join("?" * len(wanted))
    words: dict[int, int] = dict.fromkeys(wanted, 0)
    for paragraph, de in db.execute(f"SELECT paragraph, de FROM sentences WHERE document_id = ?"
                                    f" AND paragraph IN ({marks})", (document_id, *wanted)):
        words[paragraph] += len(words_in(de))
    added = 0
    with transaction(db):
        for paragraph, count in words.items():
            if count:
                added += count * db.execute(
                    "INSERT OR IGNORE INTO reading_log (owner_id, day, document_id, paragraph, words)"
                    " VALUES (?, COALESCE(?, date('now')), ?, ?, ?)", (owner, day, document_id, paragraph, count)
                ).rowcount
    return added


def words_per_day(db: sqlite3.Connection, today: date, days: int = 30, owner: int = LOCAL_READER) -> list[Day]:
    """The last `days` days up to `today`, each with the words read (0 on a day without reading)."""
    first = today - timedelta(days=days - 1)
    read = dict(db.execute("SELECT day, SUM(words) FROM reading_log WHERE owner_id = ? AND day >= ? GROUP BY day",
                           (owner, first.isoformat())).fetchall())
    return [Day(d, read.get(d, 0)) for d in ((first + timedelta(days=n)).isoformat() for n in range(days))]


def word_counts(db: sqlite3.Connection, owner: int = LOCAL_READER, days: int = 90) -> list[Counts]:
    """Known and learning words at the end of each of the last `days` days on which words were marked."""
    rows = db.execute("SELECT day, known, learning FROM word_history WHERE owner_id = ? ORDER BY day DESC LIMIT ?",
                      (owner, days)).fetchall()
    return [Counts(*row) for row in reversed(rows)]


def documents_read(db: sqlite3.Connection, owner: int = LOCAL_READER, limit: int = 8) -> list[int]:
    """The documents the reader read most recently, newest first (8: as many vocabularies as
    services/words.py keeps counted, so the statistics page recounts none of them twice)."""
    return [row[0] for row in db.execute(
        "SELECT document_id FROM reading_log WHERE owner_id = ? GROUP BY document_id"
        " ORDER BY MAX(day) DESC, document_id DESC LIMIT ?", (owner, limit))]
