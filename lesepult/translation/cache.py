"""The translation cache: SQLite rows keyed by engine, model@version and the German sentence.

Every translation in the app goes through `TranslationCache.translate`, which
asks the engine only for sentences it has not seen under the same key. A lock
per process keeps concurrent page requests from translating the same
sentences twice: the second request waits and then finds them cached.
Storing is idempotent (a sentence translated twice is stored once), so the
embedded translator, page requests and remote workers can all store into it.
"""
from __future__ import annotations

import functools
import json
import sqlite3
import threading
from typing import Iterable, Sequence

from ..storage import transaction
from .engines import Engine, Translation, engine_key

SQL_CHUNK = 500  # stay under SQLite's variable limit
ALIGNMENTS_CACHED = 20_000  # decoded alignments kept per process (a few hundred bytes each)


def lookup(db: sqlite3.Connection, key: tuple[str, str], sentences: Iterable[str]) -> dict[str, Translation]:
    found: dict[str, Translation] = {}
    unique = list(dict.fromkeys(sentences))
    for start in range(0, len(unique), SQL_CHUNK):
        chunk = unique[start:start + SQL_CHUNK]
        rows = db.execute(
            f"SELECT de, en, score, alignment FROM translations WHERE engine = ? AND version = ?"
            f" AND de IN ({','.join('?' * len(chunk))})", (*key, *chunk))
        found.update({row[0]: Translation(row[1], row[2], None, _alignment(row[3])) for row in rows})
    return found


@functools.lru_cache(maxsize=ALIGNMENTS_CACHED)
def _alignment(stored: str | None) -> tuple[tuple[int, int, int, int], ...]:
    # Decoded once per process: re-reading a cached page decoded every sentence's JSON again
    # (a third of /api/documents/<id>'s time).
    return tuple(tuple(pair) for pair in json.loads(stored)) if stored else ()


def store(db: sqlite3.Connection, key: tuple[str, str], results: Iterable[tuple[str, Translation]]) -> int:
    """Store successful translations; the first stored one wins. Returns how many rows were new."""
    rows = [(*key, de, t.text, t.score, json.dumps(t.alignment) if t.alignment else None)
            for de, t in results if t.error is None]
    with transaction(db):
        # rowcount counts the rows this statement inserted, not the search rows its trigger adds.
        inserted = db.executemany("INSERT INTO translations (engine, version, de, en, score, alignment)"
                                  " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows).rowcount
        db.execute("DELETE FROM translation_failures WHERE engine = ? AND version = ? AND de IN"
                   " (SELECT value FROM json_each(?))", (*key, json.dumps([row[2] for row in rows])))
    return inserted


def record_failures(db: sqlite3.Connection, key: tuple[str, str], failures: Iterable[tuple[str, str]]) -> None:
    """Remember sentences the engine gave up on (German, error), so nobody waits for them forever."""
    with transaction(db):
        db.executemany(
            "INSERT INTO translation_failures (engine, version, de, error) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET error = excluded.error, attempts = attempts + 1,"
            " failed_at = datetime('now')", [(*key, de, error[:500]) for de, error in failures])


class TranslationCache:
    """The cache in front of one engine."""

    _lock = threading.Lock()

    def __init__(self, db: sqlite3.Connection, engine: Engine):
        self.db = db
        self.engine = engine
        self.key = engine_key(engine)

    def lookup(self, sentences: Sequence[str]) -> dict[str, Translation]:
        return lookup(self.db, self.key, sentences)

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        """Translations in the order given; only cache misses reach the engine."""
        known = self.lookup(sentences)
        missing = [s for s in dict.fromkeys(sentences) if s not in known]
        if missing:
            with self._lock:
                known.update(self.lookup(missing))  # another request may have just done them
                missing = [s for s in missing if s not in known]
                known.update(self._translate_missing(missing))
        return [known[s] for s in sentences]

    def _translate_missing(self, sentences: list[str]) -> dict[str, Translation]:
        if not sentences:
            return {}
        results = dict(zip(sentences, self.engine.translate(sentences)))
        store(self.db, self.key, results.items())
        return results
