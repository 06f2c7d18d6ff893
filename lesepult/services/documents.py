"""Use cases of the library: import a document, list, rename and delete documents."""
from __future__ import annotations

from dataclasses import dataclass

from .. import documents
from ..documents import MAX_TITLE_CHARS, DocumentInfo
from ..errors import NotFound, UserError
from ..importers import read_upload
from ..translation import engine_key
from . import Workspace

MAX_DOCUMENT_ID = 2**63 - 1   # SQLite's largest integer: larger ids cannot exist


def readable(ws: Workspace, document_id: int) -> DocumentInfo:
    """The document if this reader may read it (their own, or shared); else NotFound, whether or not it exists."""
    info = documents.get_info(ws.db, document_id) if 0 <= document_id <= MAX_DOCUMENT_ID else None
    if info is None or not (info.owner_id == ws.reader or info.shared):
        raise NotFound("There is no document with this id.")
    return info


def ready(ws: Workspace, document_id: int) -> DocumentInfo:
    """A readable document whose import has finished."""
    info = readable(ws, document_id)
    if info.status == "failed":
        raise UserError(f"This document could not be imported: {info.error}", 422)
    if not info.ready:
        raise UserError("This document is still being imported; try again in a moment.", 409)
    return info


def owned(ws: Workspace, document_id: int) -> DocumentInfo:
    """A document this reader may change: their own (a shared sample is read-only to others)."""
    info = readable(ws, document_id)
    if info.owner_id != ws.reader:
        raise NotFound("There is no document of yours with this id.")
    return info


def import_text(ws: Workspace, text: str, title: str | None = None, source: str = "pasted text") -> int:
    document_id = documents.create_document(ws.db, text, title, source=source, owner=ws.reader)
    ws.translate_later(document_id)
    return document_id


def import_file(ws: Workspace, filename: str, data: bytes, title: str | None = None) -> int:
    imported = read_upload(filename, data)
    document_id = documents.create_document(ws.db, imported.text, title or imported.title, source=imported.source,
                                            blocks=imported.blocks, owner=ws.reader)
    ws.translate_later(document_id)
    return document_id


def sample(ws: Workspace) -> int:
    return documents.sample_document_id(ws.db)


@dataclass
class LibraryEntry:
    info: DocumentInfo
    translated: int
    failed: int
    failures: list[tuple[str, str]]     # (German, error) of the first sentences that failed
    gloss_only: bool = False            # no model: the English is the word-by-word gloss, not a translation

    @property
    def progress(self) -> tuple[int, int]:
        return self.translated, self.info.sentence_count


def library(ws: Workspace) -> list[LibraryEntry]:
    """Every document the reader may read, newest first, with translation progress (one query)."""
    key = engine_key(ws.engine)
    rows = documents.list_documents(ws.db, ws.reader, key)
    return [LibraryEntry(row["info"], row["translated"], row["failed"],
                         documents.failed_sentences(ws.db, row["info"].id, key) if row["failed"] else [],
                         gloss_only=ws.engine.name == "gloss")
            for row in rows]


def rename(ws: Workspace, document_id: int, title: str) -> None:
    title = " ".join((title or "").split())[:MAX_TITLE_CHARS]
    if not title:
        raise UserError("A title cannot be empty.")
    owned(ws, document_id)
    documents.rename_document(ws.db, document_id, title)


def delete(ws: Workspace, document_id: int) -> None:
    owned(ws, document_id)
    documents.delete_document(ws.db, document_id)
