"""Words whose English the noun phrase decides: degree, number words, articles, participles.

- comparatives and superlatives by the lemma's English: "schwächeres" → weaker
  (lemminflect), and "als" after a comparative is "than";
- numbers as words and ordinals: "sieben" → seven, "zweiten" → second;
- no article before a month or a country: "im Oktober" → in October,
  "in der Ukraine" → in Ukraine (but "die USA" keep theirs);
- a participle that closes an extended attribute is an English past or
  present participle after its noun: "kontrollierten" → controlled, and the
  attribute's "von" is "by" (reorder.py moves them).

`english_in_phrase` answers None for every other word: the gloss then takes
its usual way (function words, Ding).
"""
from __future__ import annotations

import re
from typing import Callable

from ..dictionary.function_words import QUANTIFIERS, in_context, picks_of
from ..english import GERUND, PARTICIPLE, adjective_degree, verb_form
from ..tagging import Token, morphemes
from .clauses import BOUNDARIES, NOUNS, extended_attribute
from .numbers import MONTHS, is_date, number_word

Sense = Callable[[str, str | None], str | None]   # (word, lemma) → English base form, or None

DEGREES = {"ADJ_COMP": "JJR", "ADJ_SUP": "JJS"}
COMPARATIVE_WORDS = frozenset("mehr weniger eher lieber früher später anders".split())
ARTICLES_WITHOUT = {"im": "in", "am": "on", "zum": "to", "zur": "to", "vom": "from", "beim": "at", "ins": "into"}
ARTICLES = frozenset("der die das den dem des".split())
COMPARISON_REACH = 6


def english_in_phrase(tokens: tuple[Token, ...], index: int, sense: Sense, places: frozenset[int]) -> str | None:
    """The English of tokens[index] where its noun phrase decides it; None when it does not.

    `places` are the indexes of tokens that are names of places (countries, cities).
    """
    token = tokens[index]
    number = number_word(token.text, token.lemma, token.pos)
    if number:
        return number
    if token.text.lower() in QUANTIFIERS:
        return in_context(tokens, index)   # "weiteren" is further, not the comparative of "weit"
    if token.pos in ("ADJA", "ADJD"):
        return _adjective(tokens, index, sense)
    if token.pos == "KOKOM" and token.text.lower() == "als" and _comparative_before(tokens, index):
        return "than"   # "ein schwächeres Ergebnis als erwartet": weaker … than expected
    if token.pos == "KOKOM" and token.text.lower() == "wie":
        return "as" if _equative_before(tokens, index) else "like"   # "so schlimm wie nie", "Länder wie Polen"
    if _article_dropped(tokens, index, places):
        if token.pos == "ART" and index > 0 and tokens[index - 1].pos in NOUNS and token.text.lower() in ("der", "des"):
            return "of"   # "die Hauptstadt der Ukraine": the capital of Ukraine
        after_bis = index > 0 and tokens[index - 1].text.lower() == "bis"
        return "" if after_bis else ARTICLES_WITHOUT.get(token.text.lower(), "")   # "bis zum 15. Mai": until 15 May
    if token.text.lower() == "von" and _opens_extended_attribute(tokens, index):
        return "by"
    return None


SINGULAR_ONLY_DETERMINERS = frozenset("""dem einem des eines ein eine seinem seines ihrem ihres diesem dieses jedem jedes
    jeder jede unserem unseres meinem meines keinem keines deinem eurem""".split())
PLURAL_DETERMINERS = frozenset("""viele vielen vieler einige einigen einiger mehrere mehreren mehrerer alle allen aller
    beide beiden beider zahlreiche zahlreichen zahlreicher wenige wenigen weniger sämtliche sämtlichen""".split())


def determined_number(tokens: tuple[Token, ...], index: int, gender: Callable[[str], str | None]) -> str | None:
    """ "plural" or "singular" as the noun's determiner says ("seinem Kollegen" is one colleague, "viele
    Bürger" many citizens, "drei Tage", "die Bewohner" of the masculine Bewohner), past the adjectives
    between; None when it does not say. `gender(lemma)` is the noun's gender (m, f, n) or None."""
    for at in range(index - 1, max(-1, index - 5), -1):
        token = tokens[at]
        if token.pos in ("ADJA", "ADV") and token.text.lower() not in PLURAL_DETERMINERS:
            continue
        word = token.text.lower()
        if word in PLURAL_DETERMINERS or _one_of(tokens, at):
            return "plural"
        if word in SINGULAR_ONLY_DETERMINERS:
            return "singular"
        if token.pos == "CARD" and not word.endswith("."):   # "am 22. März" is a date
            return "singular" if word in ("1", "ein", "eins", "einen") else "plural"
        if word in ("die", "diese", "seine", "ihre", "keine", "unsere", "meine") and \
                gender(tokens[index].lemma) in ("m", "n"):
            return "plural"   # a feminine singular's article before a masculine or neuter noun
        if word in GENITIVE_PLURAL_DETERMINERS and gender(tokens[index].lemma) in ("m", "n") and (
                word != "der" or at > 0 and tokens[at - 1].pos in ("NN", "NE")):
            return "plural"   # "die Erschöpfung seiner Spieler", "die Zahl der Teilnehmer": a genitive plural
        return None
    return None


# Determiners in -er: before a masculine or neuter noun only a genitive plural ("der" also a nominative).
GENITIVE_PLURAL_DETERMINERS = frozenset("der seiner ihrer unserer meiner deiner eurer dieser jener keiner".split())


def _one_of(tokens: tuple[Token, ...], at: int) -> bool:
    """ "einer der Wortführer": one of the spokesmen, a genitive plural."""
    return tokens[at].text.lower() == "der" and at > 0 and picks_of(tokens[at - 1])


# How badly someone is hurt: "leicht verletzt", "schwere Verletzungen" (Ding's first senses: easy, heavy).
INJURY_DEGREES = {"leicht": "slight", "schwer": "serious", "lebensgefährlich": "critical", "tödlich": "fatal"}


def _adjective(tokens: tuple[Token, ...], index: int, sense: Sense) -> str | None:
    token = tokens[index]
    if token.text.lower().startswith("nächst"):
        return "next"   # "die nächste Woche", "am nächsten Tag": next, not nearest
    pieces = morphemes(token.text)
    degree = _degree(token, pieces)
    hurt = INJURY_DEGREES.get(token.lemma.lower())
    if hurt and degree is None and index + 1 < len(tokens) and tokens[index + 1].lemma.lower().startswith("verletz"):
        return hurt   # an adverb where it says how: "slightly injured" (the gloss makes the adverb)
    if _closes_extended_attribute(tokens, index):
        participle = _participle(token, pieces, sense)
        if participle:
            return participle
    if degree is None:
        return None
    base = sense(token.lemma, None)
    return adjective_degree(base, degree) if base else None


def _participle(token: Token, pieces, sense: Sense) -> str | None:
    """ "kontrollierten" → controlled, "steigende" → rising: the verb's English as a participle."""
    kinds = [kind for _, kind in pieces]
    stems = [piece for piece, kind in pieces if kind.startswith("VV") or kind == "PTKVZ_SEP"]
    if "SUF_PP" in kinds and all("_VAR" not in kind for kind in kinds):
        tag = PARTICIPLE
    elif "PRESPART" in kinds:
        tag = GERUND
    else:
        return None
    verb = sense("".join(stems) + "en", None)
    return verb_form(verb.removeprefix("to "), tag) if verb else None


def _degree(token: Token, pieces) -> str | None:
    """JJR, JJS or None. An attributive comparative has its inflection after the "er" ("höheres");
    HanTa's "er" last in "ein weltweiter Erfolg" is that inflection, no comparative."""
    kinds = [kind for _, kind in pieces]
    for position, kind in enumerate(kinds):
        if kind in DEGREES and (token.pos != "ADJA" or kind == "ADJ_SUP" or position + 1 < len(kinds)):
            return DEGREES[kind]
    if {"ADJ_VAR", "ADJ_IRR"}.intersection(kinds) and token.text.lower() != token.lemma.lower():
        # an irregular degree, one piece for HanTa: "besten", "größten" (gut, groß), "höhere" (hoch)
        core = re.sub(r"(?:e|en|em|er|es)$", "", token.text.lower()) if token.pos == "ADJA" else token.text.lower()
        if core.endswith(("st", "ßt")) and not token.lemma.lower().endswith(("st", "ßt")):
            return "JJS"
        if core.endswith("er") and not token.lemma.lower().endswith("er"):
            return "JJR"
    return "JJR" if _predicative_comparative(token) else None


def _predicative_comparative(token: Token) -> bool:
    """An uninflected adjective in -er is a comparative ("fiel kleiner aus"): HanTa reads the word
    alone as an inflected positive."""
    return token.pos == "ADJD" and token.text.endswith("er") and not token.lemma.endswith("er")


def _equative_before(tokens: tuple[Token, ...], index: int) -> bool:
    return any(token.text.lower() in ("so", "genauso", "ebenso", "doppelt")
               for token in tokens[max(0, index - COMPARISON_REACH):index])


def _comparative_before(tokens: tuple[Token, ...], index: int) -> bool:
    for token in reversed(tokens[max(0, index - COMPARISON_REACH):index]):
        if token.text in BOUNDARIES:
            return False
        if token.text.lower() in COMPARATIVE_WORDS or _predicative_comparative(token) or \
                any(kind == "ADJ_COMP" for _, kind in morphemes(token.text)):
            return True
    return False


def _article_dropped(tokens: tuple[Token, ...], index: int, places: frozenset[int]) -> bool:
    """An article English does not write: before a month ("im Oktober") or a country ("der Ukraine")."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None:
        return False
    if token.pos == "APPRART" and token.text.lower() in ARTICLES_WITHOUT:
        return following.text in MONTHS or is_date(tokens, index + 1) or \
            (index + 1 in places and _singular_name(following))
    if token.pos == "ART" and token.text.lower() in ("der", "dem", "den") and is_date(tokens, index + 1):
        return True   # "zwischen dem 11. und 14. September" → between 11 and 14 September
    return token.pos == "ART" and token.text.lower() in ARTICLES and index + 1 in places \
        and _singular_name(following) and (index + 2 >= len(tokens) or tokens[index + 2].pos not in NOUNS)


def _singular_name(token: Token) -> bool:
    """ "Ukraine", "Türkei", "Iran" drop their article in English; "USA", "Niederlande" keep it."""
    return not token.text.isupper() and not any(plural in token.text for plural in ("lande", "staaten", "inseln"))


def _opens_extended_attribute(tokens: tuple[Token, ...], index: int) -> bool:
    words = tuple(range(len(tokens)))
    return index > 0 and tokens[index - 1].pos in ("ART", "PPOSAT", "PDAT", "PIAT", "APPRART") and \
        extended_attribute(tokens, words, index) is not None


def _closes_extended_attribute(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether the adjective at index ends an extended attribute that began after a determiner."""
    words = tuple(range(len(tokens)))
    for start in range(index - 1, max(-1, index - 8), -1):
        if tokens[start].pos in ("ART", "PPOSAT", "PDAT", "PIAT", "APPRART"):
            return start + 1 < index and extended_attribute(tokens, words, start + 1) == index + 1
    return False
