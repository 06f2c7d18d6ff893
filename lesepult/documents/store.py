"""Documents in SQLite: imported in chunks, read back a few paragraphs at a time.

An import writes the document row first (status "importing"), then its
paragraphs, sentences and search rows in chunks of `IMPORT_CHUNK` paragraphs,
each chunk one short write transaction whose CPU work (segmenting, folding,
lemmatising) is done before the transaction starts; the status turns "ready"
last. Readers see only ready documents, so a document appears whole or not
at all, and a crash mid-import leaves a row that start-up clears
(`clear_unfinished_imports`). Cost grows linearly with the text.

Reading never loads a whole document for a page: `load_paragraphs` reads the
range a reader window or a paragraph request needs through the
(document_id, paragraph, position) index.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from typing import Iterable

from .. import search
from ..cleaning import Block, CleanDocument, clean_article
from ..errors import TooLarge, UserError
from ..segment import split_sentences
from ..storage import transaction
from ..storage.schema import LOCAL_READER
from ..text import words
from .model import Document, DocumentInfo, Paragraph, Sentence

SAMPLE_PATH = Path(__file__).resolve().parents[1] / "data" / "sample" / "handelsblatt-syrien-2016.txt"
SAMPLE_SOURCE = "Handelsblatt, October 2016 (sample)"
MAX_TEXT_CHARS = 10_000_000   # about 1.4 million words of German: a very long novel
MAX_TITLE_CHARS = 300
IMPORT_CHUNK = 400            # paragraphs per write transaction: the lock is held for milliseconds
# A "paragraph" of thousands of sentences (a book pasted as one line) would make one reader
# window as large as the book: such paragraphs are stored as several of at most this many.
MAX_PARAGRAPH_SENTENCES = 50
HEADING_KINDS = ("headline", "heading")

INFO_COLUMNS = ("id, uid, title, source, created_at, owner_id, shared, is_sample, status, error, paragraph_count,"
                " imported_paragraphs, sentence_count, word_count")


class DocumentError(UserError):
    """Input that cannot become a document; the message is for the reader."""


# ---------------------------------------------------------------- preparing

def prepare(text: str, title: str | None = None, blocks: list[Block] | None = None) -> CleanDocument:
    """Check the limits and clean the text into titled blocks."""
    text = text.replace("\x00", "").strip()
    if not text and not blocks:
        raise DocumentError("The text is empty: paste or upload some German text.")
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"The text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}.")
    title = (title or "").strip()[:MAX_TITLE_CHARS] or None
    article = CleanDocument(title or _first_heading(blocks), blocks) if blocks else clean_article(text, title)
    if not article.blocks:
        raise DocumentError("No readable text was found in this input.")
    return article


def segment_text(text: str) -> list[tuple[str, list[str]]]:
    """A text's paragraphs as (kind, sentences), without storing anything."""
    return [(block.kind, split_sentences(block.text)) for block in prepare(text).blocks]


def _first_heading(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if b.kind in HEADING_KINDS), blocks[0].text[:80])


# ---------------------------------------------------------------- importing

def create_document(db: sqlite3.Connection, text: str, title: str | None = None, source: str = "",
                    is_sample: bool = False, blocks: list[Block] | None = None, owner: int = LOCAL_READER) -> int:
    """Clean, segment and store a text in this process; returns the new document's id.

    For the sample and tests; what readers import goes through an import job
    (importing.py). Structured sources (docx, epub, pdf) come with their
    `blocks` already made; plain text and scraped pages are cleaned here.
    """
    article = prepare(text, title, blocks)
    document_id = begin_import(db, article.title, source, text, len(article.blocks), owner, is_sample)
    try:
        store_blocks(db, document_id, article.blocks)
        finish_import(db, document_id)
    except BaseException:
        delete_document(db, document_id)  # nothing half-imported stays behind
        raise
    return document_id


def store_blocks(db: sqlite3.Connection, document_id: int, blocks: list[Block]) -> None:
    """Segment and store the blocks as paragraphs, IMPORT_CHUNK at a time, each chunk one short write."""
    stored = 0
    for start in range(0, len(blocks), IMPORT_CHUNK):
        chunk = blocks[start:start + IMPORT_CHUNK]
        paragraphs = [part for block in chunk for part in _bounded(block.kind, split_sentences(block.text))]
        store_paragraphs(db, document_id, stored, paragraphs)
        stored += len(paragraphs)


def _bounded(kind: str, sentences: list[str]) -> list[tuple[str, list[str]]]:
    return [(kind, sentences[i:i + MAX_PARAGRAPH_SENTENCES])
            for i in range(0, len(sentences), MAX_PARAGRAPH_SENTENCES)] or [(kind, [])]


def begin_import(db: sqlite3.Connection, title: str, source: str, raw: str, paragraph_count: int,
                 owner: int = LOCAL_READER, is_sample: bool = False) -> int:
    """The document's row, marked as being imported by this process."""
    with transaction(db):
        return db.execute(
            "INSERT INTO documents (title, source, raw, is_sample, shared, owner_id, status, paragraph_count, uid,"
            " import_pid) VALUES (?, ?, ?, ?, ?, ?, 'importing', ?, ?, ?)",
            (title[:MAX_TITLE_CHARS] or "Untitled", source, raw, int(is_sample), int(is_sample), owner,
             paragraph_count, secrets.token_hex(8), os.getpid())).lastrowid


def store_paragraphs(db: sqlite3.Connection, document_id: int, start: int,
                     paragraphs: list[tuple[str, list[str]]]) -> None:
    """Store paragraphs start, start+1, … as (kind, sentences), with their search rows, in one transaction."""
    rows = [(start + index, position, de)
            for index, (_, sentences) in enumerate(paragraphs) for position, de in enumerate(sentences)]
    columns = [search.index_columns(de) for _, _, de in rows]  # the CPU work, before the lock
    word_count = sum(len(words(de)) for _, _, de in rows)
    with transaction(db):
        db.executemany("INSERT INTO paragraphs (document_id, position, kind) VALUES (?, ?, ?)",
                       [(document_id, start + index, kind) for index, (kind, _) in enumerate(paragraphs)])
        db.executemany("INSERT INTO sentences (document_id, paragraph, position, de) VALUES (?, ?, ?, ?)",
                       [(document_id, *row) for row in rows])
        ids = [row[0] for row in db.execute(
            "SELECT id FROM sentences WHERE document_id = ? AND paragraph >= ? AND paragraph < ?"
            " ORDER BY paragraph, position", (document_id, start, start + len(paragraphs)))]
        if ids:
            search.insert_rows(db, document_id, [(i, *c) for i, c in zip(ids, columns)])
        db.execute("UPDATE documents SET imported_paragraphs = ?, paragraph_count = MAX(paragraph_count, ?),"
                   " sentence_count = sentence_count + ?, word_count = word_count + ? WHERE id = ?",
                   (start + len(paragraphs), start + len(paragraphs), len(rows), word_count, document_id))


def finish_import(db: sqlite3.Connection, document_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE documents SET status = 'ready', import_pid = NULL WHERE id = ?", (document_id,))


def fail_import(db: sqlite3.Connection, document_id: int, error: str) -> None:
    """Keep the row and what the reader gave us (they are told why), drop the paragraphs stored so far."""
    with transaction(db):
        db.execute("DELETE FROM paragraphs WHERE document_id = ?", (document_id,))
        db.execute("DELETE FROM sentences WHERE document_id = ?", (document_id,))
        db.execute("UPDATE documents SET status = 'failed', error = ?, import_pid = NULL,"
                   " imported_paragraphs = 0, sentence_count = 0, word_count = 0 WHERE id = ?",
                   (error[:1000], document_id))


def clear_unfinished_imports(db: sqlite3.Connection) -> int:
    """Delete documents whose importing process died (a crash, a kill); returns how many.

    Imports that a live process is still running are left alone: web workers
    start (and restart) while other workers import.
    """
    rows = db.execute("SELECT id, import_pid FROM documents WHERE status = 'importing'").fetchall()
    dead = [document_id for document_id, pid in rows if not _running(pid)]
    for document_id in dead:
        delete_document(db, document_id)
    return len(dead)


def _running(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True   # alive, though another user's
    return True


def sample_document_id(db: sqlite3.Connection) -> int:
    """The sample article, imported on first use (by one worker; the others find its row)."""
    row = db.execute("SELECT id FROM documents WHERE is_sample = 1").fetchone()
    if row:
        return row[0]
    try:
        return create_document(db, SAMPLE_PATH.read_text(encoding="utf-8"), source=SAMPLE_SOURCE, is_sample=True)
    except sqlite3.IntegrityError:  # another worker began importing it a moment ago
        return db.execute("SELECT id FROM documents WHERE is_sample = 1").fetchone()[0]


# ---------------------------------------------------------------- reading

def get_info(db: sqlite3.Connection, document_id: int) -> DocumentInfo | None:
    row = db.execute(f"SELECT {INFO_COLUMNS} FROM documents WHERE id = ?", (document_id,)).fetchone()
    return _info(row) if row else None


def _info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(**{key: row[key] for key in row.keys() if key in DocumentInfo.__dataclass_fields__})


def load_paragraphs(db: sqlite3.Connection, document_id: int, start: int, end: int) -> list[Paragraph]:
    """Paragraphs start … end-1 with their sentences (and the owner's own English), in one indexed range read."""
    paragraphs: dict[int, Paragraph] = {}
    rows = db.execute(
        "SELECT p.position, p.kind, s.id, s.de, e.en FROM paragraphs p"
        " LEFT JOIN sentences s ON s.document_id = p.document_id AND s.paragraph = p.position"
        " LEFT JOIN sentence_edits e ON e.document_id = s.document_id AND e.paragraph = s.paragraph"
        "  AND e.position = s.position"
        " WHERE p.document_id = ? AND p.position >= ? AND p.position < ? ORDER BY p.position, s.position",
        (document_id, max(start, 0), end))
    for position, kind, sentence_id, de, own_en in rows:
        paragraph = paragraphs.setdefault(position, Paragraph(position, kind, []))
        if sentence_id is not None:
            paragraph.sentences.append(Sentence(sentence_id, de, own_en=own_en))
    return list(paragraphs.values())


def load_document(db: sqlite3.Connection, document_id: int) -> Document | None:
    """The whole document (exports, the batch CLI); None if there is none ready with this id."""
    info = get_info(db, document_id)
    if info is None or not info.ready:
        return None
    return Document(info, load_paragraphs(db, document_id, 0, info.paragraph_count))


def headings(db: sqlite3.Connection, document_id: int,
             kinds: tuple[str, ...] = HEADING_KINDS) -> list[tuple[int, str]]:
    """(paragraph index, text) of every paragraph of these kinds: a book's chapter titles."""
    rows = db.execute(
        "SELECT p.position, group_concat(s.de, ' ') FROM paragraphs p"
        " JOIN sentences s ON s.document_id = p.document_id AND s.paragraph = p.position"
        f" WHERE p.document_id = ? AND p.kind IN ({','.join('?' * len(kinds))})"
        " GROUP BY p.position ORDER BY p.position", (document_id, *kinds))
    return [(position, text) for position, text in rows]


def list_documents(db: sqlite3.Connection, reader: int | None, engine_key: tuple[str, str],
                   document_id: int | None = None) -> list[dict]:
    """Every document the reader may read (or just `document_id`), newest first, with translation progress:
    one query."""
    rows = db.execute(
        f"SELECT {INFO_COLUMNS},"
        " (SELECT COUNT(*) FROM sentences s JOIN translations t"
        "   ON t.engine = ? AND t.version = ? AND t.de = s.de WHERE s.document_id = d.id) AS translated,"
        " (SELECT COUNT(*) FROM sentences s JOIN translation_failures f"
        "   ON f.engine = ? AND f.version = ? AND f.de = s.de WHERE s.document_id = d.id) AS failed"
        " FROM documents d WHERE (? IS NULL OR d.owner_id = ? OR d.shared = 1) AND (? IS NULL OR d.id = ?)"
        " ORDER BY d.id DESC", (*engine_key, *engine_key, reader, reader, document_id, document_id))
    return [{"info": _info(row), "translated": row["translated"], "failed": row["failed"]} for row in rows]


def failed_sentences(db: sqlite3.Connection, document_id: int, engine_key: tuple[str, str],
                     limit: int = 5) -> list[tuple[str, str]]:
    """(German, error) of sentences the engine gave up on."""
    return [tuple(row) for row in db.execute(
        "SELECT s.de, f.error FROM sentences s JOIN translation_failures f"
        " ON f.engine = ? AND f.version = ? AND f.de = s.de WHERE s.document_id = ?"
        " ORDER BY s.paragraph, s.position LIMIT ?", (*engine_key, document_id, limit))]


# ---------------------------------------------------------------- changing

def rename_document(db: sqlite3.Connection, document_id: int, title: str) -> bool:
    with transaction(db):
        return db.execute("UPDATE documents SET title = ? WHERE id = ?", (title, document_id)).rowcount > 0


def delete_document(db: sqlite3.Connection, document_id: int) -> bool:
    """Its paragraphs, sentences and search rows go with it; cached translations stay shared."""
    with transaction(db):
        return db.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount > 0


def delete_documents_of(db: sqlite3.Connection, owner: int) -> int:
    """Delete every document `owner` owns, as `delete_document` does one; returns how many."""
    with transaction(db):
        return db.execute("DELETE FROM documents WHERE owner_id = ?", (owner,)).rowcount


def share_document(db: sqlite3.Connection, document_id: int, shared: bool) -> None:
    with transaction(db):
        db.execute("UPDATE documents SET shared = ? WHERE id = ?", (int(shared), document_id))


def translated_count(db: sqlite3.Connection, document_id: int, engine_key: tuple[str, str]) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM sentences s JOIN translations t ON t.engine = ? AND t.version = ? AND t.de = s.de"
        " WHERE s.document_id = ?", (*engine_key, document_id)).fetchone()[0]


def iter_untranslated(db: sqlite3.Connection, document_id: int, engine_key: tuple[str, str],
                      limit: int) -> list[str]:
    """The document's next untranslated (and not given-up) sentences, in reading order, without repeats."""
    rows = db.execute(
        "SELECT s.de FROM sentences s"
        " LEFT JOIN translations t ON t.engine = ? AND t.version = ? AND t.de = s.de"
        " LEFT JOIN translation_failures f ON f.engine = ? AND f.version = ? AND f.de = s.de"
        " WHERE s.document_id = ? AND t.de IS NULL AND f.de IS NULL ORDER BY s.paragraph, s.position LIMIT ?",
        (*engine_key, *engine_key, document_id, limit))
    return list(dict.fromkeys(row[0] for row in rows))


def unfinished_documents(db: sqlite3.Connection, engine_key: tuple[str, str]) -> Iterable[int]:
    """Ready documents with sentences the engine has neither translated nor given up on, newest first."""
    rows = db.execute(
        "SELECT d.id FROM documents d WHERE d.status = 'ready' AND EXISTS ("
        " SELECT 1 FROM sentences s"
        " LEFT JOIN translations t ON t.engine = ? AND t.version = ? AND t.de = s.de"
        " LEFT JOIN translation_failures f ON f.engine = ? AND f.version = ? AND f.de = s.de"
        " WHERE s.document_id = d.id AND t.de IS NULL AND f.de IS NULL) ORDER BY d.id DESC",
        (*engine_key, *engine_key))
    return [row[0] for row in rows]
