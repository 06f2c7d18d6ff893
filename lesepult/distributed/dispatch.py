"""The app's side: documents split into sentence batches and handed to the Celery workers.

`Dispatcher.dispatch` is what the app's `enqueue` does with a broker: plan
batches for what the document still lacks, then send the unsent ones.
`Dispatcher.resume` is what a restart does: documents left unfinished are
planned and overdue batches are sent again (batches.py says what overdue
means and why resume sends nothing twice); the store worker sends overdue
batches every little while too (`Sender.send_overdue`, worker.py), and, with
Redis, the batches of workers that stopped beating every few seconds
(`Sender.send_abandoned`, heartbeat.py). A broker
that is down loses nothing: the batches stay unsent in the database and the
next dispatch, resume or sweep sends them.
"""
from __future__ import annotations

import logging
import sqlite3
from typing import Callable

from kombu.exceptions import OperationalError

from ..documents import unfinished_documents
from . import batches
from .batches import Batch
from .celery_app import TRANSLATE_QUEUE, TRANSLATE_TASK, VISIBILITY_TIMEOUT, celery_app, is_redis
from .heartbeat import abandoned, redis_client
from .messages import batch_message

log = logging.getLogger(__name__)

# A web request (or an import job) hands over a document: it should not hang while Redis is down.
SEND_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
KEEP_DONE = 7 * 24 * 3600   # seconds a done batch is remembered


class Sender:
    """Sends recorded batches: the unsent ones, and (`send_overdue`) the ones presumed lost."""

    def __init__(self, broker_url: str, connect: Callable[[], sqlite3.Connection],
                 visibility_timeout: int = VISIBILITY_TIMEOUT):
        self.celery = celery_app(broker_url, visibility_timeout)
        self.connect = connect
        # A message can stay unacked for the visibility timeout before Redis hands it out again,
        # and then take up to as long again to be done: only past twice that is it presumed lost.
        self.grace = 2 * visibility_timeout
        self.heartbeats = redis_client(broker_url) if is_redis(broker_url) else None

    def send_overdue(self, grace: float | None = None) -> int:
        """Send overdue, abandoned and unsent batches again; returns how many were sent.
        `grace`: seconds a batch sent later must have been stored before an open one counts as lost."""
        db = self.connect()
        try:
            again = batches.unclaim_overdue(db, self.grace if grace is None else grace)
            if again:
                log.warning("%d overdue batches are sent again", again)
            self._unclaim_abandoned(db, self._abandoned())
            return self._send(db, None)
        finally:
            db.close()

    def send_abandoned(self) -> int:
        """Send again the batches held by workers that stopped beating (Redis only); returns how many were sent."""
        lost = self._abandoned()
        if not lost:
            return 0
        db = self.connect()
        try:
            self._unclaim_abandoned(db, lost)
            return self._send(db, None)
        finally:
            db.close()

    def _abandoned(self) -> list[str]:
        return [] if self.heartbeats is None else abandoned(self.heartbeats)

    def _unclaim_abandoned(self, db: sqlite3.Connection, lost: list[str]) -> None:
        again = batches.unclaim(db, lost)
        if again:
            log.warning("%d batches of workers that stopped beating are sent again", again)

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


class Dispatcher(Sender):
    """The app's side: documents in, batches out, keyed by the app's engine."""

    def __init__(self, broker_url: str, connect: Callable[[], sqlite3.Connection],
                 key: Callable[[], tuple[str, str]], visibility_timeout: int = VISIBILITY_TIMEOUT):
        super().__init__(broker_url, connect, visibility_timeout)
        self.key = key

    def dispatch(self, document_id: int) -> int:
        """Send the document's untranslated sentences to the workers; returns the batches sent."""
        db = self.connect()
        try:
            batches.plan(db, document_id, self.key())
            return self._send(db, document_id)
        finally:
            db.close()

    def resume(self, grace: float | None = None) -> int:
        """After a restart: plan unfinished documents, send them and the overdue batches; returns batches sent."""
        db = self.connect()
        try:
            key = self.key()
            for document_id in unfinished_documents(db, key):
                batches.plan(db, document_id, key)
            batches.forget_done(db, KEEP_DONE)
        finally:
            db.close()
        return self.send_overdue(grace)
