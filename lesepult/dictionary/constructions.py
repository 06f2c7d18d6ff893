"""Idioms and light-verb constructions in a tagged sentence, with their English verb phrase.

A construction is a verb with fixed words that together mean something else
than word for word: "die Ukraine im Stich lassen" is abandon Ukraine, not
"let in the sting"; "Druck ausüben" is exert pressure. In German its parts
stand apart: the finite verb second, the fixed words at the clause end
("übte am Montag Druck auf Kiew aus"), or the fixed words before a
zu-infinitive ("…, die Ukraine im Stich zu lassen"). So each verb of a
clause is tried with every short run of words of the same clause.

Where the English comes from, in order: lesepult/data/news-constructions.tsv
(a short curated list of the news' constructions, where Ding lacks one or its
first sense is not the news sense), then Ding's own multi-word verb entries
(its phrases index: "in Sicherheit bringen", "Kritik üben"). The English is a
base form with the verb first ("put to a vote"), for the translator to inflect.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..tagging import CLAUSE_END, VERB_TAGS, Token, comma_between_adjectives, comma_in_list, particle_verbs
from .ding import lookup_key

NEWS_CONSTRUCTIONS = Path(__file__).resolve().parents[1] / "data" / "news-constructions.tsv"
MAX_FIXED_WORDS = 3
# Verbs too general to make an idiom with a single Ding word ("Zeit haben" is compositional).
GENERAL_VERBS = frozenset("sein haben werden können müssen sollen wollen dürfen mögen lassen".split())
# Verbs that lend a noun their action ("in Sicherheit bringen", "Kritik üben"): a light-verb construction.
LIGHT_VERBS = frozenset("""bringen kommen nehmen stellen stehen setzen geben treffen üben ausüben führen leisten
    finden halten ziehen legen machen ergreifen erheben einlegen fallen gehen""".split())
NOUN_TAGS = ("NN", "NE")
PLACEHOLDERS = frozenset("jdn. jdm. jds. etw. sich".split())


@dataclass(frozen=True)
class Construction:
    tokens: tuple[int, ...]   # every German token of the construction, in order (may be far apart)
    verb: int                 # the token of its verb: finite, infinitive, zu-infinitive or participle
    english: str              # base form, verb first: "abandon", "exert pressure", "put to a vote"
    kind: str                 # "idiom" or "light-verb"


@dataclass(frozen=True)
class _Candidate:
    key: str
    tokens: tuple[int, ...]
    verb: int
    lemma: str
    has_noun: bool


def find_constructions(dictionary, tokens: tuple[Token, ...]) -> list[Construction]:
    """The constructions of a sentence, the most specific first; no two share a token."""
    candidates = _candidates(dictionary, tokens)
    news = _news_constructions()
    ding = dictionary.phrases({c.key for c in candidates if c.key not in news and _ding_worthy(c)})
    found = [(0, c, news[c.key]) for c in candidates if c.key in news]
    found += [(1, c, ding[c.key]) for c in candidates if c.key not in news and c.key in ding and _ding_worthy(c)]
    found += [(2, c, english) for c, english in _governed(dictionary, tokens)]
    taken: set[int] = set()
    constructions = []
    for _, candidate, english in sorted(found, key=lambda f: (f[0], -len(f[1].tokens), f[1].tokens)):
        if taken.intersection(candidate.tokens):
            continue
        taken.update(candidate.tokens)
        if len(candidate.tokens) == 2 and candidate.key.startswith(GOVERNED):
            constructions.append(Construction(candidate.tokens, candidate.verb, english, GOVERNED))
            continue
        kind = "light-verb" if candidate.lemma in LIGHT_VERBS or candidate.lemma.endswith(tuple(LIGHT_VERBS)) else "idiom"
        constructions.append(Construction(candidate.tokens, candidate.verb, english, kind))
    return sorted(constructions, key=lambda c: c.tokens)


def _governed(dictionary, tokens: tuple[Token, ...]) -> list[tuple[_Candidate, str]]:
    """Prepositions that a verb of their clause governs in Ding ("an jdn./etw. denken" → think about),
    each with the nearest such verb. Not a time ("am Montag"), not a preposition that opens the clause
    (an adverbial: "Mit einem Tempolimit wird versucht") or follows a noun ("die Angriffe auf …"), not
    a verb of place or motion, whose preposition says where ("kam auf die Gegenspur")."""
    particles = {v.verb: v for v in particle_verbs(tokens, dictionary.verb_headword)}
    news, found = _news_constructions(), []
    for start, end in clauses(tokens):
        reflexive = any(tokens[i].pos == "PRF" for i in range(start, end))
        verbs = {verb: particles[verb].lemma if verb in particles else tokens[verb].lemma for verb in range(start, end)
                 if tokens[verb].pos in VERB_TAGS and not tokens[verb].pos.startswith(("VA", "VM"))}
        verbs = {verb: lemma for verb, lemma in verbs.items() if lemma not in GENERAL_VERBS | PLACE_VERBS}
        opening = next((i for i in range(start, end) if tokens[i].is_word and tokens[i].pos != "KON"), start)
        for preposition in range(opening + 1, end):
            german = _preposition(tokens, preposition)
            if not german or _opens_time(tokens, preposition) or _after_noun(tokens, preposition):
                continue
            for verb in sorted(verbs, key=lambda verb: abs(verb - preposition)):
                # the news' own line first: "zum Sieg geführt" is zu + führen, lead to
                english = news.get(lookup_key(f"{german} {verbs[verb]}")) or \
                    dictionary.governed(verbs[verb], german, reflexive)
                if english:
                    covered = tuple(sorted((verb, preposition)))
                    found.append((_Candidate(f"{GOVERNED} {german} {verbs[verb]}", covered, verb, verbs[verb], False),
                                  english))
                    break
    return found


GOVERNED = "governed"
# Verbs of place and motion: their preposition says where, it is not governed ("auf etw. kommen" is think of).
PLACE_VERBS = frozenset("""kommen gehen fahren laufen fliegen fallen steigen ziehen stehen liegen sitzen setzen stellen
    legen bringen geraten treten springen stürzen rutschen eilen reisen""".split())
# A contraction stands for its preposition: "zur Partei gehören" is "zu" + gehören.
CONTRACTED = {"am": "an", "ans": "an", "im": "in", "ins": "in", "zum": "zu", "zur": "zu", "vom": "von", "beim": "bei",
              "aufs": "auf", "ums": "um", "fürs": "für", "übers": "über"}
TIME_STARTS = frozenset("""Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Wochenende Januar Februar März April
    Mai Juni Juli August September Oktober November Dezember Jahr Monat Woche Tag Abend Morgen Nacht Zeit""".split())


def _preposition(tokens: tuple[Token, ...], index: int) -> str | None:
    token = tokens[index]
    if token.pos == "APPR":
        return token.text.lower()
    return CONTRACTED.get(token.text.lower()) if token.pos == "APPRART" else None


def _after_noun(tokens: tuple[Token, ...], index: int) -> bool:
    """A preposition right after a noun belongs to it ("die Angriffe auf zivile Ziele", "Systeme für die
    Ostflanke"), unless the noun's phrase is the one right after the conjunction or the finite verb, the
    subject ("…, dass der Verein zur Liga gehört")."""
    if index == 0 or tokens[index - 1].pos not in ("NN", "NE"):
        return False
    start = index - 1
    while start > 0 and tokens[start - 1].pos in ("ART", "ADJA", "PPOSAT", "PDAT", "PIAT"):
        start -= 1
    return start == 0 or tokens[start - 1].pos not in ("KOUS", "PRELS", "VVFIN", "VAFIN", "VMFIN")


def _opens_time(tokens: tuple[Token, ...], index: int) -> bool:
    """ "am Montag", "im Jahr 2019", "seit dem 3. Mai", "vor zwei Wochen": a preposition of time."""
    for token in tokens[index + 1:index + 4]:
        if token.pos == "CARD" or token.text in TIME_STARTS or token.lemma in TIME_STARTS:
            return True
        if token.pos in NOUN_TAGS:
            return False
    return False


def _ding_worthy(candidate: _Candidate) -> bool:
    """Ding's phrases are trusted with a noun among the fixed words and a verb of some meaning."""
    return candidate.has_noun and candidate.lemma not in GENERAL_VERBS


def _candidates(dictionary, tokens: tuple[Token, ...]) -> list[_Candidate]:
    particles = {v.verb: v for v in particle_verbs(tokens, dictionary.verb_headword)}
    candidates = []
    for start, end in clauses(tokens):
        for verb in range(start, end):
            if tokens[verb].pos not in VERB_TAGS:
                continue
            particle = particles[verb].particle if verb in particles else None
            lemma = particles[verb].lemma if verb in particles else tokens[verb].lemma
            fixed = [i for i in range(start, end) if i not in (verb, particle)]
            for run in _runs(tokens, fixed):
                words = " ".join(tokens[i].text.lower() for i in run)
                covered = tuple(sorted({verb, *run} | ({particle} if particle is not None else set())))
                has_noun = any(tokens[i].pos in NOUN_TAGS for i in run)
                for key in (f"{words} {lemma}", f"{lemma} {words}"):
                    candidates.append(_Candidate(lookup_key(key), covered, verb, lemma.lower(), has_noun))
    return candidates


def clauses(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """(start, end) token ranges between clause punctuation; a parenthesis is inside its clause
    ("bat Justizministerin Lambrecht (SPD) um eine Änderung")."""
    spans, start = [], 0
    for index, token in enumerate(tokens):
        if token.text in CLAUSE_END and token.text not in "()" and not comma_between_adjectives(tokens, index) \
                and not comma_in_list(tokens, index):
            if index > start:
                spans.append((start, index))
            start = index + 1
    if start < len(tokens):
        spans.append((start, len(tokens)))
    return spans


def _runs(tokens: tuple[Token, ...], indices: list[int]) -> list[tuple[int, ...]]:
    """Runs of up to MAX_FIXED_WORDS adjacent words (no verb, no "zu" of an infinitive in between)."""
    usable = [i for i in indices if tokens[i].is_word and tokens[i].pos not in VERB_TAGS and tokens[i].pos != "PTKZU"]
    runs = []
    for position, first in enumerate(usable):
        run = [first]
        runs.append(tuple(run))
        for following in usable[position + 1:position + MAX_FIXED_WORDS]:
            if following != run[-1] + 1:
                break
            run.append(following)
            runs.append(tuple(run))
    return runs


@cache
def _news_constructions() -> dict[str, str]:
    """Lookup key (fixed words, then the verb's infinitive, no placeholders) → English."""
    with NEWS_CONSTRUCTIONS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    # The placeholders go, a preposition stays: "mit etw. rechnen" is "mit" + rechnen.
    return {lookup_key(" ".join(w for w in row["de"].split() if w not in PLACEHOLDERS)): row["en"] for row in rows}
