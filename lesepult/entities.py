"""Named entities of a document: people, places and organisations.

German capitalises every noun, so capitalisation alone says little. Two
sources of evidence are used instead:

* a curated list (`data/entities.tsv`: name, kind, |-separated aliases) of
  countries, cities, organisations, news agencies and politicians in the news;
* a person heuristic: a known first name (the curated ones, and gender-guesser's
  dictionary of 45,000) followed by one or two capitalised words ("Staffan de
  Mistura", "Recep Tayyip Erdogan", "Hubertus Heil"). The last word is taken as
  the surname, and later mentions of the surname alone count for that person.

A trailing genitive -s ("Aleppos", "Lawrows") maps to the base name when the
base is known. An optional glossary lends its inflection-aware matching
("Vereinten Nationen" as the term "Vereinte Nationen") and keeps its common
nouns from being taken for surnames.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import simplemma
from wordfreq import zipf_frequency

from .documents import Paragraph
from .segment import MONTHS
from .text import TOKEN

ENTITIES_PATH = Path(__file__).parent / "data" / "entities.tsv"
KINDS = frozenset({"person", "place", "organisation"})

ARABIC_ARTICLE = re.compile(r"(?:al|el|as|ad|ar|an|at|asch)-[A-ZÄÖÜ]")
PARTICLES = frozenset("de da di del della dos du van von der den ter la le bin ben ibn zu".split())
FIRST_NAMES = frozenset("""
    Abdullah Abu Ahmed Ahmad Alexander Alexej Alexis Ali Alice Andrea Andreas Andrzej Angela Anna Annalena
    Anne Annegret Antonio António Armin Barack Baschar Bashar Benjamin Bernd Bill Boris Boyko Carlos Carl
    Catherine Charles Christian Christine Christoph Claudia Dan Daniel David Dmitri Dmitrij Donald Edward
    Elisabeth Elizabeth Emmanuel Emine Enrique Erich Ernst Federica Felix Francesco Franco François Francois
    Frank Frank-Walter Franz Friedrich Fritz Gabriel George Georg Gerhard Giorgia Giuseppe Gordon Gregor
    Günther Hamid Hans Hassan Heiko Heinrich Heinz Helmut Hillary Horst Hosni Hussein Ibrahim Igor Ilham
    Irina Ivan Iwan Jacques Jacob James Jan Janet Jean Jean-Claude Jean-Marc Jean-Yves Jeremy Jens Jim
    Joachim Joe Johann Johannes John Jonas Jose José Joseph Josef Julia Julian Jürgen Karl Katarina Katrin
    Kim Klaus Kristalina Lars Laurent Lech Leonid Lindsey Ludwig Luigi Luis Manfred Manuel Marco Maria
    Marine Mario Mark Markus Martin Matteo Matthias Michael Michail Michel Mike Mohammed Mohammad Mohamed
    Muhammad Nancy Nicolas Nikolai Nikola Norbert Olaf Olga Oskar Pablo Paolo Paul Pedro Peter Petro Philipp
    Pierre Rainer Ramsan Recep Rex Richard Robert Roberto Rodrigo Ronald Rudolf Saad Salman Sebastian Sergej
    Sergei Sergey Sigmar Silvio Staffan Stefan Stephan Steffen Susanne Theresa Thomas Tony Ursula Viktor
    Vladimir Walter Werner Wilhelm William Wladimir Wolfgang Wolodymyr Xi Yasser Yulia Julija Joschka Rex
    Mahmud Mahmoud Nuri Raul Raúl Hugo Evo Jair Narendra Shinzo Moon Ban Tayyip Benjamin Ehud Ariel Schimon
    Ayman Osama Abdel Abdelfattah Baschir Omar Hafis Bouthaina Walid Adel Saleh Mustafa Kemal Ahmet Binali
    Mevlüt Hulusi Sahra Alice Cem Robert Ralf Annette Norbert Horst Kristina Gesine Renate Andrea Volker
""".split())


@dataclass
class Entity:
    name: str
    kind: str                                   # "person" | "place" | "organisation"
    occurrences: list[tuple[int, int]] = field(default_factory=list)   # (paragraph index, sentence index)
    english: str | None = None                  # the name in English where the app knows it ("Syria")


@dataclass(frozen=True)
class Known:
    name: str
    kind: str


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A name in a sentence: the entity it names, and where it stands (character offsets)."""
    name: str
    kind: str
    place: tuple[int, int]
    start: int
    end: int


# ---------------------------------------------------------------- the curated list

def load_entities(path: Path = ENTITIES_PATH) -> dict[tuple[str, ...], Known]:
    """Every name and alias as a tuple of words, mapped to its entity; a bad row raises ValueError."""
    table: dict[tuple[str, ...], Known] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not cells[0].strip() or cells[1] not in KINDS:
            raise ValueError(f"{path}: line {number}: expected name, kind (person|place|organisation), aliases")
        known = Known(cells[0].strip(), cells[1])
        for alias in [known.name, *cells[2].split("|")]:
            words = tuple(TOKEN.findall(alias))
            if words:
                table[words] = known
    return table


@lru_cache(maxsize=1)
def _curated() -> dict[tuple[str, ...], Known]:
    return load_entities()


def _lookup(table: dict[tuple[str, ...], Known], words: tuple[str, ...]) -> Known | None:
    """The entity for these words, allowing a genitive -s on the last one."""
    known = table.get(words)
    last = words[-1]
    if known is None and last.endswith("s") and len(last) > 3:
        known = table.get((*words[:-1], last[:-1]))
    return known


# ---------------------------------------------------------------- finding

def find_entities(paragraphs: Iterable[Paragraph], glossary=None,
                  place_name: Callable[[str], str | None] | None = None) -> list[Entity]:
    """People, places and organisations named in these paragraphs, most frequently mentioned first.

    A sentence's glossary occurrences are taken from `sentence.occurrences`
    when the reader model has found them already, else found here. With a
    `place_name` (the dictionary's gazetteer), a capitalised word no other
    rule claimed is a place when the gazetteer knows it ("Thüringen", "Erfurt").
    """
    table = _curated()
    mentions: list[Mention] = []
    leftovers: list[tuple[_Token, tuple[int, int]]] = []   # capitalised words no rule claimed yet
    for paragraph in paragraphs:
        for index, sentence in enumerate(paragraph.sentences):
            place = (paragraph.index, index)
            occurrences = sentence.occurrences
            if occurrences is None:
                occurrences = glossary.find(sentence.de) if glossary is not None else []
            found, unclaimed = _scan_sentence(sentence.de, place, table, occurrences)
            mentions += found
            leftovers += [(token, place) for token in unclaimed]
    surnames = _surname_mentions(mentions, leftovers, table)
    mentions += surnames
    if place_name is not None:
        mentions += _gazetteer_mentions(leftovers, {(m.place, m.start) for m in surnames}, place_name)
    return _aggregate(mentions)


def _gazetteer_mentions(leftovers: list[tuple[_Token, tuple[int, int]]], claimed: set,
                        place_name: Callable[[str], str | None]) -> list[Mention]:
    """Places the curated list lacks, from the gazetteer; a genitive -s goes ("Thüringens" → Thüringen)."""
    found = []
    for token, place in leftovers:
        if (place, token.start) in claimed or not place_name(token.text):
            continue
        name = token.text[:-1] if token.text.endswith("s") and place_name(token.text[:-1]) else token.text
        found.append(Mention(name, "place", place, token.start, token.end))
    return found


def sentence_names(text: str, occurrences: Iterable = ()) -> list[Mention]:
    """The names in one sentence and where they stand, by the same rules as `find_entities`.

    Without the rest of the document a surname alone is found only through
    the curated list. The gloss keeps these names as written.
    """
    return _scan_sentence(text, (0, 0), _curated(), list(occurrences))[0]


def _scan_sentence(text: str, place: tuple[int, int], table: dict,
                   occurrences: list) -> tuple[list[Mention], list[_Token]]:
    tokens = [_Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    common_terms, mentions = _glossary_evidence(place, table, occurrences)
    claimed = {i for i, token in enumerate(tokens) if any(o.start <= token.start < o.end for o in common_terms)}
    unclaimed = []
    i = 0
    while i < len(tokens):
        length, mention = _match_known(tokens, i, table, place) or _match_person(tokens, i, table, place, claimed)
        if mention:
            mentions.append(mention)
        else:
            part_mentions = _hyphen_part_mentions(tokens[i], table, place)
            mentions += part_mentions
            if not part_mentions and _name_like(tokens[i].text) and i not in claimed:
                unclaimed.append(tokens[i])
        i += length
    return mentions, unclaimed


def _glossary_evidence(place: tuple[int, int], table: dict, occurrences: list):
    """The glossary's common-noun occurrences, and mentions of curated names among its terms."""
    common_terms, mentions = [], []
    for occurrence in occurrences:
        known = table.get(tuple(TOKEN.findall(occurrence.term.de)))
        if known is None:
            common_terms.append(occurrence)
        else:  # the glossary knows inflections the aliases may not list ("Vereinten Nationen")
            mentions.append(Mention(known.name, known.kind, place, occurrence.start, occurrence.end))
    return common_terms, mentions


def _match_known(tokens: list[_Token], i: int, table: dict, place: tuple[int, int]):
    for length in range(min(4, len(tokens) - i), 0, -1):
        if length > 1 and not _adjacent(tokens[i:i + length]):
            continue
        known = _lookup(table, tuple(token.text for token in tokens[i:i + length]))
        if known:
            return length, Mention(known.name, known.kind, place, tokens[i].start, tokens[i + length - 1].end)
    return None


def _match_person(tokens: list[_Token], i: int, table: dict, place: tuple[int, int], claimed: set[int]):
    """A known first name, then particles and a surname, or one or two capitalised words."""
    if not _is_first_name(tokens[i].text):
        return 1, None
    end = i + 1
    while end < len(tokens) and tokens[end].text in PARTICLES and _adjacent(tokens[end - 1:end + 1]):
        end += 1
    limit = end + 1 if end > i + 1 else end + 2   # after particles only the surname follows
    while end < limit and end < len(tokens) and _adjacent(tokens[end - 1:end + 1]) \
            and end not in claimed and _is_surname(tokens[end].text, table, first=end == i + 1):
        end += 1
    if not _surname_present(tokens[i + 1:end]):
        return 1, None
    words = [token.text for token in tokens[i:end]]
    return end - i, Mention(" ".join(words), "person", place, tokens[i].start, tokens[end - 1].end)


def _surname_present(tokens: list[_Token]) -> bool:
    return bool(tokens) and tokens[-1].text not in PARTICLES


def _is_first_name(word: str) -> bool:
    parts = word.split("-")   # "Frank-Walter", "Klaus-Dieter"; not "Nato-Generalsekretär"
    return word[:1].isupper() and (word in FIRST_NAMES or parts[0] in FIRST_NAMES or
                                   all(part[:1].isupper() and _in_name_dictionary(part) for part in parts))


# Above this Zipf frequency in German a word is an everyday one before it is a name: "Im", "Sommer", "Wolf".
EVERYDAY_ZIPF = 4.5


def _in_name_dictionary(word: str) -> bool:
    """Whether gender-guesser's name dictionary has the word as a first name, clearly one person's, and
    German does not use it every day as something else (a month: "August"; "Im" is a Korean name too)."""
    return word not in MONTHS and zipf_frequency(word, "de") < EVERYDAY_ZIPF and \
        _name_dictionary().get_gender(word) in ("male", "female", "andy")


@lru_cache(maxsize=1)
def _name_dictionary():
    import gender_guesser.detector   # 0.2 s to read its 45,000 names: only when a sentence asks

    return gender_guesser.detector.Detector(case_sensitive=True)


def _name_like(word: str) -> bool:
    return bool(word[:1].isupper() or ARABIC_ARTICLE.match(word))


def _is_surname(word: str, table: dict, first: bool) -> bool:
    if not _name_like(word) or word.isupper():
        return False
    if _lookup(table, (word,)) and _lookup(table, (word,)).kind != "person":
        return False
    # A second capitalised word is more often a noun ("John Kerry Gespräche") than a middle name.
    return first or not simplemma.is_known(word, lang="de")


def _adjacent(tokens: list[_Token]) -> bool:
    """Only whitespace between the words: a name does not run across a comma."""
    return all(nxt.start - prev.end == 1 for prev, nxt in zip(tokens, tokens[1:]))


def _hyphen_part_mentions(token: _Token, table: dict, place: tuple[int, int]) -> list[Mention]:
    """Names inside hyphenated compounds: "Syrien-Gespräche", "UN-Resolution"."""
    if "-" not in token.text:
        return []
    mentions, start = [], token.start
    for part in token.text.split("-"):
        known = table.get((part,))
        if known:
            mentions.append(Mention(known.name, known.kind, place, start, start + len(part)))
        start += len(part) + 1
    return mentions


def _surname_mentions(mentions: list[Mention], leftovers: list[tuple[_Token, tuple[int, int]]],
                      table: dict) -> list[Mention]:
    """Surnames alone ("Lawrow") of people found by the first-name heuristic."""
    surnames = {}
    for mention in mentions:
        words = mention.name.split()
        if mention.kind == "person" and len(words) > 1 and (words[-1],) not in table:
            surnames.setdefault(words[-1], mention.name)
    found = []
    for token, place in leftovers:
        word = token.text
        name = surnames.get(word) or (surnames.get(word[:-1]) if word.endswith("s") else None)
        if name:
            found.append(Mention(name, "person", place, token.start, token.end))
    return found


def _aggregate(mentions: list[Mention]) -> list[Entity]:
    by_name: dict[str, Entity] = {}
    for mention in mentions:
        name = _base_name(mention.name, mentions)
        entity = by_name.setdefault(name, Entity(name, mention.kind, []))
        if mention.place not in entity.occurrences:
            entity.occurrences.append(mention.place)
    order = {name: n for n, name in enumerate(by_name)}
    return sorted(by_name.values(), key=lambda entity: (-len(entity.occurrences), order[entity.name]))


def _base_name(name: str, mentions: list[Mention]) -> str:
    """Drop a genitive -s when the name without it is mentioned too ("Jean-Marc Ayraults")."""
    if name.endswith("s") and any(m.name == name[:-1] for m in mentions):
        return name[:-1]
    return name
