"""Compound splitting: a German compound as modifiers, linking elements and a head.

"Resolutionsentwurf" is Resolution + s + Entwurf. Every substring that could
be a modifier (with or without a linking element, Fugenelement) and every
suffix that could be the head are looked up in one query; the split with the
fewest, most central parts wins. Hyphenated compounds split at their hyphens.
"""
from __future__ import annotations

import simplemma

from .ding import ROLE_FORM, ROLE_HEADWORD, lookup_key

LINKING_ELEMENTS = ("nen", "ens", "es", "en", "er", "s", "n", "e")
# Tried longest first so that "Luftangriffen" loses "en" before "n".
INFLECTION_ENDINGS = ("ern", "em", "en", "er", "es", "e", "n", "s")
MIN_COMPOUND_PART = 3


def split(index, word: str) -> tuple[list[str], list[str], str, str] | None:
    """(parts, modifier headwords, head lemma, head surface) or None."""
    if "-" in word.strip("-"):
        return _split_hyphenated(index, word)
    return _split_closed(index, word)

def _split_hyphenated(index, word: str) -> tuple[list[str], list[str], str, str] | None:
    segments = [segment for segment in word.split("-") if segment]
    head_surface = segments[-1]
    head_lemma = headword_of(index, head_surface)
    if head_lemma is None:
        closed = _split_closed(index, head_surface)
        if closed is None:
            return None
        head_parts, head_modifiers, head_lemma, head_surface = closed
    else:
        head_parts, head_modifiers = [head_lemma], []
    modifiers = [headword_of(index, segment) or segment for segment in segments[:-1]]
    return modifiers + head_parts, modifiers + head_modifiers, head_lemma, head_surface

def headword_of(index, word: str) -> str | None:
    """The dictionary form of word, via the word itself, its listed forms or its lemma."""
    for candidate in [word, *lemma_candidates(word)]:
        match = index.top_headword(candidate)
        if match:
            return match.lemma if match.role == ROLE_FORM else match.form
    return None

def _split_closed(index, word: str) -> tuple[list[str], list[str], str, str] | None:
    if len(word) < 2 * MIN_COMPOUND_PART:
        return None
    pieces = _modifier_pieces(word)
    heads = _head_pieces(word)
    known = index.known_keys({lookup_key(text) for text, *_ in pieces} | {lookup_key(text) for text, _ in heads})
    noun_head = word[:1].isupper()
    best_prefix = _segment_prefixes(word, pieces, known)
    best = None
    for head_text, start in heads:
        head = known.get(lookup_key(head_text))
        if head is None or start not in best_prefix or (noun_head and not head.form[:1].isupper()):
            continue
        modifiers = best_prefix[start]
        if len(modifiers) > 1 and any(len(modifier[0]) <= MIN_COMPOUND_PART for modifier in modifiers):
            continue  # three-letter pieces in long chains are mostly noise ("Sonde-Erg-…")
        score = (len(modifiers) + 1, sum(m[2] for m in modifiers), -(len(word) - start))
        if best is None or score < best[0]:
            best = (score, modifiers, head, word[start:])
    if best is None:
        return None
    _, modifiers, head, head_surface = best
    if noun_head:
        head_surface = head_surface[:1].upper() + head_surface[1:]
    head_lemma = head.lemma if head.role == ROLE_FORM else head.form
    parts = [piece for _, form, _, linker in modifiers for piece in (form, linker) if piece] + [head_lemma]
    return parts, [form for _, form, _, _ in modifiers], head_lemma, head_surface


def _segment_prefixes(word: str, pieces: list[tuple], known: dict) -> dict[int, list[tuple]]:
    """For each end position, the best chain of known modifiers covering word[:end]."""
    best: dict[int, list[tuple]] = {0: []}
    for text, start, end, linker in sorted(pieces, key=lambda piece: (piece[1], piece[2])):
        match = known.get(lookup_key(text))
        if match is None or start not in best:
            continue
        chain = best[start] + [(text, match.form if match.role == ROLE_HEADWORD else text, match.rank_role(), linker)]
        current = best.get(end)
        if current is None or (len(chain), sum(c[2] for c in chain)) < (len(current), sum(c[2] for c in current)):
            best[end] = chain
    best.pop(0)  # an empty chain is no modifier
    return best


def _modifier_pieces(word: str) -> list[tuple[str, int, int, str]]:
    """(candidate headword, start, end, linking element) for every substring of word."""
    pieces = []
    for start in range(len(word)):
        for end in range(start + MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            text = word[start:end]
            pieces.append((text, start, end, ""))
            pieces += [(text + restored, start, end, "") for restored in ("e", "en")]  # Schul-buch, Schreib-tisch
            pieces += [
                (text[: -len(linker)], start, end, linker)
                for linker in LINKING_ELEMENTS
                if text.endswith(linker) and len(text) - len(linker) >= MIN_COMPOUND_PART
            ]
    return pieces


def _head_pieces(word: str) -> list[tuple[str, int]]:
    """(candidate head, start) for every suffix of word, with lemmatised variants."""
    heads = []
    for start in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        surface = word[start:]
        if word[:1].isupper():
            surface = surface[:1].upper() + surface[1:]
        heads += [(text, start) for text in dict.fromkeys([surface, *lemma_candidates(surface)])]
    return heads


def lemma_candidates(word: str) -> list[str]:
    """Possible dictionary forms of an inflected word: simplemma's lemma, then ending strips."""
    candidates = [simplemma.lemmatize(word, lang="de")]
    candidates += [word[: -len(ending)] for ending in INFLECTION_ENDINGS if word.endswith(ending) and len(word) - len(ending) >= 3]
    return [candidate for candidate in dict.fromkeys(candidates) if candidate != word]
