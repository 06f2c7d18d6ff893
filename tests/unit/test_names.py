"""Places from Ding's geographic entries, and names in English, on the real Ding index and glossary."""
from __future__ import annotations

import pytest

from lesepult.documents import create_document, load_document
from lesepult.entities import find_entities
from lesepult.glossary import Glossary, load_terms
from lesepult.reading.names import in_english
from support import ROOT

TEXT = ("Der Abfall des Geländes bei Erfurt ist steil. Thüringens Regierung tagte in Erfurt. "
        "Die Vereinten Nationen und die UN berieten in Moskau über Syrien. Wolfgang Tiefensee sprach in Weimar.")


@pytest.fixture(scope="module")
def glossary():
    return Glossary(load_terms(ROOT / "lesepult" / "data" / "glossary.tsv"))


def test_ding_names_places_but_not_geographic_common_nouns(dictionary):
    assert dictionary.place_name("Thüringen") == "Thuringia" and dictionary.place_name("Thüringens") == "Thuringia"
    assert dictionary.place_name("Erfurt") == "Erfurt" and dictionary.place_name("Moskau") == "Moscow"
    for word in ("Abfall", "Regierung", "Golf", "Montag", "erfurt", ""):
        assert dictionary.place_name(word) is None, word


def test_the_window_lists_each_name_once_in_english(db, dictionary, glossary):
    paragraphs = load_document(db, create_document(db, TEXT, title="Test")).paragraphs
    names = in_english(find_entities(paragraphs, glossary, dictionary.place_name), glossary, dictionary)
    english = {(entity.english or entity.name): entity for entity in names}
    assert english["Erfurt"].kind == "place" and len(english["Erfurt"].occurrences) == 2
    assert english["Thuringia"].name == "Thüringen" and english["Thuringia"].occurrences == [(0, 1)]
    assert english["Moscow"].name == "Moskau" and english["Syria"].kind == "place"
    assert english["United Nations"].kind == "organisation"
    assert len(english["United Nations"].occurrences) == 1     # "Vereinten Nationen" and "UN": one organisation
    assert english["Wolfgang Tiefensee"].kind == "person" and english["Wolfgang Tiefensee"].english is None
    assert "Abfall" not in english and "Regierung" not in english and "Geländes" not in english
    assert [len(n.occurrences) for n in names] == sorted((len(n.occurrences) for n in names), reverse=True)
