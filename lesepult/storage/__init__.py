"""The SQLite file: connections, short write transactions and the schema's migrations.

Connections run in autocommit mode and every write goes through
`transaction`, which starts with BEGIN IMMEDIATE: the write lock is taken up
front, so two writers never deadlock upgrading their read locks (SQLite then
answers "database is locked" at once, whatever the busy timeout). Work that
costs CPU (parsing, segmenting, translating) happens before the transaction,
never inside it, so the lock is held for milliseconds.
"""
from __future__ import annotations

import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import schema

BUSY_TIMEOUT = 5.0        # seconds SQLite itself waits for a lock
WRITE_DEADLINE = 30.0     # seconds `transaction` keeps retrying a busy database after that


def connect(path: str | Path) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    # WAL lets the page's parallel requests read while a translation writes.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE … COMMIT), retried with backoff while the file is busy.

    Inside an open transaction it simply joins it, so a service can group
    several domain writes into one commit.
    """
    if db.in_transaction:
        yield db
        return
    _begin(db)
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _begin(db: sqlite3.Connection) -> None:
    deadline, delay = time.monotonic() + WRITE_DEADLINE, 0.02
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                raise
        time.sleep(delay * (1 + random.random()))  # jitter: waiting writers do not retry in step
        delay = min(delay * 2, 1.0)


def backup(source: str | Path, target: str | Path) -> int:
    """Copy the database with SQLite's online backup API, a few hundred pages at a time, so writers
    are never blocked for long; returns the number of pages copied."""
    origin, copy = connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy, pages=256)
        return copy.execute("PRAGMA page_count").fetchone()[0]
    finally:
        copy.close()
        origin.close()


def version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def init_schema(db: sqlite3.Connection) -> None:
    """Create the schema in a new file, or migrate an older one to the latest version.

    Several processes may start at once (web workers, the translator): the
    version is read again inside the write transaction, so only one migrates.
    """
    if version(db) == schema.LATEST:
        return
    with transaction(db):
        current = version(db)
        if current == 0 and not _has_documents_table(db):
            schema.create_latest(db)
            db.execute(f"PRAGMA user_version = {schema.LATEST}")
            return
        for step in range(current + 1, schema.LATEST + 1):
            schema.MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step}")


def _has_documents_table(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone() is not None
