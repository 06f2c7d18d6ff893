"""Use cases of an analyst: correct a sentence's English, go back to the machine's, export the memory."""
from __future__ import annotations

from .. import documents, exports, memory
from ..documents import Paragraph, Sentence
from ..errors import NotFound
from . import Workspace
from .documents import owned, ready
from .reader import paragraph as translated_paragraph


def may_edit(ws: Workspace, document_id: int) -> bool:
    """Only a document's owner changes its English (a shared document is read-only to everyone else)."""
    info = documents.get_info(ws.db, document_id)
    return info is not None and info.owner_id == ws.reader


def edit(ws: Workspace, document_id: int, index: int, position: int, english, enforce: bool = True) -> Paragraph:
    """Keep the reader's English for one sentence; returns its paragraph, translated, with the edit in it.

    Empty English is refused (400): going back to the machine's English is `revert`.
    """
    german = _own_sentence(ws, document_id, index, position).de
    memory.save(ws.db, document_id, index, position, ws.reader, german, memory.clean_english(english))
    return translated_paragraph(ws, document_id, index, enforce)


def revert(ws: Workspace, document_id: int, index: int, position: int, enforce: bool = True) -> Paragraph:
    """Forget the reader's English for one sentence: the machine's (or remembered) English shows again."""
    _own_sentence(ws, document_id, index, position)
    memory.forget(ws.db, document_id, index, position)
    return translated_paragraph(ws, document_id, index, enforce)


def _own_sentence(ws: Workspace, document_id: int, index: int, position: int) -> Sentence:
    owned(ws, document_id)
    info = ready(ws, document_id)
    paragraphs = documents.load_paragraphs(ws.db, info.id, index, index + 1)
    if not paragraphs or not 0 <= position < len(paragraphs[0].sentences):
        raise NotFound("There is no such sentence.")
    return paragraphs[0].sentences[position]


def memory_tmx(ws: Workspace) -> bytes:
    """The reader's translation memory (every sentence they corrected) as TMX 1.4."""
    return exports.memory_tmx(memory.pairs(ws.db, ws.reader))
