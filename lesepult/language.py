"""Is a text German? Told by its commonest words, which every text is full of.

The hundred commonest words of German and of English (wordfreq's lists) share
only a handful ("in", "so", "was"); the rest tell the languages apart in a
sentence or two. A text whose common words are mostly English is flagged, not
refused: a reader may mean to paste a quotation, and German with an English
passage is still German.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .text import words

COMMON_WORDS = 100
SAMPLE_WORDS = 2000      # enough to tell; a book is judged by its first pages
MIN_EVIDENCE = 5         # common words needed before saying anything


@lru_cache(maxsize=1)
def _common() -> tuple[frozenset[str], frozenset[str]]:
    from wordfreq import top_n_list

    german, english = set(top_n_list("de", COMMON_WORDS)), set(top_n_list("en", COMMON_WORDS))
    return frozenset(german - english), frozenset(english - german)


def looks_english(texts: Iterable[str]) -> bool:
    """Whether these texts read as English rather than German: most of their common words are English."""
    german, english = _common()
    german_hits = english_hits = seen = 0
    for text in texts:
        for word in words(text):
            lower = word.lower()
            german_hits += lower in german
            english_hits += lower in english
            seen += 1
        if seen >= SAMPLE_WORDS:
            break
    return english_hits >= MIN_EVIDENCE and english_hits > 2 * german_hits
