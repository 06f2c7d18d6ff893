"""The reader model: a window of paragraphs and everything the page shows about them, found once.

A long book is read a window at a time: a chapter (from one heading to the
next) when the document has headings, else `size` paragraphs; a chapter
longer than that is cut into windows of `size`. Windows follow the
document's structure, not where a reader happens to start, so one window is
built (and can be cached) once for every reader who opens it.

Building a window reads only its paragraphs, finds each sentence's glossary
occurrences once (`find_terms`) and derives the terms panel and the people,
places and organisations from those same occurrences.
"""
from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass

from ..documents import DocumentInfo, Paragraph, headings, load_paragraphs
from ..entities import Entity, find_entities
from ..glossary import Glossary, Term
from .names import in_english
from .translate import find_terms, term_counts


SHORTEST_WINDOW = 3   # paragraphs: fewer is a title or a heading alone, read with what follows


@dataclass(frozen=True)
class Chapter:
    index: int      # the paragraph of its heading
    title: str


@dataclass
class Window:
    info: DocumentInfo
    start: int
    end: int
    paragraphs: list[Paragraph]
    chapters: list[Chapter]
    starts: list[int]                   # where every window of the document starts
    terms: list[tuple[Term, int]]       # the window's glossary terms, most frequent first
    entities: list[Entity]

    @property
    def previous(self) -> int | None:
        position = self.starts.index(self.start)
        return self.starts[position - 1] if position > 0 else None

    @property
    def next(self) -> int | None:
        return self.end if self.end < self.info.paragraph_count else None

    @property
    def is_whole_document(self) -> bool:
        return self.start == 0 and self.end >= self.info.paragraph_count

    @property
    def chapter(self) -> Chapter | None:
        """The chapter the window is in."""
        indexes = [chapter.index for chapter in self.chapters]
        position = bisect.bisect_right(indexes, self.start) - 1
        return self.chapters[position] if position >= 0 else None


def chapters(db: sqlite3.Connection, document_id: int) -> list[Chapter]:
    """The document's headings (not its headline: that is the title), in order."""
    return [Chapter(index, title) for index, title in headings(db, document_id, kinds=("heading",))]


def window_starts(paragraph_count: int, chapter_list: list[Chapter], size: int) -> list[int]:
    """Where each window starts: at every chapter, and every `size` paragraphs within a long one.

    A part too short to read on its own (a book's title, a part heading right
    before its first chapter's) joins the window after it: a window that is a
    heading alone would show no text, and its panels nothing of what follows.
    """
    bounds = sorted({0, *(c.index for c in chapter_list if c.index < paragraph_count)})
    bounds = [start for position, start in enumerate(bounds)
              if position == 0 or start - bounds[position - 1] >= SHORTEST_WINDOW]
    starts: list[int] = []
    for start, end in zip(bounds, bounds[1:] + [paragraph_count]):
        starts.extend(range(start, end, size))
    return starts or [0]


def window_start(paragraph_count: int, chapter_list: list[Chapter], size: int, index: int) -> int:
    """The start of the window holding paragraph `index` (clamped to the document)."""
    starts = window_starts(paragraph_count, chapter_list, size)
    return starts[max(bisect.bisect_right(starts, index) - 1, 0)]


def open_window(db: sqlite3.Connection, info: DocumentInfo, index: int, glossary: Glossary, size: int,
                chapter_list: list[Chapter] | None = None, dictionary=None) -> Window:
    """The window holding paragraph `index` (clamped to the document), with its terms and entities.

    With the dictionary, places it knows are found beyond the curated list and
    names are given in English (names.py)."""
    chapter_list = chapters(db, info.id) if chapter_list is None else chapter_list
    starts = window_starts(info.paragraph_count, chapter_list, size)
    position = max(bisect.bisect_right(starts, index) - 1, 0)
    start = starts[position]
    end = starts[position + 1] if position + 1 < len(starts) else info.paragraph_count
    paragraphs = load_paragraphs(db, info.id, start, end)
    sentences = [s for p in paragraphs for s in p.sentences]
    find_terms(sentences, glossary)
    place_name = dictionary.place_name if dictionary is not None else None
    return Window(info, start, end, paragraphs, chapter_list, starts, term_counts(sentences),
                  in_english(find_entities(paragraphs, glossary, place_name), glossary, dictionary))
