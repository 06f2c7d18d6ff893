"""The SQLite file: schema and connection settings.

All SQL in the project is parameterised; this module only owns the schema.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    raw TEXT NOT NULL,                      -- what the reader gave us, so nothing is ever lost
    is_sample INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS paragraphs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    position INTEGER NOT NULL,
    de TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_in_order ON sentences (document_id, paragraph, position);
-- The translation cache: engine, model@version and the German sentence.
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    version TEXT NOT NULL,
    de TEXT NOT NULL,
    en TEXT NOT NULL,
    score REAL,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (engine, version, de)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_terms (
    id INTEGER PRIMARY KEY,
    de TEXT NOT NULL UNIQUE,
    en TEXT NOT NULL,
    en_plural TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL DEFAULT '',
    pos TEXT NOT NULL DEFAULT 'noun',
    gender TEXT NOT NULL DEFAULT '',
    plural TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);
"""


def connect(path: str | Path) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    # WAL lets the page's parallel htmx requests read while a translation writes.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def init_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    db.commit()
