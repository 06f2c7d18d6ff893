"""Small text rules shared by every part of the app, defined once."""
from __future__ import annotations

import re

# A word a reader can click: letters first, then letters, digits or hyphens ("UN-Sicherheitsrat").
WORD = re.compile(r"[^\W\d_][\w-]*")
# A token for matching terms and names: letters and digits, hyphenated parts kept together.
TOKEN = re.compile(r"\w+(?:-\w+)*")



def words(text: str) -> list[str]:
    """The running words of a text, as a reader counts them: "19,6 Prozent – so" is two words, not four.
    Every word count the app shows (the library, the reader, the share still unknown) comes from here."""
    return WORD.findall(text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them so they stay text."""
    return "'" + value if value.startswith(_FORMULA_START) else value
