"""Use case: translate a text for an API client, without storing it as a document (the cache still learns)."""
from __future__ import annotations

from ..documents import MAX_TEXT_CHARS, Paragraph, Sentence, segment_text
from ..errors import TooLarge, UserError
from ..reading import paragraphs_json, translate_sentences
from ..translation import describe
from . import Workspace

MAX_TRANSIENT_CHARS = 200_000   # a request waits for its translation: longer texts are imported as documents


def translate_text(ws: Workspace, text, enforce: bool = True) -> dict:
    if not isinstance(text, str):
        raise UserError('Send JSON like {"text": "Der Sicherheitsrat tagt."}.')
    if len(text) > MAX_TRANSIENT_CHARS:
        raise TooLarge(f"The text is longer than {MAX_TRANSIENT_CHARS:,} characters; import it as a document"
                       f" (POST /documents, up to {MAX_TEXT_CHARS:,} characters) to read it while it translates.")
    paragraphs = [Paragraph(i, kind, [Sentence(0, s) for s in sentences])
                  for i, (kind, sentences) in enumerate(segment_text(text))]
    translate_sentences(ws.db, ws.engine, [s for p in paragraphs for s in p.sentences],
                        ws.glossary if enforce else None, enforce)
    return {"engine": describe(ws.engine), "paragraphs": paragraphs_json(paragraphs)}
