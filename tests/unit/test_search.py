"""Full-text search: German folding and lemmas, English stemming, marking, safety, upkeep."""
from __future__ import annotations

import pytest

from lesepult.documents import create_document, delete_document
from lesepult.search import repair_index, search
from lesepult.storage import transaction
from lesepult.translation import Translation
from lesepult.translation.cache import store

ENGINE = ("argos", "translate-de_en@1.0")

TEXT = """Außenminister trifft Amtskollegen

Der Außenminister sprach in der Straße vor dem Amt mit Herrn Müller.
Nach den schweren Luftangriffen wurden die Gespräche abgebrochen.
Der UN-Sicherheitsrat berät über eine Feuerpause für die syrische Armee.
Ein Beobachter schrieb <script>alert(1)</script> in sein Heft."""

TRANSLATIONS = {
    "Der Außenminister sprach in der Straße vor dem Amt mit Herrn Müller.":
        "The foreign minister spoke with Mr Müller in the street outside the office.",
    "Nach den schweren Luftangriffen wurden die Gespräche abgebrochen.":
        "After the heavy air strikes, the talks were broken off.",
}


@pytest.fixture
def document_id(db):
    document_id = create_document(db, TEXT, title="Testartikel")
    store(db, ENGINE, [(de, Translation(en)) for de, en in TRANSLATIONS.items()])
    return document_id


def texts(hits):
    return [hit.de for hit in hits]


@pytest.mark.parametrize("query", ["Aussenminister", "außenminister", "AUSSENMINISTER", "Außenminister"])
def test_sharp_s_and_case_variants_find_the_eszett_spelling(db, document_id, query):
    hits = search(db, query)
    assert any("Der Außenminister sprach" in hit.de for hit in hits)


@pytest.mark.parametrize("query", ["Strasse", "Mueller", "Muller", "müller"])
def test_variants_find_umlaut_spellings(db, document_id, query):
    assert texts(search(db, query)) == ["Der Außenminister sprach in der Straße vor dem Amt mit Herrn Müller."]


def test_umlaut_spelling_finds_digraph_spelling(db):
    create_document(db, "Herr Mueller ging über die Strasse.", title="Varianten")
    assert len(search(db, "Müller")) == 1
    assert len(search(db, "Straße")) == 1


@pytest.mark.parametrize("query, surface", [("Luftangriff", "Luftangriffen"), ("Gespräch", "Gespräche")])
def test_lemma_finds_inflected_forms(db, document_id, query, surface):
    [hit] = search(db, query)
    assert f"<mark>{surface}</mark>" in hit.de_marked


def test_prefix_query(db, document_id):
    [hit] = search(db, "Sicherheits*")
    assert "<mark>Sicherheitsrat</mark>" in hit.de_marked
    assert search(db, "Sicherheits") == []


def test_phrase_query_needs_adjacent_words(db, document_id):
    [hit] = search(db, '"syrische Armee"')
    assert "<mark>syrische</mark> <mark>Armee</mark>" in hit.de_marked
    assert search(db, '"Armee syrische"') == []


def test_all_terms_must_match(db, document_id):
    assert len(search(db, "Feuerpause Armee")) == 1
    assert search(db, "Feuerpause Luftangriff") == []


def test_english_side_with_stemming(db, document_id):
    [hit] = search(db, "strike talk", engine_key=ENGINE)
    assert hit.de.startswith("Nach den schweren Luftangriffen")
    assert hit.en == TRANSLATIONS[hit.de]
    assert "<mark>strikes</mark>" in hit.en_marked and "<mark>talks</mark>" in hit.en_marked
    assert search(db, "strike talk") == []            # no engine, no English side


def test_hit_words_marked_in_both_languages_once_per_sentence(db, document_id):
    hits = search(db, "Müller", engine_key=ENGINE)
    assert len(hits) == 1
    assert "<mark>Müller</mark>" in hits[0].de_marked and "<mark>Müller</mark>" in hits[0].en_marked
    assert (hits[0].paragraph, hits[0].position, hits[0].document_title) == (1, 0, "Testartikel")


def test_english_index_is_per_engine(db, document_id):
    assert search(db, "street", engine_key=("argos", "other@2")) == []
    assert len(search(db, "street", engine_key=ENGINE)) == 1


def test_new_translations_are_indexed_as_they_are_stored(db, document_id):
    de = "Der UN-Sicherheitsrat berät über eine Feuerpause für die syrische Armee."
    assert search(db, "ceasefire", engine_key=ENGINE) == []
    store(db, ENGINE, [(de, Translation("The UN Security Council discusses a ceasefire for the Syrian army."))])
    assert texts(search(db, "ceasefire", engine_key=ENGINE)) == [de]  # no indexing step in between


def test_translations_cached_before_an_import_are_indexed_with_it(db):
    de = "Die Feuerpause hält seit Montag."
    store(db, ENGINE, [(de, Translation("The ceasefire has held since Monday."))])
    create_document(db, de, title="Später")
    assert texts(search(db, "held", engine_key=ENGINE)) == [de]


def test_markup_in_sentence_is_escaped(db, document_id):
    [hit] = search(db, "Heft")
    assert "<script>" not in hit.de_marked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.de_marked
    assert hit.de_marked.endswith("<mark>Heft</mark>.")
    [hit] = search(db, "script")
    assert hit.de_marked.count("<mark>script</mark>") == 2 and "<script>" not in hit.de_marked


@pytest.mark.parametrize("query", ['"', 'NEAR(', '*', '-', 'OR', ':', 'Amt OR', 'folded : Amt', 'NEAR(Amt Herrn)',
                                   '"Amt', 'Amt -Herrn', '{lemmas}: x', "Amt')--", "Amt AND NOT x"])
def test_injection_like_queries_are_safe(db, document_id, query):
    try:
        hits = search(db, query)
    except ValueError:   # nothing searchable left: a reader's error, not an SQL one
        return
    assert all(isinstance(hit.de, str) for hit in hits)


def test_operators_are_plain_words(db, document_id):
    assert texts(search(db, "NEAR(Amt Herrn)")) == []   # "near" is not in the text
    assert len(search(db, '"Amt')) == 1                # unclosed quote: phrase to the end
    assert len(search(db, "Amt -Herrn")) == 1          # "-" is not NOT


@pytest.mark.parametrize("query", ["", "   ", '""', "*", "- : ( )", "…!?"])
def test_empty_queries_raise(db, document_id, query):
    with pytest.raises(ValueError):
        search(db, query)


def test_long_query_raises(db, document_id):
    with pytest.raises(ValueError):
        search(db, "Amt " * 51)


def test_deleting_a_document_removes_its_hits(db, document_id):
    other = create_document(db, "Der Außenminister reiste ab.", title="Anderer")
    assert len(search(db, "Außenminister")) == 3
    delete_document(db, document_id)
    assert [hit.document_id for hit in search(db, "Außenminister")] == [other]
    assert search(db, "street", engine_key=ENGINE) == []


def test_cascade_delete_removes_hits(db, document_id):
    with transaction(db):
        db.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    assert search(db, "Außenminister") == []
    assert db.execute("SELECT count(*) FROM search_de_rows").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM search_en_rows").fetchone()[0] == 0
    # A new document may reuse the freed sentence ids; it must not inherit old hits.
    create_document(db, "Ein ganz anderer Satz.", title="Neu")
    assert search(db, "Außenminister") == [] and len(search(db, "Satz")) == 1


def test_repair_indexes_only_documents_without_search_rows(db, document_id):
    before = search(db, "Außenminister", engine_key=ENGINE)
    assert repair_index(db) == []
    with transaction(db):  # as a database from before the rows were written with the sentences
        db.execute("DELETE FROM search_de_rows WHERE document_id = ?", (document_id,))
    assert search(db, "Außenminister") == []
    assert repair_index(db) == [document_id]
    assert search(db, "Außenminister", engine_key=ENGINE) == before
    assert db.execute("SELECT count(*) FROM search_de_rows").fetchone()[0] == 5
    assert db.execute("SELECT count(*) FROM search_en_rows").fetchone()[0] == 2


def test_ranked_by_bm25(db, document_id):
    repeated = create_document(db, "Amt und Amt und Amt.", title="Wiederholung")
    hits = search(db, "Amt")
    assert [hit.document_id for hit in hits] == [repeated, document_id]
    assert len(search(db, "Amt", limit=1)) == 1
