"""Translation engines behind one interface.

Every translation in the app goes through an engine with the translation
cache in front (`cache.TranslationCache`). Two engines exist:

* `ArgosEngine` (argos.py) runs an installed Argos Translate de→en package
  directly with CTranslate2 and sentencepiece.
* `GlossEngine` (gloss.py) is the fallback when no model is installed: an
  English gloss from the Ding dictionary, labelled as such wherever it shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

# Below this confidence a sentence is flagged for checking, on the page and in exports.
LOW_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Translation:
    text: str
    score: float | None = None  # confidence 0..1: exp(mean token log-prob); None when the engine has none
    error: str | None = None
    # Which German produced which English: (source start, source end, target start, target end)
    # character offsets into the sentence and into `text`; empty when the engine cannot tell.
    alignment: tuple[tuple[int, int, int, int], ...] = ()


class Engine(Protocol):
    name: str       # "argos" | "gloss"
    model: str      # what a reader is told: package name, or "phrase gloss (Ding dictionary)"
    version: str    # part of the cache key: a new version retranslates

    def translate(self, sentences: Sequence[str]) -> list[Translation]: ...

    def alternatives(self, sentence: str, count: int) -> list[Translation]: ...


def describe(engine: Engine) -> dict:
    return {"name": engine.name, "model": engine.model, "version": engine.version}


def engine_key(engine: Engine) -> tuple[str, str]:
    """What the cache keys translations by: the engine, and its model@version."""
    return engine.name, f"{engine.model}@{engine.version}"
