"""Tests of the Ding dictionary index and lookup, against the real Ding file."""

import csv
import sqlite3
from pathlib import Path

import pytest

from support import DING_FILE
from lesepult.dictionary.ding import parse_line
from lesepult.dictionary.senses import NEWS_SENSES, is_preferred
from lesepult.dictionary import (
    Dictionary,
    DictionaryMissing,
    build_index,
    read_ding_version,
)

DING_PATH = DING_FILE

pytestmark = pytest.mark.skipif(not DING_PATH.is_file(), reason=f"Ding dictionary file absent at {DING_PATH}; run the set-up that fetches it")


@pytest.fixture(scope="module")
def built_index(tmp_path_factory) -> tuple[Path, int]:
    db_path = tmp_path_factory.mktemp("dictionary") / "ding.sqlite"
    return db_path, build_index(DING_PATH, db_path)


@pytest.fixture(scope="module")
def dictionary(built_index) -> Dictionary:
    return Dictionary(built_index[0])


def first(dictionary: Dictionary, word: str):
    lookup = dictionary.lookup(word)
    assert lookup.entries, f"no entries for {word!r}"
    return lookup.entries[0]


def test_index_counts_entry_lines_and_records_version(built_index):
    db_path, count = built_index
    entry_lines = sum(1 for line in DING_PATH.open(encoding="utf-8") if " :: " in line and not line.startswith("#"))
    # A few dozen lines have no German word outside parentheses (Latin names only).
    assert entry_lines - 50 < count < entry_lines
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT count(*) FROM lines").fetchone()[0] == count
    connection.close()
    assert Dictionary(db_path).version == read_ding_version(DING_PATH) == "devel 2023-01-30"


def test_parse_line_splits_parallel_parts():
    parsed = parse_line("Aalspieß {m} | Aalspieße {pl} :: eel spear | eel spears\n")
    assert [item["text"] for item in parsed["parts"][1]["de"]] == ["Aalspieße"]
    assert parsed["parts"][1]["en"] == "eel spears"
    assert parsed["form_end"] == 2
    assert parse_line("# Version :: devel 2023-01-30\n") is None


def test_feuerpause_main_entry(dictionary):
    entry = first(dictionary, "Feuerpause")
    assert entry.headword == "Feuerpause"
    assert entry.grammar == "{f}"
    assert entry.senses == ["cease-fire", "ceasefire", "truce (between sb.)"]
    assert entry.domains == ["mil."]
    assert entry.synonyms == ["Waffenruhe", "Feuereinstellung"]
    assert ("eine Feuerpause ausrufen", "to call/proclaim a cease-fire") in entry.examples


def test_synonym_finds_the_same_line(dictionary):
    entry = first(dictionary, "Waffenruhe")
    assert entry.headword == "Waffenruhe"
    assert "ceasefire" in entry.senses
    assert "Feuerpause" in entry.synonyms


def test_main_sense_ranks_before_other_senses_and_examples(dictionary):
    entries = dictionary.lookup("Entwurf").entries
    assert entries[0].senses[0] == "draft"
    assert entries[0].grammar == "{m}; pl: Entwürfe"
    # Wasserversorgung has its own line, and is also a sub-entry of Versorgung.
    water = dictionary.lookup("Wasserversorgung").entries
    assert water[0].senses == ["water supply", "water delivery"]
    assert water[0].examples == [] and len(water) >= 2


def test_plural_form_is_indexed(dictionary):
    lookup = dictionary.lookup("Entwürfe")
    assert lookup.lemma == "Entwurf"
    assert lookup.entries[0].headword == "Entwurf"


def test_verb_entry_lists_its_forms(dictionary):
    entry = first(dictionary, "einschließen")
    assert entry.grammar.startswith("{vt}; forms: einschließend, eingeschlossen")


def test_umlaut_and_sharp_s_folding(dictionary):
    assert first(dictionary, "Aussenminister").headword == "Außenminister"
    assert first(dictionary, "Aussenminister").senses[0] == "foreign minister"
    assert first(dictionary, "aussenminister").headword == "Außenminister"
    assert first(dictionary, "Entwuerfe").headword == "Entwurf"


@pytest.mark.parametrize(
    ("word", "lemmas", "sense"),
    [
        ("telefoniert", {"telefonieren"}, "to phone"),
        ("kündigte", {"kündigen"}, "to give notice"),
        ("schweren", {"schwer"}, "heavy (oppressing, straining)"),
        ("eingeschlossenen", {"eingeschlossen", "einschließen"}, None),
        ("Luftangriffen", {"Luftangriff"}, "air raid"),
        ("Kreisen", {"Kreis"}, "circle"),
    ],
)
def test_inflected_words_are_found_through_their_lemma(dictionary, word, lemmas, sense):
    lookup = dictionary.lookup(word)
    assert lookup.lemma in lemmas
    assert lookup.entries and lookup.entries[0].headword in lemmas
    assert lookup.parts == []
    if sense:
        assert any(sense in entry.senses for entry in lookup.entries)


@pytest.mark.parametrize(
    ("word", "parts", "head_sense"),
    [
        ("Resolutionsentwurf", ["Resolution", "s", "Entwurf"], "draft"),
        ("Diplomatenkreisen", ["Diplomat", "en", "Kreis"], "circle"),
        ("UN-Sicherheitsrat", ["UN", "Sicherheitsrat"], "security council"),
        ("Syrien-Gespräche", ["Syrien", "Gespräch"], "talk"),
        # Fewest parts, then the longest head: Wasser + Versorgungsnetz.
        ("Wasserversorgungsnetz", ["Wasser", "Versorgungsnetz"], "public power supply"),
    ],
)
def test_compounds_are_split_into_headwords(dictionary, word, parts, head_sense):
    lookup = dictionary.lookup(word)
    assert lookup.parts == parts
    headwords = {entry.headword for entry in lookup.entries}
    assert parts[-1] in headwords
    if head_sense:
        assert any(head_sense in entry.senses for entry in lookup.entries if entry.headword == parts[-1])


def test_compound_modifier_entries_are_returned_too(dictionary):
    headwords = [entry.headword for entry in dictionary.lookup("Resolutionsentwurf").entries]
    assert headwords[0] == "Entwurf" and "Resolution" in headwords


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Wasserversorgung", ["Wasser", "Versorgung"]),
        ("Telefongespräch", ["Telefon", "Gespräch"]),
        ("Menschenrechte", ["Mensch", "en"]),
    ],
)
def test_headword_compounds_are_not_split_by_lookup(dictionary, word, parts):
    # These are headwords (or plural forms of one) themselves, so lookup keeps them whole.
    assert dictionary.lookup(word).parts == []
    assert dictionary.lookup(word).entries[0].headword.startswith(parts[0])


def test_unknown_word_has_no_entries(dictionary):
    lookup = dictionary.lookup("Xqzvorkel")
    assert (lookup.query, lookup.lemma, lookup.parts, lookup.entries) == ("Xqzvorkel", None, [], [])
    assert dictionary.gloss("Xqzvorkel") is None


@pytest.mark.parametrize("query", ["", "   ", "a" * 101])
def test_empty_or_overlong_query_is_rejected(dictionary, query):
    with pytest.raises(ValueError):
        dictionary.lookup(query)


def test_markup_in_query_is_plain_text(dictionary):
    lookup = dictionary.lookup("<script>alert(1)</script>")
    assert lookup.query == "<script>alert(1)</script>"
    assert lookup.entries == []
    assert dictionary.lookup("'; DROP TABLE forms; --").entries == []
    assert first(dictionary, "Feuerpause").headword == "Feuerpause"


def test_gloss_of_a_sentence(dictionary):
    sentence = "Die Außenminister haben die Gespräche über eine Feuerpause abgebrochen"
    glosses = [dictionary.gloss(word) for word in sentence.split()]
    assert glosses[0] == "the"
    assert glosses[1] == "foreign minister"
    assert glosses[2] == "have"
    assert glosses[4] == "talks"
    assert glosses[7] == "ceasefire"
    assert all(glosses)


def test_gloss_of_inflected_and_compound_words(dictionary):
    assert dictionary.gloss("Luftangriffen") == "air raids"
    assert dictionary.gloss("Diplomatenkreisen") == "diplomat circles"
    assert dictionary.gloss("Resolutionsentwurf") == "resolution draft"
    assert dictionary.gloss("Syrien-Gespräche") == "Syria talks"
    assert dictionary.gloss("") is None


def test_rebuild_is_idempotent_and_atomic(built_index, tmp_path):
    db_path, count = built_index
    reader = Dictionary(db_path)
    before = reader.lookup("Feuerpause")
    assert build_index(DING_PATH, db_path) == count
    assert [p.name for p in db_path.parent.iterdir()] == [db_path.name]  # no temp file left
    assert Dictionary(db_path).lookup("Feuerpause") == before
    assert reader.lookup("Feuerpause") == before  # an open reader keeps working


def test_missing_index_raises_clear_error(tmp_path):
    with pytest.raises(DictionaryMissing, match="index-dictionary"):
        Dictionary(tmp_path / "absent.sqlite")
    not_an_index = tmp_path / "notes.txt"
    not_an_index.write_text("hello")
    with pytest.raises(DictionaryMissing):
        Dictionary(not_an_index)


# ---------------------------------------------------------------- in context, phrases, grammar

from lesepult.dictionary.context import lookup_in_context, particle_verb_of  # noqa: E402


@pytest.mark.parametrize("word, sentence, lemma, simple", [
    ("wies", "Russland wies dies zurück.", "zurückweisen", "weisen"),
    ("zurück", "Russland wies dies zurück.", "zurückweisen", "weisen"),
    ("brachen", "Zwei Tage später brachen die USA und Russland die Gespräche über Syrien ab.", "abbrechen", "brechen"),
    ("teilte", "Das teilte ein Sprecher in Moskau mit.", "mitteilen", "teilen"),
    ("trieb", "Die Präsidentschaft trieb die Gespräche bis zuletzt voran.", "vorantreiben", "treiben"),
])
def test_a_separated_verb_is_looked_up_as_the_particle_verb(dictionary, word, sentence, lemma, simple):
    found = lookup_in_context(dictionary, word, sentence)
    assert found.query == word and found.lemma == lemma
    assert found.entries[0].headword.split()[-1] == lemma
    assert found.entries[1].headword.split()[-1] == simple
    assert particle_verb_of(dictionary, word, sentence) == lemma   # what a mark in this sentence is saved under


def test_a_word_outside_a_particle_verb_has_none(dictionary):
    assert particle_verb_of(dictionary, "brachen", "Die Dämme brachen.") is None
    assert particle_verb_of(dictionary, "Gespräche", "Die Gespräche brachen gestern ab.") is None
    assert particle_verb_of(dictionary, "brachen", "") is None


def test_a_preposition_at_the_clause_end_is_left_alone(dictionary):
    found = lookup_in_context(dictionary, "stimmten", "Die übrigen 13 Mitglieder stimmten für den Text.")
    assert found.lemma == "stimmen" and not found.entries[0].headword.endswith("fürstimmen")
    assert lookup_in_context(dictionary, "Feuerpause", "").entries == dictionary.lookup("Feuerpause").entries


def test_a_verb_form_is_looked_up_by_the_tagger_lemma(dictionary):
    assert lookup_in_context(dictionary, "sagte", "Er sagte das.").entries[0].headword.endswith("sagen")


def test_an_inflected_compound_is_reduced_to_its_headword_before_splitting(dictionary):
    found = dictionary.lookup("Hilfskonvois")
    assert found.lemma == "Hilfskonvoi" and found.parts == []
    assert found.entries[0].headword == "Hilfskonvoi"


def test_phrases_and_idioms_come_from_every_part_of_an_entry(dictionary):
    found = dictionary.phrases(["in kraft treten", "nach angaben von", "ums leben gekommen", "zur kenntnis nehmen",
                                "bei dem", "im vorfeld"])
    assert found["in kraft treten"] == "come into force"
    assert found["nach angaben von"] == "according to"
    assert found["zur kenntnis nehmen"] == "take note of"
    assert "life" in found["ums leben gekommen"] and "im vorfeld" in found
    assert "/" not in "".join(found.values())


def test_among_several_entries_of_a_phrase_the_plainest_english_wins(dictionary):
    # Ding has "im Stich lassen" in seven lines; the first is "leave sb. high and dry [fig.]"
    assert dictionary.phrases(["im stich lassen"])["im stich lassen"] == "let down"


def test_noun_grammar_from_ding(dictionary):
    assert dictionary.noun_grammar("Gespräch") == ("n", "Gespräche")
    assert dictionary.noun_grammar("Haushalt") == ("m", "Haushalte")
    assert dictionary.noun_grammar("gehen") is None


def test_gloss_picks_one_common_sense(dictionary):
    assert dictionary.gloss("Brüssel") == "Brussels"
    assert dictionary.gloss("Bundesfinanzminister").startswith("federal")
    assert dictionary.gloss("sagte", "sagen") == "said"   # the form Ding lists for sagen, not sägen's "sawed"
    assert dictionary.gloss("brachen ab", "abbrechen") == "break off"
    assert dictionary.gloss("nach") == "after"


# ---------------------------------------------------------------- news senses

def _news_senses() -> list[tuple[str, str]]:
    with NEWS_SENSES.open(encoding="utf-8", newline="") as handle:
        return [(row["de"], row["en"]) for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.mark.parametrize("lemma, senses", _news_senses())
def test_every_news_sense_is_what_the_gloss_picks(dictionary, lemma, senses):
    # An entry that Ding cannot satisfy would be dead data: each one must change the pick.
    assert is_preferred(dictionary.gloss(lemma), tuple(senses.split("|")))


@pytest.mark.parametrize("text, senses, preferred", [
    ("rejected", ("reject",), True),
    ("announced", ("announce",), True),
    ("took part", ("take part",), True),
    ("were cancelled", ("be cancelled",), True),
    ("resented", ("reject",), False),
    ("break", ("be cancelled",), False),
    ("drive back", ("cut back",), False),   # the same particle, another verb
    ("stuck to", ("stick to",), True),
])
def test_a_preferred_sense_is_recognised_in_any_inflection(text, senses, preferred):
    assert is_preferred(text, senses) is preferred
