"""German word forms of glossary terms, generated from lemma, gender and plural.

The finder indexes every form once, so finding terms is one dictionary lookup
per token. Strong and irregular verbs match in their regular forms only.
"""
from __future__ import annotations

SG, PL = "sg", "pl"
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# Masculine nouns whose plural ending (-en) also marks the singular cases (der
# Präsident, des Präsidenten); "Staat" ends in -at but is not one of them.
WEAK_MASCULINE_SUFFIXES = ("ent", "ant", "ist", "at", "ot", "oge", "graf", "nom", "soph",
                           "mensch", "held", "fürst", "prinz")
GENITIVE_S_ONLY_SUFFIXES = ("er", "el", "en", "em", "um", "chen", "lein", "ling")


def _plural_forms(plural: str) -> list[str]:
    # Dative plural adds -n unless the plural already ends in -n or -s.
    return [plural] if plural[-1:] in ("n", "s") else [plural, plural + "n"]


def _genitive_forms(lemma: str, gender: str) -> list[str]:
    if gender not in ("m", "n"):
        return []
    lower = lemma.lower()
    if lower.endswith("nis"):
        return [lemma + "ses"]
    if lower.endswith(("s", "ß", "x", "z")):
        return [lemma + "es"]
    if lower[-1:] in "aeiouäöüy" or lower.endswith(GENITIVE_S_ONLY_SUFFIXES):
        return [lemma + "s"]
    return [lemma + "s", lemma + "es"]


def _is_adjectival_noun(lemma: str, gender: str, plural: str) -> bool:
    """Nouns declined like adjectives: der Sondergesandte/ein Sondergesandter."""
    if gender == "m" and lemma.endswith("er") and plural == lemma[:-1]:
        return True
    return gender in ("m", "f") and lemma.endswith("e") and plural == lemma


def _is_weak_masculine(lemma: str, gender: str, plural: str) -> bool:
    if gender != "m":
        return False
    lower = lemma.lower()
    if lower.endswith("e") and plural == lemma + "n":
        return True
    return plural == lemma + "en" and lower.endswith(WEAK_MASCULINE_SUFFIXES) and not lower.endswith("aat")


def noun_forms(lemma: str, gender: str, plural: str) -> dict[str, frozenset[str]]:
    """Every German surface form of a noun, with the numbers ({"sg"}, {"pl"}) it can express."""
    forms: dict[str, set[str]] = {}

    def add(form: str, number: str) -> None:
        forms.setdefault(form, set()).add(number)

    if gender == "pl":
        for form in _plural_forms(lemma):
            add(form, PL)
    elif _is_adjectival_noun(lemma, gender, plural):
        stem = lemma[:-2] if lemma.endswith("er") else lemma[:-1]
        for ending in ("er", "em"):
            add(stem + ending, SG)
        for ending in ("e", "en"):
            add(stem + ending, SG)
            add(stem + ending, PL)
    else:
        for form in [lemma, *_genitive_forms(lemma, gender)]:
            add(form, SG)
        if plural:
            for form in _plural_forms(plural):
                add(form, PL)
            if _is_weak_masculine(lemma, gender, plural):
                add(plural, SG)
    return {form: frozenset(numbers) for form, numbers in forms.items()}


def adjective_forms(word: str, strip_ending: bool) -> set[str]:
    """The declined forms of an adjective; `strip_ending` when given inflected ("menschlicher")."""
    stem = word
    if strip_ending:
        for ending in ("er", "es", "en", "em", "e"):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                break
    return {stem} | {stem + ending for ending in ADJECTIVE_ENDINGS}


def verb_forms(infinitive: str) -> set[str]:
    """Regular (weak) conjugation; strong and separable verbs match in these forms only."""
    stem = infinitive[:-2] if infinitive.endswith("en") else infinitive[:-1] if infinitive.endswith("n") else infinitive
    endings = ("e", "st", "t", "et", "en", "te", "test", "ten", "tet")
    return {infinitive, "ge" + stem + "t"} | {stem + ending for ending in endings}
