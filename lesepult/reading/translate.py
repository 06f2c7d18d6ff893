"""Filling sentences with English: cache, engine, then the glossary enforced.

This is the one way in for translation used by the page, the API and the CLI.
A sentence's glossary occurrences are found once (`find_terms`) and used for
enforcement here and for the German markup, the terms panel and entities.
"""
from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from typing import Iterable, Sequence

from .. import memory
from ..documents import Paragraph, Sentence
from ..glossary import Glossary, Term, enforce
from ..translation import Engine, TranslationCache


def find_terms(sentences: Iterable[Sentence], glossary: Glossary) -> None:
    """Find each sentence's glossary occurrences once; later steps reuse `sentence.occurrences`."""
    for sentence in sentences:
        if sentence.occurrences is None:
            sentence.occurrences = _occurrences(glossary, sentence.de)


# A glossary never changes once built (a changed one is a new object), and neither does a
# sentence: what was found in it, and the English enforced from it, are remembered.
@functools.lru_cache(maxsize=100_000)
def _occurrences(glossary: Glossary, text: str) -> list:
    return glossary.find(text)


@functools.lru_cache(maxsize=100_000)
def _enforced(english: str, occurrences: tuple, alignment: tuple) -> tuple:
    return enforce(english, list(occurrences), alignment)


def term_counts(sentences: Iterable[Sentence]) -> list[tuple[Term, int]]:
    """The terms found in these sentences with their counts, most frequent first (ties: first seen first)."""
    counter: Counter[Term] = Counter(o.term for s in sentences for o in s.occurrences)
    return sorted(counter.items(), key=lambda item: -item[1])


def translate_sentences(db: sqlite3.Connection, engine: Engine, sentences: Sequence[Sentence],
                        glossary: Glossary | None = None, enforce_terms: bool = True,
                        memory_of: int | None = None) -> None:
    """Fill in `en`, `score`, `error`, `enforced`, `marks` and `origin` in place, one engine call for all misses.

    Human English goes over the engine's, unenforced: a sentence's own edit,
    else the translation memory of reader `memory_of` (None: no memory).
    The engine still translates every sentence, so progress, search and a
    reverted edit find the machine's English in the cache.
    """
    results = TranslationCache(db, engine).translate([s.de for s in sentences])
    if glossary is not None and enforce_terms:
        find_terms(sentences, glossary)
    for sentence, result in zip(sentences, results):
        sentence.en, sentence.score, sentence.error = result.text, result.score, result.error
        if glossary is not None and enforce_terms and result.error is None:
            sentence.en, sentence.enforced, sentence.marks = _enforced(sentence.en, tuple(sentence.occurrences),
                                                                       result.alignment)
    memory.apply(db, sentences, memory_of)


def sentences_from(paragraphs: Sequence[Paragraph], chunk: int) -> list[Sentence]:
    """The first paragraph's sentences, and the following ones while they fit in one engine batch.

    The page asks paragraph by paragraph; translating the next paragraphs in
    the same engine call keeps CTranslate2's batches full, and the requests for
    those paragraphs then find them in the cache.
    """
    selected: list[Sentence] = []
    for paragraph in paragraphs:
        if selected and len(selected) + len(paragraph.sentences) > chunk:
            break
        selected.extend(paragraph.sentences)
    return selected
