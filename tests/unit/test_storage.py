"""The schema: a migrated database ends up exactly like a new one, and keeps its data."""
from __future__ import annotations

import shutil
import sqlite3

from lesepult import storage
from lesepult.storage import schema
from lesepult.translation import Translation
from lesepult.translation.cache import lookup, store
from support import FIXTURES


def _columns(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {table: [tuple(row) for row in db.execute(f"PRAGMA table_xinfo('{table}')")] for table in tables}


def test_a_migrated_database_has_the_fresh_schema(tmp_path):
    fresh = storage.connect(tmp_path / "fresh.sqlite")
    storage.init_schema(fresh)
    shutil.copy(FIXTURES / "lesepult-v0.sqlite", tmp_path / "old.sqlite")
    old = storage.connect(tmp_path / "old.sqlite")
    storage.init_schema(old)
    assert storage.version(old) == storage.version(fresh) == schema.LATEST == 2
    assert _columns(old) == _columns(fresh)
    assert any(column[1] == "alignment" for column in _columns(fresh)["translations"])


def test_version_1_gains_the_alignment_column_and_keeps_its_translations(tmp_path):
    db = storage.connect(tmp_path / "v1.sqlite")
    storage.init_schema(db)
    db.execute("ALTER TABLE translations DROP COLUMN alignment")
    db.execute("INSERT INTO translations (engine, version, de, en, score) VALUES ('gloss', 'x', 'Hallo.', 'Hello.', NULL)")
    db.execute("PRAGMA user_version = 1")
    storage.init_schema(db)
    assert storage.version(db) == 2
    assert lookup(db, ("gloss", "x"), ["Hallo."])["Hallo."] == Translation("Hello.")


def test_the_cache_keeps_an_alignment(db):
    aligned = Translation("Hello.", None, None, ((0, 5, 0, 5),))
    store(db, ("gloss", "x"), [("Hallo.", aligned), ("Tschüss.", Translation("Bye."))])
    found = lookup(db, ("gloss", "x"), ["Hallo.", "Tschüss."])
    assert found["Hallo."].alignment == ((0, 5, 0, 5),) and found["Tschüss."].alignment == ()
