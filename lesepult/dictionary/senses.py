"""Choosing one English rendering among a Ding entry's senses, for the gloss.

Ding lists the usual sense first, so the order counts most. A sense loses
ground when Ding labels it dated, rare or slang, when it is long, and when
its words are rare in English (wordfreq's Zipf scale: 3 is once per million
words): "Brussels" before "Bruxelles", "budget" before "waistband".

Some everyday words of the news have their usual sense in a later Ding line
("wies … zurück" is "rejected", not "resented"; "Menschen" are "people", not
"chaps"). lesepult/data/news-senses.tsv names the sense to prefer for those
lemmas; Ding supplies the words and their inflected forms, and where Ding lacks
the first preferred sense ("teilte mit": said), the file's first is the sense.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..english import zipf
from .ding import clean_text, lookup_key

NEWS_SENSES = Path(__file__).resolve().parents[1] / "data" / "news-senses.tsv"
PREFERRED_BONUS = 50.0   # beats Ding's line order (up to lookup.PREFERRED_LINES) and a demoting label
PREFERENCE_STEP = 10.0   # the first preferred sense before the second, wherever Ding lists them

DEMOTED_LABELS = frozenset({"dated", "obs.", "obsolete", "archaic", "rare", "slang", "coll.", "vulg.", "humor.",
                            "poet.", "pej.", "old", "dial.", "Sc.", "Austr.", "NZ", "Ind.", "Irish", "children",
                            # on the German side
                            "veraltet", "veraltend", "selten", "ugs.", "Jargon", "vulg.", "pej.", "humor.", "Slang",
                            # regional German: a Swiss or Bavarian sense is not the news' default
                            "Schw.", "Ös.", "Bayr.", "Süddt.", "Norddt.", "Mittelwestdt.", "Westdt.", "Ostdt.",
                            "Ostös.", "Westös.", "Lux.", "Südtirol", "BW", "DDR"})
COMMON_ZIPF = 3.5
# Between common senses the more frequent English word is more often the news' word: "old" before
# "usual" (alt), "city" before "town" (Stadt), "car" before "auto". Gentle: one Zipf point weighs
# as much as FREQUENCY_WEIGHT Ding lines.
EVERYDAY_ZIPF = 6.0
FREQUENCY_WEIGHT = 1.5
_PLACEHOLDER = re.compile(r"(?<!\w)(?:sb|sth|jdn|jdm|jds|etw)\.(?:/(?:sb|sth)\.)?")
_ALTERNATIVE = re.compile(r"(\w+)(?:\s?/\s?[\w’']+)+")   # "his/her" → "his", "bring / call" → "bring"
_ABBREVIATION = re.compile(r"\s+/\S.*$")                  # "government /Gov.; Govt./"
_IRREGULAR_FORM = re.compile(r"\s~\S+")                    # "bad ~worse": Ding's note of an irregular form


def rendering_text(raw: str) -> str:
    """A Ding English item as running text: no labels, comments, placeholders, "to" or alternatives."""
    text = clean_text(_IRREGULAR_FORM.sub(" ", _PLACEHOLDER.sub(" ", raw)))
    text = _ALTERNATIVE.sub(r"\1", re.sub(r"^to\s+", "", _ABBREVIATION.sub("", text)))
    return " ".join(text.split(",")[0].split())   # "at a minimum, at least": one rendering


def best_rendering(english_items: list[str]) -> str | None:
    """The rendering a gloss should show; None when no item is usable."""
    return scored_rendering(english_items)[1]


def scored_rendering(english_items: list[str], prefer: tuple[str, ...] = (),
                     german: str | None = None) -> tuple[float, str | None]:
    """The best rendering with its cost, so renderings from several entries compare (lower is better).
    A rendering of a `prefer`red sense (see `preferred_senses`) costs PREFERRED_BONUS less, one
    that is the `german` word's English cognate COGNATE_BONUS less."""
    scored = []
    for position, raw in enumerate(english_items):
        text = rendering_text(raw)
        if text and "…" not in text and "..." not in text:
            bonus = _preference_bonus(text, prefer) + (cognate_bonus(text, german) if german else 0.0)
            scored.append((_cost(position, raw, text) - bonus, text))
    if not scored:
        return float("inf"), None
    cost, best = min(scored)
    closed = best.replace("-", "")
    # Ding often lists "cease-fire; ceasefire": the closed spelling reads better.
    return cost, closed if any(text == closed for _, text in scored) else best


_FORMS_NOTE = re.compile(r"\{[^{}]*\}")   # "to work {work; worked} {wrought; wrought [archaic]}": the forms


def _cost(position: int, raw: str, text: str) -> float:
    # a label inside Ding's note of the English forms is the form's ("wrought [archaic]"), not the sense's
    labels = re.findall(r"\[([^\[\]]*)\]", _FORMS_NOTE.sub("", raw))
    words = text.split()
    common = commonness(text)
    return (position + demoted_cost(labels) + 0.5 * bool(labels) + 2 * max(0, len(words) - 2)
            + 2 * max(0.0, COMMON_ZIPF - common) + FREQUENCY_WEIGHT * max(0.0, EVERYDAY_ZIPF - common))


def demoted_cost(labels: list[str]) -> float:
    """What Ding's labels cost a sense: dated, rare, slang (English or German labels) come last."""
    return 8.0 if DEMOTED_LABELS.intersection(labels) else 0.0


def commonness(text: str) -> float:
    """How common the rarest word of an English phrase is (Zipf scale, 0 for unknown words)."""
    return min((zipf(word.lower()) for word in re.findall(r"[A-Za-z]+", text)), default=0.0)


@cache
def _news_senses() -> dict[str, tuple[str, ...]]:
    with NEWS_SENSES.open(encoding="utf-8", newline="") as handle:
        return {lookup_key(row["de"]): tuple(row["en"].split("|"))
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def preferred_senses(lemma: str | None) -> tuple[str, ...]:
    """The English senses to prefer for a German lemma ("zurückweisen" → reject, rebut, …); () for most."""
    return _news_senses().get(lookup_key(lemma), ()) if lemma else ()


def is_preferred(text: str, prefer: tuple[str, ...]) -> bool:
    return _preferred_rank(text, prefer) is not None


def _preference_bonus(text: str, prefer: tuple[str, ...]) -> float:
    rank = _preferred_rank(text, prefer)
    return 0.0 if rank is None else PREFERRED_BONUS - PREFERENCE_STEP * rank


@cache
def _same_verb(word: str, head: str) -> bool:
    """Whether an English word is a form of the verb head ("took" of take, "were" of be): lemminflect's lemmas."""
    from lemminflect import getLemma

    return word == head or head in getLemma(word, upos="VERB")


def _preferred_rank(text: str, prefer: tuple[str, ...]) -> int | None:
    """Which of the preferred senses a rendering is, in any inflection: "rejected" is "reject",
    "took part" is "take part", "were cancelled" is "be cancelled"; None if none."""
    words = text.lower().split()
    for rank, sense in enumerate(prefer):
        head, *tail = sense.lower().split()
        if tail:
            # The verb may be irregular ("took part", "stuck to"), but it is the same verb: not "drive back" for "cut back".
            if words[1:1 + len(tail)] == tail and _same_verb(words[0], head):
                return rank
        elif words and words[0].startswith(head[:-1] if head.endswith("e") and len(head) > 4 else head):
            return rank
    return None


# ---------------------------------------------------------------- the sentence's part in the choice

# What a Ding grammar tag says a headword is, by the tagger's word classes.
WORD_CLASS_TAGS = {"verb": {"vt", "vi", "vr", "v"}, "intransitive": {"vt", "vi", "vr", "v"}, "noun": {"m", "f", "n", "pl"},
                   "adjective": {"adj", "adv"}, "adverbial": {"adj", "adv"}, "attributive": {"adj"}, "adverb": {"adv"},
                   "number": {"num"}}
# Within a class, the tag a use prefers: an adjective that modifies the verb ("Häufig hatten sie …")
# reads as Ding's adverb (often), after a copula as its adjective ("war schlecht": bad); a verb in
# the perfect with "sein" ("sind eingezogen") is intransitive.
PREFERRED_TAG = {"adverbial": "adv", "adjective": "adj", "intransitive": "vi"}
PREFERRED_TAG_MISSING = 2.0
STTS_CLASSES = {"VV": "verb", "VA": "verb", "VM": "verb", "NN": "noun", "NE": "noun", "ADJA": "attributive",
                "ADJD": "adjective", "ADV": "adverb", "CARD": "number"}
CLASS_MISMATCH = 30.0    # "sieben" as a number is never "to sieve"
REFLEXIVE_MISSING = 6.0  # "sich rechnen" (pay off) needs "sich" in the clause
GOVERNED_FOUND = 4.0     # "mit etw. rechnen" (expect) when "mit" or "damit" stands in the clause
GOVERNED_MISSING = 2.0
NEWS_DOMAIN_BONUS = 0.5    # a tie-breaker: "Verhandlung [jur.]" (arguments) does not beat negotiations
SPECIALIST_DOMAIN_COST = 2.0
COGNATE_BONUS = 1.0      # "Union" → union, "Region" → region: the same word in English
COLLOCATION_BONUS = 2.0  # a word of the clause stands in one of the line's examples
STEM_LENGTH, MIN_CONTENT_WORD = 5, 4
COMMON_GERMAN = frozenset("""nicht auch noch schon sehr werden wurde wurden worden haben hatte hatten sind
    sein seine seiner einer eines einem einen diese dieser dieses diesem sich über unter nach gegen durch
    wird kann können muss müssen soll sollen will wollen mehr wenn dass aber oder sowie jetzt""".split())
# Ding's subject labels: the news' subjects first, the specialist ones after.
NEWS_DOMAINS = frozenset("pol. jur. mil. econ. fin. adm. geogr. sport".split())
# Only the technical ones: a label of the natural world or of medicine often marks the everyday
# sense itself ("Pferd [zool.]" is the horse, the unlabelled line the chess knight).
SPECIALIST_DOMAINS = frozenset("""hist. pharm. techn. chem. phys. min. electr. mach. constr. comp. naut. aviat.
    textil. astron. geol. math. print telco. mining archit. arch. philos. statist. electron. biochem.""".split())
PREPOSITIONS = frozenset("an auf aus bei durch für gegen in mit nach über um unter von vor zu zwischen".split())


COPULAS = frozenset("sein werden bleiben scheinen erscheinen wirken gelten".split())


def word_class(stts: str, clause_lemmas: frozenset[str] = frozenset()) -> str | None:
    """The tagger's part of speech as a dictionary word class ("VVFIN" → verb, "CARD" → number),
    narrowed by the clause's verbs (its lemmas): a predicative adjective without a copula modifies
    the verb ("adverbial"), a participle with "sein" is an intransitive verb's perfect."""
    found = STTS_CLASSES.get(stts) or STTS_CLASSES.get(stts[:2])
    if stts == "ADJD" and not COPULAS.intersection(clause_lemmas):
        return "adverbial"
    if stts == "VVPP" and "sein" in clause_lemmas:
        return "intransitive"
    return found


@dataclass(frozen=True)
class HeadwordSense:
    """One Ding line a lemma heads, as the choice in context weighs it."""
    headword: str                  # the German item as written, without grammar: "mit etw. rechnen", "sich rechnen"
    tags: tuple[str, ...]          # grammar tags: vt, m, adj, num …
    labels: tuple[str, ...]        # subject and usage labels: pol., hist. …
    cost: float                    # the rendering's cost without the sentence (scored_rendering, line labels)
    rendering: str
    example_stems: frozenset[str]  # stems of the content words of the line's examples


def context_cost(sense: HeadwordSense, wanted_class: str | None, clause: frozenset[str], reflexive: bool) -> float:
    """What a line's fit to the sentence adds to its cost (negative: it fits better than most).

    clause holds the lower-case words of the word's clause, reflexive whether a
    reflexive pronoun stands there.
    """
    cost = 0.0
    classes = {name for name, marks in WORD_CLASS_TAGS.items() if marks.intersection(sense.tags)}
    if wanted_class and classes and wanted_class not in classes:
        cost += CLASS_MISMATCH
    if wanted_class in PREFERRED_TAG and sense.tags and PREFERRED_TAG[wanted_class] not in sense.tags:
        cost += PREFERRED_TAG_MISSING
    words = sense.headword.lower().split()
    if "sich" in words and not reflexive:
        cost += REFLEXIVE_MISSING
    for preposition in PREPOSITIONS.intersection(words):
        cost += -GOVERNED_FOUND if _governed_in(preposition, clause) else GOVERNED_MISSING
    if NEWS_DOMAINS.intersection(sense.labels):
        cost -= NEWS_DOMAIN_BONUS
    elif SPECIALIST_DOMAINS.intersection(sense.labels):
        cost += SPECIALIST_DOMAIN_COST
    if sense.example_stems.intersection(map(stem, clause)):
        cost -= COLLOCATION_BONUS   # "zu sieben Jahren Haft": Ding's example "zu … Jahren Haft verurteilt"
    return cost


def stem(word: str) -> str:
    """A crude German stem for comparing words across inflection: the first STEM_LENGTH letters."""
    return word.lower()[:STEM_LENGTH]


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words of a German text long enough to carry meaning (not der, und, mit, wird …)."""
    return frozenset(stem(word) for word in re.findall(r"\w+", text) if len(word) >= MIN_CONTENT_WORD
                     and word.lower() not in COMMON_GERMAN)


def _governed_in(preposition: str, clause: frozenset[str]) -> bool:
    """The preposition itself, or a pronominal adverb made of it ("damit", "darauf", "worüber")."""
    return preposition in clause or any(word.endswith(preposition) and word[:2] in ("da", "wo", "hi") for word in clause)


_GERMAN_SPELLING = str.maketrans({"k": "c", "ä": "a", "ö": "o", "ü": "u"})


def cognate_bonus(rendering: str, german: str) -> float:
    """COGNATE_BONUS when the English is the German word in English spelling: Union → union,
    Produktion → production, Rebell → rebel, Kontrolle → control; else 0."""
    english = rendering.casefold()
    spelt = german.casefold().replace("ß", "ss").translate(_GERMAN_SPELLING)
    spelt = spelt[:-1] if spelt.endswith("e") and len(spelt) > 4 else spelt
    if english == spelt:
        return COGNATE_BONUS
    shorter, longer = sorted((english, spelt), key=len)
    return COGNATE_BONUS if len(shorter) >= 5 and longer.startswith(shorter) and len(longer) - len(shorter) <= 2 else 0.0
