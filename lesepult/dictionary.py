"""German→English dictionary lookup over the Ding word list.

The Ding file (``German side :: English side``, one entry per line) is parsed
once into a SQLite index by :func:`build_index`.  Each line is stored parsed
(as JSON) together with a table of lookup keys: every German headword of the
main sense, the inflected forms listed after it (plurals, verb and adjective
forms) and the sub-entries that carry their own grammar tag in later parts.

:class:`Dictionary` answers a word in three steps, stopping at the first that
finds something: the word itself, its lemma (simplemma plus ending-stripping
fallbacks), and a compound split with linking elements (Fugenelemente).
It also gives a one-word English gloss for word-by-word glossing.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import simplemma

MAX_QUERY_LENGTH = 100
GLOSS_CACHE_SIZE = 50_000

# Roles of a lookup key within its Ding line, in ranking order.
ROLE_HEADWORD = 0  # a synonym of the main sense (first | part)
ROLE_FORM = 1  # a plural or inflected form of a headword (parts right after the first)
ROLE_SUBENTRY = 2  # a tagged word inside a later (example) part, e.g. "Wasserversorgung {f}"

LINKING_ELEMENTS = ("nen", "ens", "es", "en", "er", "s", "n", "e")
# Tried longest first so that "Luftangriffen" loses "en" before "n".
INFLECTION_ENDINGS = ("ern", "em", "en", "er", "es", "e", "n", "s")
MIN_COMPOUND_PART = 3
SQL_MAX_PARAMS = 900

TAGGED_PLURAL = 2  # value of forms.tagged for a plural-only headword

AUXILIARIES = {"hat", "hatte", "hat/hatte", "ist", "war", "ist/war", "wird", "wurde", "habe", "bin"}

_PRONOUN_PREFIX = re.compile(r"^(?:(?:ich|du|er|sie|es|wir|ihr|man)(?:/(?:ich|du|er|sie|es|wir|ihr))*\s+)")
# Object placeholders and articles in front of a headword: "etw. durchschalten", "die Menschen".
_HEADWORD_PREFIX = re.compile(r"^(?:(?:(?:jdn|jdm|jds|etw)\.(?:/(?:jdn|jdm|jds|etw)\.)*|sich|der|die|das|den|dem|des)\s+)+")
_ABBREVIATION = re.compile(r"(?:^|(?<=\s))/([^/\s][^/]*)/(?=\s|$)")
_ANNOTATION = re.compile(r"\([^()]*\)|\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>")
_TRAILING_COMMENT = re.compile(r"\s*\([^()]*\)\s*\([^()]*\)$")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?,:;\"„“]")
_SENTENCE_END = re.compile(r"[.!?]")
_PLACEHOLDER = re.compile(r"\b(?:sb|sth|jdn|jdm|jds|etw)\.(?:/(?:sb|sth)\.)?")

FUNCTION_WORD_GLOSSES: dict[str, str] = {
    # articles
    "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the", "des": "of the",
    "ein": "a", "eine": "a", "einen": "a", "einem": "a", "einer": "a", "eines": "of a",
    "kein": "no", "keine": "no", "keinen": "no", "keinem": "no", "keiner": "no one",
    # personal and reflexive pronouns
    "ich": "I", "du": "you", "er": "he", "sie": "she/they", "Sie": "you", "es": "it",
    "wir": "we", "ihr": "her/their", "mich": "me", "dich": "you", "sich": "oneself",
    "uns": "us", "euch": "you", "ihn": "him", "ihm": "him", "ihnen": "them", "Ihnen": "you",
    "mir": "me", "dir": "you", "man": "one",
    # possessives and demonstratives
    "mein": "my", "meine": "my", "dein": "your", "sein": "his/be", "seine": "his",
    "seinen": "his", "seinem": "his", "seiner": "his", "seines": "his", "ihre": "her/their",
    "ihren": "her/their", "ihrem": "her/their", "ihrer": "her/their", "unser": "our",
    "unsere": "our", "unseren": "our", "dieser": "this", "diese": "this", "dieses": "this",
    "diesen": "this", "diesem": "this", "jener": "that", "welche": "which", "welcher": "which",
    "alle": "all", "alles": "everything", "nichts": "nothing", "etwas": "something",
    "beide": "both", "beiden": "both", "andere": "other", "anderen": "other", "selbst": "self",
    # prepositions (and their contractions)
    "in": "in", "im": "in the", "ins": "into the", "an": "at", "am": "at the", "ans": "to the",
    "auf": "on", "aus": "from", "bei": "at", "beim": "at the", "mit": "with", "nach": "after/to",
    "von": "of/from", "vom": "from the", "zu": "to", "zum": "to the", "zur": "to the",
    "für": "for", "über": "about/over", "unter": "under", "vor": "before", "hinter": "behind",
    "neben": "beside", "zwischen": "between", "durch": "through", "gegen": "against",
    "ohne": "without", "um": "around", "bis": "until", "seit": "since", "wegen": "because of",
    "trotz": "despite", "während": "during", "laut": "according to", "zufolge": "according to",
    "gegenüber": "opposite", "hinsichtlich": "regarding", "innerhalb": "within",
    # conjunctions
    "und": "and", "oder": "or", "aber": "but", "denn": "because", "sondern": "but rather",
    "dass": "that", "ob": "whether", "weil": "because", "wenn": "if/when", "als": "as/than",
    "wie": "how/like", "da": "there/since", "doch": "yet", "sowie": "as well as",
    "falls": "in case", "obwohl": "although", "bevor": "before", "nachdem": "after",
    "damit": "so that", "sodass": "so that", "sowohl": "both",
    # adverbs and particles
    "nicht": "not", "auch": "also", "noch": "still", "schon": "already", "nur": "only",
    "sehr": "very", "so": "so", "dann": "then", "dort": "there", "hier": "here", "jetzt": "now",
    "nun": "now", "heute": "today", "wieder": "again", "immer": "always", "mehr": "more",
    "kaum": "hardly", "zudem": "moreover", "bereits": "already", "etwa": "about", "ja": "yes",
    "nein": "no", "sonst": "otherwise", "dabei": "in doing so", "dazu": "to that",
    "darauf": "on it", "daher": "therefore", "deshalb": "therefore", "also": "so",
    "sogar": "even", "ebenfalls": "likewise", "gerade": "just", "allerdings": "however",
    "jedoch": "however", "trotzdem": "nevertheless", "zusammen": "together",
    "miteinander": "with each other", "womit": "with which",
    # question words and relatives
    "was": "what", "wer": "who", "wo": "where", "wann": "when", "warum": "why", "wem": "whom",
    "wen": "whom", "dessen": "whose", "deren": "whose",
    # auxiliaries and modals
    "ist": "is", "sind": "are", "war": "was", "waren": "were", "sei": "be", "seien": "be",
    "wäre": "would be", "bin": "am", "bist": "are", "gewesen": "been", "wird": "will",
    "werden": "will/become", "wurde": "was", "wurden": "were", "würde": "would",
    "worden": "been", "werde": "will", "hat": "has", "haben": "have", "hatte": "had",
    "hatten": "had", "hätten": "would have", "hätte": "would have", "habe": "have",
    "kann": "can", "können": "can", "konnte": "could", "muss": "must", "müssen": "must",
    "soll": "shall", "sollte": "should", "sollen": "should", "will": "wants",
    "wollen": "want", "wollte": "wanted", "darf": "may", "dürfen": "may", "mag": "likes",
    "möchte": "would like",
    # small numbers
    "zwei": "two", "drei": "three", "vier": "four", "fünf": "five", "zehn": "ten",
}


class DictionaryMissing(FileNotFoundError):
    """The SQLite dictionary index does not exist or is not a dictionary index."""


@dataclass
class Entry:
    headword: str
    grammar: str
    senses: list[str]
    domains: list[str]
    examples: list[tuple[str, str]]
    synonyms: list[str]


@dataclass
class Lookup:
    query: str
    lemma: str | None
    parts: list[str]
    entries: list[Entry]


# --------------------------------------------------------------------------
# Normalisation


def lookup_key(text: str) -> str:
    """Case-insensitive key; casefold also turns ß into ss."""
    return " ".join(text.split()).casefold()


_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def folded_key(text: str) -> str:
    """Key without umlauts, so "Aussenminister" and "Muenchen" find their entries."""
    key = lookup_key(text).translate(_UMLAUTS)
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


# --------------------------------------------------------------------------
# Parsing one Ding line


def split_top_level(text: str, separator: str = ";") -> list[str]:
    """Split on separator outside (), {} and [] — "der {art} (des; dem; den)" stays whole."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == separator and depth == 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def clean_text(raw: str) -> str:
    """The bare word(s) of a Ding item, without annotations and abbreviations."""
    text, previous = raw, None
    while text != previous:  # nested comments need several passes
        previous, text = text, _ANNOTATION.sub(" ", text)
    text = _ABBREVIATION.sub(" ", text)
    return " ".join(text.split())


def parse_item(raw: str) -> dict:
    """One ;-separated German item: text, grammar tags, labels, abbreviations."""
    return {
        "text": clean_text(raw),
        "tags": re.findall(r"\{([^{}]*)\}", raw),
        "labels": re.findall(r"\[([^\[\]]*)\]", raw),
        "abbr": [a for a in _ABBREVIATION.findall(raw) if " " not in a],
        "raw": raw,
    }


def _is_plural_part(items: list[dict]) -> bool:
    return bool(items) and all("pl" in item["tags"] for item in items)


def _is_inflection_part(items: list[dict], english: str, headwords: list[dict]) -> bool:
    """Verb/adjective forms: "kündigend; gehend", "er/sie geht", "schließt ein", "am schwersten"."""
    if not items or english.startswith("to ") or _SENTENCE_END.search(clean_text(english)):
        return False
    return all(_is_inflected_form(item, headwords) for item in items)


def _is_inflected_form(item: dict, headwords: list[dict]) -> bool:
    words = _PRONOUN_PREFIX.sub("", item["text"]).split()
    if item["tags"] or not words or any(w[0].isupper() or _SENTENCE_PUNCTUATION.search(w) for w in words):
        return False
    if len(words) == 1:
        return True
    # Several words only as a superlative, a perfect tense or a separated verb prefix;
    # "zu groß", "zweimal so groß" are examples.
    separated_prefix = any(h["text"].startswith(words[-1]) and h["text"] != words[-1] for h in headwords)
    return len(words) <= 3 and (words[0] == "am" or words[0] in AUXILIARIES or separated_prefix)


def _form_run_end(parts: list[dict]) -> int:
    """Index of the first part after the headword's plural/inflection parts."""
    if len(parts) > 1 and _is_plural_part(parts[1]["de"]):
        return 2
    end = 1
    while end < len(parts) and end <= 8 and _is_inflection_part(parts[end]["de"], parts[end]["en"], parts[0]["de"]):
        end += 1
    return end


def parse_line(line: str) -> dict | None:
    """Parse `German | … :: English | …` into parallel parts; None for headers."""
    if line.startswith("#") or " :: " not in line:
        return None
    german, english = line.rstrip("\n").split(" :: ", 1)
    german_parts, english_parts = german.split(" | "), english.split(" | ")
    english_parts += [""] * (len(german_parts) - len(english_parts))
    parts = [
        {"de": [item for item in map(parse_item, split_top_level(de)) if item["text"]], "en": en.strip()}
        for de, en in zip(german_parts, english_parts)
    ]
    if not parts[0]["de"]:
        return None
    return {"parts": parts, "form_end": _form_run_end(parts)}


def stored_line(parsed: dict) -> str:
    """Compact JSON of a parsed line: raw items only, re-annotated on load by :func:`loaded_line`."""
    parts = [[[item["raw"] for item in part["de"]], part["en"]] for part in parsed["parts"]]
    return json.dumps([parsed["form_end"], parts], ensure_ascii=False, separators=(",", ":"))


def loaded_line(body: str) -> dict:
    form_end, parts = json.loads(body)
    return {"form_end": form_end, "parts": [{"de": [parse_item(raw) for raw in de], "en": en} for de, en in parts]}


def headword_variants(text: str) -> list[str]:
    """The item text plus the text without leading placeholders/articles."""
    stripped = _HEADWORD_PREFIX.sub("", _PRONOUN_PREFIX.sub("", text)).strip()
    return [variant for variant in dict.fromkeys([text, stripped]) if variant]


def _common_prefix_length(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a.casefold(), b.casefold()):
        if x != y:
            break
        length += 1
    return length


def align(items: list[dict], headwords: list[dict], index: int) -> int:
    """Which headword a form belongs to: same position, else the longest shared prefix."""
    if len(items) == len(headwords):
        return index
    text = items[index]["text"]
    scores = [_common_prefix_length(text, head["text"]) for head in headwords]
    return scores.index(max(scores))


def aligned_form(items: list[dict], headwords: list[dict], head_index: int) -> dict | None:
    """The item of a form part that belongs to headword head_index."""
    for index in range(len(items)):
        if align(items, headwords, index) == head_index:
            return items[index]
    return None


def index_rows(line_id: int, parsed: dict) -> list[tuple]:
    """Rows (key, fold, form, lemma, line_id, part, item, role, tagged, commonness) for one line."""
    parts, form_end = parsed["parts"], parsed["form_end"]
    headwords = parts[0]["de"]
    # Many example parts for few synonyms mark a word's common, central sense.
    commonness = len(parts) - len(headwords)
    rows = []

    def add(text: str, lemma: str, part: int, item: int, role: int) -> None:
        items = parts[part]["de"] if role == ROLE_SUBENTRY else headwords
        # A tag on the last synonym ("kündigen; …; gehen {vi}") covers the whole list.
        tags = items[item]["tags"] or items[-1]["tags"]
        tagged = TAGGED_PLURAL if tags == ["pl"] else int(bool(tags))
        for variant in headword_variants(text):
            rows.append((lookup_key(variant), folded_key(variant), variant, lemma, line_id, part, item, role, tagged, commonness))

    for index, head in enumerate(headwords):
        lemma = headword_variants(head["text"])[-1]
        add(head["text"], lemma, 0, index, ROLE_HEADWORD)
        for abbreviation in head["abbr"]:
            add(abbreviation, lemma, 0, index, ROLE_SUBENTRY)
    for part_index in range(1, form_end):
        items = parts[part_index]["de"]
        for index, item in enumerate(items):
            if "/" not in item["text"]:
                head_index = align(items, headwords, index)
                lemma = headword_variants(headwords[head_index]["text"])[-1]
                add(item["text"], lemma, part_index, head_index, ROLE_FORM)
    for part_index in range(form_end, len(parts)):
        for index, item in enumerate(parts[part_index]["de"]):
            if item["tags"]:
                add(item["text"], headword_variants(item["text"])[-1], part_index, index, ROLE_SUBENTRY)
    return rows


# --------------------------------------------------------------------------
# Building the index

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE lines (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE forms (
    key TEXT NOT NULL, fold TEXT NOT NULL, form TEXT NOT NULL, lemma TEXT NOT NULL,
    line_id INTEGER NOT NULL, part INTEGER NOT NULL, item INTEGER NOT NULL,
    role INTEGER NOT NULL, tagged INTEGER NOT NULL, commonness INTEGER NOT NULL
);
"""
INDEXES = """
CREATE INDEX forms_by_key ON forms (key);
CREATE INDEX forms_by_fold ON forms (fold);
"""


def read_ding_version(ding_path: Path) -> str:
    """The `# Version :: …` header of a Ding file ("devel 2023-01-30")."""
    with open(ding_path, encoding="utf-8") as ding:
        for line in ding:
            if not line.startswith("#"):
                break
            name, _, value = line[1:].partition("::")
            if name.strip().lower() == "version":
                return value.strip()
    return "unknown"


def _fill_index(connection: sqlite3.Connection, ding_path: Path) -> int:
    connection.executescript(SCHEMA)
    count = 0
    with open(ding_path, encoding="utf-8") as ding:
        for line in ding:
            parsed = parse_line(line)
            if parsed is None:
                continue
            count += 1
            connection.execute("INSERT INTO lines (id, body) VALUES (?, ?)", (count, stored_line(parsed)))
            connection.executemany("INSERT INTO forms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", index_rows(count, parsed))
    connection.executescript(INDEXES)
    meta = {"version": read_ding_version(ding_path), "entries": str(count), "source": ding_path.name}
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    return count


def build_index(ding_path: Path, db_path: Path) -> int:
    """Parse the Ding file into a SQLite index at db_path; returns the entry count.

    Builds into a temporary file beside db_path and renames it into place, so a
    reader never sees a half-built index and a rebuild simply replaces it.
    """
    ding_path, db_path = Path(ding_path), Path(db_path)
    if not ding_path.is_file():
        raise FileNotFoundError(f"Ding dictionary file not found: {ding_path}")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=db_path.parent, prefix=db_path.name, suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temp_name)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            with connection:
                count = _fill_index(connection, ding_path)
        finally:
            connection.close()
        os.chmod(temp_name, 0o644)  # mkstemp creates 0600; the web server must read it
        os.replace(temp_name, db_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count


def _is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(16) == b"SQLite format 3\x00"


def dictionary_version(ding_path_or_db: Path) -> str:
    """Version of a Ding file, or the version recorded in an index built from one."""
    path = Path(ding_path_or_db)
    if not _is_sqlite_file(path):
        return read_ding_version(path)
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT value FROM meta WHERE name = ?", ("version",)).fetchone()
    finally:
        connection.close()
    return row[0] if row else "unknown"


# --------------------------------------------------------------------------
# Turning stored lines into entries and glosses


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


def _line_labels(last_item: dict) -> list[str]:
    """Labels closing the last headword ("… (comment) [mil.]") apply to the whole line."""
    trailing = re.search(r"(?:\s*\[[^\[\]]*\])+\s*$", last_item["raw"])
    return re.findall(r"\[([^\[\]]*)\]", trailing.group(0)) if trailing else []


def _labels(items: list[dict]) -> list[str]:
    return list(dict.fromkeys(label for item in items for label in item["labels"]))


def _senses(english: str) -> list[str]:
    """English renderings of a part; a comment for the whole list is dropped from the last one."""
    senses = split_top_level(english)
    if senses and _TRAILING_COMMENT.search(senses[-1]):
        senses[-1] = senses[-1][: senses[-1].rindex("(")].strip()
    return senses


def _grammar(parsed: dict, head_index: int) -> str:
    parts, form_end = parsed["parts"], parsed["form_end"]
    headwords = parts[0]["de"]
    pieces = [" ".join("{%s}" % tag for tag in headwords[head_index]["tags"])]
    forms = [aligned_form(parts[p]["de"], headwords, head_index) for p in range(1, form_end)]
    forms = [form["raw"].strip() for form in forms if form]
    if forms and _is_plural_part(parts[1]["de"]):
        pieces.append("pl: " + clean_text(forms[0]))
    elif forms:
        pieces.append("forms: " + ", ".join(forms))
    return "; ".join(piece for piece in pieces if piece)


def entry_for(parsed: dict, match: _Match) -> Entry:
    """The reader-facing entry for a match: the main sense, or the sub-entry it names."""
    parts = parsed["parts"]
    if match.role == ROLE_SUBENTRY and match.part > 0:
        items = parts[match.part]["de"]
        item = items[match.item]
        return Entry(
            headword=item["text"],
            grammar=" ".join("{%s}" % tag for tag in item["tags"]),
            senses=_senses(parts[match.part]["en"]),
            domains=_labels(items),
            examples=[],
            synonyms=[other["text"] for other in items if other is not item],
        )
    headwords = parts[0]["de"]
    head = headwords[match.item]
    return Entry(
        headword=head["text"],
        grammar=_grammar(parsed, match.item),
        senses=_senses(parts[0]["en"]),
        domains=list(dict.fromkeys(head["labels"] + _line_labels(headwords[-1]))),
        examples=[(part["de_raw"], part["en"]) for part in _example_parts(parsed)],
        synonyms=[other["text"] for other in headwords if other is not head],
    )


def _example_parts(parsed: dict) -> list[dict]:
    return [
        {"de_raw": "; ".join(item["raw"] for item in part["de"]), "en": part["en"]}
        for part in parsed["parts"][parsed["form_end"]:]
    ]


def short_rendering(english_items: list[str]) -> str | None:
    """The best short gloss among English renderings: few words, unlabelled, closed spelling."""
    candidates = []
    for raw in english_items:
        text = clean_text(_PLACEHOLDER.sub(" ", raw))
        text = re.sub(r"^to\s+", "", re.sub(r"\s+/.*$", "", text))  # "government /Gov.; Govt./"
        if text and "…" not in text and "..." not in text:
            candidates.append((len(text.split()) > 2, "[" in raw, text))
    if not candidates:
        return None
    best = min(candidates, key=lambda candidate: candidate[:2])[2]
    closed = best.replace("-", "")
    # Ding often lists "cease-fire; ceasefire": the closed spelling reads better.
    return closed if any(text == closed for *_, text in candidates) else best


def english_plural(phrase: str) -> str:
    """Naive English plural of the last word, for plural nouns Ding gives no plural for."""
    if re.search(r"(s|x|z|ch|sh)$", phrase):
        return phrase + "es"
    if re.search(r"[^aeiou]y$", phrase):
        return phrase[:-1] + "ies"
    return phrase + "s"


# --------------------------------------------------------------------------
# The dictionary


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
        if not self.db_path.is_file() or not _is_sqlite_file(self.db_path):
            raise DictionaryMissing(
                f"Dictionary index not found at {self.db_path}; build it with `python -m lesepult index-dictionary`."
            )
        self._local = threading.local()
        try:
            self.version = self._meta("version")
        except sqlite3.DatabaseError as error:
            raise DictionaryMissing(f"{self.db_path} is not a dictionary index: {error}") from error
        self._gloss_cached = lru_cache(maxsize=GLOSS_CACHE_SIZE)(self._compute_gloss)
        self._line_cached = lru_cache(maxsize=4096)(self._load_line)

    # -- storage -----------------------------------------------------------

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

    def _known_keys(self, candidates: set[str]) -> dict[str, _Match]:
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

    # -- public API --------------------------------------------------------

    def lookup(self, word: str, limit: int = 8) -> Lookup:
        """Entries for word: itself, else its lemma, else its compound parts."""
        return self._resolve(_validated(word), limit).lookup

    def gloss(self, word: str) -> str | None:
        """One short English rendering of word, for a word-by-word gloss (cached)."""
        word = word.strip()
        if not word or len(word) > MAX_QUERY_LENGTH:
            return None
        return self._gloss_cached(word)

    def translations(self, word: str) -> list[str]:
        """All short English renderings of the main senses of word's entries."""
        resolution = self._resolve(_validated(word), limit=8)
        renderings = []
        for entry in resolution.lookup.entries:
            for sense in entry.senses:
                text = re.sub(r"^to\s+", "", clean_text(sense))
                if text:
                    renderings.append(text)
        return list(dict.fromkeys(renderings))

    # -- resolution --------------------------------------------------------

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
        return found or self._resolve_compound(word, direct, limit)

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
                resolution.plural = _is_plural_part(self._line_cached(top.line_id)["parts"][top.part]["de"])
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
        resolution.plural = _is_plural_part(self._line_cached(forms[0].line_id)["parts"][forms[0].part]["de"])
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
        if match.role != ROLE_HEADWORD or parsed["form_end"] < 2 or not _is_plural_part(parsed["parts"][1]["de"]):
            return False
        plural = aligned_form(parsed["parts"][1]["de"], parsed["parts"][0]["de"], match.item)
        return plural is not None and lookup_key(word) in {lookup_key(plural["text"]), lookup_key(plural["text"]) + "n"}

    def _resolve_compound(self, word: str, direct: list[_Match], limit: int) -> _Resolution:
        split = self._split(word)
        if split is None:
            return self._resolution(word, None, direct, limit)
        parts, modifiers, head_lemma, head_surface = split
        head = [m for m in self._matches(head_lemma) if m.role == ROLE_HEADWORD]
        modifier_tops = [self._top_headword(modifier) for modifier in modifiers]
        ordered = direct + head[:1] + [m for m in modifier_tops if m] + head[1:]
        resolution = self._resolution(word, None, ordered, limit)
        resolution.lookup.parts = parts
        resolution.modifiers, resolution.head_surface = modifiers, head_surface
        return resolution

    def _top_headword(self, word: str) -> _Match | None:
        matches = [m for m in self._matches(word) if m.role < ROLE_SUBENTRY]
        return matches[0] if matches else None

    # -- glossing ---------------------------------------------------------

    def _compute_gloss(self, word: str) -> str | None:
        table = FUNCTION_WORD_GLOSSES.get(word) or FUNCTION_WORD_GLOSSES.get(word.lower())
        if table:
            return table
        resolution = self._resolve(word, limit=4)
        if resolution.lookup.parts:
            return self._compound_gloss(resolution)
        for match in resolution.matches:
            text = self._gloss_of_match(match, resolution)
            if text:
                return text
        return None

    def _gloss_of_match(self, match: _Match, resolution: _Resolution) -> str | None:
        """Gloss from one entry, in the query's inflection where Ding gives it."""
        parsed = self._line_cached(match.line_id)
        parts, form_end = parsed["parts"], parsed["form_end"]
        if match.role == ROLE_SUBENTRY and match.part > 0:
            return short_rendering(split_top_level(parts[match.part]["en"]))
        has_plural = form_end > 1 and _is_plural_part(parts[1]["de"])
        if resolution.plural and has_plural:
            return short_rendering(split_top_level(parts[1]["en"]))
        if not resolution.plural and 0 < resolution.slot < form_end and not has_plural:
            return short_rendering(split_top_level(parts[resolution.slot]["en"]))
        text = short_rendering(_senses(parts[0]["en"]))
        return english_plural(text) if text and resolution.plural else text

    def _compound_gloss(self, resolution: _Resolution) -> str | None:
        head = self.gloss(resolution.head_surface or "")
        if head is None:
            return None
        # An unknown modifier of a hyphenated compound is usually a name or acronym ("UN").
        modifiers = [self.gloss(modifier) or modifier for modifier in resolution.modifiers]
        return " ".join(modifiers + [head])

    # -- compound splitting -----------------------------------------------

    def split_compound(self, word: str) -> list[str]:
        """The compound split shown to readers (["Resolution", "s", "Entwurf"]), [] if none.

        Unlike lookup, this splits words that are headwords themselves too.
        """
        split = self._split(_validated(word))
        return split[0] if split else []

    def _split(self, word: str) -> tuple[list[str], list[str], str, str] | None:
        """(parts, modifier headwords, head lemma, head surface) or None."""
        if "-" in word.strip("-"):
            return self._split_hyphenated(word)
        return self._split_closed(word)

    def _split_hyphenated(self, word: str) -> tuple[list[str], list[str], str, str] | None:
        segments = [segment for segment in word.split("-") if segment]
        head_surface = segments[-1]
        head_lemma = self._headword_of(head_surface)
        if head_lemma is None:
            closed = self._split_closed(head_surface)
            if closed is None:
                return None
            head_parts, head_modifiers, head_lemma, head_surface = closed
        else:
            head_parts, head_modifiers = [head_lemma], []
        modifiers = [self._headword_of(segment) or segment for segment in segments[:-1]]
        return modifiers + head_parts, modifiers + head_modifiers, head_lemma, head_surface

    def _headword_of(self, word: str) -> str | None:
        """The dictionary form of word, via the word itself, its listed forms or its lemma."""
        for candidate in [word, *lemma_candidates(word)]:
            match = self._top_headword(candidate)
            if match:
                return match.lemma if match.role == ROLE_FORM else match.form
        return None

    def _split_closed(self, word: str) -> tuple[list[str], list[str], str, str] | None:
        if len(word) < 2 * MIN_COMPOUND_PART:
            return None
        pieces = _modifier_pieces(word)
        heads = _head_pieces(word)
        known = self._known_keys({lookup_key(text) for text, *_ in pieces} | {lookup_key(text) for text, _ in heads})
        noun_head = word[:1].isupper()
        best_prefix = _segment_prefixes(word, pieces, known)
        best = None
        for head_text, start in heads:
            head = known.get(lookup_key(head_text))
            if head is None or start not in best_prefix or (noun_head and not head.form[:1].isupper()):
                continue
            modifiers = best_prefix[start]
            if len(modifiers) > 1 and any(len(modifier[0]) <= MIN_COMPOUND_PART for modifier in modifiers):
                continue  # three-letter pieces in long chains are mostly noise ("Sonde-Erg-…")
            score = (len(modifiers) + 1, sum(m[2] for m in modifiers), -(len(word) - start))
            if best is None or score < best[0]:
                best = (score, modifiers, head, word[start:])
        if best is None:
            return None
        _, modifiers, head, head_surface = best
        if noun_head:
            head_surface = head_surface[:1].upper() + head_surface[1:]
        head_lemma = head.lemma if head.role == ROLE_FORM else head.form
        parts = [piece for _, form, _, linker in modifiers for piece in (form, linker) if piece] + [head_lemma]
        return parts, [form for _, form, _, _ in modifiers], head_lemma, head_surface


def _segment_prefixes(word: str, pieces: list[tuple], known: dict[str, _Match]) -> dict[int, list[tuple]]:
    """For each end position, the best chain of known modifiers covering word[:end]."""
    best: dict[int, list[tuple]] = {0: []}
    for text, start, end, linker in sorted(pieces, key=lambda piece: (piece[1], piece[2])):
        match = known.get(lookup_key(text))
        if match is None or start not in best:
            continue
        chain = best[start] + [(text, match.form if match.role == ROLE_HEADWORD else text, match.rank_role(), linker)]
        current = best.get(end)
        if current is None or (len(chain), sum(c[2] for c in chain)) < (len(current), sum(c[2] for c in current)):
            best[end] = chain
    best.pop(0)  # an empty chain is no modifier
    return best


def _modifier_pieces(word: str) -> list[tuple[str, int, int, str]]:
    """(candidate headword, start, end, linking element) for every substring of word."""
    pieces = []
    for start in range(len(word)):
        for end in range(start + MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
            text = word[start:end]
            pieces.append((text, start, end, ""))
            pieces += [(text + restored, start, end, "") for restored in ("e", "en")]  # Schul-buch, Schreib-tisch
            pieces += [
                (text[: -len(linker)], start, end, linker)
                for linker in LINKING_ELEMENTS
                if text.endswith(linker) and len(text) - len(linker) >= MIN_COMPOUND_PART
            ]
    return pieces


def _head_pieces(word: str) -> list[tuple[str, int]]:
    """(candidate head, start) for every suffix of word, with lemmatised variants."""
    heads = []
    for start in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        surface = word[start:]
        if word[:1].isupper():
            surface = surface[:1].upper() + surface[1:]
        heads += [(text, start) for text in dict.fromkeys([surface, *lemma_candidates(surface)])]
    return heads


def lemma_candidates(word: str) -> list[str]:
    """Possible dictionary forms of an inflected word: simplemma's lemma, then ending strips."""
    candidates = [simplemma.lemmatize(word, lang="de")]
    candidates += [word[: -len(ending)] for ending in INFLECTION_ENDINGS if word.endswith(ending) and len(word) - len(ending) >= 3]
    return [candidate for candidate in dict.fromkeys(candidates) if candidate != word]


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
