"""The schema and its migrations, on real SQLite files, and the write transaction."""
from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest

from lesepult import learning, review, search, stats, storage
from lesepult.documents import load_document
from lesepult.glossary import user_terms
from lesepult.learning import statuses
from lesepult.storage import schema, transaction
from lesepult.translation import Translation
from lesepult.translation.cache import lookup, store
from support import FIXTURES

GLOSS = ("gloss", "word-by-word gloss (Ding dictionary)@devel 2023-01-30")


def shape(db: sqlite3.Connection) -> dict:
    """Every table, index, trigger and virtual table, with each table's columns."""
    objects = db.execute("SELECT name, type, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    return {name: (kind, table, [tuple(c)[1:] for c in db.execute(f"PRAGMA table_xinfo({name})")]
                   if kind == "table" else None) for name, kind, table in objects}


@pytest.fixture
def old_database(tmp_path):
    """A copy of a database the app wrote before schema versions existed (tests/fixtures/make_v0_database.py)."""
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "lesepult-v0.sqlite", path)
    return storage.connect(path)


def test_a_new_database_gets_the_latest_schema(db):
    assert storage.version(db) == schema.LATEST
    assert [tuple(row) for row in db.execute("SELECT id, name FROM users")] == [(schema.LOCAL_READER, "local")]


def test_an_old_database_upgrades_in_place_and_keeps_everything(old_database, db):
    before = {table: old_database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("documents", "paragraphs", "sentences", "translations", "user_terms", "word_status")}
    assert storage.version(old_database) == 0 and before["documents"] == 2
    storage.init_schema(old_database)
    assert storage.version(old_database) == schema.LATEST
    assert shape(old_database) == shape(db), "a migrated database has exactly the schema of a new one"
    for table, count in before.items():
        assert old_database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table
    document = load_document(old_database, 2)
    assert document.title == "Zweiter Text" and document.info.sentence_count == 3
    assert document.info.word_count == sum(len(s.de.split()) for s in document.sentences)
    assert document.paragraphs[1].sentences[1].de == "Russland wies den Resolutionsentwurf zurück."
    assert len(lookup(old_database, GLOSS, [s.de for s in document.sentences])) == 3
    assert [(t.de, t.en, t.variants) for t in user_terms.list_terms(old_database)] == [
        ("Gespräch", "talks", ()), ("Waffenruhe", "truce", ("ceasefire",))]
    assert statuses(old_database) == {"gespräch": "learning", "truppe": "known"}
    sample = old_database.execute("SELECT shared, owner_id FROM documents WHERE is_sample = 1").fetchone()
    assert tuple(sample) == (1, schema.LOCAL_READER)
    assert old_database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert old_database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_search_finds_old_documents_after_the_upgrade(old_database):
    storage.init_schema(old_database)
    assert search.repair_index(old_database) == []  # the old app indexed at import already
    hits = search.search(old_database, "Resolutionsentwurf zurück", GLOSS)
    assert [hit.document_id for hit in hits] == [2] and hits[0].en


def test_migrating_twice_changes_nothing(old_database):
    storage.init_schema(old_database)
    first = shape(old_database)
    storage.init_schema(old_database)
    assert shape(old_database) == first


def test_concurrent_first_starts_migrate_once(tmp_path):
    shutil.copy(FIXTURES / "lesepult-v0.sqlite", tmp_path / "old.sqlite")
    errors = []

    def start():
        try:
            storage.init_schema(storage.connect(tmp_path / "old.sqlite"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert storage.version(storage.connect(tmp_path / "old.sqlite")) == schema.LATEST


def test_a_failed_write_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        with transaction(db):
            db.execute("INSERT INTO documents (title, raw) VALUES ('x', 'y')")
            raise RuntimeError("midway")
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert not db.in_transaction


def test_writers_wait_for_each_other_instead_of_failing(tmp_path):
    path = tmp_path / "busy.sqlite"
    storage.init_schema(storage.connect(path))
    errors = []

    def write(n):
        db = storage.connect(path)
        try:
            for i in range(20):
                with transaction(db):
                    db.execute("INSERT INTO users (name) VALUES (?)", (f"u{n}-{i}",))
        except Exception as error:
            errors.append(error)
    threads = [threading.Thread(target=write, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert storage.connect(path).execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1 + 16 * 20


def test_version_1_gains_the_alignment_column_and_keeps_its_translations(db):
    db.execute("ALTER TABLE translations DROP COLUMN alignment")   # as version 1 made the table
    db.execute("INSERT INTO translations (engine, version, de, en, score) VALUES ('gloss', 'x', 'Hallo.', 'Hello.', NULL)")
    db.execute("PRAGMA user_version = 1")
    storage.init_schema(db)
    assert storage.version(db) == schema.LATEST
    assert lookup(db, ("gloss", "x"), ["Hallo."])["Hallo."] == Translation("Hello.")
    assert any(column[1] == "alignment" for column in db.execute("PRAGMA table_xinfo(translations)"))


def test_the_cache_keeps_an_alignment(db):
    aligned = Translation("Hello.", None, None, ((0, 5, 0, 5),))
    store(db, ("gloss", "x"), [("Hallo.", aligned), ("Tschüss.", Translation("Bye."))])
    found = lookup(db, ("gloss", "x"), ["Hallo.", "Tschüss."])
    assert found["Hallo."].alignment == ((0, 5, 0, 5),) and found["Tschüss."].alignment == ()


def test_version_3_gains_sentence_edits_and_keeps_its_documents(tmp_path, db):
    """A database as version 3 left it (no sentence_edits) migrates to the schema a new one gets."""
    from lesepult import memory
    from lesepult.documents import create_document

    old = storage.connect(tmp_path / "v3.sqlite")
    storage.init_schema(old)
    document = create_document(old, "Der Sicherheitsrat tagt. Russland schweigt.")
    old.execute("DROP TABLE sentence_edits")   # as version 3 made the file
    old.execute("PRAGMA user_version = 3")
    storage.init_schema(old)
    assert storage.version(old) == schema.LATEST
    assert {k: v for k, v in shape(old).items() if k.startswith("sentence_edits")} == \
        {k: v for k, v in shape(db).items() if k.startswith("sentence_edits")}
    assert load_document(old, document).info.sentence_count == 2
    memory.save(old, document, 0, 1, schema.LOCAL_READER, "Russland schweigt.", "Russia is silent.")
    assert load_document(old, document).sentences[1].own_en == "Russia is silent."
    old.execute("DELETE FROM documents WHERE id = ?", (document,))
    assert old.execute("SELECT COUNT(*) FROM sentence_edits").fetchone()[0] == 0, "edits go with their document"


def test_old_marks_become_level_1_with_a_review_card_and_begin_the_history(old_database):
    storage.init_schema(old_database)
    marks = [tuple(row) for row in old_database.execute("SELECT lemma, status, level FROM word_status ORDER BY lemma")]
    assert marks == [("gespräch", "learning", 1), ("truppe", "known", None)]
    count, cards = review.due(old_database)
    assert count == 1 and cards[0].lemma == "gespräch" and cards[0].sentence == ""
    assert [(c.known, c.learning) for c in stats.word_counts(old_database)] == [(1, 1)]


def test_version_3_gains_levels_cards_reading_and_history(tmp_path, db):
    old = storage.connect(tmp_path / "v3.sqlite")
    storage.init_schema(old)
    for name in ("review_cards", "reading_log", "word_history"):
        old.execute(f"DROP TABLE {name}")
    old.execute("ALTER TABLE word_status DROP COLUMN level")   # as versions 1 to 4 made the table
    old.execute("INSERT INTO word_status (lemma, status) VALUES ('truppe', 'learning'), ('haus', 'known')")
    old.execute("PRAGMA user_version = 3")
    storage.init_schema(old)
    assert storage.version(old) == schema.LATEST
    assert shape(old) == shape(db)
    assert learning.levels(old) == {"truppe": 1} and learning.statuses(old) == {"haus": "known", "truppe": "learning"}
    assert [card.lemma for card in review.due(old)[1]] == ["truppe"]
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_version_5_recounts_words_as_the_reader_counts_them(tmp_path):
    """Old imports counted words by spaces ("19,6 Prozent – so" is four); every page now counts two."""
    from lesepult.documents import create_document
    from lesepult.text import words

    old = storage.connect(tmp_path / "v5.sqlite")
    storage.init_schema(old)
    text = "Die Inflation lag bei 19,6 Prozent – so hoch wie nie. Der Rat tagt."
    document = create_document(old, text)
    right = load_document(old, document).info.word_count
    old.execute("UPDATE documents SET word_count = ? WHERE id = ?", (len(text.split()), document))
    old.execute("PRAGMA user_version = 5")
    storage.init_schema(old)
    assert right == len(words(text)) != len(text.split())
    assert load_document(old, document).info.word_count == right
