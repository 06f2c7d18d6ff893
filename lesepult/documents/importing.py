"""An import job: a pasted text or an uploaded file becomes a stored document, in a limited child process.

Parsing a hostile file (a .docx that inflates to gigabytes, a PDF that loops)
or segmenting a book costs memory and CPU the web process must never spend.
The web process answers the cheap checks itself (`check_upload`, the size of
a paste), writes the document's row, and hands the rest to `run_import`,
which `lesepult.sandbox` runs in a forked child with an address-space and a
CPU limit. The child parses, cleans and segments, and stores the paragraphs
chunk by chunk into SQLite itself, so the reader can watch the progress; its
result is only the document's id. A child that dies leaves the row
"importing" with its pid, and `store.clear_unfinished_imports` clears it.

Importing this module in the sandbox's job server loads the language data
(lesepult/warmup.py) there once, so no job pays for it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .. import storage
from ..importers import read_upload
from ..storage import transaction
from ..warmup import load_language_data
from .store import MAX_TITLE_CHARS, finish_import, prepare, store_blocks

load_language_data()


@dataclass(frozen=True)
class Pasted:
    text: str
    title: str | None = None
    source: str = "pasted text"


@dataclass(frozen=True)
class Uploaded:
    filename: str
    data: bytes
    title: str | None = None


def run_import(database: str, document_id: int, given: Pasted | Uploaded) -> int:
    """Parse, clean, segment and store `given` as document `document_id` (its row exists, "importing")."""
    db = storage.connect(database)
    try:
        with transaction(db):
            db.execute("UPDATE documents SET import_pid = ? WHERE id = ?", (os.getpid(), document_id))
        if isinstance(given, Uploaded):
            imported = read_upload(given.filename, given.data)
            text, title, blocks, source = imported.text, given.title or imported.title, imported.blocks, imported.source
        else:
            text, title, blocks, source = given.text, given.title, None, given.source
        article = prepare(text, title, blocks)
        with transaction(db):
            db.execute("UPDATE documents SET title = ?, source = ?, raw = ?, paragraph_count = ? WHERE id = ?",
                       (article.title[:MAX_TITLE_CHARS] or "Untitled", source, text, len(article.blocks),
                        document_id))
        store_blocks(db, document_id, article.blocks)
        finish_import(db, document_id)
        return document_id
    finally:
        db.close()
