"""The use cases: one function per thing a reader does, called by the views, the JSON API and the CLI.

Every service takes a `Workspace`: the open database, whose data it is (the
reader), and the engine, dictionary and glossary, each made only when a use
case asks for it. Services know nothing of Flask or HTTP: they return domain
objects and raise `lesepult.errors.UserError`s, which the app maps to HTTP
answers in one place.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from ..glossary import Glossary
from ..glossary.glossaries import Glossaries
from ..storage.schema import LOCAL_READER
from ..translation import Engine
from ..translation.engines import LOW_CONFIDENCE


@dataclass(frozen=True)
class Limits:
    window: int = 40                 # paragraphs in a reader window without chapters
    translation_chunk: int = 16      # sentences per engine call when the page asks paragraph by paragraph
    low_confidence: float = LOW_CONFIDENCE
    sync_sentences: int = 64         # the JSON API translates at most this many sentences while you wait
    import_wait: float | None = 3.0  # seconds a request waits for its import, then shows progress; None: all


@dataclass
class Workspace:
    db: sqlite3.Connection
    engine_provider: Callable[[], Engine]
    glossaries: Glossaries
    dictionary_provider: Callable[[], object] = lambda: None
    reader: int = LOCAL_READER
    limits: Limits = field(default_factory=Limits)
    enqueue: Callable[[int], None] | None = None   # hands a document to background translation

    @cached_property
    def engine(self) -> Engine:
        return self.engine_provider()

    @cached_property
    def dictionary(self):
        return self.dictionary_provider()

    @cached_property
    def glossary_version(self) -> tuple:
        return self.glossaries.version(self.db, self.reader)

    @cached_property
    def glossary(self) -> Glossary:
        grammar = self.dictionary.noun_grammar if self.dictionary is not None else None
        return self.glossaries.for_reader(self.db, self.reader, self.glossary_version, grammar)

    def translate_later(self, document_id: int) -> None:
        if self.enqueue is not None:
            self.enqueue(document_id)
