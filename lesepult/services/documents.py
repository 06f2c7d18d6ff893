"""Use cases of the library: import a document, list, rename and delete documents."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from .. import documents, sandbox, storage
from ..documents import MAX_TEXT_CHARS, MAX_TITLE_CHARS, DocumentError, DocumentInfo, TooLarge
from ..documents.importing import Pasted, Uploaded, run_import
from ..errors import NotFound, UserError
from ..importers import base_name, check_upload
from ..translation import engine_key
from . import Workspace

MAX_DOCUMENT_ID = 2**63 - 1   # SQLite's largest integer: larger ids cannot exist
# An import job may hold a book and its parse tree: generous, but bounded, so a hostile file
# costs at most this, in a child process, never in the web worker.
IMPORT_LIMITS = sandbox.Limits(memory_bytes=2048 * sandbox.MiB, cpu_seconds=300, timeout=900)
_import_slots = threading.BoundedSemaphore(2)  # concurrent import jobs per web worker


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


def start_import_jobs() -> None:
    """Start the job server import jobs run in, with the importers and language data loaded in it once.

    Call it when a process starts. Loading takes a few seconds, in the server's
    own process while this one goes on, so the reader's first import rarely waits.
    """
    sandbox.start(preload=["lesepult.documents.importing"])


def import_text(ws: Workspace, text: str, title: str | None = None, source: str = "pasted text") -> int:
    """Import a pasted text; the id comes back when it is stored, or while it still is after
    `ws.limits.import_wait` seconds (None: as long as it takes, as the CLI does)."""
    if not text.strip():
        raise DocumentError("The text is empty: paste or upload some German text.")
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"The text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}.")
    return _import(ws, Pasted(text, title, source), title or "Pasted text", source)


def import_file(ws: Workspace, filename: str, data: bytes, title: str | None = None) -> int:
    """Import an uploaded file (as `import_text`); a wrong file is refused before any job starts."""
    check_upload(filename, data)
    return _import(ws, Uploaded(filename, data, title), title or base_name(filename), base_name(filename))


def _import(ws: Workspace, given: Pasted | Uploaded, title: str, source: str) -> int:
    """Run the import job; an error while the request waits is raised here, and leaves nothing behind."""
    document_id = documents.begin_import(ws.db, title, source, "", 0, ws.reader)
    job = _ImportJob(database_file(ws.db), document_id, given, ws.enqueue)
    job.start()
    if not job.done.wait(ws.limits.import_wait):
        return document_id  # still importing: the reader page shows how far it is
    if job.error is not None:
        documents.delete_document(ws.db, document_id)  # the form shows the error, with the reader's text
        raise job.error
    return document_id


class _ImportJob(threading.Thread):
    """Waits for one import's sandboxed child; records the outcome even after the request has answered."""

    def __init__(self, database: str, document_id: int, given: Pasted | Uploaded, enqueue):
        super().__init__(name=f"import-{document_id}", daemon=True)
        self.database, self.document_id, self.given, self.enqueue = database, document_id, given, enqueue
        self.error: Exception | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            with _import_slots:
                sandbox.run_limited(run_import, self.database, self.document_id, self.given, limits=IMPORT_LIMITS)
            if self.enqueue is not None:
                self.enqueue(self.document_id)
        except Exception as error:
            self.error = error if isinstance(error, UserError) else _failure(error)
            self._record_failure()
        finally:
            self.done.set()

    def _record_failure(self) -> None:
        db = storage.connect(self.database)
        try:
            documents.fail_import(db, self.document_id, str(self.error))
        finally:
            db.close()


def _failure(error: Exception) -> UserError:
    if isinstance(error, sandbox.SandboxFailed) and error.reason in ("memory", "cpu-time", "timeout"):
        return TooLarge(f"This file is too large or too complex to import here: {error}")
    return UserError(f"The import failed: {error}", 422)


def database_file(db) -> str:
    """The path of the SQLite file a connection has open (the import job opens its own)."""
    return db.execute("PRAGMA database_list").fetchone()["file"]


def sample(ws: Workspace) -> int:
    return documents.sample_document_id(ws.db)


@dataclass
class LibraryEntry:
    info: DocumentInfo
    translated: int
    failed: int
    failures: list[tuple[str, str]]     # (German, error) of the first sentences that failed
    gloss_only: bool = False            # no model: the English is the dictionary gloss, not a translation

    @property
    def progress(self) -> tuple[int, int]:
        return self.translated, self.info.sentence_count

    @property
    def settled(self) -> bool:
        """Nothing will change by itself: the import failed, or every sentence is translated or failed."""
        return self.info.status == "failed" or (
            self.info.status == "ready" and self.translated + self.failed >= self.info.sentence_count)


def library(ws: Workspace, document_id: int | None = None) -> list[LibraryEntry]:
    """Every document the reader may read (or just `document_id`), newest first, with translation
    progress (one query)."""
    key = engine_key(ws.engine)
    rows = documents.list_documents(ws.db, ws.reader, key, document_id)
    return [LibraryEntry(row["info"], row["translated"], row["failed"],
                         documents.failed_sentences(ws.db, row["info"].id, key) if row["failed"] else [],
                         gloss_only=ws.engine.name == "gloss")
            for row in rows]


def library_entry(ws: Workspace, document_id: int) -> LibraryEntry:
    """One document's line of the library, polled while it is imported or translated."""
    entries = library(ws, document_id)
    if not entries:
        raise NotFound("There is no document with this number.")
    return entries[0]


def rename(ws: Workspace, document_id: int, title: str) -> None:
    title = " ".join((title or "").split())[:MAX_TITLE_CHARS]
    if not title:
        raise UserError("A title cannot be empty.")
    owned(ws, document_id)
    documents.rename_document(ws.db, document_id, title)


def share(ws: Workspace, document_id: int, shared: bool) -> None:
    """Let every reader read the document (not change it), or stop that."""
    owned(ws, document_id)
    documents.share_document(ws.db, document_id, shared)


def delete(ws: Workspace, document_id: int) -> None:
    owned(ws, document_id)
    documents.delete_document(ws.db, document_id)
