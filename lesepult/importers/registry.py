"""What every format reader shares: the result, the error, and the registry of readers by extension.

A reader is a function from the file's bytes to an `Imported`; it registers
itself for its extensions with `@reads(".txt")` (like LUTE's parser
registry), and `read_upload` picks it by the file's extension.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import UserError


class ImportFailed(UserError):
    """An upload that cannot become text; the message is for the reader and says what to do."""


@dataclass
class Imported:
    title: str | None
    text: str
    blocks: list | None = None
    source: str = ""


Reader = Callable[[bytes], Imported]
READERS: dict[str, Reader] = {}


def reads(*extensions: str) -> Callable[[Reader], Reader]:
    def register(reader: Reader) -> Reader:
        for extension in extensions:
            READERS[extension] = reader
        return reader
    return register
