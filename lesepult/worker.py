"""Background translation of whole documents, so a long book never blocks a request.

The worker owns nothing but a queue of document ids: what is translated lives
in the cache table. After a restart, `resume` finds every document with
untranslated sentences and queues it again, so nothing is lost; the cache's
lock and primary key make sure no sentence is translated twice.
"""
from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from typing import Callable

from .translation import Engine, TranslationCache

log = logging.getLogger(__name__)


def missing_sentences(db: sqlite3.Connection, key: tuple[str, str], document_id: int,
                      limit: int) -> list[str]:
    """The document's next untranslated sentences, in reading order."""
    rows = db.execute(
        "SELECT s.de FROM sentences s LEFT JOIN translations t"
        " ON t.engine = ? AND t.version = ? AND t.de = s.de"
        " WHERE s.document_id = ? AND t.de IS NULL ORDER BY s.paragraph, s.position LIMIT ?",
        (*key, document_id, limit))
    return list(dict.fromkeys(row[0] for row in rows))


def progress(db: sqlite3.Connection, key: tuple[str, str], document_id: int) -> tuple[int, int]:
    """(translated, total) sentences of a document for this engine."""
    row = db.execute(
        "SELECT COUNT(*), COUNT(t.de) FROM sentences s LEFT JOIN translations t"
        " ON t.engine = ? AND t.version = ? AND t.de = s.de WHERE s.document_id = ?",
        (*key, document_id)).fetchone()
    return row[1], row[0]


def translate_document(db: sqlite3.Connection, engine: Engine, document_id: int, chunk: int = 32) -> int:
    """Translate what is missing, chunk by chunk; returns the number of sentences sent to the engine."""
    cache = TranslationCache(db, engine)
    done, failed = 0, set()
    while True:
        batch = [s for s in missing_sentences(db, cache.key, document_id, chunk + len(failed)) if s not in failed]
        if not batch:
            return done
        results = cache.translate(batch[:chunk])
        failed.update(s for s, r in zip(batch, results) if r.error)  # never loop on a sentence that fails
        done += len(batch[:chunk])


class Worker:
    def __init__(self, connect: Callable[[], sqlite3.Connection], engine: Callable[[], Engine], chunk: int = 32):
        self.connect, self.engine, self.chunk = connect, engine, chunk
        self.queue: queue.Queue[int] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="lesepult-translator", daemon=True)

    def start(self) -> "Worker":
        self.thread.start()
        return self

    def add(self, document_id: int) -> None:
        self.queue.put(document_id)

    def resume(self) -> None:
        db = self.connect()
        try:
            key = TranslationCache(db, self.engine()).key
            for (document_id,) in db.execute("SELECT id FROM documents ORDER BY id DESC").fetchall():
                translated, total = progress(db, key, document_id)
                if translated < total:
                    self.add(document_id)
        finally:
            db.close()

    def _run(self) -> None:
        try:
            self.resume()  # after a restart, pick up where translation stopped
        except Exception:
            log.exception("could not resume background translation")
        db = self.connect()
        while True:
            document_id = self.queue.get()
            try:
                translate_document(db, self.engine(), document_id, self.chunk)
            except Exception:  # keep serving the other documents
                log.exception("background translation of document %s failed", document_id)
            finally:
                self.queue.task_done()
