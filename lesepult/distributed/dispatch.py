"""The app's side: documents split into sentence batches and handed to the Celery workers.

`Dispatcher.dispatch` is what the app's `enqueue` does with a broker: plan
batches for what the document still lacks, then send the unsent ones.
`Dispatcher.resume` is what a restart does: overdue batches are sent again
and documents left unfinished are planned (batches.py says what overdue
means and why resume sends nothing twice). A broker that is down loses
nothing: the batches stay unsent in the database and the next dispatch or
resume sends them.
"""
from __future__ import annotations

import logging
import sqlite3
from typing import Callable

from kombu.exceptions import OperationalError

from ..documents import unfinished_documents
from . import batches
from .batches import OVERDUE_GRACE, Batch
from .celery_app import TRANSLATE_QUEUE, TRANSLATE_TASK, celery_app
from .messages import batch_message

log = logging.getLogger(__name__)

# A web request (or an import job) hands over a document: it should not hang while Redis is down.
SEND_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
KEEP_DONE = 7 * 24 * 3600   # seconds a done batch is remembered


class Dispatcher:
    def __init__(self, broker_url: str, connect: Callable[[], sqlite3.Connection],
                 key: Callable[[], tuple[str, str]]):
        self.celery = celery_app(broker_url)
        self.connect, self.key = connect, key

    def dispatch(self, document_id: int) -> int:
        """Send the document's untranslated sentences to the workers; returns the batches sent."""
        db = self.connect()
        try:
            batches.plan(db, document_id, self.key())
            return self._send(db, document_id)
        finally:
            db.close()

    def resume(self, grace: float = OVERDUE_GRACE) -> int:
        """After a restart: send overdue and unsent batches, and plan unfinished documents; returns batches sent."""
        db = self.connect()
        try:
            again = batches.unclaim_overdue(db, grace)
            if again:
                log.warning("%d overdue batches are sent again", again)
            key = self.key()
            for document_id in unfinished_documents(db, key):
                batches.plan(db, document_id, key)
            batches.forget_done(db, KEEP_DONE)
            return self._send(db, None)
        finally:
            db.close()

    def _send(self, db: sqlite3.Connection, document_id: int | None) -> int:
        claimed = batches.claim_unsent(db, document_id)
        for number, batch in enumerate(claimed):
            try:
                self._publish(batch)
            except (OperationalError, OSError) as error:
                log.warning("the broker is unreachable (%s): %d batches wait to be sent", error,
                            len(claimed) - number)
                batches.unclaim(db, [b.id for b in claimed[number:]])
                return number
        return len(claimed)

    def _publish(self, batch: Batch) -> None:
        self.celery.send_task(TRANSLATE_TASK, args=[batch_message(batch.id, batch.key, batch.sentences)],
                              task_id=batch.id, queue=TRANSLATE_QUEUE, retry=True, retry_policy=SEND_RETRY)
