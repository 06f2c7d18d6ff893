"""The translation memory on a real SQLite file: what is kept, what is recalled, for whom."""
from __future__ import annotations

import time

import pytest

from lesepult import memory
from lesepult.documents import create_document, load_document
from lesepult.errors import UserError

GERMAN = "„Wir fordern eine Feuerpause“, sagte er."


def place(db, document: int) -> tuple[int, int]:
    """(paragraph, position) of the quoted sentence: the cleaner decides how a short text is split."""
    return next((p.index, n) for p in load_document(db, document).paragraphs for n, s in enumerate(p.sentences)
                if "Feuerpause" in s.de)


def quoted(db, document: int):
    return next(s for s in load_document(db, document).sentences if "Feuerpause" in s.de)


@pytest.fixture
def two_documents(db):
    first = create_document(db, f"Erster Satz. {GERMAN}", owner=1)
    second = create_document(db, 'Anderer Satz. "Wir fordern  eine Feuerpause", sagte er.', owner=1)
    return first, second


def test_the_latest_correction_is_recalled_and_exported_once(db, two_documents):
    first, second = two_documents
    memory.save(db, first, *place(db, first), 1, GERMAN, "Older English.")
    time.sleep(0.01)   # updated_at has millisecond resolution
    german = quoted(db, second).de
    memory.save(db, second, *place(db, second), 1, german, "Newer English.")
    assert memory.recall(db, 1, [memory.memory_key(GERMAN)]) == {memory.memory_key(GERMAN): "Newer English."}
    pairs = memory.pairs(db, 1)
    assert [(p.de, p.en) for p in pairs] == [(german, "Newer English.")]
    assert memory.pairs(db, 2) == [] and memory.recall(db, 2, [memory.memory_key(GERMAN)]) == {}


def test_saving_twice_replaces_and_forgetting_removes(db, two_documents):
    first, _ = two_documents
    memory.save(db, first, *place(db, first), 1, GERMAN, "One.")
    memory.save(db, first, *place(db, first), 1, GERMAN, "Two.")
    assert quoted(db, first).own_en == "Two."
    assert memory.forget(db, first, *place(db, first)) and not memory.forget(db, first, *place(db, first))
    assert quoted(db, first).own_en is None


def test_apply_prefers_the_sentence_s_own_edit_and_clears_machine_facts(db, two_documents):
    first, second = two_documents
    memory.save(db, first, *place(db, first), 1, GERMAN, "Remembered.")
    sentences = load_document(db, second).sentences
    for sentence in sentences:
        sentence.en, sentence.score, sentence.error, sentence.enforced = "machine", 0.9, None, ["x"]
    memory.apply(db, sentences, owner=1)
    assert [(s.en, s.origin, s.score, s.enforced) for s in sentences] == [
        ("machine", "engine", 0.9, ["x"]), ("Remembered.", "memory", None, [])]
    memory.apply(db, load_document(db, second).sentences, owner=None)   # no reader: no memory
    own = load_document(db, first).sentences
    memory.apply(db, own, owner=2)                                      # another reader: only the edit itself
    assert [s.origin for s in own] == ["engine", "edited"]


@pytest.mark.parametrize("given, kept", [("  two\n lines\t here ", "two lines here"), ("e\u0301", "é")])
def test_english_is_kept_on_one_line_in_nfc(given, kept):
    assert memory.clean_english(given) == kept


@pytest.mark.parametrize("given", ["", " ", None, 3, ["x"], "a\x00b", "a\x1bb", "a\x9fb", "\ufdd0"])
def test_english_that_is_not_text_is_refused(given):
    with pytest.raises(UserError):
        memory.clean_english(given)
