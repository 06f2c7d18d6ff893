"""Glossary-consistent English: the engine's English is post-edited so every term
found in the German uses its glossary rendering, in the right number.

`enforce` checks the engine's English for a sentence against the terms found
in the German sentence and replaces known variant renderings (`truce` →
`ceasefire`) in the right number, fixing a/an before them. A term whose
English is none of its variants is put where the engine's alignment says the
term was translated (status "replaced", like a variant, so the reader says
what the engine wrote); only without such a span is it "missing". The engine is never fed placeholders: that degrades machine
translation. `enforce` returns, with the new English, where each rendering
stands in it, so the reader marks them without searching the text again.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..english import indefinite_article, pluralize, verb_forms
from .finder import Occurrence
from .terms import Term


@dataclass(frozen=True)
class Enforcement:
    term: Term
    status: str      # "kept", "replaced" (a variant, or where the alignment says) or "missing"
    replaced: str    # the English text that was replaced ("" unless status == "replaced")


@dataclass(frozen=True)
class Mark:
    """Where a glossary rendering stands in the enforced English, and why it is there."""
    start: int
    end: int
    enforcement: Enforcement


def plural_rendering(term: Term) -> str:
    """The plural rendering; German plural-only nouns (Menschenrechte) are plural in `en` already."""
    if term.en_plural:
        return term.en_plural
    return term.en if term.gender == "pl" else pluralize(term.en)


def rendering_forms(term: Term) -> tuple[str, ...]:
    """The English that counts as the term's rendering: both numbers, and for a verb its inflected
    forms ("call for" also as "called for", "calls for"), since the gloss conjugates verbs."""
    forms = [term.en, plural_rendering(term)]
    if term.pos == "verb":
        forms += verb_forms(term.en)
    return tuple(dict.fromkeys(forms))


@dataclass
class _Group:
    """The occurrences of one term in one number within a sentence."""
    term: Term
    plural: bool
    count: int
    kept: int = 0
    replaced: str = ""
    replacements: int = 0
    aligned: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)   # the occurrences in the German

    @property
    def rendering(self) -> str:
        return plural_rendering(self.term) if self.plural else self.term.en

    @property
    def renderings(self) -> set[str]:
        """Both numbers of the rendering (a verb's forms), lowercase: any already present counts as kept."""
        return {form.lower() for form in rendering_forms(self.term)}

    @property
    def wanted(self) -> int:
        return self.count - self.kept - self.replacements - self.aligned


def _groups(occurrences: list[Occurrence]) -> list[_Group]:
    groups: dict[tuple[Term, bool], _Group] = {}
    for occurrence in occurrences:
        key = (occurrence.term, occurrence.plural)
        if key in groups:
            groups[key].count += 1
        else:
            groups[key] = _Group(occurrence.term, occurrence.plural, 1)
        groups[key].spans.append((occurrence.start, occurrence.end))
    return list(groups.values())


def _whole_words(alternatives: Iterable[str], flexible: bool) -> re.Pattern[str]:
    """Case-insensitive pattern for any of the phrases, never inside a word."""
    def body(phrase: str) -> str:
        if not flexible:   # as spelt: "secretary-general" must find itself
            return r"\s+".join(re.escape(part) for part in phrase.split())
        return r"(?:\s+|-)?".join(re.escape(part) for part in re.split(r"[\s-]+", phrase.strip()))

    ordered = sorted({a for a in alternatives if a.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(body(a) for a in ordered) + r")(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _rendering_pattern(term: Term) -> re.Pattern[str]:
    return _whole_words(rendering_forms(term), flexible=False)


@functools.lru_cache(maxsize=4096)
def _variant_pattern(term: Term) -> re.Pattern[str]:
    spellings = [*term.variants, term.en, plural_rendering(term)]
    return _whole_words([*spellings, *(pluralize(s) for s in spellings if s)], flexible=True)


def _overlaps(span: tuple[int, int], claims: list[tuple]) -> bool:
    return any(span[0] < claim[1] and claim[0] < span[1] for claim in claims)


def _replacement(english: str, start: int, end: int, group: _Group) -> tuple[int, int, str]:
    """The edit (start, end, new text) replacing english[start:end], with a fixed article before it."""
    new = group.rendering
    at_sentence_start = not re.sub(r"[\s\"'“”„‘’«»(\[]", "", english[:start])
    if at_sentence_start and english[start:end][:1].isupper():
        new = new[0].upper() + new[1:]
    article = re.search(r"(?<!\w)(an?)(\s+)$", english[:start], re.IGNORECASE)
    if article:
        capital = article.group(1)[0].isupper()
        start = article.start()
        if group.plural:
            new = (new[0].upper() + new[1:]) if capital else new
        else:
            fitting = indefinite_article(new)
            new = (fitting.capitalize() if capital else fitting) + article.group(2) + new
    return start, end, new


def enforce(english: str, occurrences: list[Occurrence],
            alignment: Sequence[tuple[int, int, int, int]] = ()) -> tuple[str, list[Enforcement], list[Mark]]:
    """Make the English use each term's rendering.

    `alignment` is the engine's (German start, German end, English start,
    English end) pairs. Returns the new English, what happened per term, and
    the marks: the span of every kept, replaced or aligned rendering in the new English.
    """
    groups = _groups(occurrences)
    claims: list[tuple[int, int, str | None, _Group]] = []   # (start, end, new text or None to keep, group)
    for group in groups:
        for match in _rendering_pattern(group.term).finditer(english):
            if group.wanted and not _overlaps(match.span(), claims):
                claims.append((*match.span(), None, group))
                group.kept += 1
    candidates = [(group, match) for group in groups if group.wanted
                  for match in _variant_pattern(group.term).finditer(english)
                  if match.group().lower() not in group.renderings]
    candidates.sort(key=lambda item: (-len(item[1].group()), item[1].start()))
    for group, match in candidates:
        if group.wanted and not _overlaps(match.span(), claims):
            claims.append((*_replacement(english, *match.span(), group), group))
            group.replacements += 1
            group.replaced = group.replaced or match.group()
    _claim_aligned(english, groups, alignment, claims)
    enforcements = {id(group): _enforcement(group) for group in groups}
    text, marks = _apply(english, sorted(claims, key=lambda claim: claim[0]), enforcements)
    return text, list(enforcements.values()), marks


def _claim_aligned(english: str, groups: list[_Group], alignment, claims: list) -> None:
    """Put a still-missing term where the engine's alignment says its German was translated."""
    for group in groups:
        for span in group.spans:
            if not group.wanted:
                break
            target = _aligned_span(english, span, alignment)
            if target and not _overlaps(target, claims):
                claims.append((*_replacement(english, *target, group), group))
                group.aligned += 1
                group.replaced = group.replaced or english[target[0]:target[1]]


def _aligned_span(english: str, source: tuple[int, int], alignment) -> tuple[int, int] | None:
    """The English words aligned to German inside `source`, as one span (None when nothing is aligned)."""
    targets = [(a, b) for s, e, a, b in alignment if source[0] <= s and e <= source[1] and 0 <= a < b <= len(english)]
    if not targets:
        return None
    start, end = min(a for a, _ in targets), max(b for _, b in targets)
    # Whole words only, without the punctuation around them.
    while start > 0 and english[start - 1].isalnum():
        start -= 1
    while end < len(english) and english[end].isalnum():
        end += 1
    text = english[start:end]
    stripped = text.strip(" ,.;:!?\"'“”„()")
    if not stripped:
        return None
    start += text.index(stripped)
    return start, start + len(stripped)


def _apply(english: str, claims, enforcements: dict) -> tuple[str, list[Mark]]:
    """The English with the edits made, and each claim's span in it (a replacement's article stays unmarked)."""
    pieces, marks, position, length = [], [], 0, 0
    for start, end, new, group in claims:
        pieces.append(english[position:start])
        length += start - position
        replacement = english[start:end] if new is None else new
        rendering = len(replacement) if new is None else len(group.rendering)
        marks.append(Mark(length + len(replacement) - rendering, length + len(replacement), enforcements[id(group)]))
        pieces.append(replacement)
        length += len(replacement)
        position = end
    pieces.append(english[position:])
    return "".join(pieces), marks


def _enforcement(group: _Group) -> Enforcement:
    if group.replacements or group.aligned:
        return Enforcement(group.term, "replaced", group.replaced)
    return Enforcement(group.term, "kept" if group.kept else "missing", "")
