"""The record of batches sent to Celery workers, on a real SQLite file: planning, claiming, overdue."""
from __future__ import annotations

import json

from lesepult import storage
from lesepult.distributed import batches
from lesepult.distributed.messages import batch_message, result_message, translations
from lesepult.distributed.sqlite_store import SQLiteStore
from lesepult.documents import create_document
from lesepult.storage import schema
from lesepult.translation import Translation
from test_storage import shape

KEY = ("gloss", "word-by-word gloss@1")
TEXT = " ".join(f"Satz Nummer {i} steht hier." for i in range(70))


def sent(db, *ids, at: float) -> None:
    db.executemany("UPDATE translation_batches SET sent_at = ? WHERE id = ?", [(at, i) for i in ids])


def test_a_version_2_database_gets_the_batch_table_as_a_new_one_has_it(tmp_path, db):
    old = storage.connect(tmp_path / "v2.sqlite")
    storage.init_schema(old)
    old.execute("DROP TABLE translation_batches")
    old.execute("PRAGMA user_version = 2")
    storage.init_schema(old)
    assert storage.version(old) == schema.LATEST
    assert shape(old) == shape(db)


def test_plan_splits_what_is_missing_and_never_plans_a_sentence_twice(db):
    doc = create_document(db, TEXT)
    assert batches.plan(db, doc, KEY, size=32) == 3   # 70 sentences: 32 + 32 + 6
    assert batches.plan(db, doc, KEY, size=32) == 0, "every sentence is in an open batch"
    claimed = batches.claim_unsent(db)
    assert [len(b.sentences) for b in claimed] == [32, 32, 6] and batches.claim_unsent(db) == []
    store = SQLiteStore(db_path(db))
    store.save(claimed[0].id, KEY, [(de, Translation(f"en {de}")) for de in claimed[0].sentences])
    store.save(claimed[0].id, KEY, [(de, Translation("again")) for de in claimed[0].sentences])
    assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 32, "stored once"
    assert batches.open_batches(db, doc) == 2
    batches.unclaim(db, [claimed[1].id])
    assert [b.id for b in batches.claim_unsent(db, doc)] == [claimed[1].id], "an unsent batch is sent again"


def test_a_batch_is_overdue_only_when_the_queue_has_moved_past_it(db):
    doc = create_document(db, TEXT)
    batches.plan(db, doc, KEY, size=10)   # 7 batches
    first, second, *rest = [b.id for b in batches.claim_unsent(db)]
    sent(db, first, at=1000)
    sent(db, second, *rest, at=2000)
    assert batches.unclaim_overdue(db, grace=0) == 0, "nothing stored yet: waiting is not being lost"
    db.execute("UPDATE translation_batches SET done_at = 2500 WHERE id = ?", (second,))
    assert batches.unclaim_overdue(db, grace=10 ** 12) == 0, "stored too recently to judge"
    assert batches.unclaim_overdue(db, grace=0) == 1, "sent before a stored batch, still open: lost"
    assert [b.id for b in batches.claim_unsent(db)] == [first]


def test_a_failure_for_a_sentence_another_batch_translated_is_not_recorded(db):
    doc = create_document(db, "Die Feuerpause hält. Der Sicherheitsrat tagt.")
    batches.plan(db, doc, KEY)
    batches.plan(db, doc, KEY)
    (batch,) = batches.claim_unsent(db)
    store = SQLiteStore(db_path(db))
    store.save(batch.id, KEY, [(de, Translation("ok")) for de in batch.sentences])
    store.save(batch.id, KEY, [(de, Translation("", None, "boom")) for de in batch.sentences])
    assert db.execute("SELECT COUNT(*) FROM translation_failures").fetchone()[0] == 0


def test_messages_round_trip_every_translation_field():
    batch = batch_message("b1", KEY, ["Ja.", "Nein."])
    assert json.loads(json.dumps(batch)) == batch
    results = [Translation("Yes.", 0.9, None, ((0, 2, 0, 3),)), Translation("", None, "failed")]
    wire = json.loads(json.dumps(result_message(batch, results)))
    wire["results"][0][1]["from_a_newer_worker"] = 1   # unknown fields are dropped
    assert translations(wire) == [("Ja.", results[0]), ("Nein.", results[1])]


def db_path(db) -> str:
    return db.execute("PRAGMA database_list").fetchone()["file"]
