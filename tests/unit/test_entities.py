"""Named entities: the curated list, the first-name heuristic, genitives and surnames."""
from __future__ import annotations


import pytest

from lesepult.documents import SAMPLE_PATH, create_document, load_document
from support import ROOT
from lesepult.entities import ENTITIES_PATH, find_entities, load_entities
from lesepult.glossary import Glossary, load_terms

GLOSSARY_PATH = ROOT / "lesepult" / "data" / "glossary.tsv"

OWN_TEXT = (
    "Am Dienstag sagte die Sprecherin Maria Sacharowa in Moskau, Russland lehne den Vorschlag ab. "
    "Sacharowa betonte, die Regierung sei zu Gesprächen bereit. "
    "Der Unterhändler Hans-Dietrich Brenner traf in Genf den Gesandten Ahmed al-Hariri. "
    "Brenners Gespräche mit al-Hariri dauerten bis zum Abend. "
    "Am Montag hat John Smith Gespräche mit Vertretern der Vereinten Nationen geführt."
)


def stored(db, text: str):
    return load_document(db, create_document(db, text, title="Test"))


def by_name(entities):
    return {entity.name: entity for entity in entities}


def test_sample_article_entities(db):
    entities = by_name(find_entities(stored(db, SAMPLE_PATH.read_text(encoding="utf-8")).paragraphs))
    expected = {
        "person": ["Sergej Lawrow", "John Kerry", "Jean-Marc Ayrault", "Frank-Walter Steinmeier",
                   "Staffan de Mistura", "Wladimir Putin", "Recep Tayyip Erdogan"],
        "place": ["Syrien", "Russland", "USA", "Moskau", "Aleppo", "Washington", "Berlin", "Paris",
                  "Frankreich", "Spanien", "Dabik"],
        "organisation": ["Vereinte Nationen", "Kreml", "Reuters", "Islamischer Staat"],
    }
    for kind, names in expected.items():
        for name in names:
            assert name in entities, name
            assert entities[name].kind == kind, name
    for common_noun in ("Regierung", "Gespräche", "Außenminister", "Aleppos", "Lawrow", "Kerry"):
        assert common_noun not in entities


def test_sample_counts_surnames_genitives_and_hyphen_parts(db):
    document = stored(db, SAMPLE_PATH.read_text(encoding="utf-8"))
    entities = by_name(find_entities(document.paragraphs))
    sentences = {(p.index, n): s.de for p in document.paragraphs for n, s in enumerate(p.sentences)}
    # Every occurrence points at a sentence that names the entity in some form.
    for name, forms in {"Sergej Lawrow": ["Lawrow"], "Aleppo": ["Aleppo"], "Vereinte Nationen": ["UN", "Vereinten"],
                        "Syrien": ["Syrien"]}.items():
        for place in entities[name].occurrences:
            assert any(form in sentences[place] for form in forms), (name, sentences[place])
    kerry_alone = [place for place, text in sentences.items() if "Kerry" in text and "John" not in text]
    assert kerry_alone and set(kerry_alone) <= set(entities["John Kerry"].occurrences)
    aleppos = [place for place, text in sentences.items() if "Aleppos" in text]
    assert aleppos and set(aleppos) <= set(entities["Aleppo"].occurrences)
    syrien_compound = [place for place, text in sentences.items() if "Syrien-Gespräche" in text]
    assert set(syrien_compound) <= set(entities["Syrien"].occurrences)


def test_most_frequent_first(db):
    entities = find_entities(stored(db, SAMPLE_PATH.read_text(encoding="utf-8")).paragraphs)
    counts = [len(entity.occurrences) for entity in entities]
    assert counts == sorted(counts, reverse=True)
    assert entities[0].name == "Syrien"


def test_first_name_heuristic_on_own_text(db):
    document = stored(db, OWN_TEXT)
    entities = by_name(find_entities(document.paragraphs))
    assert entities["Maria Sacharowa"].kind == "person"
    assert len(entities["Maria Sacharowa"].occurrences) == 2       # later "Sacharowa" alone
    assert len(entities["Hans-Dietrich Brenner"].occurrences) == 2  # later genitive "Brenners"
    assert len(entities["Ahmed al-Hariri"].occurrences) == 2
    assert "John Smith" in entities and "John Smith Gespräche" not in entities
    assert {"Moskau", "Russland", "Genf", "Vereinte Nationen"} <= set(entities)
    for not_a_name in ("Dienstag", "Montag", "Sprecherin", "Regierung", "Gespräche", "Gesprächen", "Abend",
                       "Unterhändler", "Gesandten", "Vorschlag", "Am"):
        assert not_a_name not in entities
    assert {entity.kind for entity in entities.values()} <= {"person", "place", "organisation"}


def test_name_does_not_run_across_comma(db):
    entities = by_name(find_entities(stored(db, "Gekommen waren auch John Miller, Maria Lopez und Peter Brandt.").paragraphs))
    assert {"John Miller", "Maria Lopez", "Peter Brandt"} <= set(entities)


def test_glossary_keeps_results_and_adds_inflections(db):
    glossary = Glossary(load_terms(GLOSSARY_PATH))
    document = stored(db, SAMPLE_PATH.read_text(encoding="utf-8"))
    plain = {e.name: len(e.occurrences) for e in find_entities(document.paragraphs)}
    with_glossary = {e.name: len(e.occurrences) for e in find_entities(document.paragraphs, glossary)}
    assert plain == with_glossary  # on the sample the aliases suffice …
    inflected = stored(db, "Die Sitzung des Sicherheitsrates dauerte lange.")
    assert find_entities(inflected.paragraphs) == []  # … but "-es" genitives are no alias
    assert [e.name for e in find_entities(inflected.paragraphs, glossary)] == ["Sicherheitsrat"]


def test_curated_list_is_well_formed(tmp_path):
    table = load_entities(ENTITIES_PATH)
    names = {known.name for known in table.values()}
    assert len(names) >= 150
    assert table[("UN",)].name == table[("Vereinten", "Nationen")].name == "Vereinte Nationen"
    broken = tmp_path / "entities.tsv"
    broken.write_text("name\tkind\taliases\nBerlin\tcity\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_entities(broken)


def test_first_names_beyond_the_curated_list_come_from_the_name_dictionary(db):
    text = ("Die Ministerin Hiltrud Bramstedt und der Bürgermeister Rüdiger Kalmbach kamen am Sonntag. "
            "Der Nato-Generalsekretär Rutte sprach im August Klartext, im Sommer Urlaub.")
    entities = by_name(find_entities(stored(db, text).paragraphs))
    assert {"Hiltrud Bramstedt", "Rüdiger Kalmbach"} <= set(entities)
    assert entities["Hiltrud Bramstedt"].kind == "person"
    # a hyphenated word is a first name only when every part is one; a month or an everyday word is none
    for not_a_name in ("Nato-Generalsekretär Rutte", "August Klartext", "Sommer Urlaub"):
        assert not_a_name not in entities
