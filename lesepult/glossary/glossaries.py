"""Each reader's glossary: the curated terms overridden by the reader's own.

Building a glossary indexes every form of every term (a few milliseconds for
the curated 646); it is rebuilt only when the reader's terms change, which
`user_terms.stamp` tells with one indexed query.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Callable

from .finder import Glossary
from .terms import Term, load_terms
from .user_terms import list_terms, stamp

CURATED_TERMS = Path(__file__).resolve().parents[1] / "data" / "glossary.tsv"


class Glossaries:
    def __init__(self, curated_path: Path = CURATED_TERMS):
        self.curated_path = curated_path
        self._curated: list[Term] | None = None
        self._built: dict[int, tuple[tuple, Glossary]] = {}
        self._lock = threading.Lock()

    def curated(self) -> list[Term]:
        if self._curated is None:
            self._curated = load_terms(self.curated_path)
        return self._curated

    def version(self, db: sqlite3.Connection, reader: int) -> tuple:
        """Changes whenever the reader's glossary changes: part of the key of anything rendered from it."""
        return stamp(db, reader)

    def for_reader(self, db: sqlite3.Connection, reader: int, version: tuple | None = None,
                   grammar: Callable[[str], tuple[str, str] | None] | None = None) -> Glossary:
        """The reader's glossary; `grammar` (the dictionary's noun_grammar) completes their nouns' forms."""
        version = version or self.version(db, reader)
        built = self._built.get(reader)
        if built is None or built[0] != version:
            with self._lock:
                glossary = Glossary([*self.curated(), *list_terms(db, reader)], grammar)
                self._built[reader] = (version, glossary)
                built = self._built[reader]
        return built[1]
