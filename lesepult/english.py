"""English word forms the app needs: plurals of renderings, a or an, and verb and adjective forms.

Verb and adjective forms come from lemminflect (MIT; its English lexicon,
with rules for unknown words, ships in the wheel): it inflects a lemma by
Penn tag (VBD, VBN, VBZ, JJR …), which is exactly what the gloss has, a
dictionary sense in base form and the tense or degree the German asks for.
inflect, the other candidate, writes plurals, numbers and articles, but
has no past tense or participle.
"""
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


def plural_noun(phrase: str) -> str:
    """The plural of a noun in base form, irregular ones by lemminflect: "working man" → working men,
    "crisis" → crises, "talk" → talks; a phrase with a preposition as pluralize does."""
    words = phrase.split(" ")
    if len(words) > 1 and any(word.lower() in ENGLISH_PREPOSITIONS for word in words):
        return pluralize(phrase)
    head = words[-1]
    if head.isalpha() and head.islower() and head not in _lemminflect().getLemma(head, upos="NOUN"):
        return phrase   # already plural: "parents" (Eltern), "talks" — not "parentses"
    known = _lemminflect().getInflection(head, "NNS") if head.isalpha() and head.islower() else ()
    if not known or known[0] == head:
        return pluralize(phrase)
    return " ".join([*words[:-1], known[0]])


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


# Penn tags of the verb forms the gloss writes.
BASE, PAST, PARTICIPLE, GERUND, PRESENT_3SG, PRESENT = "VB", "VBD", "VBN", "VBG", "VBZ", "VBP"
BE_FORMS = {(PRESENT_3SG, False): "is", (PRESENT, False): "are", (PAST, False): "was", (PAST, True): "were",
            (PRESENT_3SG, True): "are", (PRESENT, True): "are"}


def verb_form(phrase: str, tag: str, plural: bool = False, first_person: bool = False) -> str:
    """A verb phrase in base form with its first word inflected: ("break off", VBD) → "broke off".

    `plural` and `first_person` choose among "be"'s forms (was/were, am/is/are).
    """
    head, _, rest = phrase.partition(" ")
    if head == "be" and tag in (PAST, PRESENT_3SG, PRESENT):
        word = "am" if first_person and tag != PAST else ("was" if first_person else BE_FORMS[tag, plural])
    else:
        word = _inflected(head, tag) if tag != BASE else head
    return f"{word} {rest}" if rest else word


def base_verb(phrase: str) -> str:
    """A verb phrase Ding gives in a past form, in base form: "been lost" (verloren gegangen) → be lost."""
    head, _, rest = phrase.partition(" ")
    lemminflect = _lemminflect()
    lemma = next(iter(lemminflect.getLemma(head, upos="VERB")), head)
    if lemma == head or head not in (*lemminflect.getInflection(lemma, PARTICIPLE), *lemminflect.getInflection(lemma, PAST)):
        return phrase
    return f"{lemma} {rest}" if rest else lemma


def leading_adverb(phrase: str) -> tuple[str, str]:
    """(adverb, verb phrase) of a phrase that starts with an adverb: "badly injured" → ("badly", "injured");
    ("", phrase) for others."""
    head, _, rest = phrase.partition(" ")
    lemmas = _lemminflect().getAllLemmas(head)
    if rest and "ADV" in lemmas and "VERB" not in lemmas:
        return head, rest
    return "", phrase


def verb_forms(phrase: str) -> tuple[str, ...]:
    """Every form of a verb phrase, base form first: "call for" → call for, calls for, called for, calling for."""
    forms = [verb_form(phrase, tag) for tag in (BASE, PRESENT_3SG, PAST, PARTICIPLE, GERUND)]
    return tuple(dict.fromkeys(forms))


IRREGULAR_ADVERBS = {"good": "well", "fast": "fast", "hard": "hard", "late": "late", "early": "early",
                     "long": "long", "daily": "daily", "likely": "likely"}


def adverb(adjective: str) -> str:
    """The adverb of an English adjective where English makes one ("clear" → clearly, "easy" → easily,
    "simple" → simply, "good" → well); the adjective itself otherwise."""
    if " " in adjective or adjective.endswith("ly"):
        return adjective
    if adjective in IRREGULAR_ADVERBS:
        return IRREGULAR_ADVERBS[adjective]
    candidates = [adjective[:-1] + "ily"] if adjective.endswith("y") else \
        [adjective[:-1] + "y"] if adjective.endswith("le") else \
        [adjective + "ally", adjective + "ly"] if adjective.endswith("ic") else [adjective + "ly"]
    return next((word for word in candidates if zipf(word) >= ADVERB_ZIPF), adjective)


ADVERB_ZIPF = 2.0


def adjective_degree(adjective: str, tag: str) -> str:
    """ "weak" → "weaker" (JJR) or "weakest" (JJS); a phrase or an unknown word takes more / most."""
    if " " not in adjective:
        forms = _lemminflect().getInflection(adjective, tag)
        if forms and zipf(forms[0]) > 0:
            return forms[0]
    return f"{'more' if tag == 'JJR' else 'most'} {adjective}"


@lru_cache(maxsize=16384)
def _inflected(word: str, tag: str) -> str:
    lemminflect = _lemminflect()
    forms = lemminflect.getInflection(word, tag) or lemminflect.getInflection(word, tag, inflect_oov=True)
    return forms[0] if forms else word


@lru_cache(maxsize=1)
def _lemminflect():
    import lemminflect  # loads its lexicon on first use

    return lemminflect


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common an English word is: wordfreq's Zipf scale (3 is once per million words, 0 unknown)."""
    from wordfreq import zipf_frequency  # loads its English list (half a second) on first use

    return zipf_frequency(word, "en")
