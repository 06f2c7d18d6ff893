"""The embedded translator: whole documents translated in the background, in exactly one place.

Web workers never translate whole documents themselves: they add a document
to the `translation_queue` table (`enqueue`), and one translator takes from
it — a thread of the app when it runs alone (`flask run`, tests), or the
process `python -m lesepult translator` that `make run` starts beside the
gunicorn workers. What is translated lives in the cache table, so the queue
is the only state: after a restart the translator queues every document with
untranslated sentences again (`resume`), and the cache's key makes sure no
sentence is translated twice. It stops between batches when asked to, so a
server shuts down within seconds.

With a message broker configured, Celery workers on other machines translate
instead (lesepult/distributed); this translator is then not started.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Callable

from ..documents import iter_untranslated, unfinished_documents
from ..storage import transaction
from .cache import TranslationCache, record_failures
from .engines import Engine, engine_key

log = logging.getLogger(__name__)
POLL_SECONDS = 0.5


def enqueue(db: sqlite3.Connection, document_id: int) -> None:
    with transaction(db):
        db.execute("INSERT INTO translation_queue (document_id) VALUES (?) ON CONFLICT DO NOTHING", (document_id,))


def translate_document(db: sqlite3.Connection, engine: Engine, document_id: int, chunk: int = 32,
                       stopping: threading.Event | None = None) -> int:
    """Translate what is missing, chunk by chunk; returns the number of sentences sent to the engine.

    A sentence the engine fails on is recorded as failed, so the loop never
    retries it forever and the library can say which sentences failed.
    """
    cache = TranslationCache(db, engine)
    done = 0
    while not (stopping and stopping.is_set()):
        batch = iter_untranslated(db, document_id, cache.key, chunk)
        if not batch:
            break
        results = cache.translate(batch)
        failures = [(de, result.error) for de, result in zip(batch, results) if result.error]
        if failures:
            record_failures(db, cache.key, failures)
        done += len(batch)
    return done


class Translator:
    def __init__(self, connect: Callable[[], sqlite3.Connection], engine: Callable[[], Engine], chunk: int = 32,
                 poll: float = POLL_SECONDS):
        self.connect, self.engine, self.chunk, self.poll = connect, engine, chunk, poll
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> "Translator":
        """Run in a thread of this process (the app alone, or tests)."""
        self.thread = threading.Thread(target=self.run, name="lesepult-translator", daemon=True)
        self.thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the batch in hand, then stop."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def run(self) -> None:
        db = self.connect()
        try:
            self.resume(db)
            while not self.stopping.is_set():
                document_id = self._next(db)
                if document_id is None:
                    self.stopping.wait(self.poll)
                    continue
                self._translate(db, document_id)
        finally:
            db.close()

    def resume(self, db: sqlite3.Connection) -> None:
        """After a restart, queue every document whose translation is unfinished."""
        for document_id in unfinished_documents(db, engine_key(self.engine())):
            enqueue(db, document_id)

    def _next(self, db: sqlite3.Connection) -> int | None:
        row = db.execute("SELECT document_id FROM translation_queue ORDER BY queued_at, document_id LIMIT 1").fetchone()
        return row[0] if row else None

    def _translate(self, db: sqlite3.Connection, document_id: int) -> None:
        try:
            translate_document(db, self.engine(), document_id, self.chunk, self.stopping)
        except Exception:  # keep serving the other documents; the queue entry goes, resume retries later
            log.exception("background translation of document %s failed", document_id)
        if not self.stopping.is_set():
            with transaction(db):
                db.execute("DELETE FROM translation_queue WHERE document_id = ?", (document_id,))
