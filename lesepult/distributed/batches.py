"""The app's record of the batches it handed to Celery (`translation_batches`).

A batch is planned (a row, `sent_at` NULL), claimed for sending (`sent_at`
set in the same write transaction, so two processes never send one batch
twice), and done when the store worker has written its results. This is
what makes resume cheap and safe:

* a document's sentences already in an open batch are not planned again, so
  a restart does not translate everything twice;
* a batch whose send failed (Redis down) is unclaimed and sent later;
* a batch is *overdue* when the queue has moved past it: a batch sent after
  it was stored more than `grace` seconds ago, and it still is not. Redis
  hands messages out in order, so such a message was lost (Redis lost its
  data; or Redis went away between a worker's BRPOP and its recording the
  message as unacked, a gap kombu's Redis transport has); resume and the
  store worker's sweep send it again. A batch merely
  waiting behind a long backlog, or behind a store worker that is down, is
  not overdue, however old: nothing sent after it was stored either. A
  duplicate (the lost message turns up after all) is harmless, because
  storing is idempotent.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass

from ..documents import iter_untranslated
from ..storage import transaction

BATCH_SENTENCES = 32     # one full CTranslate2 batch (ArgosEngine's max_batch_size) per task
ALL = -1                 # SQLite's LIMIT for "no limit"


@dataclass(frozen=True)
class Batch:
    id: str
    document_id: int
    key: tuple[str, str]
    sentences: list[str]


def plan(db: sqlite3.Connection, document_id: int, key: tuple[str, str], size: int = BATCH_SENTENCES) -> int:
    """Record batches for the document's sentences that are neither translated, failed, nor in an open batch."""
    with transaction(db):  # one writer at a time: two processes planning one document never overlap
        covered = {row[0] for row in db.execute(
            "SELECT value FROM translation_batches b, json_each(b.sentences)"
            " WHERE b.document_id = ? AND b.done_at IS NULL AND b.engine = ? AND b.version = ?",
            (document_id, *key))}
        todo = [de for de in iter_untranslated(db, document_id, key, ALL) if de not in covered]
        rows = [(uuid.uuid4().hex, document_id, *key, json.dumps(todo[i:i + size], ensure_ascii=False))
                for i in range(0, len(todo), size)]
        db.executemany("INSERT INTO translation_batches (id, document_id, engine, version, sentences)"
                       " VALUES (?, ?, ?, ?, ?)", rows)
    return len(rows)


def claim_unsent(db: sqlite3.Connection, document_id: int | None = None) -> list[Batch]:
    """Mark the open batches not yet sent (of one document, or all) as sent now, and return them in the
    order they are to be sent. Each gets its own `sent_at`, a microsecond apart, so the overdue rule
    can tell which of them was sent after which."""
    with transaction(db):
        rows = db.execute(
            "SELECT id, document_id, engine, version, sentences FROM translation_batches"
            " WHERE sent_at IS NULL AND done_at IS NULL AND (? IS NULL OR document_id = ?) ORDER BY rowid",
            (document_id, document_id)).fetchall()
        now = time.time()
        db.executemany("UPDATE translation_batches SET sent_at = ?, sends = sends + 1 WHERE id = ?",
                       [(now + number * 1e-6, row[0]) for number, row in enumerate(rows)])
    return [Batch(row[0], row[1], (row[2], row[3]), json.loads(row[4])) for row in rows]


def unclaim(db: sqlite3.Connection, batch_ids: list[str]) -> int:
    """Batches whose send failed, or whose worker died: the next send sends them. Returns how many are open."""
    with transaction(db):
        return db.executemany("UPDATE translation_batches SET sent_at = NULL WHERE id = ? AND done_at IS NULL",
                              [(batch_id,) for batch_id in batch_ids]).rowcount


def unclaim_overdue(db: sqlite3.Connection, grace: float) -> int:
    """Make overdue batches (see the module's docstring) unsent again; returns how many."""
    with transaction(db):
        return db.execute(
            "UPDATE translation_batches SET sent_at = NULL WHERE done_at IS NULL AND sent_at <"
            " (SELECT MAX(sent_at) FROM translation_batches WHERE done_at IS NOT NULL AND done_at < ?)",
            (time.time() - grace,)).rowcount


def mark_done(db: sqlite3.Connection, batch_id: str) -> bool:
    """The results are stored; the sentences are dropped (only open batches need them). False if unknown."""
    with transaction(db):
        return db.execute("UPDATE translation_batches SET done_at = COALESCE(done_at, ?), sentences = '[]'"
                          " WHERE id = ?", (time.time(), batch_id)).rowcount > 0


def forget_done(db: sqlite3.Connection, older_than: float) -> None:
    """Drop batches done more than `older_than` seconds ago, keeping the newest (the overdue rule's reference)."""
    with transaction(db):
        db.execute("DELETE FROM translation_batches WHERE done_at < ? AND done_at <"
                   " (SELECT MAX(done_at) FROM translation_batches)", (time.time() - older_than,))


def open_batches(db: sqlite3.Connection, document_id: int | None = None) -> int:
    return db.execute("SELECT COUNT(*) FROM translation_batches WHERE done_at IS NULL"
                      " AND (? IS NULL OR document_id = ?)", (document_id, document_id)).fetchone()[0]
