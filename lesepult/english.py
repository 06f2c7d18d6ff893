"""English word forms the app needs: plurals of renderings, and a or an."""
from __future__ import annotations

import re
from functools import lru_cache

ENGLISH_PREPOSITIONS = frozenset("of in for on at to with from between against".split())
VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")  # letter names that start with a vowel sound: "an FBI", "an MP"
SILENT_H_WORDS = ("hour", "honest", "honor", "honour", "heir")
# Already plural (or the same in both numbers): pluralize leaves them alone.
IRREGULAR_PLURALS = frozenset("people police children men women staff personnel sheep aircraft".split())
YOU_SOUND_WORDS = ("union", "united", "unit", "unique", "univers", "unilateral", "uniform", "use", "usual",
                   "util", "eu", "one", "once", "ukrain", "uran")


def pluralize(phrase: str) -> str:
    """English plural of a rendering: "truce" → "truces", "pause in fighting" → "pauses in fighting"."""
    words = phrase.split(" ")
    head = next((i - 1 for i in range(1, len(words)) if words[i].lower() in ENGLISH_PREPOSITIONS), len(words) - 1)
    words[head] = _pluralize_word(words[head])
    return " ".join(words)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 sentence", "1,024 sentences": every count shown goes through here, so none reads "1 words"."""
    return f"{number:,} {noun if number == 1 else plural or pluralize(noun)}"


def percent(part: int, whole: int) -> str:
    """ "43%"; where rounding would claim all or none that is not ("573 of 574"), one decimal more:
    "99.8%", and "99.9%" or "0.1%" at the very ends, never a false "100%" or "0%"."""
    if not whole:
        return "0%"
    share = 100 * part / whole
    if round(share) not in (0, 100) or part in (0, whole):
        return f"{round(share)}%"
    return f"{min(max(share, 0.1), 99.9):.1f}%"


OPENING_QUOTES = "„‚»"        # as German writes them, which the gloss keeps: „so“, ‚so‘, »so«
CLOSING_QUOTES = "“‘«”’"


def quote_hugs(before: str, after: str) -> bool:
    """Whether `after` joins `before` with no space because of a quotation mark between them: none after
    an opening mark and none before a closing one, so '" terrorists "' reads '"terrorists"'. A straight
    '"' opens when `before` holds an even number of them, and closes the one left open otherwise."""
    if not before or not after:
        return False
    open_straight = before.count('"') % 2 == 1
    if before[-1] in OPENING_QUOTES or (before[-1] == '"' and open_straight):
        return True
    return after[0] in CLOSING_QUOTES or (after[0] == '"' and open_straight)


def _pluralize_word(word: str) -> str:
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return word
    if lower.endswith("s") and zipf(lower + "es") == 0 and zipf(lower) > 0:
        return word  # already plural: "talks", "negotiations"
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" by the first sound of the phrase."""
    word = re.sub(r"^\W+", "", phrase).split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in VOWEL_SOUND_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(SILENT_H_WORDS):
        return "an"
    if lower.startswith(YOU_SOUND_WORDS):
        return "a"
    return "an" if lower[:1] in ("a", "e", "i", "o", "u") else "a"


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common an English word is: wordfreq's Zipf scale (3 is once per million words, 0 unknown)."""
    from wordfreq import zipf_frequency  # loads its English list (half a second) on first use

    return zipf_frequency(word, "en")
