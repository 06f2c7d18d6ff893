"""Background translation of whole documents inside the app's process (the embedded default).

The translator owns nothing but a queue of document ids: what is translated
lives in the cache table. After a restart, `resume` finds every document with
untranslated sentences and queues it again, so nothing is lost; the cache's
lock and primary key make sure no sentence is translated twice. It stops
between batches when asked to (`stop`), so a server shuts down quickly.
"""
from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from typing import Callable

from ..documents import iter_untranslated, unfinished_documents
from .cache import TranslationCache, record_failures
from .engines import Engine, engine_key

log = logging.getLogger(__name__)


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


class Worker:
    def __init__(self, connect: Callable[[], sqlite3.Connection], engine: Callable[[], Engine], chunk: int = 32):
        self.connect, self.engine, self.chunk = connect, engine, chunk
        self.queue: queue.Queue[int | None] = queue.Queue()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="lesepult-translator", daemon=True)

    def start(self) -> "Worker":
        self.thread.start()
        return self

    def add(self, document_id: int) -> None:
        self.queue.put(document_id)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the batch in hand, then stop."""
        self.stopping.set()
        self.queue.put(None)
        self.thread.join(timeout)

    def resume(self, db: sqlite3.Connection) -> None:
        for document_id in unfinished_documents(db, engine_key(self.engine())):
            self.add(document_id)

    def _run(self) -> None:
        db = self.connect()
        try:
            self.resume(db)  # after a restart, pick up where translation stopped
        except Exception:
            log.exception("could not resume background translation")
        while not self.stopping.is_set():
            document_id = self.queue.get()
            try:
                if document_id is not None:
                    translate_document(db, self.engine(), document_id, self.chunk, self.stopping)
            except Exception:  # keep serving the other documents
                log.exception("background translation of document %s failed", document_id)
            finally:
                self.queue.task_done()
        db.close()
