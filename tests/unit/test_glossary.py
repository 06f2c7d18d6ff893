"""Tests for lesepult.glossary: loading, finding German terms, enforcing English renderings."""
from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from lesepult.english import indefinite_article, pluralize
from lesepult.glossary import Glossary, Occurrence, Term, enforce, load_terms, read_terms_csv
from support import ROOT

PACKAGE_DATA = ROOT / "lesepult" / "data"
SAMPLE = PACKAGE_DATA / "sample" / "handelsblatt-syrien-2016.txt"
SHIPPED = PACKAGE_DATA / "glossary.tsv"

HEADER = "de\ten\ten_plural\tvariants\tpos\tgender\tplural\tdomain\tnote"
FIXTURE_ROWS = [
    "Feuerpause\tceasefire\tceasefires\tcease-fire|truce|pause in fighting|armistice|fire pause\tnoun\tf\tFeuerpausen\tmilitary\t",
    "Sicherheitsrat\tSecurity Council\tSecurity Councils\tsafety council\tnoun\tm\tSicherheitsräte\tpolitics\tUN body",
    "Resolutionsentwurf\tdraft resolution\tdraft resolutions\tresolution draft\tnoun\tm\tResolutionsentwürfe\tpolitics\t",
    "Sondergesandter\tspecial envoy\tspecial envoys\tspecial representative\tnoun\tm\tSondergesandte\tpolitics\t",
    "Außenministerium\tForeign Ministry\tForeign Ministries\tforeign office\tnoun\tn\tAußenministerien\tpolitics\t",
    "Außenminister\tforeign minister\tforeign ministers\tforeign secretary\tnoun\tm\tAußenminister\tpolitics\t",
    "Bundesaußenminister\tFederal Foreign Minister\tFederal Foreign Ministers\tGerman foreign minister\tnoun\tm\tBundesaußenminister\tpolitics\t",
    "Luftangriff\tairstrike\tairstrikes\tair strike|air raid\tnoun\tm\tLuftangriffe\tmilitary\t",
    "menschlicher Schutzschild\thuman shield\thuman shields\thuman protective shield\tnoun\tm\tmenschliche Schutzschilde\tmilitary\t",
    "Vereinte Nationen\tUnited Nations\t\t\tnoun\tpl\t\tpolitics\t",
    "Extremisten-Miliz\textremist militia\textremist militias\textremist group\tnoun\tf\tExtremisten-Milizen\tmilitary\t",
    "Miliz\tmilitia\tmilitias\tarmed group\tnoun\tf\tMilizen\tmilitary\t",
    "Islamischer Staat\tIslamic State\t\tISIS\tnoun\tm\t\tmilitary\t",
    "humanitäre Lage\thumanitarian situation\t\t\tnoun\tf\t\tpolitics\t",
    "internationale Gemeinschaft\tinternational community\t\t\tnoun\tf\t\tpolitics\t",
    "Staatschef\thead of state\theads of state\t\tnoun\tm\tStaatschefs\tpolitics\t",
    "Gespräch\ttalk\ttalks\tconversation\tnoun\tn\tGespräche\tpolitics\t",
    "Soldat\tsoldier\tsoldiers\t\tnoun\tm\tSoldaten\tmilitary\t",
    "Konvoi\tconvoy\tconvoys\t\tnoun\tm\tKonvois\tmilitary\t",
    "Folge\tconsequence\tconsequences\t\tnoun\tf\tFolgen\t\t",
    "Rat\tcouncil\tcouncils\tboard\tnoun\tm\tRäte\tpolitics\t",
    "Rat der Europäischen Union\tCouncil of the European Union\t\t\tnoun\tm\t\tpolitics\t",
    "UN\tUN\t\tUnited Nations\tabbr\t\t\tpolitics\t",
    "bombardieren\tbomb\t\tshell\tverb\t\t\tmilitary\t",
    "humanitär\thumanitarian\t\t\tadj\t\t\t\t",
]


def write_tsv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    return Glossary(load_terms(write_tsv(tmp_path / "glossary.tsv", FIXTURE_ROWS)))


def found(glossary: Glossary, text: str) -> list[tuple[str, str, bool]]:
    return [(o.term.de, o.surface, o.plural) for o in glossary.find(text)]


def shipped_glossary() -> Glossary:
    if not SHIPPED.exists():
        pytest.skip("lesepult/data/glossary.tsv not written yet")
    return Glossary(load_terms(SHIPPED))


def shipped_term(glossary: Glossary, de: str) -> Term:
    term = glossary.get(de)
    if term is None:
        pytest.skip(f"shipped glossary lacks {de}")
    return term


# ---------------------------------------------------------------- load_terms

def test_load_terms_reads_every_column(tmp_path):
    terms = load_terms(write_tsv(tmp_path / "g.tsv", FIXTURE_ROWS))
    assert len(terms) == len(FIXTURE_ROWS)
    truce = terms[0]
    assert (truce.de, truce.en, truce.en_plural, truce.gender, truce.plural) == (
        "Feuerpause", "ceasefire", "ceasefires", "f", "Feuerpausen")
    assert truce.variants == ("cease-fire", "truce", "pause in fighting", "armistice", "fire pause")
    assert truce.source == "curated" and truce.id is None
    assert terms[1].note == "UN body"


@pytest.mark.parametrize("bad_row, message", [
    ("Feuerpause\tceasefire\tceasefires", "line 3: expected 9 fields, found 3"),
    ("Feuerpause\t\t\t\tnoun\tf\t\t\t", "line 3: missing en"),
    ("Feuerpause\tceasefire\t\t\tsubstantive\tf\t\t\t", "line 3: unknown pos"),
    ("Feuerpause\tceasefire\t\t\tnoun\tx\t\t\t", "line 3: unknown gender"),
    ("Feuerpause\t<b>ceasefire</b>\t\t\tnoun\tf\t\t\t", "line 3: markup not allowed"),
])
def test_load_terms_names_the_line_of_a_malformed_row(tmp_path, bad_row, message):
    path = write_tsv(tmp_path / "g.tsv", [FIXTURE_ROWS[1], bad_row])
    with pytest.raises(ValueError, match=re.escape(message)):
        load_terms(path)


def test_load_terms_rejects_a_duplicate_and_a_wrong_header(tmp_path):
    with pytest.raises(ValueError, match="line 3: duplicate of line 2"):
        load_terms(write_tsv(tmp_path / "dup.tsv", [FIXTURE_ROWS[0], FIXTURE_ROWS[0]]))
    with pytest.raises(ValueError, match="line 1: expected header"):
        load_terms(write_tsv(tmp_path / "head.tsv", FIXTURE_ROWS[:1], header="de\ten"))


def test_load_terms_skips_blank_lines(tmp_path):
    path = write_tsv(tmp_path / "g.tsv", [FIXTURE_ROWS[0], "", FIXTURE_ROWS[1]])
    assert [t.de for t in load_terms(path)] == ["Feuerpause", "Sicherheitsrat"]


# ---------------------------------------------------------------- find: inflection

@pytest.mark.parametrize("text, de, surface, plural", [
    ("Bei schweren Luftangriffen starben Zivilisten.", "Luftangriff", "Luftangriffen", True),
    ("Er traf den Syrien-Sondergesandten.", "Sondergesandter", "Syrien-Sondergesandten", False),
    ("Ein Sprecher des Außenministeriums sagte das.", "Außenministerium", "Außenministeriums", False),
    ("Die Sitzung des Sicherheitsrates begann.", "Sicherheitsrat", "Sicherheitsrates", False),
    ("Die Sitzung des Sicherheitsrats begann.", "Sicherheitsrat", "Sicherheitsrats", False),
    ("Alle Feuerpausen scheiterten.", "Feuerpause", "Feuerpausen", True),
    ("Die Staatschefs trafen sich.", "Staatschef", "Staatschefs", True),
    ("Das Büro des Außenministers", "Außenminister", "Außenministers", False),
    ("Ein Sondergesandter reiste ab.", "Sondergesandter", "Sondergesandter", False),
    ("Zwei Sondergesandte reisten ab.", "Sondergesandter", "Sondergesandte", True),
    ("Er sprach mit Außenministern.", "Außenminister", "Außenministern", True),
    ("Sie bombardierten die Stadt.", "bombardieren", "bombardierten", False),
    ("aus humanitären Gründen", "humanitär", "humanitären", False),
    ("BEI LUFTANGRIFFEN", "Luftangriff", "LUFTANGRIFFEN", True),
])
def test_finds_inflected_forms(glossary, text, de, surface, plural):
    assert found(glossary, text) == [(de, surface, plural)]


@pytest.mark.parametrize("text, plural", [
    ("Nun haben die Außenminister telefoniert.", True),
    ("Der Außenminister von Russland", False),
    ("dass Außenminister Ayrault reisen werde", False),
    ("Zwei Außenminister trafen sich.", True),
    ("mit dem Syrien-Sondergesandten der UN", False),
    ("Die Sondergesandten trafen sich.", True),
    ("Mehrere neue Sondergesandte wurden ernannt.", True),
    ("Sondergesandten trafen sich.", True),
    ("Türkische Soldaten rückten vor.", True),
    ("Er sprach mit dem Soldaten.", False),
    ("Er sah den verletzten Soldaten.", False),
    ("Sie nannten die \"Soldaten\" Helden.", True),
    ("Ein Soldat starb.", False),
])
def test_number_of_an_ambiguous_form_follows_the_determiner(glossary, text, plural):
    [occurrence] = [o for o in glossary.find(text) if o.term.pos == "noun"]
    assert occurrence.plural is plural


# ---------------------------------------------------------------- find: compounds and false positives

@pytest.mark.parametrize("text, de, surface", [
    ("Der UN-Sicherheitsrat tagt.", "Sicherheitsrat", "UN-Sicherheitsrat"),
    ("Der Uno-Sicherheitsrat tagt.", "Sicherheitsrat", "Uno-Sicherheitsrat"),
    ("Das Telefongespräch dauerte lange.", "Gespräch", "Telefongespräch"),
    ("Mehrere Hilfskonvois kamen an.", "Konvoi", "Hilfskonvois"),
    ("Die Ost-Aleppo-Milizen rückten vor.", "Miliz", "Ost-Aleppo-Milizen"),
    ("Der UN-Rat tagt.", "Rat", "UN-Rat"),
    ("Die Beschlüsse des Rates", "Rat", "Rates"),
])
def test_finds_terms_as_compound_heads_spanning_the_whole_token(glossary, text, de, surface):
    assert [(de_, surface_) for de_, surface_, _ in found(glossary, text)] == [(de, surface)]


@pytest.mark.parametrize("text, modifier", [
    ("Der UN-Sicherheitsrat tagt.", "UN-"),
    ("Das Telefongespräch dauerte lange.", "Telefon"),
    ("Die Ost-Aleppo-Milizen rückten vor.", "Ost-Aleppo-"),
    ("Der Sicherheitsrat tagt.", ""),
])
def test_an_occurrence_says_which_part_of_a_compound_comes_before_the_term(glossary, text, modifier):
    [occurrence] = glossary.find(text)
    assert occurrence.modifier == modifier


@pytest.mark.parametrize("text", [
    "Das war ein guter Ratschlag.",            # Rat is not the head
    "Die Heirat fand statt.",                  # short term inside a word
    "Er hörte auf die Räterepublik.",          # plural form not the head either
    "Ihre Misserfolgsquote sank.",             # Folge not at the end
    "Die Erfolge waren groß.",                 # prefix "Er" is too short to be a compound part
    "Die Feuerpausenverlängerung scheiterte.",  # term inside, not the head
    "Sie wollen gespräch führen.",             # lowercase token is not the noun
    "Die Sicherheitsrat-Sitzung begann.",      # hyphenated, but not the last part
])
def test_does_not_match_where_the_term_is_not_the_head(glossary, text):
    assert found(glossary, text) == []


def test_short_terms_do_not_match_as_closed_compound_heads(tmp_path):
    rat_rows = [row for row in FIXTURE_ROWS if row.startswith("Rat\t")]
    only_rat = Glossary(load_terms(write_tsv(tmp_path / "g.tsv", rat_rows)))
    assert found(only_rat, "Der Sicherheitsrat und der Stadtrat tagen.") == []
    assert found(only_rat, "Der Rat tagt.") == [("Rat", "Rat", False)]


def test_longest_most_specific_match_wins(glossary):
    assert found(glossary, "Bundesaußenminister Steinmeier traf den Außenminister.") == [
        ("Bundesaußenminister", "Bundesaußenminister", False), ("Außenminister", "Außenminister", False)]
    assert found(glossary, "die Extremisten-Miliz IS") == [("Extremisten-Miliz", "Extremisten-Miliz", False)]
    assert found(glossary, "der Terror-Extremisten-Milizen") == [
        ("Extremisten-Miliz", "Terror-Extremisten-Milizen", True)]
    assert found(glossary, "Der Rat der Europäischen Union tagt.") == [
        ("Rat der Europäischen Union", "Rat der Europäischen Union", False)]


def test_abbreviations_match_case_sensitively(glossary):
    assert found(glossary, "nach UN-Angaben und laut UN") == [("UN", "UN", False)]
    assert found(glossary, "un poco") == []


# ---------------------------------------------------------------- find: multi-word terms

@pytest.mark.parametrize("text, de, surface, plural", [
    ("als menschliche Schutzschilde", "menschlicher Schutzschild", "menschliche Schutzschilde", True),
    ("mit menschlichen Schutzschilden", "menschlicher Schutzschild", "menschlichen Schutzschilden", True),
    ("als menschlichen Schutzschild", "menschlicher Schutzschild", "menschlichen Schutzschild", False),
    ("Menschliche Schutzschilde sind verboten.", "menschlicher Schutzschild", "Menschliche Schutzschilde", True),
    ("der Vereinten Nationen", "Vereinte Nationen", "Vereinten Nationen", True),
    ("wegen der humanitären Lage", "humanitäre Lage", "humanitären Lage", False),
    ("der internationalen Gemeinschaft", "internationale Gemeinschaft", "internationalen Gemeinschaft", False),
    ("Kämpfer des Islamischen Staates", "Islamischer Staat", "Islamischen Staates", False),
])
def test_finds_multi_word_terms_with_inflected_adjectives(glossary, text, de, surface, plural):
    assert found(glossary, text) == [(de, surface, plural)]


def test_multi_word_terms_need_adjacent_words(glossary):
    assert found(glossary, "menschliche, Schutzschilde") == []
    assert found(glossary, "die Lage ist humanitär") == [("humanitär", "humanitär", False)]


def test_offsets_point_at_the_surface(glossary):
    text = "Die Zivilisten als menschliche Schutzschilde, sagte der UN-Sicherheitsrat."
    for occurrence in glossary.find(text):
        assert text[occurrence.start:occurrence.end] == occurrence.surface


# ---------------------------------------------------------------- Glossary bookkeeping

def test_later_terms_override_earlier_ones_with_the_same_de(tmp_path):
    curated = load_terms(write_tsv(tmp_path / "g.tsv", FIXTURE_ROWS))
    user = Term("Feuerpause", "truce", "truces", (), "noun", "f", "Feuerpausen", "", "", source="user", id=7)
    glossary = Glossary([*curated, user])
    assert glossary.get("Feuerpause") == user
    assert glossary.get("feuerpause") is None   # case tells a noun from a verb
    assert len(glossary.terms) == len(curated)
    assert glossary.find("Eine Feuerpause.")[0].term.id == 7
    assert glossary.get("Waffenruhe") is None


def test_sample_article_terms_and_counts(glossary):
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n\n")
    counts = {term.de: count for term, count in glossary.counts(paragraphs)}
    assert counts["Luftangriff"] == 2
    assert counts["Außenministerium"] == 3
    assert counts["Außenminister"] == 5
    for de in ("Sondergesandter", "Sicherheitsrat", "Resolutionsentwurf", "Feuerpause",
               "menschlicher Schutzschild", "Bundesaußenminister", "Vereinte Nationen",
               "Extremisten-Miliz", "Islamischer Staat", "humanitäre Lage", "internationale Gemeinschaft"):
        assert counts[de] == 1, de
    surfaces = {o.surface for o in glossary.find(SAMPLE.read_text(encoding="utf-8"))}
    assert {"Luftangriffen", "Syrien-Sondergesandten", "UN-Sicherheitsrat", "Außenministeriums",
            "menschliche Schutzschilde", "Telefongespräch"} <= surfaces
    ordered = [count for _, count in glossary.counts(paragraphs)]
    assert ordered == sorted(ordered, reverse=True)


def test_find_is_fast_on_a_long_text(glossary):
    sentences = re.split(r"(?<=[.!?])\s+", SAMPLE.read_text(encoding="utf-8"))
    random.Random(1).shuffle(sentences)
    text = " ".join(sentences)
    text = " ".join([text] * (50_000 // len(text.split()) + 1))
    started = time.perf_counter()
    occurrences = glossary.find(text)
    assert time.perf_counter() - started < 1.0
    assert len(occurrences) > 1000


# ---------------------------------------------------------------- enforce

def enforced(glossary: Glossary, german: str, english: str) -> tuple[str, list[tuple[str, str, str]]]:
    new, records, _ = enforce(english, glossary.find(german))
    return new, [(r.term.de, r.status, r.replaced) for r in records]


def test_replaces_a_variant_with_the_rendering(glossary):
    assert enforced(glossary, "Der UN-Sicherheitsrat tagt.", "The UN safety council meets.") == (
        "The UN Security Council meets.", [("Sicherheitsrat", "replaced", "safety council")])
    assert enforced(glossary, "eine Feuerpause für Aleppo", "a truce for Aleppo") == (
        "a ceasefire for Aleppo", [("Feuerpause", "replaced", "truce")])


def test_a_hyphenated_rendering_already_there_is_kept_with_what_stands_before_it():
    curated = Glossary(load_terms(ROOT / "lesepult" / "data" / "glossary.tsv"))
    german, english = "Nato-Generalsekretär Rutte sprach.", "NATO secretary-general Rutte spoke."
    aligned = [(0, 20, 0, 22)]   # the whole compound to "NATO secretary-general", as the gloss aligns it
    new, records, _ = enforce(english, curated.find(german), aligned)
    assert new == english and [(r.term.de, r.status) for r in records] == [("Generalsekretär", "kept")]


def test_fixes_the_indefinite_article(glossary):
    assert enforced(glossary, "Eine Feuerpause wurde vereinbart.", "An armistice was agreed.")[0] == (
        "A ceasefire was agreed.")
    assert enforced(glossary, "Ein Luftangriff traf die Stadt.", "It was a air raid.")[0] == (
        "It was an airstrike.")


def test_uses_the_plural_for_a_plural_german_term(glossary):
    assert enforced(glossary, "Es gab zwei Feuerpausen.", "There were two fire pauses.")[0] == (
        "There were two ceasefires.")
    # the German number wins over a mismatched English one
    assert enforced(glossary, "Es gab zwei Feuerpausen.", "There were two truce.")[0] == (
        "There were two ceasefires.")


def test_drops_an_indefinite_article_before_a_plural(glossary):
    assert enforced(glossary, "Es gab Feuerpausen.", "There was a truce.")[0] == "There was ceasefires."
    assert enforced(glossary, "Feuerpausen gab es.", "A truce there was.")[0] == "Ceasefires there was."


def test_pluralizes_a_rendering_without_a_given_plural():
    waffenruhe = Term("Waffenruhe", "truce", "", ("ceasefire",), "noun", "f", "Waffenruhen", "", "")
    rights = Term("Menschenrechte", "human rights", "", ("human right",), "noun", "pl", "", "", "")
    glossary = Glossary([waffenruhe, rights])
    assert enforce("Two ceasefires.", glossary.find("Zwei Waffenruhen."))[0] == "Two truces."
    assert enforce("Human right matters.", glossary.find("Menschenrechte zählen."))[0] == "Human rights matters."


def test_capitalises_at_sentence_start(glossary):
    assert enforced(glossary, "Feuerpause in Aleppo.", "Truce in Aleppo.")[0] == "Ceasefire in Aleppo."
    assert enforced(glossary, "Feuerpause in Aleppo.", "\"Truce in Aleppo.\"")[0] == "\"Ceasefire in Aleppo.\""


def test_keeps_a_rendering_already_present(glossary):
    assert enforced(glossary, "Die Feuerpause hält.", "The Ceasefire holds despite a truce.") == (
        "The Ceasefire holds despite a truce.", [("Feuerpause", "kept", "")])
    assert enforced(glossary, "Die Luftangriffe gingen weiter.", "The airstrikes continued.")[1] == [
        ("Luftangriff", "kept", "")]


def test_reports_missing_when_no_rendering_is_found(glossary):
    assert enforced(glossary, "Die Feuerpause hält.", "The fighting has stopped.") == (
        "The fighting has stopped.", [("Feuerpause", "missing", "")])


def test_never_replaces_inside_a_word(glossary):
    assert enforced(glossary, "Der Rat tagt.", "The keyboard and the boarding pass.") == (
        "The keyboard and the boarding pass.", [("Rat", "missing", "")])


def test_replaces_no_more_often_than_the_term_occurs(glossary):
    assert enforced(glossary, "Eine Feuerpause.", "A truce, not a truce.")[0] == "A ceasefire, not a truce."
    assert enforced(glossary, "Eine Feuerpause, noch eine Feuerpause.", "A truce, another truce.")[0] == (
        "A ceasefire, another ceasefire.")


def test_hyphen_and_space_spellings_count_as_variants(glossary):
    assert enforced(glossary, "Die Feuerpause hält.", "The cease fire holds.")[0] == "The ceasefire holds."
    assert enforced(glossary, "Luftangriffe", "air-strikes")[0] == "airstrikes"


def test_enforces_several_terms_in_one_sentence(glossary):
    german = "Paris brachte einen Resolutionsentwurf in den UN-Sicherheitsrat ein."
    english = "Paris brought a resolution draft into the UN safety council."
    assert enforced(glossary, german, english) == (
        "Paris brought a draft resolution into the UN Security Council.",
        [("Resolutionsentwurf", "replaced", "resolution draft"), ("Sicherheitsrat", "replaced", "safety council")])


def test_enforce_without_occurrences_changes_nothing():
    assert enforce("A truce.", []) == ("A truce.", [], [])


def test_enforce_accepts_hand_made_occurrences():
    term = Term("Feuerpause", "ceasefire", "ceasefires", ("truce",), "noun", "f", "Feuerpausen", "", "")
    occurrence = Occurrence(term, 0, 11, "Feuerpausen", True)
    assert enforce("Two truces.", [occurrence])[0] == "Two ceasefires."


@pytest.mark.parametrize("singular, plural", [
    ("truce", "truces"), ("cease-fire", "cease-fires"), ("militia", "militias"), ("ministry", "ministries"),
    ("day", "days"), ("crash", "crashes"), ("box", "boxes"), ("pause in fighting", "pauses in fighting"),
    ("head of state", "heads of state"),
])
def test_pluralize(singular, plural):
    assert pluralize(singular) == plural


@pytest.mark.parametrize("phrase, article", [
    ("ceasefire", "a"), ("airstrike", "an"), ("hour", "an"), ("UN resolution", "a"), ("MP", "an"),
    ("unilateral move", "a"), ("uprising", "an"), ("European", "a"), ("extremist militia", "an"),
])
def test_indefinite_article(phrase, article):
    assert indefinite_article(phrase) == article


# ---------------------------------------------------------------- read_terms_csv

def test_read_terms_csv_accepts_a_good_file():
    text = ("de,en,en_plural,variants,gender,plural\n"
            "Waffenruhe,truce,truces,ceasefire|cease-fire,f,Waffenruhen\n"
            "\"Rotes Kreuz\",\"Red Cross\",,,n,\n"
            "NATO,NATO,,,,\n")
    terms, rejected = read_terms_csv(text)
    assert rejected == []
    assert [(t.de, t.en, t.pos, t.source) for t in terms] == [
        ("Waffenruhe", "truce", "noun", "user"), ("Rotes Kreuz", "Red Cross", "noun", "user"),
        ("NATO", "NATO", "abbr", "user")]
    assert terms[0].variants == ("ceasefire", "cease-fire")
    assert found(Glossary(terms), "wegen der Waffenruhen beim Roten Kreuz") == [
        ("Waffenruhe", "Waffenruhen", True), ("Rotes Kreuz", "Roten Kreuz", False)]


def test_read_terms_csv_accepts_semicolons_and_a_byte_order_mark():
    terms, rejected = read_terms_csv("\ufeffde;en\nWaffenruhe;truce\n")
    assert rejected == [] and [(t.de, t.en) for t in terms] == [("Waffenruhe", "truce")]


def test_read_terms_csv_reports_bad_rows_by_line():
    long = "x" * 201
    text = ("de,en,pos\n"
            "Waffenruhe,truce,noun\n"
            ",orphan,noun\n"
            "Waffenstillstand,,noun\n"
            "Waffenruhe,armistice,noun\n"
            "Angriff,<script>alert(1)</script>,noun\n"
            f"Angriff,{long},noun\n"
            "Angriff,attack,noun,extra\n"
            "Angriff,attack,substantive\n"
            "\n"
            "Angriff,attack,noun\n")
    terms, rejected = read_terms_csv(text)
    assert [t.de for t in terms] == ["Waffenruhe", "Angriff"]
    assert rejected == [
        (3, "missing de"), (4, "missing en"), (5, "duplicate of line 2"), (6, "markup not allowed"),
        (7, "field too long"), (8, "too many fields"), (9, "unknown pos 'substantive'")]


@pytest.mark.parametrize("text, reason", [
    ("", "empty file"),
    ("   \n\n", "empty file"),
    ("de,translation\nWaffenruhe,truce\n", "missing column: en"),
    ("german,english\n", "missing column: de, en"),
    ("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "missing column: de, en"),
    ("{\"de\": \"Waffenruhe\"}", "missing column: de, en"),
])
def test_read_terms_csv_rejects_files_without_usable_header(text, reason):
    assert read_terms_csv(text) == ([], [(1, reason)])


def test_read_terms_csv_rejects_garbage_rows_after_a_header():
    terms, rejected = read_terms_csv("de,en\nWaffen\x00ruhe,tr\x07uce\n")
    assert terms == [] and rejected == [(2, "control characters not allowed")]


# ---------------------------------------------------------------- the shipped glossary

def test_shipped_glossary_loads():
    glossary = shipped_glossary()
    assert len(glossary.terms) > 20
    assert all(term.source == "curated" for term in glossary.terms)


@pytest.mark.parametrize("text, de, surface", [
    ("Bei schweren Luftangriffen", "Luftangriff", "Luftangriffen"),
    ("in den UN-Sicherheitsrat", "Sicherheitsrat", "UN-Sicherheitsrat"),
    ("mit dem Syrien-Sondergesandten", "Sondergesandter", "Syrien-Sondergesandten"),
    ("des russischen Außenministeriums", "Außenministerium", "Außenministeriums"),
    ("als menschliche Schutzschilde", "menschlicher Schutzschild", "menschliche Schutzschilde"),
    ("Bundesaußenminister Steinmeier", "Bundesaußenminister", "Bundesaußenminister"),
])
def test_shipped_glossary_finds_the_sample_terms(text, de, surface):
    glossary = shipped_glossary()
    shipped_term(glossary, de)
    # a more specific shipped term ("UN-Sicherheitsrat") may claim the surface
    assert any(o.surface == surface and o.term.de.endswith(de) for o in glossary.find(text))


def test_shipped_glossary_enforces_ceasefire():
    glossary = shipped_glossary()
    term = shipped_term(glossary, "Feuerpause")
    if "truce" not in term.variants:
        pytest.skip("shipped Feuerpause lacks the variant truce")
    new, [record], _ = enforce("a truce for Aleppo", glossary.find("eine Feuerpause für Aleppo"))
    assert new == f"{indefinite_article(term.en)} {term.en} for Aleppo"
    assert record.status == "replaced"


# ---------------------------------------------------------------- a reader's terms, separated verbs

def test_a_user_noun_without_grammar_takes_it_from_the_dictionary(ding_db):
    from lesepult.dictionary import Dictionary
    from lesepult.glossary import validate

    term = validate({"de": "Gespräch", "en": "talks"}, "user")
    plain = Glossary([term])
    completed = Glossary([term], Dictionary(ding_db).noun_grammar)
    for text in ("Die Gespräche scheiterten.", "Nach langen Gesprächen einigten sie sich.", "Die Friedensgespräche begannen."):
        assert [o.term.de for o in completed.find(text)] == ["Gespräch"], text
    assert plain.find("Die Gespräche scheiterten.") == []
    [occurrence] = completed.find("Die Gespräche scheiterten.")
    assert occurrence.plural and occurrence.term is term


def test_a_verb_with_a_separated_particle_is_not_the_verb_term():
    glossary = Glossary([Term("fordern", "call for", "", (), "verb", "", "", "", "")])
    assert glossary.find("Die AfD forderte den Landeswahlleiter zum Rücktritt auf.") == []
    assert [o.surface for o in glossary.find("Die Länder fordern mehr Geld vom Bund.")] == ["fordern"]
    assert [o.surface for o in glossary.find("Sie fordern Hilfe, bieten aber nichts an.")] == ["fordern"]


# ---------------------------------------------------------------- context conditions

CONDITIONED = "Prozess\ttrial\ttrials\t\tnoun\tm\tProzesse\tlaw\t\tGericht|Anklage|Richter"


def test_a_file_with_the_context_column_loads_and_one_without_still_does(tmp_path):
    with_context = load_terms(write_tsv(tmp_path / "new.tsv", [FIXTURE_ROWS[0] + "\t", CONDITIONED],
                                        header=HEADER + "\tcontext"))
    assert [t.context for t in with_context] == [(), ("Gericht", "Anklage", "Richter")]
    assert [t.context for t in load_terms(write_tsv(tmp_path / "old.tsv", FIXTURE_ROWS[:2]))] == [(), ()]
    with pytest.raises(ValueError, match="line 2: expected 10 fields, found 9"):
        load_terms(write_tsv(tmp_path / "short.tsv", FIXTURE_ROWS[:1], header=HEADER + "\tcontext"))


@pytest.mark.parametrize("sentence, found", [
    ("Der Prozess gegen den Angeklagten beginnt vor dem Landgericht.", True),   # a cue inside a compound
    ("Die Anklage will den Prozess rasch führen.", True),
    ("Der politische Prozess in Syrien stockt.", False),                       # an everyday word here
    ("Die Prozesse der Verwaltung sind langsam.", False),
])
def test_a_term_with_a_context_condition_applies_only_where_a_cue_stands(tmp_path, sentence, found):
    glossary = Glossary(load_terms(write_tsv(tmp_path / "g.tsv", [CONDITIONED], header=HEADER + "\tcontext")))
    assert bool(glossary.find(sentence)) is found


EXCLUDED = "verurteilen\tcondemn\t\t\tverb\t\t\tlaw\t\t!Haft|!Strafe"


@pytest.mark.parametrize("sentence, found", [
    ("Die Regierung verurteilte den Anschlag.", True),
    ("Das Gericht verurteilte ihn zu drei Jahren Haft.", False),        # an excluding cue stands there
    ("Sie wurde zu einer Geldstrafe verurteilt.", False),              # … inside a compound
])
def test_a_cue_with_an_exclamation_mark_excludes_the_term(tmp_path, sentence, found):
    glossary = Glossary(load_terms(write_tsv(tmp_path / "g.tsv", [EXCLUDED], header=HEADER + "\tcontext")))
    assert bool(glossary.find(sentence)) is found


def test_enforcement_leaves_an_everyday_word_without_its_context_alone(tmp_path):
    # "process" listed as a variant: wherever the term applies, enforcement turns it into "trial"
    row = CONDITIONED.replace("\ttrials\t\t", "\ttrials\tprocess\t")
    glossary = Glossary(load_terms(write_tsv(tmp_path / "g.tsv", [row], header=HEADER + "\tcontext")))
    english, _, marks = enforce("The political process is stalling.", glossary.find("Der politische Prozess stockt."))
    assert english == "The political process is stalling." and not marks
    english, _, _ = enforce("The process before the court is stalling.", glossary.find("Der Prozess vor dem Gericht stockt."))
    assert english == "The trial before the court is stalling."


def test_a_readers_term_may_carry_a_context_condition_through_validate():
    from lesepult.glossary import validate

    term = validate({"de": "Gipfel", "en": "summit", "context": ["Staats", "Minister"]})
    assert term.context == ("Staats", "Minister")
    assert term.applies_in("Die Minister trafen sich zum Gipfel.") and not term.applies_in("Der Gipfel ist 3000 Meter hoch.")


def test_a_verb_term_conjugated_by_the_gloss_counts_as_kept():
    fordern = Term("fordern", "call for", "", ("demand",), "verb", "", "", "diplomacy", "")
    occurrences = Glossary([fordern]).find("Die UN forderten eine Waffenruhe.")
    english, enforcements, marks = enforce("The UN called for a ceasefire.", occurrences)
    assert english == "The UN called for a ceasefire." and [e.status for e in enforcements] == ["kept"]
    assert english[marks[0].start:marks[0].end] == "called for"
    english, enforcements, _ = enforce("The UN calls a ceasefire.", occurrences)   # not the rendering
    assert enforcements[0].status != "kept"
