"""What the structured formats (.docx, .epub, .pdf) share: blocks with kinds, and opening ZIP containers."""
from __future__ import annotations

import io
import zipfile

from ..cleaning import Block
from .registry import ImportFailed, Imported

# A 20 MB .docx/.epub can unpack to gigabytes (a "zip bomb"); real books stay far below this.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024


def structured(title: str | None, paragraphs: list[tuple[str, str]], what: str) -> Imported:
    if not paragraphs:
        raise ImportFailed(f"This {what} contains no text.")
    return Imported(
        title=title,
        text="\n\n".join(text for _, text in paragraphs),
        blocks=[Block(kind, text) for kind, text in paragraphs],
    )


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open a ZIP-based document, refusing damaged ones and ones that unpack to an absurd size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportFailed(
            f"This {what} is damaged and cannot be opened. Save it again and upload the new copy."
        ) from None
    if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise ImportFailed(f"This {what} unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB.", status=413)
    return archive
