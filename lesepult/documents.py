"""Documents: import a text, keep it in SQLite, read it back paragraph by paragraph."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .cleaning import Block, CleanDocument, clean_article
from .search import index_document
from .segment import split_sentences

SAMPLE_PATH = Path(__file__).parent / "data" / "sample" / "handelsblatt-syrien-2016.txt"
SAMPLE_SOURCE = "Handelsblatt, October 2016 (sample)"
MAX_TEXT_CHARS = 2_000_000  # the documented limit for one document's text (about 2 MB)
MAX_TITLE_CHARS = 300


class DocumentError(ValueError):
    """Input that cannot become a document; the message is for the reader."""


class TooLarge(DocumentError):
    pass


@dataclass
class Sentence:
    id: int
    de: str
    en: str | None = None
    score: float | None = None
    error: str | None = None
    enforced: list = field(default_factory=list)


@dataclass
class Paragraph:
    index: int
    kind: str
    sentences: list[Sentence]


@dataclass
class Document:
    id: int
    title: str
    source: str
    created_at: str
    paragraphs: list[Paragraph]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def sentence(self, index: int, position: int) -> Sentence | None:
        """The `position`-th sentence of paragraph `index`, if there is one."""
        if 0 <= index < len(self.paragraphs) and 0 <= position < len(self.paragraphs[index].sentences):
            return self.paragraphs[index].sentences[position]
        return None


def create_document(db: sqlite3.Connection, text: str, title: str | None = None,
                    source: str = "", is_sample: bool = False, blocks: list[Block] | None = None) -> int:
    """Clean, segment and store a text; returns the new document's id.

    Structured sources (docx, epub, pdf) come with their `blocks` already made;
    plain text and scraped pages are cleaned here.
    """
    article = prepare(text, title, blocks)
    with db:  # one transaction: a document is stored whole or not at all
        cursor = db.execute("INSERT INTO documents (title, source, raw, is_sample) VALUES (?, ?, ?, ?)",
                            (article.title[:MAX_TITLE_CHARS] or "Untitled", source, text, int(is_sample)))
        document_id = cursor.lastrowid
        for index, block in enumerate(article.blocks):
            db.execute("INSERT INTO paragraphs (document_id, position, kind) VALUES (?, ?, ?)",
                       (document_id, index, block.kind))
            db.executemany(
                "INSERT INTO sentences (document_id, paragraph, position, de) VALUES (?, ?, ?, ?)",
                [(document_id, index, n, s) for n, s in enumerate(split_sentences(block.text))])
    index_document(db, document_id)
    return document_id


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
    return next((b.text for b in blocks if b.kind in ("headline", "heading")), blocks[0].text[:80])


def sample_document_id(db: sqlite3.Connection) -> int:
    """The sample article, imported on first use."""
    row = db.execute("SELECT id FROM documents WHERE is_sample = 1 ORDER BY id LIMIT 1").fetchone()
    if row:
        return row[0]
    return create_document(db, SAMPLE_PATH.read_text(encoding="utf-8"), source=SAMPLE_SOURCE, is_sample=True)


def load_document(db: sqlite3.Connection, document_id: int) -> Document | None:
    head = db.execute("SELECT id, title, source, created_at FROM documents WHERE id = ?",
                      (document_id,)).fetchone()
    if head is None:
        return None
    paragraphs = [Paragraph(row["position"], row["kind"], []) for row in db.execute(
        "SELECT position, kind FROM paragraphs WHERE document_id = ? ORDER BY position", (document_id,))]
    by_index = {p.index: p for p in paragraphs}
    for row in db.execute("SELECT id, paragraph, de FROM sentences WHERE document_id = ?"
                          " ORDER BY paragraph, position", (document_id,)):
        by_index[row["paragraph"]].sentences.append(Sentence(row["id"], row["de"]))
    return Document(head["id"], head["title"], head["source"], head["created_at"], paragraphs)


def list_documents(db: sqlite3.Connection) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT d.id, d.title, d.source, d.created_at, d.is_sample,"
        " (SELECT COALESCE(SUM(LENGTH(de) - LENGTH(REPLACE(de, ' ', '')) + 1), 0)"
        "  FROM sentences WHERE document_id = d.id) AS words"
        " FROM documents d ORDER BY d.id DESC").fetchall()


def rename_document(db: sqlite3.Connection, document_id: int, title: str) -> bool:
    with db:
        return db.execute("UPDATE documents SET title = ? WHERE id = ?", (title, document_id)).rowcount > 0


def delete_document(db: sqlite3.Connection, document_id: int) -> bool:
    """Its paragraphs and sentences go with it (ON DELETE CASCADE); cached translations stay shared."""
    with db:
        return db.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount > 0
