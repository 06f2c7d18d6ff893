"""Plain text files (.txt)."""
from __future__ import annotations

import re

from .encoding import decode_text
from .registry import ImportFailed, Imported, reads

def normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def decode_plain(data: bytes) -> str:
    text = normalise_newlines(decode_text(data))
    if not text:
        raise ImportFailed("The file is empty. Choose a file that contains text.")
    return text


@reads(".txt")
def read_txt(data: bytes) -> Imported:
    text = decode_plain(data)
    if "\n\n" not in text:
        # Without any blank line each line is a paragraph (pasted web text, one paragraph per line).
        text = text.replace("\n", "\n\n")
    return Imported(title=None, text=re.sub(r"\n{3,}", "\n\n", text))
