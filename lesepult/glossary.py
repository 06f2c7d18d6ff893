"""Glossary terms: find them in German text and enforce their English renderings.

A glossary maps a German lemma (`Feuerpause`, `menschlicher Schutzschild`) to
the English rendering a reader should see (`ceasefire`, `human shield`).
Two jobs follow from it:

* `Glossary.find` locates every occurrence of a term in German text, whatever
  its inflection (`Luftangriffen`, `Außenministeriums`, `Syrien-Sondergesandten`)
  and also where the term is the head of a compound (`UN-Sicherheitsrat`,
  `Telefongespräch`). German word forms are generated from lemma, gender and
  plural once, at construction; `find` then does one dictionary lookup per
  token, so it is linear in the text length.
* `enforce` checks the engine's English for a sentence against the terms
  found in the German sentence, and replaces known variant renderings
  (`truce` → `ceasefire`) in the right number, fixing a/an before them.

Curated terms come from a tab-separated file (`load_terms`); users can import
their own from CSV (`read_terms_csv`), which reports rejected rows instead of
failing.
"""
from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

COLUMNS = ("de", "en", "en_plural", "variants", "pos", "gender", "plural", "domain", "note")
PARTS_OF_SPEECH = frozenset({"noun", "verb", "adj", "phrase", "abbr"})
GENDERS = frozenset({"m", "f", "n", "pl"})
MAX_FIELD_LENGTH = 200

SG, PL = "sg", "pl"
MIN_COMPOUND_PREFIX = 3   # "Uno" in "Unosicherheitsrat"; shorter prefixes are mostly false splits
MIN_COMPOUND_HEAD = 5     # shorter terms ("Rat") would match inside unrelated words

TOKEN = re.compile(r"\w+(?:-\w+)*")
MARKUP = re.compile(r"[<>]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SPACE_OR_QUOTES = re.compile(r"[\s\"'„“”‚‘’»«]+")

ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# Words that end the inflected part of a multi-word term: in "Rat der
# Europäischen Union" only "Rat" inflects, the genitive tail stays fixed.
FUNCTION_WORDS = frozenset(
    "der die das des dem den für von vom zur zum zu in im am an auf mit gegen über unter".split()
)
# Masculine nouns whose plural ending (-en) also marks the singular cases (der
# Präsident, des Präsidenten); "Staat" ends in -at but is not one of them.
WEAK_MASCULINE_SUFFIXES = ("ent", "ant", "ist", "at", "ot", "oge", "graf", "nom", "soph",
                           "mensch", "held", "fürst", "prinz")
GENITIVE_S_ONLY_SUFFIXES = ("er", "el", "en", "em", "um", "chen", "lein", "ling")

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

ENGLISH_PREPOSITIONS = frozenset("of in for on at to with from between against".split())
VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")  # letter names that start with a vowel sound: "an FBI", "an MP"
SILENT_H_WORDS = ("hour", "honest", "honor", "honour", "heir")
YOU_SOUND_WORDS = ("union", "united", "unit", "unique", "univers", "unilateral", "uniform", "use", "usual",
                   "util", "eu", "one", "once", "ukrain", "uran")


@dataclass(frozen=True)
class Term:
    de: str
    en: str
    en_plural: str
    variants: tuple[str, ...]
    pos: str
    gender: str
    plural: str
    domain: str
    note: str
    source: str = "curated"   # or "user"
    id: int | None = None     # user terms carry their database id


@dataclass(frozen=True)
class Occurrence:
    term: Term
    start: int
    end: int
    surface: str
    plural: bool


@dataclass(frozen=True)
class Enforcement:
    term: Term
    status: str      # "kept", "replaced" or "missing"
    replaced: str    # the English text that was replaced ("" unless status == "replaced")


# ---------------------------------------------------------------- loading

def load_terms(path: Path) -> list[Term]:
    """Parse the curated TSV; a malformed row raises ValueError naming its line."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = [name.strip() for name in next(rows, [])]
        if header != list(COLUMNS):
            raise ValueError(f"{path}: line 1: expected header {' '.join(COLUMNS)}")
        terms: list[Term] = []
        first_line: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise ValueError(f"{path}: line {line}: expected {len(COLUMNS)} fields, found {len(row)}")
            fields = dict(zip(COLUMNS, (cell.strip() for cell in row)))
            problem = _row_problem(fields) or _duplicate_problem(fields["de"], line, first_line)
            if problem:
                raise ValueError(f"{path}: line {line}: {problem}")
            terms.append(_term_from_fields(fields, "curated"))
    return terms


def read_terms_csv(text: str) -> tuple[list[Term], list[tuple[int, str]]]:
    """Import a user's CSV: (accepted terms, rejected rows as (line, reason))."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [(1, "empty file")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        return [], [(1, f"not valid CSV: {error}")]
    missing = [name for name in ("de", "en") if name not in header]
    if missing:
        return [], [(1, "missing column: " + ", ".join(missing))]
    terms: list[Term] = []
    rejected: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejected.append((line, f"not valid CSV: {error}"))
            break
        if not any(cell.strip() for cell in row):
            continue
        problem, fields = _user_fields(header, row)
        problem = problem or _row_problem(fields) or _duplicate_problem(fields["de"], line, first_line)
        if problem:
            rejected.append((line, problem))
        else:
            terms.append(_term_from_fields(fields, "user"))
    return terms, rejected


def _sniff_delimiter(text: str) -> str:
    # Spreadsheets in German locales save CSV with semicolons.
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _user_fields(header: list[str], row: list[str]) -> tuple[str | None, dict[str, str]]:
    if len(row) > len(header):
        return "too many fields", {}
    given = dict(zip(header, (cell.strip() for cell in row)))
    fields = {name: given.get(name, "") for name in COLUMNS}
    if not fields["pos"]:
        fields["pos"] = _guess_pos(fields["de"])
    return None, fields


def _guess_pos(de: str) -> str:
    return "abbr" if de.isupper() and " " not in de and len(de) <= 6 else "noun"


def _row_problem(fields: dict[str, str]) -> str | None:
    if not fields["de"]:
        return "missing de"
    if not fields["en"]:
        return "missing en"
    for value in fields.values():
        if len(value) > MAX_FIELD_LENGTH:
            return "field too long"
        if MARKUP.search(value):
            return "markup not allowed"
        if CONTROL_CHARACTERS.search(value):
            return "control characters not allowed"
    if fields["pos"] not in PARTS_OF_SPEECH:
        return f"unknown pos {fields['pos']!r}"
    if fields["gender"] and fields["gender"] not in GENDERS:
        return f"unknown gender {fields['gender']!r}"
    return None


def _duplicate_problem(de: str, line: int, first_line: dict[str, int]) -> str | None:
    key = _key(de)
    if key in first_line:
        return f"duplicate of line {first_line[key]}"
    first_line[key] = line
    return None


def _term_from_fields(fields: dict[str, str], source: str) -> Term:
    variants = tuple(v.strip() for v in fields["variants"].split("|") if v.strip())
    return Term(fields["de"], fields["en"], fields["en_plural"], variants, fields["pos"], fields["gender"],
                fields["plural"], fields["domain"], fields["note"], source=source)


def _key(de: str) -> str:
    # Case matters: "Vorrücken" (noun) and "vorrücken" (verb) are different terms.
    return " ".join(de.split())


# ---------------------------------------------------------------- German word forms

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


# ---------------------------------------------------------------- finding

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


class Glossary:
    def __init__(self, terms: Iterable[Term]):
        by_key: dict[str, Term] = {}
        for term in terms:
            by_key[_key(term.de)] = term
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
        return self._by_key.get(_key(de))

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

    @staticmethod
    def _single_word_forms(term: Term) -> dict[str, frozenset[str]]:
        if term.pos == "noun":
            return noun_forms(term.de, term.gender, term.plural)
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
            head_forms = noun_forms(head, term.gender, _head_plural(term.plural, inflected))
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
            entry = self._match_token(token)
            if entry:
                candidates.append(_Candidate(index, index, entry))
            for phrase in self._phrases.get(token.lower(), ()):
                first = _match_phrase(phrase, tokens, index, text)
                if first is not None:
                    candidates.append(_Candidate(first, index + len(phrase.after), phrase.entry))
        return [self._occurrence(candidate, tokens, text) for candidate in _longest_first(candidates, tokens)]

    def _match_token(self, token: str) -> _Entry | None:
        """The most specific term a token ends in: whole token, after a hyphen, or closed-compound head."""
        segments = token.split("-")
        for j in range(len(segments)):
            key = "-".join(segments[j:])
            entry = self._abbreviations.get(key) or self._word(key, whole_token=j == 0)
            if entry:
                return entry
            entry = self._compound_head(key.lower())
            if entry and (j > 0 or key[0].isupper()):
                return entry
        return None

    def _word(self, key: str, whole_token: bool) -> _Entry | None:
        for entry in self._words.get(key.lower(), ()):
            if not whole_token or _case_fits(entry.term, key):
                return entry
        return None

    def _compound_head(self, key: str) -> _Entry | None:
        """The longest term form ending a closed compound; its prefix stays within the first segment."""
        hyphen = key.find("-")
        last_cut = min(len(key) - MIN_COMPOUND_HEAD, len(key) if hyphen < 0 else hyphen - 1)
        for cut in range(MIN_COMPOUND_PREFIX, last_cut + 1):
            entry = self._heads.get(key[cut:])
            if entry:
                return entry
        return None

    def _occurrence(self, candidate: _Candidate, tokens: list[tuple[int, int, str]], text: str) -> Occurrence:
        start, end = tokens[candidate.first][0], tokens[candidate.last][1]
        plural = _is_plural(candidate.entry, text[start:end], _determiner_before(tokens, candidate.first, text))
        return Occurrence(candidate.entry.term, start, end, text[start:end], plural)

    def counts(self, texts: Iterable[str]) -> list[tuple[Term, int]]:
        """The terms of a document with their counts, most frequent first (ties: first seen first)."""
        counter: Counter[Term] = Counter()
        for text in texts:
            counter.update(occurrence.term for occurrence in self.find(text))
        return sorted(counter.items(), key=lambda item: -item[1])


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


# ---------------------------------------------------------------- enforcing

def pluralize(phrase: str) -> str:
    """English plural of a rendering: "truce" → "truces", "pause in fighting" → "pauses in fighting"."""
    words = phrase.split(" ")
    head = next((i - 1 for i in range(1, len(words)) if words[i].lower() in ENGLISH_PREPOSITIONS), len(words) - 1)
    words[head] = _pluralize_word(words[head])
    return " ".join(words)


def _pluralize_word(word: str) -> str:
    lower = word.lower()
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


def english_plural(term: Term) -> str:
    """The plural rendering; German plural-only nouns (Menschenrechte) are plural in `en` already."""
    if term.en_plural:
        return term.en_plural
    return term.en if term.gender == "pl" else pluralize(term.en)


@dataclass
class _Group:
    """The occurrences of one term in one number within a sentence."""
    term: Term
    plural: bool
    count: int
    kept: int = 0
    replaced: str = ""
    replacements: int = 0

    @property
    def rendering(self) -> str:
        return english_plural(self.term) if self.plural else self.term.en

    @property
    def renderings(self) -> set[str]:
        """Both numbers of the rendering, lowercase: either already present counts as kept."""
        return {self.term.en.lower(), english_plural(self.term).lower()}

    @property
    def wanted(self) -> int:
        return self.count - self.kept - self.replacements


def _groups(occurrences: list[Occurrence]) -> list[_Group]:
    groups: dict[tuple[Term, bool], _Group] = {}
    for occurrence in occurrences:
        key = (occurrence.term, occurrence.plural)
        if key in groups:
            groups[key].count += 1
        else:
            groups[key] = _Group(occurrence.term, occurrence.plural, 1)
    return list(groups.values())


def _whole_words(alternatives: Iterable[str], flexible: bool) -> re.Pattern[str]:
    """Case-insensitive pattern for any of the phrases, never inside a word."""
    def body(phrase: str) -> str:
        parts = re.split(r"[\s-]+", phrase.strip())
        joiner = r"(?:\s+|-)?" if flexible else r"\s+"
        return joiner.join(re.escape(part) for part in parts)

    ordered = sorted({a for a in alternatives if a.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(body(a) for a in ordered) + r")(?!\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _rendering_pattern(term: Term) -> re.Pattern[str]:
    return _whole_words([term.en, english_plural(term)], flexible=False)


@functools.lru_cache(maxsize=4096)
def _variant_pattern(term: Term) -> re.Pattern[str]:
    spellings = [*term.variants, term.en, english_plural(term)]
    return _whole_words([*spellings, *(pluralize(s) for s in spellings if s)], flexible=True)


def _overlaps(span: tuple[int, int], claimed: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in claimed)


def _replacement(english: str, match: re.Match[str], group: _Group) -> tuple[int, int, str]:
    """The edit (start, end, new text) replacing a variant, with a fixed article before it."""
    start, new = match.start(), group.rendering
    at_sentence_start = not re.sub(r"[\s\"'“”„‘’«»(\[]", "", english[:start])
    if at_sentence_start and match.group()[0].isupper():
        new = new[0].upper() + new[1:]
    article = re.search(r"(?<!\w)(an?)(\s+)$", english[:start], re.IGNORECASE)
    if article:
        capital = article.group(1)[0].isupper()
        start = article.start()
        if group.plural:
            new = (new[0].upper() + new[1:]) if capital else new
        else:
            fitting = indefinite_article(new)
            new = (fitting.capitalize() if capital else fitting) + article.group(2) + new
    return start, match.end(), new


def enforce(english: str, occurrences: list[Occurrence]) -> tuple[str, list[Enforcement]]:
    """Make the English use each term's rendering; report per term what happened."""
    groups = _groups(occurrences)
    claimed: list[tuple[int, int]] = []
    for group in groups:
        for match in _rendering_pattern(group.term).finditer(english):
            if group.wanted and not _overlaps(match.span(), claimed):
                claimed.append(match.span())
                group.kept += 1
    candidates = [(group, match) for group in groups if group.wanted
                  for match in _variant_pattern(group.term).finditer(english)
                  if match.group().lower() not in group.renderings]
    candidates.sort(key=lambda item: (-len(item[1].group()), item[1].start()))
    edits: list[tuple[int, int, str]] = []
    for group, match in candidates:
        if group.wanted and not _overlaps(match.span(), claimed):
            claimed.append(match.span())
            edits.append(_replacement(english, match, group))
            group.replacements += 1
            group.replaced = group.replaced or match.group()
    for start, end, new in sorted(edits, reverse=True):
        english = english[:start] + new + english[end:]
    return english, [_enforcement(group) for group in groups]


def _enforcement(group: _Group) -> Enforcement:
    if group.replacements:
        return Enforcement(group.term, "replaced", group.replaced)
    return Enforcement(group.term, "kept" if group.kept else "missing", "")
