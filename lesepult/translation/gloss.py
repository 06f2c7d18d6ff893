"""The gloss: English from the Ding dictionary when no model is installed, labelled as a gloss."""
from __future__ import annotations

import re
from typing import Sequence

from .engines import Translation

class GlossEngine:
    """Word by word from the dictionary: no model, no fluency, still useful."""

    name = "gloss"
    model = "word-by-word gloss (Ding dictionary)"

    def __init__(self, dictionary):
        self.dictionary = dictionary
        self.version = getattr(dictionary, "version", "none")

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        return [self._gloss(s) for s in sentences]

    def alternatives(self, sentence: str, count: int = 4) -> list[Translation]:
        return [self._gloss(sentence)]

    def _gloss(self, sentence: str) -> Translation:
        if self.dictionary is None:
            return Translation("", None, "no dictionary installed: run make setup")
        words = [self._word(token) for token in _TOKEN.findall(sentence)]
        return Translation(_join(words), None)

    def _word(self, token: str) -> str:
        if not token[0].isalpha():
            return token
        return self.dictionary.gloss(token) or f"[{token}]"


_TOKEN = re.compile(r"\w[\w'-]*|[^\w\s]")


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\s+([,.;:!?)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))
