"""Finding glossary terms in German text, whatever their inflection.

`Glossary.find` locates every occurrence of a term in German text, whatever
its inflection (`Luftangriffen`, `Außenministeriums`, `Syrien-Sondergesandten`)
and also where the term is the head of a compound (`UN-Sicherheitsrat`,
`Telefongespräch`). German word forms are generated from lemma, gender and
plural once, at construction; `find` then does one dictionary lookup per
token, so it is linear in the text length. Curated terms and a reader's own
go through the same finder, so they match alike.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from ..tagging import CLAUSE_END, PARTICLES
from ..text import TOKEN
from .morphology import ADJECTIVE_ENDINGS, PL, SG, adjective_forms, noun_forms, verb_forms
from .terms import Term, term_key

MIN_COMPOUND_PREFIX = 3   # "Uno" in "Unosicherheitsrat"; shorter prefixes are mostly false splits
MIN_COMPOUND_HEAD = 5     # shorter terms ("Rat") would match inside unrelated words
SPACE_OR_QUOTES = re.compile(r"[\s\"'„“”‚‘’»«]+")
# Words that end the inflected part of a multi-word term: in "Rat der
# Europäischen Union" only "Rat" inflects, the genitive tail stays fixed.
FUNCTION_WORDS = frozenset(
    "der die das des dem den für von vom zur zum zu in im am an auf mit gegen über unter".split()
)
# Determiners that settle the number of an ambiguous noun form
# ("die Außenminister" is plural, "der Außenminister" singular).
PLURAL_DETERMINERS = frozenset(
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig hundert tausend "
    "beide beiden mehrere mehreren viele vielen einige einigen alle allen wenige wenigen "
    "zahlreiche zahlreichen etliche etlichen manche manchen".split()
)
DIE_LIKE_DETERMINERS = frozenset("die diese jene keine meine seine ihre unsere eure welche solche".split())
SINGULAR_DETERMINERS = frozenset(
    "der den dem des das ein einen einem eines einer kein keinen keinem keines dieser diesen "
    "diesem dieses jeder jeden jedem jedes sein seinen seinem seines ihr ihren ihrem ihres".split()
)
DETERMINER_LOOKBACK = 3


@dataclass(frozen=True)
class Occurrence:
    term: Term
    start: int
    end: int
    surface: str
    plural: bool
    # The start of a compound the term ends: "Kreml" of "Kremlsprecher", "Nato-" of "Nato-Generalsekretär".
    modifier: str = ""


@dataclass(frozen=True)
class _Entry:
    term: Term
    numbers: frozenset[str]
    is_lemma: bool


@dataclass(frozen=True)
class _Phrase:
    """A multi-word term, indexed by the form of its head word."""
    entry: _Entry
    before: tuple[frozenset[str], ...]   # allowed lowercase forms of each word before the head
    after: tuple[str, ...]               # the fixed lowercase words after the head


@dataclass(frozen=True)
class _Candidate:
    first: int   # token indexes, inclusive
    last: int
    entry: _Entry
    prefix: int = 0   # characters of the first token before the term (a compound's modifier)


def _in_their_context(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """The candidates whose term's context condition holds in the text ("Prozess" is a trial only in
    court); each term's condition is checked once."""
    holds: dict[str, bool] = {}
    for candidate in candidates:
        term = candidate.entry.term
        if term.context and term.de not in holds:
            holds[term.de] = term.applies_in(text)
    return [c for c in candidates if holds.get(c.entry.term.de, True)]


class Glossary:
    def __init__(self, terms: Iterable[Term], grammar: Callable[[str], tuple[str, str] | None] | None = None):
        """`grammar(noun)` gives (gender, plural) for nouns a term leaves without (a reader's "Gespräch"),
        so their inflected forms are found too; the dictionary's `noun_grammar` fits."""
        self._grammar = grammar
        by_key: dict[str, Term] = {}
        for term in terms:
            by_key[term_key(term.de)] = term
        self._by_key = by_key
        self.terms: list[Term] = list(by_key.values())
        self._words: dict[str, list[_Entry]] = {}      # lowercase whole-word forms; lemmas first
        self._abbreviations: dict[str, _Entry] = {}    # case-sensitive
        self._heads: dict[str, _Entry] = {}            # lowercase forms that may end a closed compound
        self._phrases: dict[str, list[_Phrase]] = {}
        for term in self.terms:
            self._index(term)
        for entries in self._words.values():
            entries.sort(key=lambda entry: not entry.is_lemma)

    def get(self, de: str) -> Term | None:
        return self._by_key.get(term_key(de))

    # -- index construction

    def _index(self, term: Term) -> None:
        words = term.de.split()
        if term.pos == "abbr":
            _add(self._abbreviations, term.de, _Entry(term, frozenset({SG}), True))
            _add(self._abbreviations, term.de + "s", _Entry(term, frozenset({PL}), False))
        elif len(words) > 1:
            self._index_phrase(term, words)
        else:
            for form, numbers in self._single_word_forms(term).items():
                entry = _Entry(term, numbers, form == term.de)
                self._words.setdefault(form.lower(), []).append(entry)
                if term.pos == "noun" and len(term.de) >= MIN_COMPOUND_HEAD:
                    _add(self._heads, form.lower(), entry)

    def _noun_grammar(self, term: Term, noun: str, gender: str, plural: str) -> tuple[str, str]:
        if gender or plural or term.source != "user" or self._grammar is None:
            return gender, plural
        return self._grammar(noun) or (gender, plural)

    def _single_word_forms(self, term: Term) -> dict[str, frozenset[str]]:
        if term.pos == "noun":
            return noun_forms(term.de, *self._noun_grammar(term, term.de, term.gender, term.plural))
        if term.pos == "adj":
            return dict.fromkeys(adjective_forms(term.de, strip_ending=False), frozenset({SG}))
        if term.pos == "verb":
            return dict.fromkeys(verb_forms(term.de), frozenset({SG}))
        return {term.de: frozenset({SG})}

    def _index_phrase(self, term: Term, words: list[str]) -> None:
        inflected = next((i for i in range(1, len(words)) if words[i].lower() in FUNCTION_WORDS), len(words))
        head = words[inflected - 1]
        after = tuple(word.lower() for word in words[inflected:])
        if term.pos == "noun":
            head_forms = noun_forms(head, *self._noun_grammar(term, head, term.gender, _head_plural(term.plural, inflected)))
            before = tuple(frozenset(_attribute_forms(word)) for word in words[: inflected - 1])
        else:
            head_forms = {head: frozenset({SG})}
            before = tuple(frozenset({word.lower()}) for word in words[: inflected - 1])
        for form, numbers in head_forms.items():
            phrase = _Phrase(_Entry(term, numbers, form == head), before, after)
            self._phrases.setdefault(form.lower(), []).append(phrase)

    # -- lookup

    def find(self, text: str) -> list[Occurrence]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        candidates: list[_Candidate] = []
        for index, (_, _, token) in enumerate(tokens):
            entry, prefix = self._match_token(token)
            if entry and entry.term.pos == "verb" and _particle_follows(tokens, index, text):
                entry = None  # "forderte … auf" is auffordern, another verb than the term fordern
            if entry:
                candidates.append(_Candidate(index, index, entry, prefix))
            for phrase in self._phrases.get(token.lower(), ()):
                first = _match_phrase(phrase, tokens, index, text)
                if first is not None:
                    candidates.append(_Candidate(first, index + len(phrase.after), phrase.entry))
        candidates = _in_their_context(candidates, text)
        return [self._occurrence(candidate, tokens, text) for candidate in _longest_first(candidates, tokens)]

    def _match_token(self, token: str) -> tuple[_Entry | None, int]:
        """The most specific term a token ends in (whole token, after a hyphen, or closed-compound head),
        with the number of characters before it."""
        segments = token.split("-")
        for j in range(len(segments)):
            key = "-".join(segments[j:])
            offset = len(token) - len(key)
            entry = self._abbreviations.get(key) or self._word(key, whole_token=j == 0)
            if entry:
                return entry, offset
            entry, cut = self._compound_head(key.lower())
            if entry and (j > 0 or key[0].isupper()):
                return entry, offset + cut
        return None, 0

    def _word(self, key: str, whole_token: bool) -> _Entry | None:
        for entry in self._words.get(key.lower(), ()):
            if not whole_token or _case_fits(entry.term, key):
                return entry
        return None

    def _compound_head(self, key: str) -> tuple[_Entry | None, int]:
        """The longest term form ending a closed compound, with where it starts; its prefix stays within
        the first segment."""
        hyphen = key.find("-")
        last_cut = min(len(key) - MIN_COMPOUND_HEAD, len(key) if hyphen < 0 else hyphen - 1)
        for cut in range(MIN_COMPOUND_PREFIX, last_cut + 1):
            entry = self._heads.get(key[cut:])
            if entry:
                return entry, cut
        return None, 0

    def _occurrence(self, candidate: _Candidate, tokens: list[tuple[int, int, str]], text: str) -> Occurrence:
        start, end = tokens[candidate.first][0], tokens[candidate.last][1]
        plural = _is_plural(candidate.entry, text[start:end], _determiner_before(tokens, candidate.first, text))
        modifier = text[start:start + candidate.prefix]
        return Occurrence(candidate.entry.term, start, end, text[start:end], plural, modifier)

    def counts(self, texts: Iterable[str]) -> list[tuple[Term, int]]:
        """The terms of a document with their counts, most frequent first (ties: first seen first)."""
        counter: Counter[Term] = Counter()
        for text in texts:
            counter.update(occurrence.term for occurrence in self.find(text))
        return sorted(counter.items(), key=lambda item: -item[1])


def _particle_follows(tokens: list[tuple[int, int, str]], index: int, text: str) -> bool:
    """Whether a separable-verb particle closes the clause the verb at `index` stands in."""
    for following in range(index + 1, len(tokens)):
        if CLAUSE_END.intersection(text[tokens[following - 1][1]:tokens[following][0]]):
            return False
        after = text[tokens[following][1]:tokens[following + 1][0]] if following + 1 < len(tokens) else "."
        if tokens[following][2] in PARTICLES and CLAUSE_END.intersection(after):
            return True
    return False


def _add(index: dict[str, _Entry], key: str, entry: _Entry) -> None:
    # Where two terms share a form, the one whose lemma it is wins.
    if key not in index or (entry.is_lemma and not index[key].is_lemma):
        index[key] = entry


def _head_plural(plural: str, inflected: int) -> str:
    """The head noun's plural, whether the column gives the whole phrase or the noun alone."""
    words = plural.split()
    if len(words) >= inflected:
        return words[inflected - 1]
    return words[-1] if words else ""


def _attribute_forms(word: str) -> set[str]:
    if word.lower().endswith(ADJECTIVE_ENDINGS):
        return {form.lower() for form in adjective_forms(word, strip_ending=True)}
    return {word.lower()}


def _case_fits(term: Term, token: str) -> bool:
    # A lowercase token is not the noun: "leben" is not "Leben", "essen" not "Essen".
    return term.pos != "noun" or not term.de[:1].isupper() or token[:1].isupper()


def _separated_by_space(tokens: list[tuple[int, int, str]], left: int, text: str) -> bool:
    gap = text[tokens[left][1]: tokens[left + 1][0]]
    return bool(gap) and gap.isspace()


def _separated_by_space_or_quotes(tokens: list[tuple[int, int, str]], left: int, text: str) -> bool:
    return bool(SPACE_OR_QUOTES.fullmatch(text[tokens[left][1]: tokens[left + 1][0]]))


def _match_phrase(phrase: _Phrase, tokens: list[tuple[int, int, str]], head: int, text: str) -> int | None:
    """Index of the phrase's first token if the words around the head match, else None."""
    first, last = head - len(phrase.before), head + len(phrase.after)
    if first < 0 or last >= len(tokens):
        return None
    for offset, allowed in enumerate(phrase.before):
        if tokens[first + offset][2].lower() not in allowed:
            return None
    for offset, word in enumerate(phrase.after, start=1):
        if tokens[head + offset][2].lower() != word:
            return None
    if not all(_separated_by_space(tokens, index, text) for index in range(first, last)):
        return None
    return first


def _longest_first(candidates: list[_Candidate], tokens: list[tuple[int, int, str]]) -> list[_Candidate]:
    """Non-overlapping candidates, preferring those spanning more text, in text order."""
    def span(candidate: _Candidate) -> int:
        return tokens[candidate.last][1] - tokens[candidate.first][0]

    taken: set[int] = set()
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-span(c), c.first)):
        indexes = range(candidate.first, candidate.last + 1)
        if not taken.intersection(indexes):
            taken.update(indexes)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.first)


def _determiner_before(tokens: list[tuple[int, int, str]], first: int, text: str) -> str | None:
    """The determiner or number word before a noun, skipping adjectives ("den schweren ...")."""
    index = first - 1
    while index >= 0 and first - index <= DETERMINER_LOOKBACK and _separated_by_space_or_quotes(tokens, index, text):
        word = tokens[index][2].lower()
        if word in PLURAL_DETERMINERS or word in DIE_LIKE_DETERMINERS or word in SINGULAR_DETERMINERS:
            return word
        if word.isdigit():
            return word
        if not (tokens[index][2][0].islower() and word.endswith(ADJECTIVE_ENDINGS)):
            return None
        index -= 1
    return None


def _is_plural(entry: _Entry, surface: str, determiner: str | None) -> bool:
    if entry.numbers == {PL}:
        return True
    if entry.numbers == {SG}:
        return False
    if determiner is None:
        # Singular oblique forms ("Soldaten", "Gesandten") come with an
        # article; bare, they are plural. A bare lemma is singular.
        return not entry.is_lemma
    if determiner in PLURAL_DETERMINERS or (determiner.isdigit() and determiner != "1"):
        return True
    if determiner in DIE_LIKE_DETERMINERS:
        # "die" with a masculine or neuter noun is plural; with a feminine one
        # only the weak -en ending is ("die Abgeordneten").
        lemma = entry.term.de.split()[-1]
        return entry.term.gender != "f" or (surface.endswith("en") and not lemma.endswith("en"))
    return False
