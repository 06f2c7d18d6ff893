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
