"""Where the store worker writes results: one interface, one module per kind of database.

The app's database is a SQLite file (`sqlite_store`). A PostgreSQL store
would be one more module implementing `ResultStore`, chosen by `open_store`
from a `postgresql://` DATABASE; nothing else here would change.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..translation import Translation


class ResultStore(Protocol):
    def save(self, batch_id: str, key: tuple[str, str], results: Sequence[tuple[str, Translation]]) -> int:
        """Store a batch's translations and failures and mark it done, all at once and idempotently:
        a batch stored twice changes nothing the second time. Returns the number of new translations."""
        ...


def open_store(database: str) -> ResultStore:
    if "://" in str(database):
        raise ValueError(f"The store worker writes into a SQLite file (LESEPULT_DATABASE), not {database!r}")
    from .sqlite_store import SQLiteStore

    return SQLiteStore(database)
