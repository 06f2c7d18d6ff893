"""Looking German words up in the Ding index.

:class:`Dictionary` answers a word in three steps, stopping at the first that
finds something: the word itself, its lemma (simplemma plus ending-stripping
fallbacks), and a compound split with linking elements (Fugenelemente).
It also gives a short English gloss of a word for the phrase gloss (translation/gloss.py).
"""
from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..english import pluralize
from ..tagging import PARTICLES
from . import compounds
from .compounds import LINKING_ELEMENTS, lemma_candidates
from .ding import (ROLE_FORM, ROLE_HEADWORD, ROLE_SUBENTRY, TAGGED_PLURAL, Entry, aligned_form, entry_for,
                   folded_key, is_plural_part, loaded_line, lookup_key, senses, split_top_level)
from .function_words import FUNCTION_WORD_GLOSSES
from .senses import (HeadwordSense, best_rendering, content_stems, context_cost, stem, demoted_cost, is_preferred, preferred_senses,
                     scored_rendering)
from .index import INDEX_FORMAT, is_sqlite_file

MAX_QUERY_LENGTH = 100
GLOSS_CACHE_SIZE = 50_000
# How Ding writes the object of a governed preposition: "an etw. denken", "an jdn./etw. denken".
GOVERNED_OBJECTS = ("etw.", "jdn.", "jdm.", "jdn./etw.", "jdm./etw.", "etw./jdn.", "etw./jdm.")
LINE_RANK_COST = 1.0   # a later Ding line must be that much better to be glossed instead
# Ding's note of a phrase's abbreviation, which narrows nothing: "vor allem (v. a.)".
ABBREVIATION_NOTE = re.compile(r"\((?:\w{1,4}\.\s?)+\)")
GLOSS_LINES = 4        # Ding lines a gloss weighs; more for words with a preferred sense
PREFERRED_LINES = 40
_PRONOUN = re.compile(r"^(?:I|you|he|she|it|we|they)\s+")
_HEADWORD_WORDS = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)")   # grammar, labels, comments
SQL_MAX_PARAMS = 900


class DictionaryMissing(FileNotFoundError):
    """The SQLite dictionary index does not exist or is not a dictionary index."""


@dataclass
class Lookup:
    query: str
    lemma: str | None
    parts: list[str]
    entries: list[Entry]


@dataclass
class _Match:
    """One index row: a key found in a line, with what it is there."""

    line_id: int
    part: int
    item: int
    role: int
    form: str
    lemma: str
    tagged: int
    commonness: int
    exactness: int = 2  # 0: same spelling, 1: same casefolded, 2: same umlaut-folded

    def rank(self) -> tuple:
        # Exact match, main sense before forms and examples, first synonym before
        # later ones, entries with grammar (untagged lines are mostly loose
        # phrase lists), more common lines, then shorter headwords.
        return (self.exactness, self.rank_role(), self.item > 0, not self.tagged, -self.commonness, len(self.form), self.line_id)

    def rank_role(self) -> int:
        # A plural-only headword ("Tage {pl}": menstruation) competes with the
        # plural forms of other headwords ("Tage" of Tag) instead of beating them.
        return ROLE_FORM if self.role == ROLE_HEADWORD and self.tagged == TAGGED_PLURAL else self.role


@dataclass
class _Resolution:
    """How a query was answered, with what gloss needs beyond the entries."""

    lookup: Lookup
    matches: list[_Match] = field(default_factory=list)
    slot: int = 0  # inflection part the query form was found in (1 = plural for nouns)
    plural: bool = False
    modifiers: list[str] = field(default_factory=list)
    head_surface: str | None = None


class Dictionary:
    """Read-only access to a dictionary index built by :func:`build_index`."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        if not self.db_path.is_file() or not is_sqlite_file(self.db_path):
            raise DictionaryMissing(
                f"Dictionary index not found at {self.db_path}; build it with `python -m lesepult index-dictionary`."
            )
        self._local = threading.local()
        try:
            self.version = self._meta("version")
            built_format = self._meta("format")
        except sqlite3.DatabaseError as error:
            raise DictionaryMissing(f"{self.db_path} is not a dictionary index: {error}") from error
        if built_format != INDEX_FORMAT:
            raise DictionaryMissing(f"{self.db_path} was built by an older Lesepult; rebuild it with `make dictionary`.")
        self._gloss_cached = lru_cache(maxsize=GLOSS_CACHE_SIZE)(self._compute_gloss)
        self._line_cached = lru_cache(maxsize=4096)(self._load_line)
        self._place_cached = lru_cache(maxsize=GLOSS_CACHE_SIZE)(self._compute_place_name)

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread: the web server may look words up concurrently.
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = self.db_path.resolve().as_uri() + "?mode=ro"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _meta(self, name: str) -> str:
        row = self._connection().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else "unknown"

    def _load_line(self, line_id: int) -> dict:
        row = self._connection().execute("SELECT body FROM lines WHERE id = ?", (line_id,)).fetchone()
        return loaded_line(row[0])

    def _matches(self, word: str) -> list[_Match]:
        """All index rows for word (exact, casefolded or umlaut-folded), best first."""
        key, fold = lookup_key(word), folded_key(word)
        rows = self._connection().execute(
            "SELECT line_id, part, item, role, form, lemma, tagged, commonness FROM forms WHERE key = ? OR fold = ? LIMIT 500",
            (key, fold),
        ).fetchall()
        matches = [_Match(*row) for row in rows]
        for match in matches:
            match.exactness = 0 if match.form == word else 1 if lookup_key(match.form) == key else 2
        return sorted(matches, key=_Match.rank)

    def known_keys(self, candidates: set[str]) -> dict[str, _Match]:
        """Best headword/form row for each candidate key that the dictionary has."""
        keys, best = sorted(candidates), {}
        for start in range(0, len(keys), SQL_MAX_PARAMS):
            chunk = keys[start:start + SQL_MAX_PARAMS]
            placeholders = ",".join("?" * len(chunk))
            rows = self._connection().execute(
                f"SELECT key, line_id, part, item, role, form, lemma, tagged, commonness FROM forms WHERE role < 2 AND key IN ({placeholders})",
                chunk,
            ).fetchall()
            for key, *row in rows:
                match = _Match(*row)
                # Prefer noun spellings (capitalised), then the usual ranking.
                if key not in best or (not match.form[:1].isupper(), match.rank()) < (not best[key].form[:1].isupper(), best[key].rank()):
                    best[key] = match
        return best

    def lookup(self, word: str, limit: int = 8) -> Lookup:
        """Entries for word: itself, else its lemma, else its compound parts."""
        return self._resolve(_validated(word), limit).lookup

    def gloss(self, word: str, lemma: str | None = None) -> str | None:
        """One short English rendering of word, for a gloss (cached).

        `lemma`, a tagger's, settles which headword an inflected form belongs
        to: "sagte" is a form of sagen, not of sägen.
        """
        word = word.strip()
        if not word or len(word) > MAX_QUERY_LENGTH:
            return None
        return self._gloss_cached(word, lemma if lemma and lemma != word else None)

    def phrases(self, keys: Iterable[str]) -> dict[str, str]:
        """The English of those keys (lookup keys of multi-word German) that are Ding phrases or idioms."""
        keys = sorted(set(keys))
        best: dict[str, tuple] = {}
        for start in range(0, len(keys), SQL_MAX_PARAMS):
            chunk = keys[start:start + SQL_MAX_PARAMS]
            rows = self._connection().execute(
                f"SELECT key, line_id, part, item FROM phrases WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, line_id, part, item in rows:
                if self._is_separated_form(key, line_id, item):
                    continue  # "legte ein" (einlegen) is no phrase: the separable-verb step glosses it
                # A headword before a form or an example, the first synonym first, a plain one before
                # one Ding narrows with a comment ("jdn. (in eine unangenehme Lage bringen und dann) im
                # Stich lassen": leave high and dry), then the older line.
                german = self._line_cached(line_id)["parts"][part]["de"]
                narrowed = item < len(german) and "(" in ABBREVIATION_NOTE.sub("", german[item]["raw"])
                rank = (part > 0, item > 0, narrowed, line_id)
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, line_id, part)
        found = {key: best_rendering(senses(self._line_cached(line_id)["parts"][part]["en"]))
                 for key, (_, line_id, part) in best.items()}
        return {key: text for key, text in found.items() if text}

    def place_name(self, word: str) -> str | None:
        """The English of a place Ding labels geographic ("Thüringen" → "Thuringia", "Erfurt" → "Erfurt",
        "Thüringens" too); None for other words and for geographic common nouns ("Abfall": slope)."""
        word = word.strip()
        if not word[:1].isupper() or len(word) > MAX_QUERY_LENGTH:
            return None
        return self._place_cached(word)

    def _compute_place_name(self, word: str) -> str | None:
        for candidate in (word, word[:-1]) if word.endswith("s") and len(word) > 3 else (word,):
            for match in self._matches(candidate):
                if match.exactness:   # only lines with the name as written are read
                    continue
                part = self._line_cached(match.line_id)["parts"][match.part]
                headwords = part["de"]
                if match.item >= len(headwords) or headwords[match.item]["text"] != candidate:
                    continue
                english = best_rendering(senses(part["en"])) if "geogr." in headwords[match.item]["labels"] else None
                if english and english[:1].isupper():   # a name, not a landform ("Abfall" → slope)
                    return english
        return None

    def _is_separated_form(self, key: str, line_id: int, item: int) -> bool:
        """Whether a phrase is a separable verb's inflected form ("legte ein" of "etw. einlegen"),
        unlike "kam ums Leben" (ums Leben kommen) or an example ("in Kraft treten")."""
        particle = key.rsplit(" ", 1)[-1]
        if particle not in PARTICLES:
            return False
        headwords = self._line_cached(line_id)["parts"][0]["de"]
        verb = headwords[item]["text"].split()[-1].lower() if item < len(headwords) else ""
        return verb.startswith(particle) and verb != particle

    def noun_grammar(self, noun: str) -> tuple[str, str] | None:
        """(gender, plural) of a noun headword as Ding gives them ("Gespräch" → ("n", "Gespräche"))."""
        found = []
        for match in self._matches(noun):
            if match.role != ROLE_HEADWORD or match.exactness > 0:
                continue
            parsed = self._line_cached(match.line_id)
            gender = next((tag for tag in parsed["parts"][0]["de"][match.item]["tags"] if tag in ("m", "f", "n")), None)
            if gender:
                found.append((gender, self._plural_of(parsed, match)))
        # A line that gives the plural beats one that does not.
        return max(found, key=lambda grammar: bool(grammar[1]), default=None)

    def _plural_of(self, parsed: dict, match: _Match) -> str:
        if parsed["form_end"] < 2 or not is_plural_part(parsed["parts"][1]["de"]):
            return ""
        plural = aligned_form(parsed["parts"][1]["de"], parsed["parts"][0]["de"], match.item)
        return plural["text"] if plural else ""

    def _resolve(self, word: str, limit: int) -> _Resolution:
        direct = self._matches(word)
        found = self._resolve_known(word, direct, limit)
        # Case tells nouns from other words: "Kreisen" is Kreis before the verb
        # kreisen, "brachen" is brechen before the noun Brache.
        capitalised = word[:1].isupper()
        case_mismatch = found is not None and not any(m.form[:1].isupper() == capitalised for m in found.matches)
        if found and not case_mismatch:
            return found
        by_lemma = self._resolve_lemma(word, limit, nouns=capitalised if case_mismatch else None)
        if by_lemma:
            self._combine(by_lemma, found.matches if found else direct, limit, before=not case_mismatch)
            return by_lemma
        return found or self._resolve_subentry_lemma(word, limit) or self._resolve_compound(word, direct, limit)

    def _resolve_subentry_lemma(self, word: str, limit: int) -> _Resolution | None:
        """An inflected compound that Ding lists only inside another entry, found before splitting:
        "Hilfskonvois" is the plural of Hilfskonvoi {m}, an example under Konvoi."""
        for candidate in lemma_candidates(word):
            matches = [m for m in self._matches(candidate) if m.role == ROLE_SUBENTRY and m.exactness == 0 and m.tagged]
            if matches:
                return self._resolution(word, candidate, matches, limit)
        return None

    def _resolve_lemma(self, word: str, limit: int, nouns: bool | None) -> _Resolution | None:
        """Entries of word's first lemma candidate that has some; nouns=True/False restricts them."""
        for candidate in lemma_candidates(word):
            matches = [m for m in self._matches(candidate) if m.role < ROLE_SUBENTRY]
            if nouns is not None:
                matches = [m for m in matches if m.form[:1].isupper() == nouns]
            found = self._resolve_known(candidate, matches, limit, original=word)
            if found:
                found.lookup.lemma = found.lookup.lemma or candidate
                return found
        return None

    def _resolve_known(self, word: str, matches: list[_Match], limit: int, original: str | None = None) -> _Resolution | None:
        """Answer from matches if word is a headword or a listed form of one."""
        query = original or word
        if any(m.role == ROLE_HEADWORD for m in matches):
            resolution = self._resolution(query, None, matches, limit)
            top = resolution.matches[0]
            if top.role == ROLE_FORM:
                resolution.slot = top.part
                resolution.plural = is_plural_part(self._line_cached(top.line_id)["parts"][top.part]["de"])
            else:
                resolution.plural = original is not None and any(self._is_plural_of(original, m) for m in resolution.matches)
            return resolution
        forms = [m for m in matches if m.role == ROLE_FORM]
        if not forms:
            return None
        lemma = forms[0].lemma
        lemma_matches = [m for m in self._matches(lemma) if m.role == ROLE_HEADWORD]
        resolution = self._resolution(query, lemma, lemma_matches + matches, limit)
        resolution.slot = forms[0].part
        resolution.plural = is_plural_part(self._line_cached(forms[0].line_id)["parts"][forms[0].part]["de"])
        return resolution

    def _resolution(self, query: str, lemma: str | None, matches: list[_Match], limit: int) -> _Resolution:
        matches = _unique(matches)[:limit]
        entries = [entry_for(self._line_cached(m.line_id), m) for m in matches]
        return _Resolution(Lookup(query, lemma, [], entries), matches)

    def _combine(self, resolution: _Resolution, others: list[_Match], limit: int, before: bool) -> None:
        """Add matches found another way, before (exact sub-entries) or after the resolution's."""
        combined = others + resolution.matches if before else resolution.matches + others
        resolution.matches = _unique(combined)[:limit]
        resolution.lookup.entries = [entry_for(self._line_cached(m.line_id), m) for m in resolution.matches]

    def _is_plural_of(self, word: str, match: _Match) -> bool:
        """Whether word is the (dative) plural Ding lists for the matched headword."""
        parsed = self._line_cached(match.line_id)
        if match.role != ROLE_HEADWORD or parsed["form_end"] < 2 or not is_plural_part(parsed["parts"][1]["de"]):
            return False
        plural = aligned_form(parsed["parts"][1]["de"], parsed["parts"][0]["de"], match.item)
        return plural is not None and lookup_key(word) in {lookup_key(plural["text"]), lookup_key(plural["text"]) + "n"}

    def _resolve_compound(self, word: str, direct: list[_Match], limit: int) -> _Resolution:
        split = compounds.split(self, word)
        if split is None:
            return self._resolution(word, None, direct, limit)
        parts, modifiers, head_lemma, head_surface = split
        head = [m for m in self._matches(head_lemma) if m.role == ROLE_HEADWORD]
        modifier_tops = [self.top_headword(modifier) for modifier in modifiers]
        ordered = direct + head[:1] + [m for m in modifier_tops if m] + head[1:]
        resolution = self._resolution(word, None, ordered, limit)
        resolution.lookup.parts = parts
        resolution.modifiers, resolution.head_surface = modifiers, head_surface
        return resolution

    def verb_headword(self, particle: str, infinitive: str) -> str | None:
        """The headword of a particle verb written together or apart ("zustande kommen"), if Ding has it."""
        for candidate in (particle + infinitive, f"{particle} {infinitive}"):
            if any(m.role == ROLE_HEADWORD and m.form.islower() and m.exactness < 2 for m in self._matches(candidate)):
                return candidate
        return None

    def top_headword(self, word: str) -> _Match | None:
        matches = [m for m in self._matches(word) if m.role < ROLE_SUBENTRY]
        return matches[0] if matches else None

    def _compute_gloss(self, word: str, lemma: str | None) -> str | None:
        table = FUNCTION_WORD_GLOSSES.get(word) or FUNCTION_WORD_GLOSSES.get(word.lower())
        if table:
            return table
        if lemma:
            # The form's own English where Ding lists it for the tagger's lemma ("wies zurück" → rejected),
            # else the lemma's: "sagte" is a form of sagen, not of sägen. A preferred sense in the
            # lemma's base form beats another sense in the right tense.
            form, prefer = self._form_gloss(word, lemma), preferred_senses(lemma)
            if form and (not prefer or is_preferred(form, prefer)):
                return form
            base = self.gloss(lemma)
            return base if base and (not form or is_preferred(base, prefer)) else form
        resolution = self._resolve(word, limit=GLOSS_LINES)
        if resolution.lookup.parts:
            return self._compound_gloss(resolution)
        prefer = _preferences(word, resolution)
        if prefer:   # the preferred sense may stand in a later line ("vorwerfen" as a synonym of "bezichtigen")
            resolution = self._resolve(word, limit=PREFERRED_LINES)
        scored = [(cost + LINE_RANK_COST * rank + self._line_cost(match), text)
                  for rank, match in enumerate(resolution.matches)
                  for cost, text in [self._gloss_of_match(match, resolution, prefer)] if text]
        return min(scored)[1] if scored else None

    def sense(self, lemma: str, wanted_class: str | None = None, clause: Iterable[str] = (),
              reflexive: bool = False) -> str | None:
        """The English base form of lemma's sense that fits its sentence: its word class ("number":
        sieben → seven), a reflexive or a governed preposition its headword asks for ("mit etw.
        rechnen" when "damit" stands in the clause), the news' subjects before specialist ones,
        news-senses.tsv, Ding's order and English frequency. None when Ding has no headword."""
        lemma = lemma.strip()
        if not lemma or len(lemma) > MAX_QUERY_LENGTH:
            return None
        words, prefer = frozenset(word.lower() for word in clause), preferred_senses(lemma)
        lines = self._headword_senses(lemma, prefer)
        if prefer and lines and not any(is_preferred(sense.rendering, prefer[:1]) for sense in lines):
            return prefer[0]   # the news' first sense, which Ding lacks: "teilte mit" said, not "informed of"
        scored = [(sense.cost + LINE_RANK_COST * rank + context_cost(sense, wanted_class, words, reflexive),
                   sense.rendering) for rank, sense in enumerate(lines)]
        return min(scored)[1] if scored else self.gloss(lemma)

    @lru_cache(maxsize=8192)
    @lru_cache(maxsize=8192)
    def governed(self, lemma: str, preposition: str, reflexive: bool = False) -> str | None:
        """The English of a verb with the preposition it governs, where Ding heads a line with both
        ("an jdn./etw. denken" → think about, "sich an jdn./etw. erinnern" → remember, "für etw.
        sorgen" → take care of), in base form; None where Ding has none. A reflexive line only
        with `reflexive` (a "sich" in the clause), and the other way round."""
        start = f"sich {preposition}" if reflexive else preposition
        keys = [f"{start} {objects} {lemma}".lower() for objects in GOVERNED_OBJECTS]
        rows = self._connection().execute(
            f"SELECT line_id, item FROM forms WHERE role = ? AND key IN ({','.join('?' * len(keys))}) ORDER BY commonness DESC, line_id",
            (ROLE_HEADWORD, *keys)).fetchall()
        prefer = preferred_senses(lemma)
        scored = []
        for rank, (line_id, item) in enumerate(dict.fromkeys(rows)):
            parsed = self._line_cached(line_id)
            headwords = parsed["parts"][0]["de"]
            if item > 0 or demoted_cost(headwords[item]["labels"]) or any("(" in other["raw"] for other in headwords):
                continue   # another verb's sense, rare, or narrowed: "auf jdn. warten; jdm. bevorstehen (Sache)"
            cost, text = scored_rendering(senses(parsed["parts"][0]["en"]), prefer)
            if text:
                scored.append((cost + LINE_RANK_COST * rank, text))
        return min(scored)[1] if scored else None

    def _headword_senses(self, lemma: str, prefer: tuple[str, ...]) -> tuple[HeadwordSense, ...]:
        """The lines lemma heads, in Ding's rank, as the choice in context weighs them."""
        found = []
        for match in _unique([m for m in self._matches(lemma) if m.role == ROLE_HEADWORD and m.exactness < 2]):
            parsed = self._line_cached(match.line_id)
            headwords = parsed["parts"][0]["de"]
            item = headwords[match.item]
            cost, text = scored_rendering(senses(parsed["parts"][0]["en"]), prefer, lemma)
            if text:
                examples = " ".join(i["text"] for part in parsed["parts"][parsed["form_end"]:] for i in part["de"])
                found.append(HeadwordSense(
                    _HEADWORD_WORDS.sub(" ", item["raw"]),
                    tuple(item["tags"] or [tag for other in headwords for tag in other["tags"]]),
                    tuple(dict.fromkeys(item["labels"] + headwords[-1]["labels"])),
                    cost + self._line_cost(match), text,
                    content_stems(examples) - {stem(lemma)}))
        return tuple(found[:PREFERRED_LINES])

    def _form_gloss(self, word: str, lemma: str) -> str | None:
        """The English of an inflected form of lemma that Ding lists ("brachen ab" as "brach ab": broke off)."""
        for candidate in _finite_candidates(word):
            matches = [m for m in self._matches(candidate)
                       if m.role == ROLE_FORM and m.exactness < 2 and lookup_key(m.lemma) == lookup_key(lemma)]
            prefer = preferred_senses(lemma)
            scored = [(cost + LINE_RANK_COST * rank, text) for rank, match in enumerate(matches)
                      for cost, text in [scored_rendering(split_top_level(
                          self._line_cached(match.line_id)["parts"][match.part]["en"]), prefer)] if text]
            if scored:
                return _PRONOUN.sub("", min(scored)[1])
        return None

    def _gloss_of_match(self, match: _Match, resolution: _Resolution,
                        prefer: tuple[str, ...]) -> tuple[float, str | None]:
        """Gloss from one entry, in the query's inflection where Ding gives it, with its cost."""
        parsed = self._line_cached(match.line_id)
        parts, form_end = parsed["parts"], parsed["form_end"]
        if match.role == ROLE_SUBENTRY and match.part > 0:
            return scored_rendering(split_top_level(parts[match.part]["en"]), prefer)
        has_plural = form_end > 1 and is_plural_part(parts[1]["de"])
        if resolution.plural and has_plural:
            return scored_rendering(split_top_level(parts[1]["en"]), prefer)
        if not resolution.plural and 0 < resolution.slot < form_end and not has_plural:
            return scored_rendering(split_top_level(parts[resolution.slot]["en"]), prefer)
        cost, text = scored_rendering(senses(parts[0]["en"]), prefer)
        return cost, pluralize(text) if text and resolution.plural else text

    def _line_cost(self, match: _Match) -> float:
        """A headword Ding labels dated, rare or slang ("Mensch {m} [ugs.]") is a last resort for a gloss."""
        item = self._line_cached(match.line_id)["parts"][0]["de"][match.item] if match.role < ROLE_SUBENTRY else None
        return demoted_cost(item["labels"]) if item else 0.0

    def _compound_gloss(self, resolution: _Resolution) -> str | None:
        head = self.gloss(resolution.head_surface or "")
        if head is None:
            return None
        # Ding's prefix entries say what a modifier means in compounds ("Bundes…": federal, not
        # waistband); an unknown modifier of a hyphenated compound is usually a name or acronym ("UN").
        modifiers = [self._prefix_gloss(prefix) or self.gloss(modifier) or modifier
                     for modifier, prefix in zip(resolution.modifiers, _modifier_prefixes(resolution.lookup.parts))]
        return " ".join(modifiers + [head])

    def _prefix_gloss(self, prefix: str) -> str | None:
        matches = [m for m in self._matches(prefix + "…") if m.role == ROLE_HEADWORD and m.exactness < 2]
        return best_rendering(senses(self._line_cached(matches[0].line_id)["parts"][0]["en"])) if matches else None


def _preferences(word: str, resolution: _Resolution) -> tuple[str, ...]:
    """The preferred senses (news-senses.tsv) of the word, its lemma or the headword it is a form of."""
    lemmas = [word, resolution.lookup.lemma, *(match.lemma for match in resolution.matches[:1])]
    return next((senses for senses in map(preferred_senses, lemmas) if senses), ())


def _finite_candidates(word: str) -> list[str]:
    """A finite verb and the forms Ding lists for it: "lehnten ab" is found as "lehnte ab", "brachen" as "brach"."""
    verb, _, rest = word.partition(" ")
    stems = [verb] + [verb[:-len(ending)] for ending in ("n", "en") if verb.endswith(ending) and len(verb) > 4]
    return [" ".join(filter(None, (stem, rest))) for stem in stems]


def _modifier_prefixes(parts: list[str]) -> list[str]:
    """Each modifier of a split compound with its linking element: ["Bund", "es", "Minister"] → ["Bundes"]."""
    prefixes: list[str] = []
    for piece in parts[:-1]:
        if prefixes and piece in LINKING_ELEMENTS:
            prefixes[-1] += piece
        else:
            prefixes.append(piece)
    return prefixes


def _unique(matches: list[_Match]) -> list[_Match]:
    """Drop repeated (line, headword) pairs: a line answers once per headword."""
    seen, unique = set(), []
    for match in matches:
        identity = (match.line_id, match.item if match.role != ROLE_SUBENTRY else (match.part, match.item))
        if identity not in seen:
            seen.add(identity)
            unique.append(match)
    return unique


def _validated(word: str) -> str:
    word = word.strip()
    if not word:
        raise ValueError("empty dictionary query")
    if len(word) > MAX_QUERY_LENGTH:
        raise ValueError(f"dictionary query longer than {MAX_QUERY_LENGTH} characters")
    return word
