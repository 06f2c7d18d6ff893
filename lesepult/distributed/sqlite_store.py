"""The results of Celery workers, written into the app's SQLite file by the store worker."""
from __future__ import annotations

from typing import Sequence

from .. import storage
from ..translation import Translation
from ..translation.cache import lookup, record_failures, store
from . import batches


class SQLiteStore:
    def __init__(self, path: str):
        self.db = storage.connect(path)
        storage.init_schema(self.db)

    def save(self, batch_id: str, key: tuple[str, str], results: Sequence[tuple[str, Translation]]) -> int:
        """One write transaction: the translations (keyed like the cache, first one wins), the
        failures (the dead letters the library shows) and the batch marked done."""
        with storage.transaction(self.db):
            inserted = store(self.db, key, results)
            failed = [(de, t.error) for de, t in results if t.error is not None]
            if failed:
                # A sentence another batch already translated (a duplicate that failed) stays translated.
                known = lookup(self.db, key, [de for de, _ in failed])
                record_failures(self.db, key, [(de, error) for de, error in failed if de not in known])
            batches.mark_done(self.db, batch_id)
        return inserted
