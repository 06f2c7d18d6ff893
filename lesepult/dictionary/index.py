"""Building the dictionary index: the Ding file parsed once into SQLite.

Each line is stored parsed (as JSON) together with a table of lookup keys:
every German headword of the main sense, the inflected forms listed after it
(plurals, verb and adjective forms) and the sub-entries that carry their own
grammar tag in later parts. The index is built into a temporary file and
renamed into place, so a reader never sees a half-built index.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from .ding import index_rows, parse_line, phrase_rows, stored_line

# Bumped when the index gains tables or changes its rows: an older index must be rebuilt.
INDEX_FORMAT = "2"

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE lines (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE forms (
    key TEXT NOT NULL, fold TEXT NOT NULL, form TEXT NOT NULL, lemma TEXT NOT NULL,
    line_id INTEGER NOT NULL, part INTEGER NOT NULL, item INTEGER NOT NULL,
    role INTEGER NOT NULL, tagged INTEGER NOT NULL, commonness INTEGER NOT NULL
);
CREATE TABLE phrases (key TEXT NOT NULL, line_id INTEGER NOT NULL, part INTEGER NOT NULL, item INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX forms_by_key ON forms (key);
CREATE INDEX forms_by_fold ON forms (fold);
CREATE INDEX phrases_by_key ON phrases (key);
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
            connection.executemany("INSERT INTO phrases VALUES (?, ?, ?, ?)", phrase_rows(count, parsed))
    connection.executescript(INDEXES)
    meta = {"version": read_ding_version(ding_path), "entries": str(count), "source": ding_path.name,
            "format": INDEX_FORMAT}
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


def index_format(path: Path) -> str | None:
    """The format an index was built in (None before formats were recorded, or if it is no index)."""
    try:
        with sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(16) == b"SQLite format 3\x00"
