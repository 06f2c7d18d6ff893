"""Full-text search over the stored documents, German and English side.

German sentences are indexed in two aligned columns of an FTS5 table:

* `folded`: every word lowercased and folded so that spelling variants meet
  (ä/ae→a, ö/oe→o, ü/ue→u, ß→ss, other diacritics dropped): "Aussenminister",
  "Außenminister" and "außenminister" are one word to the index.
* `lemmas`: the simplemma lemma of each word, folded the same way, so
  "Luftangriff" finds "Luftangriffen".

Both columns hold exactly one token per word of the sentence, in order, which
lets the matched positions reported by FTS5's highlight() be mapped back onto
the original sentence for marking. English translations from the cache are
indexed per engine key with the porter stemmer.

The FTS tables (in storage/schema.py) use external content (`search_de_rows`,
`search_en_rows`, keyed by sentences.id). German rows are written in the same
transaction as their sentences; triggers index each translation as the cache
stores it and remove a document's rows when its sentences are deleted, so a
query never has to bring the index up to date first.

User queries never reach MATCH as typed: they are cut into words, "quoted
phrases" and trailing-* prefixes, and rebuilt from double-quoted tokens that
contain letters and digits only.
"""
from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from .storage import transaction

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 20
MAX_MATCHES = 100_000        # sentences one search ranks and counts
LEMMA_WEIGHT = 0.6           # an exact (folded) form ranks above a lemma-only match
START, END = "\x02", "\x03"  # highlight() markers; control characters never shown to readers

WORD = re.compile(r"[^\W_]+")  # what unicode61 calls a token: letters and digits
UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))

@dataclass
class Hit:
    document_id: int
    document_title: str
    paragraph: int
    position: int        # the sentence's index within its paragraph
    de: str
    en: str | None
    de_marked: str       # HTML-escaped, matched words wrapped in <mark>
    en_marked: str | None


@dataclass(frozen=True)
class _Term:
    """One query term: a word, a hyphenated word or a quoted phrase."""
    words: tuple[str, ...]
    prefix: bool


# ---------------------------------------------------------------- folding

def fold(word: str) -> str:
    """The spelling-variant-free form of one word, used on index and query alike."""
    word = unicodedata.normalize("NFC", word).lower().translate(UMLAUTS)
    for digraph, vowel in DIGRAPHS:
        word = word.replace(digraph, vowel)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def lemma_key(word: str) -> str:
    """The folded lemma of a word; the word itself when the lemma is not a single token."""
    lemma = "".join(WORD.findall(fold(simplemma.lemmatize(word, lang="de"))))
    return lemma or fold(word)


def _words(text: str) -> list[re.Match]:
    return list(WORD.finditer(unicodedata.normalize("NFC", text)))


# ---------------------------------------------------------------- indexing

def index_columns(de: str) -> tuple[str, str]:
    """The folded and the lemma column of one sentence: CPU work, done before any write transaction."""
    words = [match.group() for match in _words(de)]
    return " ".join(fold(word) for word in words), " ".join(lemma_key(word) for word in words)


def insert_rows(db: sqlite3.Connection, document_id: int, rows: list[tuple[int, str, str]]) -> None:
    """Index sentences (id, folded, lemmas) of a document, with the English already cached for them.

    Called inside the transaction that stores the sentences, so a document is
    never stored without its search rows. English arriving later is indexed
    by the trigger on the translation cache (see storage/schema.py).
    """
    db.executemany("INSERT INTO search_de_rows (sentence_id, document_id, folded, lemmas) VALUES (?, ?, ?, ?)",
                   [(sentence_id, document_id, folded, lemmas) for sentence_id, folded, lemmas in rows])
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)
    db.execute("INSERT INTO search_en_rows (sentence_id, engine, version, en)"
               " SELECT s.id, t.engine, t.version, t.en FROM sentences s JOIN translations t ON t.de = s.de"
               " WHERE s.document_id = ? AND s.id BETWEEN ? AND ? ON CONFLICT DO NOTHING", (document_id, first, last))


def repair_index(db: sqlite3.Connection) -> list[int]:
    """Index every ready document that has sentences but no search rows; returns their ids.

    Databases from before the index was written with the sentences, or
    restored by hand, are repaired at start-up so search finds every document.
    """
    missing = [row[0] for row in db.execute(
        "SELECT id FROM documents d WHERE status = 'ready' AND EXISTS (SELECT 1 FROM sentences WHERE document_id = d.id)"
        " AND NOT EXISTS (SELECT 1 FROM search_de_rows WHERE document_id = d.id)")]
    for document_id in missing:
        sentences = db.execute("SELECT id, de FROM sentences WHERE document_id = ?", (document_id,)).fetchall()
        rows = [(sentence_id, *index_columns(de)) for sentence_id, de in sentences]
        with transaction(db):
            insert_rows(db, document_id, rows)
    return missing


# ---------------------------------------------------------------- queries

def parse_query(query: str) -> list[_Term]:
    """Words, "quoted phrases" and trailing-* prefixes; everything else is dropped."""
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"The search is too long: at most {MAX_QUERY_CHARS} characters.")
    terms: list[_Term] = []
    # Even-numbered pieces are outside quotes; an unclosed quote runs to the end.
    for index, piece in enumerate(query.split('"')):
        if index % 2:
            terms.append(_Term(tuple(WORD.findall(piece)), False))
        else:
            terms.extend(_Term(tuple(WORD.findall(chunk)), chunk.rstrip().endswith("*"))
                         for chunk in piece.split())
    terms = [term for term in terms if term.words][:MAX_QUERY_TERMS]
    if not terms:
        raise ValueError("Type at least one word to search for.")
    return terms


def _quoted(words: list[str], prefix: bool) -> str:
    # Words contain letters and digits only (WORD), so quoting them is safe.
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def _german_expression(term: _Term) -> str:
    folded = [fold(word) for word in term.words]
    if term.prefix:
        return "{folded lemmas} : " + _quoted(folded, True)
    lemmas = [lemma_key(word) for word in term.words]
    if len(folded) == 1:
        alternatives = dict.fromkeys([_quoted(folded, False), _quoted(lemmas, False)])
        return "{folded lemmas} : (" + " OR ".join(alternatives) + ")"
    return f"(folded : {_quoted(folded, False)} OR lemmas : {_quoted(lemmas, False)})"


def _english_expression(term: _Term) -> str:
    return _quoted([word.lower() for word in term.words], term.prefix)


def _all_of(terms: list[_Term], expression) -> str:
    return " AND ".join(expression(term) for term in terms)


def _any_of(terms: list[_Term], expression) -> str:
    return " OR ".join(f"({expression(term)})" for term in terms)


# ---------------------------------------------------------------- search

@dataclass
class Results:
    """One page of hits, and how many sentences match in all."""
    total: int
    hits: list[Hit]


def search(db: sqlite3.Connection, query: str, engine_key: tuple[str, str] | None = None,
           reader: int | None = None, limit: int = 50, offset: int = 0) -> list[Hit]:
    """Sentences matching every term, in German or in the engine's English, best first.

    With a `reader`, only documents that reader may read (their own and shared ones).
    """
    return search_page(db, query, engine_key, reader, limit, offset).hits


def search_page(db: sqlite3.Connection, query: str, engine_key: tuple[str, str] | None = None,
                reader: int | None = None, limit: int = 50, offset: int = 0) -> Results:
    """The hits from `offset` on (at most `limit`), best first, with the number of all matches
    (counted up to MAX_MATCHES, which bounds the work a very common word costs)."""
    terms = parse_query(query)
    scores = _german_scores(db, _all_of(terms, _german_expression), reader, MAX_MATCHES)
    if engine_key:
        for sentence_id, score in _english_scores(db, _all_of(terms, _english_expression), engine_key, reader,
                                                  MAX_MATCHES):
            scores[sentence_id] = min(score, scores.get(sentence_id, score))
    ranked = sorted(scores, key=lambda sentence_id: (scores[sentence_id], sentence_id))
    return Results(len(ranked), _hits(db, ranked[offset:offset + limit], terms, engine_key))


_READABLE = (" JOIN sentences s ON s.id = {column} JOIN documents d ON d.id = s.document_id"
             " WHERE d.status = 'ready' AND (? IS NULL OR d.owner_id = ? OR d.shared = 1)")


def _german_scores(db: sqlite3.Connection, expression: str, reader: int | None, limit: int) -> dict[int, float]:
    rows = db.execute(f"SELECT search_de.rowid, bm25(search_de, 1.0, {LEMMA_WEIGHT}) AS score FROM search_de"
                      + _READABLE.format(column="search_de.rowid") +
                      " AND search_de MATCH ? ORDER BY score LIMIT ?", (reader, reader, expression, limit))
    return {row[0]: row[1] for row in rows}


def _english_scores(db: sqlite3.Connection, expression: str, engine_key: tuple[str, str], reader: int | None,
                    limit: int) -> list[tuple[int, float]]:
    return db.execute(
        "SELECT e.sentence_id, bm25(search_en) AS score FROM search_en"
        " JOIN search_en_rows e ON e.id = search_en.rowid" + _READABLE.format(column="e.sentence_id") +
        " AND search_en MATCH ? AND e.engine = ? AND e.version = ? ORDER BY score LIMIT ?",
        (reader, reader, expression, *engine_key, limit)).fetchall()


def _hits(db: sqlite3.Connection, sentence_ids: list[int], terms: list[_Term],
          engine_key: tuple[str, str] | None) -> list[Hit]:
    if not sentence_ids:
        return []
    marks = ",".join("?" * len(sentence_ids))
    rows = {row["id"]: row for row in db.execute(
        "SELECT s.id, s.document_id, d.title, s.paragraph, s.position, s.de, t.en FROM sentences s"
        " JOIN documents d ON d.id = s.document_id"
        " LEFT JOIN translations t ON t.engine = ? AND t.version = ? AND t.de = s.de"
        f" WHERE s.id IN ({marks})", (*(engine_key or (None, None)), *sentence_ids))}
    german_marks = _german_marks(db, sentence_ids, terms)
    english_marks = _english_marks(db, sentence_ids, terms, engine_key) if engine_key else {}
    hits = []
    for sentence_id in sentence_ids:
        row = rows.get(sentence_id)
        if row is None:  # indexed but gone from sentences: never show it
            continue
        en = row["en"]
        hits.append(Hit(row["document_id"], row["title"], row["paragraph"], row["position"], row["de"], en,
                        _mark_words(row["de"], german_marks.get(sentence_id, set())),
                        None if en is None else english_marks.get(sentence_id) or html.escape(en)))
    return hits


# ---------------------------------------------------------------- marking

def _german_marks(db: sqlite3.Connection, sentence_ids: list[int], terms: list[_Term]) -> dict[int, set[int]]:
    """Indexes of the words in each sentence that match any query term."""
    marks = ",".join("?" * len(sentence_ids))
    rows = db.execute(
        f"SELECT rowid, highlight(search_de, 0, '{START}', '{END}'), highlight(search_de, 1, '{START}', '{END}')"
        f" FROM search_de WHERE search_de MATCH ? AND rowid IN ({marks})",
        (_any_of(terms, _german_expression), *sentence_ids))
    return {row[0]: _marked_positions(row[1]) | _marked_positions(row[2]) for row in rows}


def _marked_positions(highlighted: str) -> set[int]:
    """Word positions inside START…END in a column of space-separated words."""
    positions, inside = set(), False
    for index, word in enumerate(highlighted.split(" ")):
        if word.startswith(START):
            inside = True
        if inside:
            positions.add(index)
        if word.endswith(END):
            inside = False
    return positions


def _mark_words(text: str, positions: set[int]) -> str:
    text = unicodedata.normalize("NFC", text)
    parts, last = [], 0
    for index, match in enumerate(_words(text)):
        if index in positions:
            parts.append(html.escape(text[last:match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _english_marks(db: sqlite3.Connection, sentence_ids: list[int], terms: list[_Term],
                   engine_key: tuple[str, str]) -> dict[int, str]:
    marks = ",".join("?" * len(sentence_ids))
    rows = db.execute(
        f"SELECT e.sentence_id, e.en, highlight(search_en, 0, '{START}', '{END}') FROM search_en"
        " JOIN search_en_rows e ON e.id = search_en.rowid"
        f" WHERE search_en MATCH ? AND e.engine = ? AND e.version = ? AND e.sentence_id IN ({marks})",
        (_any_of(terms, _english_expression), *engine_key, *sentence_ids))
    return {sentence_id: _marked_html(en, highlighted) for sentence_id, en, highlighted in rows}


def _marked_html(original: str, highlighted: str) -> str:
    """Escape the highlighted text, turning the markers into <mark>; plain if the markers were ambiguous."""
    if highlighted.replace(START, "").replace(END, "") != original or START in original or END in original:
        return html.escape(original)
    escaped = html.escape(highlighted)
    return escaped.replace(START, "<mark>").replace(END, "</mark>")
