"""What the structured formats (.docx, .epub, .pdf) share: blocks with kinds, and opening ZIP containers."""
from __future__ import annotations

import io
import zipfile

from ..archives import DOCUMENT_LIMITS, ArchiveRefused, check_zip
from ..cleaning import Block
from .registry import ImportFailed, Imported


def structured(title: str | None, paragraphs: list[tuple[str, str]], what: str) -> Imported:
    if not paragraphs:
        raise ImportFailed(f"This {what} contains no text.")
    return Imported(
        title=title,
        text="\n\n".join(text for _, text in paragraphs),
        blocks=[Block(kind, text) for kind, text in paragraphs],
    )


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open a ZIP-based document, refusing damaged ones and ones that inflate past what a parser can hold.

    Every member is inflated once, counting the bytes that really come out
    (never trusting the sizes the archive declares), before python-docx or
    EbookLib parse anything: a bomb is refused in milliseconds, in little memory.
    """
    try:
        check_zip(data, DOCUMENT_LIMITS, what)
        return zipfile.ZipFile(io.BytesIO(data))
    except ArchiveRefused as refused:
        raise ImportFailed(str(refused), status=refused.status) from None
    except (zipfile.BadZipFile, ValueError):
        raise ImportFailed(
            f"This {what} is damaged and cannot be opened. Save it again and upload the new copy."
        ) from None
