"""Choosing one English rendering among a Ding entry's senses, for the gloss.

Ding lists the usual sense first, so the order counts most. A sense loses
ground when Ding labels it dated, rare or slang, when it is long, and when
its words are rare in English (wordfreq's Zipf scale: 3 is once per million
words): "Brussels" before "Bruxelles", "budget" before "waistband".
"""
from __future__ import annotations

import re

from ..english import zipf
from .ding import clean_text

DEMOTED_LABELS = frozenset({"dated", "obs.", "obsolete", "archaic", "rare", "slang", "coll.", "vulg.", "humor.",
                            "poet.", "pej.", "old", "dial.", "Sc.", "Austr.", "NZ", "Ind.", "Irish", "children",
                            # on the German side
                            "veraltet", "veraltend", "selten", "ugs.", "Jargon", "vulg.", "pej.", "humor.", "Slang"})
COMMON_ZIPF = 3.5
_PLACEHOLDER = re.compile(r"(?<!\w)(?:sb|sth|jdn|jdm|jds|etw)\.(?:/(?:sb|sth)\.)?")
_ALTERNATIVE = re.compile(r"(\w+)(?:\s?/\s?[\w’']+)+")   # "his/her" → "his", "bring / call" → "bring"
_ABBREVIATION = re.compile(r"\s+/\S.*$")                  # "government /Gov.; Govt./"


def rendering_text(raw: str) -> str:
    """A Ding English item as running text: no labels, comments, placeholders, "to" or alternatives."""
    text = clean_text(_PLACEHOLDER.sub(" ", raw))
    text = _ALTERNATIVE.sub(r"\1", re.sub(r"^to\s+", "", _ABBREVIATION.sub("", text)))
    return " ".join(text.split(",")[0].split())   # "at a minimum, at least": one rendering


def best_rendering(english_items: list[str]) -> str | None:
    """The rendering a gloss should show; None when no item is usable."""
    return scored_rendering(english_items)[1]


def scored_rendering(english_items: list[str]) -> tuple[float, str | None]:
    """The best rendering with its cost, so renderings from several entries compare (lower is better)."""
    scored = []
    for position, raw in enumerate(english_items):
        text = rendering_text(raw)
        if text and "…" not in text and "..." not in text:
            scored.append((_cost(position, raw, text), text))
    if not scored:
        return float("inf"), None
    cost, best = min(scored)
    closed = best.replace("-", "")
    # Ding often lists "cease-fire; ceasefire": the closed spelling reads better.
    return cost, closed if any(text == closed for _, text in scored) else best


def _cost(position: int, raw: str, text: str) -> float:
    labels = re.findall(r"\[([^\[\]]*)\]", raw)
    words = text.split()
    return (position + demoted_cost(labels) + 0.5 * bool(labels)
            + 2 * max(0, len(words) - 2) + 2 * max(0.0, COMMON_ZIPF - commonness(text)))


def demoted_cost(labels: list[str]) -> float:
    """What Ding's labels cost a sense: dated, rare, slang (English or German labels) come last."""
    return 8.0 if DEMOTED_LABELS.intersection(labels) else 0.0


def commonness(text: str) -> float:
    """How common the rarest word of an English phrase is (Zipf scale, 0 for unknown words)."""
    return min((zipf(word.lower()) for word in re.findall(r"[A-Za-z]+", text)), default=0.0)
