"""The one schema of the app's SQLite file, and the migrations that reach it.

A new database gets `SCHEMA` whole and `PRAGMA user_version = LATEST`. An
older one is brought forward one numbered step at a time, each step in its
own write transaction, so a database made by any earlier release upgrades in
place without losing documents, translations, terms or word marks. Version 0
is the unversioned schema the app wrote before migrations existed.

Everything written here is DDL; all other SQL in the project is
parameterised and lives beside the code that needs it.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

from ..text import words

LOCAL_READER = 1  # the reader on a learner's own machine: owns everything when accounts are off

SCHEMA = f"""
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT,                      -- NULL: cannot log in (the local reader)
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
INSERT INTO users (id, name, is_admin) VALUES ({LOCAL_READER}, 'local', 1);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    raw TEXT NOT NULL,                       -- what the reader gave us, so nothing is ever lost
    is_sample INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    -- No REFERENCES: SQLite cannot add such a column to an existing table, and a
    -- rebuild would cascade into the paragraphs; removing a reader deletes their documents.
    owner_id INTEGER NOT NULL DEFAULT {LOCAL_READER},
    shared INTEGER NOT NULL DEFAULT 0,       -- readable by every reader (the sample is)
    status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing', 'ready', 'failed')),
    error TEXT,                              -- why an import failed
    paragraph_count INTEGER NOT NULL DEFAULT 0,
    imported_paragraphs INTEGER NOT NULL DEFAULT 0,
    sentence_count INTEGER NOT NULL DEFAULT 0,
    word_count INTEGER NOT NULL DEFAULT 0,
    uid TEXT NOT NULL DEFAULT '',            -- new for every import: ids can be reused, caches key on both
    import_pid INTEGER                       -- the process importing it; a dead one left it unfinished
);
CREATE INDEX documents_by_owner ON documents (owner_id, id);
-- One sample, however many workers open the home page at once.
CREATE UNIQUE INDEX one_sample ON documents (is_sample) WHERE is_sample = 1;

CREATE TABLE paragraphs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    position INTEGER NOT NULL,
    de TEXT NOT NULL
);
CREATE INDEX sentences_in_order ON sentences (document_id, paragraph, position);

-- The translation cache: engine, model@version and the German sentence.
CREATE TABLE translations (
    engine TEXT NOT NULL,
    version TEXT NOT NULL,
    de TEXT NOT NULL,
    en TEXT NOT NULL,
    score REAL,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    alignment TEXT,                          -- JSON [[de start, de end, en start, en end], …] or NULL
    PRIMARY KEY (engine, version, de)
) WITHOUT ROWID;

-- Sentences an engine failed on after every retry: the library says so.
CREATE TABLE translation_failures (
    engine TEXT NOT NULL,
    version TEXT NOT NULL,
    de TEXT NOT NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    failed_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (engine, version, de)
) WITHOUT ROWID;

-- Documents waiting for the embedded translator (the app's own process or `python -m lesepult
-- translator`): the web workers add to it, the one translator takes from it.
CREATE TABLE translation_queue (
    document_id INTEGER PRIMARY KEY,
    queued_at TEXT NOT NULL DEFAULT (datetime('now'))
);

-- Sentence batches handed to Celery workers (lesepult/distributed): what was sent, and whether the
-- store worker has written its results. Resume re-sends only batches that are unsent or overdue.
CREATE TABLE translation_batches (
    id TEXT PRIMARY KEY,                     -- the Celery task id
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    engine TEXT NOT NULL,
    version TEXT NOT NULL,
    sentences TEXT NOT NULL,                 -- JSON array of the German sentences
    sent_at REAL,                            -- unix time of the last send; NULL: not handed to the broker yet
    sends INTEGER NOT NULL DEFAULT 0,
    done_at REAL                             -- unix time the store worker wrote the results; NULL: open
);
CREATE INDEX translation_batches_open ON translation_batches (document_id) WHERE done_at IS NULL;

CREATE TABLE user_terms (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL DEFAULT {LOCAL_READER} REFERENCES users(id) ON DELETE CASCADE,
    de TEXT NOT NULL,
    en TEXT NOT NULL,
    en_plural TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL DEFAULT '',
    pos TEXT NOT NULL DEFAULT 'noun',
    gender TEXT NOT NULL DEFAULT '',
    plural TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    UNIQUE (owner_id, de)
);

-- Known and learning words by lemma; "unknown" is the absence of a row.
CREATE TABLE word_status (
    owner_id INTEGER NOT NULL DEFAULT {LOCAL_READER} REFERENCES users(id) ON DELETE CASCADE,
    lemma TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('known', 'learning')),
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    level INTEGER CHECK (level BETWEEN 1 AND 5),   -- a learning word's level (LingQ/LUTE's 1–5); NULL when known
    PRIMARY KEY (owner_id, lemma)
) WITHOUT ROWID;

-- A reader's own English for one sentence of their document (lesepult/memory.py), keyed to the sentence,
-- not to the translation cache: a new model, gloss or glossary never touches it. The owner's translation
-- memory: the same German (memory_key: whitespace and quotes normalised) in their other documents reuses it.
CREATE TABLE sentence_edits (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    position INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,               -- the document's owner, the only reader who edits it
    memory_key TEXT NOT NULL,
    de TEXT NOT NULL,
    en TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    PRIMARY KEY (document_id, paragraph, position)
) WITHOUT ROWID;
CREATE INDEX sentence_edits_memory ON sentence_edits (owner_id, memory_key, updated_at);

-- A saved word's review card (lesepult/review.py): where it was met, what it means, and its
-- FSRS scheduling state. Kept when the word stops being learning, so marking it again resumes it.
CREATE TABLE review_cards (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL DEFAULT {LOCAL_READER} REFERENCES users(id) ON DELETE CASCADE,
    lemma TEXT NOT NULL,
    word TEXT NOT NULL DEFAULT '',           -- the form as it stood in the sentence
    sentence TEXT NOT NULL DEFAULT '',
    en TEXT NOT NULL DEFAULT '',             -- the sentence's English
    meaning TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL,                       -- UTC, YYYY-MM-DDTHH:MM:SSZ (sorts as it reads)
    scheduling TEXT NOT NULL DEFAULT '',     -- the fsrs Card as JSON; '' before its first review
    reviews INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (owner_id, lemma)
);
CREATE INDEX review_cards_due ON review_cards (owner_id, due);

-- Reading statistics (lesepult/stats.py). A paragraph is read when it stayed on screen (static/reading.js);
-- each counts once a UTC day. No reference to documents: deleting one keeps the days it was read.
CREATE TABLE reading_log (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    words INTEGER NOT NULL,
    PRIMARY KEY (owner_id, day, document_id, paragraph)
) WITHOUT ROWID;
-- How many words were known and learning at the end of each UTC day a word was marked.
CREATE TABLE word_history (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    known INTEGER NOT NULL,
    learning INTEGER NOT NULL,
    PRIMARY KEY (owner_id, day)
) WITHOUT ROWID;

-- Full-text search (see lesepult/search.py): German folded and lemmatised, English stemmed.
CREATE TABLE search_de_rows (
    sentence_id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    folded TEXT NOT NULL,
    lemmas TEXT NOT NULL
);
CREATE INDEX search_de_rows_by_document ON search_de_rows (document_id);
CREATE VIRTUAL TABLE search_de USING fts5(
    folded, lemmas, content='search_de_rows', content_rowid='sentence_id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE search_en_rows (
    id INTEGER PRIMARY KEY,
    sentence_id INTEGER NOT NULL,
    engine TEXT NOT NULL,
    version TEXT NOT NULL,
    en TEXT NOT NULL,
    UNIQUE (sentence_id, engine, version)
);
CREATE VIRTUAL TABLE search_en USING fts5(
    en, content='search_en_rows', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER search_de_rows_added AFTER INSERT ON search_de_rows BEGIN
    INSERT INTO search_de (rowid, folded, lemmas) VALUES (new.sentence_id, new.folded, new.lemmas);
END;
CREATE TRIGGER search_de_rows_removed AFTER DELETE ON search_de_rows BEGIN
    INSERT INTO search_de (search_de, rowid, folded, lemmas)
    VALUES ('delete', old.sentence_id, old.folded, old.lemmas);
END;
CREATE TRIGGER search_en_rows_added AFTER INSERT ON search_en_rows BEGIN
    INSERT INTO search_en (rowid, en) VALUES (new.id, new.en);
END;
CREATE TRIGGER search_en_rows_removed AFTER DELETE ON search_en_rows BEGIN
    INSERT INTO search_en (search_en, rowid, en) VALUES ('delete', old.id, old.en);
END;
-- Deleting a document cascades to its sentences; this takes them out of the index too.
CREATE TRIGGER search_sentence_removed AFTER DELETE ON sentences BEGIN
    DELETE FROM search_de_rows WHERE sentence_id = old.id;
    DELETE FROM search_en_rows WHERE sentence_id = old.id;
END;
CREATE INDEX sentences_by_text ON sentences (de);
-- A new translation of an indexed sentence goes into the English index as it is stored,
-- so a search never has to look for unindexed translations. (No OR REPLACE: a row that
-- REPLACE deletes would leave the FTS index behind, delete triggers do not fire for it.)
CREATE TRIGGER search_translation_added AFTER INSERT ON translations BEGIN
    DELETE FROM search_en_rows WHERE engine = new.engine AND version = new.version
        AND sentence_id IN (SELECT id FROM sentences WHERE de = new.de);
    INSERT INTO search_en_rows (sentence_id, engine, version, en)
    SELECT s.id, new.engine, new.version, new.en FROM sentences s
    JOIN search_de_rows d ON d.sentence_id = s.id WHERE s.de = new.de;
END;
"""


def statements(script: str) -> list[str]:
    """The complete SQL statements of a script (trigger bodies hold semicolons too).

    `executescript` would commit the transaction a migration runs in, so
    scripts are run statement by statement instead.
    """
    found, pending = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue  # whole-line comments: a statement then starts with its keyword
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                found.append(pending.strip())
            pending = ""
    return found


def create_latest(db: sqlite3.Connection) -> None:
    for statement in statements(SCHEMA):
        db.execute(statement)


def _created_name(statement: str) -> str | None:
    """The object a CREATE statement makes ("CREATE INDEX x ON …" → "x"), None for other statements."""
    words = statement.replace("(", " ").split()
    if words[0] != "CREATE":
        return None
    return words[3] if words[1] == "VIRTUAL" else words[2]


def _exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _from_unversioned(db: sqlite3.Connection) -> None:
    """Version 0 → 1: readers own documents, terms and marks; documents keep counts and a status.

    Tables are rebuilt where a key changes (user_terms, word_status) and
    created where the old app made them lazily (search, word_status). The
    German search rows of old documents are filled at start-up by
    `search.repair_index`, which needs Python to fold and lemmatise.
    """
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f"DROP TRIGGER {trigger}")  # the search triggers come back below, with the new one
    if not _exists(db, "users"):
        for statement in statements(SCHEMA)[:2]:  # the users table and the local reader
            db.execute(statement)
    _add_document_columns(db)
    _rebuild(db, "user_terms", "id, de, en, en_plural, variants, pos, gender, plural, domain, note,"
                               " created_at, updated_at")
    if _exists(db, "word_status"):
        _rebuild(db, "word_status", "lemma, status, updated_at")
    for statement in statements(SCHEMA):
        name = _created_name(statement)
        if name and not _exists(db, name):
            db.execute(statement)
    _count_documents(db)
    db.execute("INSERT INTO search_en_rows (sentence_id, engine, version, en)"
               " SELECT s.id, t.engine, t.version, t.en FROM search_de_rows d"
               " JOIN sentences s ON s.id = d.sentence_id JOIN translations t ON t.de = s.de"
               " WHERE NOT EXISTS (SELECT 1 FROM search_en_rows e WHERE e.sentence_id = s.id"
               "                   AND e.engine = t.engine AND e.version = t.version)")


def _add_document_columns(db: sqlite3.Connection) -> None:
    present = _columns(db, "documents")
    for column, definition in (
            ("owner_id", f"INTEGER NOT NULL DEFAULT {LOCAL_READER}"),
            ("shared", "INTEGER NOT NULL DEFAULT 0"),
            ("status", "TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing', 'ready', 'failed'))"),
            ("error", "TEXT"),
            ("paragraph_count", "INTEGER NOT NULL DEFAULT 0"),
            ("imported_paragraphs", "INTEGER NOT NULL DEFAULT 0"),
            ("sentence_count", "INTEGER NOT NULL DEFAULT 0"),
            ("word_count", "INTEGER NOT NULL DEFAULT 0"),
            ("uid", "TEXT NOT NULL DEFAULT ''"),
            ("import_pid", "INTEGER")):
        if column not in present:
            db.execute(f"ALTER TABLE documents ADD COLUMN {column} {definition}")
    db.execute("UPDATE documents SET shared = 1 WHERE is_sample = 1")
    db.execute("UPDATE documents SET is_sample = 0 WHERE is_sample = 1 AND id > (SELECT MIN(id) FROM documents"
               " WHERE is_sample = 1)")  # old databases could hold two samples; the unique index allows one
    db.execute("UPDATE documents SET uid = lower(hex(randomblob(8))) WHERE uid = ''")


def _rebuild(db: sqlite3.Connection, table: str, kept: str) -> None:
    """Recreate `table` with its new definition, keeping the `kept` columns of every row."""
    db.execute(f"ALTER TABLE {table} RENAME TO {table}_old")
    definition = next(s for s in statements(SCHEMA) if _created_name(s) == table)
    db.execute(definition)
    db.execute(f"INSERT INTO {table} ({kept}) SELECT {kept} FROM {table}_old")
    db.execute(f"DROP TABLE {table}_old")


def _count_documents(db: sqlite3.Connection) -> None:
    db.execute(
        "UPDATE documents SET"
        " paragraph_count = (SELECT COUNT(*) FROM paragraphs WHERE document_id = documents.id),"
        " imported_paragraphs = (SELECT COUNT(*) FROM paragraphs WHERE document_id = documents.id),"
        " sentence_count = (SELECT COUNT(*) FROM sentences WHERE document_id = documents.id)")
    _count_words(db)


def _count_words(db: sqlite3.Connection) -> None:
    """Version 5 → 6 (and part of step 1): every document's words as the app counts them everywhere
    (text.words): documents imported before counted by spaces, so the library and the reader disagreed."""
    db.create_function("lesepult_words", 1, lambda de: len(words(de)), deterministic=True)
    db.execute("UPDATE documents SET word_count = (SELECT COALESCE(SUM(lesepult_words(de)), 0)"
               " FROM sentences WHERE document_id = documents.id)")


def _translation_alignment(db: sqlite3.Connection) -> None:
    """Version 1 → 2: a cached translation keeps which German produced which English.

    Enforcement puts a glossary rendering where the engine translated the
    term. Rows cached before stay NULL: such a term is reported missing as before.
    """
    if "alignment" not in _columns(db, "translations"):  # a version 0 file without the table got it whole in step 1
        db.execute("ALTER TABLE translations ADD COLUMN alignment TEXT")


def _translation_batches(db: sqlite3.Connection) -> None:
    """Version 2 → 3: the batches handed to Celery workers (lesepult/distributed/batches.py)."""
    _create_missing(db, ("translation_batches", "translation_batches_open"))


def _create_missing(db: sqlite3.Connection, names: tuple[str, ...]) -> None:
    """Create those of the named tables and indexes of SCHEMA that the file lacks."""
    for statement in statements(SCHEMA):
        name = _created_name(statement)
        if name in names and not _exists(db, name):
            db.execute(statement)


def _sentence_edits(db: sqlite3.Connection) -> None:
    """Version 3 → 4: a reader's own English for sentences, and the translation memory it makes (memory.py)."""
    _create_missing(db, ("sentence_edits", "sentence_edits_memory"))


def _learner_review(db: sqlite3.Connection) -> None:
    """Version 4 → 5: learning levels, review cards, the reading log and the known-words history.

    A version 0 file got the new tables whole in step 1, so each is made only where missing.
    Learning words start at level 1 with a card due now (no sentence: they were saved without
    one); today's counts begin the history.
    """
    if "level" not in _columns(db, "word_status"):
        db.execute("ALTER TABLE word_status ADD COLUMN level INTEGER CHECK (level BETWEEN 1 AND 5)")
    db.execute("UPDATE word_status SET level = 1 WHERE status = 'learning' AND level IS NULL")
    _create_missing(db, ("review_cards", "review_cards_due", "reading_log", "word_history"))
    db.execute("INSERT OR IGNORE INTO review_cards (owner_id, lemma, due)"
               " SELECT owner_id, lemma, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM word_status"
               " WHERE status = 'learning'")
    db.execute("INSERT OR IGNORE INTO word_history (owner_id, day, known, learning)"
               " SELECT owner_id, date('now'), SUM(status = 'known'), SUM(status = 'learning')"
               " FROM word_status GROUP BY owner_id")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _from_unversioned,
    2: _translation_alignment,
    3: _translation_batches,
    4: _sentence_edits,
    5: _learner_review,
    6: _count_words,   # documents imported before text.words counted their words by spaces
}
LATEST = max(MIGRATIONS)
