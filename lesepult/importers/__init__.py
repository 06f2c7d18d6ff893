"""Turn an uploaded file into text: .txt, .md, .html/.htm, .docx, .epub and .pdf.

`read_upload` checks size, type and content, then hands the bytes to the
reader registered for the file's extension (one module per format). Plain
sources (.txt, .md, .html) come back as text with blank-line paragraphs for
`clean_article`; structured sources (.docx, .epub, .pdf) also come back as a
list of `Block`s with kind "heading" for chapter and section titles. Nothing
here writes to disk. Every `ImportFailed` message is shown to the reader as
is, so it says what to do.
"""
from __future__ import annotations

# Each module registers its reader on import; this order is the order readers are listed in messages.
from . import plain  # noqa: F401  isort: skip
from . import markdown  # noqa: F401  isort: skip
from . import webpage  # noqa: F401  isort: skip
from . import word  # noqa: F401  isort: skip
from . import ebook  # noqa: F401  isort: skip
from . import pdf  # noqa: F401  isort: skip
from .detect import base_name, check_content_matches, extension, supported_list
from .encoding import decode_text
from .registry import READERS, ImportFailed, Imported

MAX_UPLOAD_BYTES = 50 * 1024 * 1024   # a long book as .docx or .epub with pictures stays below this
SUPPORTED_TYPES = tuple(READERS)

__all__ = ["MAX_UPLOAD_BYTES", "SUPPORTED_TYPES", "ImportFailed", "Imported", "check_upload", "decode_text",
           "read_upload"]


def read_upload(filename: str, data: bytes) -> Imported:
    """Check the upload and turn it into text, choosing the reader by the file's extension."""
    reader = check_upload(filename, data)
    imported = reader(data)
    if not imported.text.strip():
        raise ImportFailed("The file contains no readable text.")
    imported.source = base_name(filename)
    return imported


def check_upload(filename: str, data: bytes):
    """The cheap checks (size, type, emptiness, content against extension); returns the file's reader.

    They run before any parsing, in the web process, so a wrong file is
    answered at once, without starting an import job.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFailed(
            f"The file is too large ({len(data) / 1024 / 1024:.1f} MB); "
            f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it or upload a shorter text.",
            status=413,
        )
    kind = extension(filename)
    reader = READERS.get(kind)
    if reader is None:
        shown = f"'{kind}' files" if kind else "Files without an extension"
        raise ImportFailed(f"{shown} are not supported. Supported types: {supported_list()}.", status=415)
    if not data.strip():
        raise ImportFailed("The file is empty. Choose a file that contains text.")
    check_content_matches(kind, data)
    return reader
