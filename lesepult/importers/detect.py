"""Telling file types apart: extensions, and the signatures of binary formats people upload by mistake."""
from __future__ import annotations

from pathlib import PureWindowsPath

from .registry import READERS, ImportFailed

_CONTROL_BYTES = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1A)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
# Signatures of binary formats that people rename or upload by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (such as .docx or .epub)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def extension(filename: str) -> str:
    name = base_name(filename)
    return name[name.rfind("."):].lower() if "." in name else ""


def base_name(filename: str) -> str:
    # Some browsers send the full client-side path, with either kind of slash.
    return PureWindowsPath(filename).name


def _sniff(data: bytes) -> str | None:
    """Name the binary format `data` starts with, or None."""
    head = data[:8]
    for signature, description in _MAGIC:
        if head.startswith(signature):
            return description
    return None


def check_content_matches(extension: str, data: bytes) -> None:
    found = _sniff(data)
    if extension in (".docx", ".epub"):
        if not data.startswith(b"PK\x03\x04"):
            kind = "Word (.docx)" if extension == ".docx" else "e-book (.epub)"
            hint = f" It looks like {found}." if found else ""
            raise ImportFailed(f"This is not a valid {kind} file.{hint} Check the file and upload it again.")
    elif extension == ".pdf":
        if b"%PDF-" not in data[:1024]:
            hint = f" It looks like {found}." if found else ""
            raise ImportFailed(f"This is not a valid PDF file.{hint} Check the file and upload it again.")
    elif found and looks_binary(data):  # "MZ" or "GIF8" alone may well start a real text
        raise ImportFailed(
            f"This file is named '{extension}' but contains {found}, not text. "
            f"Upload the original file with its proper extension ({supported_list()})."
        )


def looks_binary(data: bytes) -> bool:
    head = data[:65536]
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return b"\x00" in data or controls > max(2, len(head) // 100)


def supported_list() -> str:
    return ", ".join(READERS)  # in registration order: .txt first, as readers expect
