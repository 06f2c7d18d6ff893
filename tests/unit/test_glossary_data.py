"""Checks of the shipped curated glossary (lesepult/data/glossary.tsv).

The file is hand-written data that other code parses, so these tests pin its
exact format, the terms the product promises, and its German grammar against
the independent Ding dictionary.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "lesepult" / "data" / "glossary.tsv"
DING_FILE = ROOT / "data/ding/usr/share/trans/de-en"

HEADER = ["de", "en", "en_plural", "variants", "pos", "gender", "plural", "domain", "note", "context"]
POS = {"noun", "verb", "adj", "phrase", "abbr"}
GENDERS = {"m", "f", "n", "pl"}
DOMAINS = {"diplomacy", "conflict", "humanitarian", "government", "international",
           "law", "security", "economy", "media"}

# The terms the product promises, with the English rendering the brief fixes
# (None: the term must be present, its rendering is not prescribed).
REQUIRED = {
    "Feuerpause": "ceasefire", "Waffenstillstand": None, "Waffenruhe": None,
    "Sicherheitsrat": "Security Council", "Resolutionsentwurf": "draft resolution",
    "Resolution": None, "Sondergesandter": "special envoy",
    "Außenministerium": "foreign ministry", "Außenminister": "foreign minister",
    "Bundesaußenminister": "German Foreign Minister", "Luftangriff": "air strike",
    "Großoffensive": "major offensive", "Heeresleitung": "army command",
    "menschlicher Schutzschild": "human shield", "Extremisten-Miliz": "extremist militia",
    "Miliz": None, "Staatschef": "head of state", "Nachrichtenagentur": "news agency",
    "Vereinte Nationen": None, "Menschenrechte": None, "Kreml": None, "Rebellen": None,
    "Regierung": None, "Gegenwehr": None, "Wasserversorgung": None, "Zivilist": None,
    "Vorrücken": None, "Abstimmung": None, "Diplomatenkreise": None, "Telefonat": None,
    "humanitäre Lage": None, "internationale Gemeinschaft": None, "Bundeskanzler": None,
    "Bundesregierung": None, "Verteidigungsministerium": None, "Bundeswehr": None,
    "Nato": None, "Sanktionen": None, "Flüchtling": None, "Geflüchtete": None,
    "Asyl": None, "Hilfskonvoi": None, "Völkerrecht": None, "Kriegsverbrechen": None,
    "Friedensverhandlungen": None, "Waffenlieferung": None,
}


def read_rows() -> tuple[list[str], list[dict[str, str]]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = [dict(zip(HEADER, fields, strict=True)) for fields in reader]
    return header, rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_rows()[1]


@pytest.fixture(scope="module")
def by_lemma(rows) -> dict[str, dict[str, str]]:
    return {row["de"]: row for row in rows}


def sort_key(row: dict[str, str]) -> tuple[str, str]:
    # Umlauts sort with their base vowel, as in a German dictionary.
    folded = row["de"].casefold().translate(str.maketrans("äöüßé", "aouse"))
    return row["domain"], folded


def test_header_is_exact():
    header, _ = read_rows()
    assert header == HEADER


def test_every_line_has_ten_tab_separated_fields():
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    bad = [number for number, line in enumerate(lines, 1) if line.count("\t") != 9]
    assert bad == []


def test_a_context_condition_names_cues_other_than_the_term_itself(rows):
    conditioned = [row for row in rows if row["context"]]
    assert {row["de"] for row in conditioned} >= {"Prozess", "Haushalt"}
    for row in conditioned:
        cues = row["context"].split("|")
        assert all(cue.strip() == cue and cue for cue in cues), row["de"]
        # a cue found inside the term itself would make the condition always true
        assert not [cue for cue in cues if cue.lower() in row["de"].lower()], row["de"]


def test_at_least_300_terms(rows):
    assert len(rows) >= 300


def test_no_duplicate_lemmas(rows):
    duplicates = [de for de, count in Counter(row["de"] for row in rows).items() if count > 1]
    assert duplicates == []


def test_required_columns_and_allowed_values(rows):
    problems = [
        row["de"] or repr(row) for row in rows
        if not (row["de"] and row["en"] and row["pos"] in POS and row["domain"] in DOMAINS)
    ]
    assert problems == []


def test_nouns_have_gender_and_other_words_do_not(rows):
    wrong = [row["de"] for row in rows
             if (row["gender"] in GENDERS) != (row["pos"] == "noun")]
    assert wrong == []


def test_plural_only_nouns_have_no_singular_plural(rows):
    wrong = [row["de"] for row in rows if row["gender"] == "pl" and row["plural"]]
    assert wrong == []


def test_no_markup_or_stray_whitespace(rows):
    wrong = [(row["de"], name) for row in rows for name, value in row.items()
             if "<" in value or ">" in value or value != value.strip()]
    assert wrong == []


def test_variants_are_clean_and_differ_from_the_rendering(rows):
    wrong = [(row["de"], variant) for row in rows if row["variants"]
             for variant in row["variants"].split("|")
             if not variant or variant != variant.strip() or variant == row["en"]]
    assert wrong == []


def test_no_variant_is_claimed_for_two_different_renderings(rows):
    renderings: dict[str, set[str]] = {}
    for row in rows:
        for variant in filter(None, row["variants"].split("|")):
            renderings.setdefault(variant.casefold(), set()).add(row["en"])
    clashes = {variant: en for variant, en in renderings.items() if len(en) > 1}
    assert clashes == {}


def test_sorted_by_domain_then_lemma(rows):
    assert [row["de"] for row in rows] == [row["de"] for row in sorted(rows, key=sort_key)]


def test_at_least_40_notes(rows):
    assert sum(1 for row in rows if row["note"]) >= 40


def test_required_terms_present_with_their_renderings(by_lemma):
    missing = [de for de in REQUIRED if de not in by_lemma]
    assert missing == []
    wrong = {de: by_lemma[de]["en"] for de, en in REQUIRED.items()
             if en is not None and by_lemma[de]["en"] != en}
    assert wrong == {}


@pytest.mark.parametrize("de, en_plural", [
    ("Feuerpause", "ceasefires"), ("menschlicher Schutzschild", "human shields"),
    ("Resolutionsentwurf", "draft resolutions"),
])
def test_english_plurals_of_key_terms(by_lemma, de, en_plural):
    assert by_lemma[de]["en_plural"] == en_plural


@pytest.mark.parametrize("de, plural", [
    ("Feuerpause", "Feuerpausen"), ("Sicherheitsrat", "Sicherheitsräte"),
    ("Sondergesandter", "Sondergesandte"), ("menschlicher Schutzschild", "menschliche Schutzschilde"),
])
def test_german_plurals_of_key_terms(by_lemma, de, plural):
    assert by_lemma[de]["plural"] == plural


def test_feuerpause_lists_the_usual_machine_renderings(by_lemma):
    variants = set(by_lemma["Feuerpause"]["variants"].split("|"))
    assert {"cease-fire", "truce", "pause in fighting"} <= variants


def test_tricky_terms_carry_a_note(by_lemma):
    tricky = ["Außenminister", "Bundesaußenminister", "Sondergesandter", "Nato", "Kreml",
              "Handy", "eventuell", "Konsequenz", "Administration", "Kommandeur"]
    assert [de for de in tricky if not by_lemma[de]["note"]] == []


# ------------------------------------------------------------ Ding cross-check

HEADWORD = re.compile(r"\s*([^{}]+?)\s*\{([^}]*)\}")
COMMENT = re.compile(r"\([^()]*\)|\[[^\]]*\]")


def ding_genders(path: Path, wanted: set[str]) -> dict[str, set[str]]:
    """Genders Ding tags each wanted word with where it is a headword.

    A headword is a synonym in the first `|` section of a line's German side;
    later sections hold plurals, compounds and examples.
    """
    genders: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or " :: " not in line:
                continue
            first_section = COMMENT.sub("", line.split(" :: ", 1)[0].split(" | ", 1)[0])
            for synonym in first_section.split("; "):
                match = HEADWORD.match(synonym)
                if match and match.group(1) in wanted:
                    tags = {tag.strip() for tag in match.group(2).split(",")} & {"m", "f", "n"}
                    genders.setdefault(match.group(1), set()).update(tags)
    return {word: tags for word, tags in genders.items() if tags}


def test_genders_agree_with_ding(rows):
    if not DING_FILE.exists():
        pytest.skip("Ding dictionary not extracted (run the set-up)")
    nouns = {row["de"]: row["gender"] for row in rows
             if row["pos"] == "noun" and row["gender"] in {"m", "f", "n"} and " " not in row["de"]}
    in_ding = ding_genders(DING_FILE, set(nouns))
    mismatches = {de: (nouns[de], sorted(tags)) for de, tags in in_ding.items()
                  if nouns[de] not in tags}
    assert len(in_ding) >= 200, "too few glossary nouns found in Ding: is the parser broken?"
    agreement = 1 - len(mismatches) / len(in_ding)
    assert agreement >= 0.85, f"gender mismatches (ours, Ding's): {mismatches}"
