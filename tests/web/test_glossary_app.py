"""Glossary and dictionary through the web: lookups, enforcement, the reader's own terms."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from support import ScriptedEngine, make_app, post_text


GERMAN = ("Der UN-Sicherheitsrat fordert eine Feuerpause. "
          "Zwei Feuerpausen sind gescheitert. "
          "Die Luftangriffe auf Aleppo gehen weiter.")
ENGLISH = {
    "Der UN-Sicherheitsrat fordert eine Feuerpause.": "The UN safety council demands a truce.",
    "Zwei Feuerpausen sind gescheitert.": "Two truces have failed.",
    "Die Luftangriffe auf Aleppo gehen weiter.": "The air attacks on Aleppo continue.",
}


@pytest.fixture
def scripted(tmp_path, ding_db):
    app = make_app(tmp_path, ding_db)
    engine = ScriptedEngine(ENGLISH)
    app.extensions["lesepult"]["engine"] = lambda: engine  # what the app asks each time it needs its engine
    client = app.test_client()
    response = post_text(client, GERMAN)
    return client, response.headers["Location"].rsplit("/", 1)[1]


def sentences(data):
    return [s for p in data["paragraphs"] for s in p["sentences"]]


def test_enforced_renderings_with_number_and_article(scripted):
    client, document_id = scripted
    data = client.get(f"/api/documents/{document_id}").get_json()
    english = [s["en"] for s in sentences(data)]
    assert "Security Council" in english[0] and "a ceasefire" in english[0]
    assert english[1].startswith("Two ceasefires")
    assert "air strikes" in english[2]
    enforced = {e["de"]: e for s in sentences(data) for e in s.get("enforced", [])}
    assert enforced["Feuerpause"]["status"] == "replaced" and enforced["Feuerpause"]["replaced"]
    terms = {t["de"]: t for t in data["terms"]}
    assert terms["Feuerpause"]["count"] == 2 and terms["Feuerpause"]["source"] == "curated"


def test_enforcement_can_be_switched_off(scripted):
    client, document_id = scripted
    data = client.get(f"/api/documents/{document_id}?enforce=0").get_json()
    assert [s["en"] for s in sentences(data)] == list(ENGLISH.values())
    page = client.get(f"/documents/{document_id}/paragraphs/0?enforce=0").get_data(as_text=True)
    assert "truce" in page and "enforced" not in page


def test_page_marks_terms_and_enforced_renderings(scripted):
    client, document_id = scripted
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert re.search(r'<mark class="term"[^>]*data-term="Feuerpause"[^>]*data-tip="ceasefire', page)
    assert 'class="term-filter" data-term="Feuerpause"' in page
    fragment = client.get(f"/documents/{document_id}/paragraphs/0").get_data(as_text=True)
    assert re.search(r'<mark class="enforced" title="Glossary: Feuerpause → ceasefire[^"]*truce', fragment)


def test_enforcement_runs_on_the_synthetic_argos_model(argos_app):
    client = argos_app.test_client()
    data = client.post("/api/translate", json={"text": "Der Sicherheitsrat fordert eine Feuerpause."}).get_json()
    [sentence] = sentences(data)
    assert data["engine"]["name"] == "argos"
    statuses = {e["de"]: e["status"] for e in sentence["enforced"]}
    assert set(statuses) >= {"Sicherheitsrat", "Feuerpause"}
    assert all(status in ("kept", "replaced", "missing") for status in statuses.values())


def test_lookup_contract_and_glossary_first(client):
    data = client.get("/api/lookup?q=Resolutionsentwurf").get_json()
    assert set(data) >= {"query", "lemma", "parts", "entries", "glossary"}
    assert data["parts"] == ["Resolution", "s", "Entwurf"]
    assert data["glossary"]["en"] == "draft resolution"
    entry = data["entries"][0]
    assert set(entry) >= {"headword", "grammar", "senses", "domains"}


def test_lookup_inflected_and_compound(client):
    data = client.get("/api/lookup?q=eingeschlossenen").get_json()
    assert data["entries"] and data["lemma"]
    feuerpause = client.get("/api/lookup?q=Feuerpause").get_json()
    assert feuerpause["entries"][0]["headword"] == "Feuerpause"
    assert "mil." in feuerpause["entries"][0]["domains"]
    sondergesandten = client.get("/api/lookup?q=Syrien-Sondergesandten").get_json()
    assert sondergesandten["glossary"]["en"] == "special envoy"


@pytest.mark.parametrize("word,english,sense", [
    ("Schloss", "the king lived in a castle on the hill", "castle"),
    ("Leiter", "he climbed the ladder to the roof", "ladder"),
])
def test_lookup_prefers_the_sense_used_in_the_sentence(client, word, english, sense):
    alone = client.get("/api/lookup", query_string={"q": word}).get_json()
    assert not alone["entries"][0]["senses"][0].startswith(sense)  # not the dictionary's first sense by itself
    in_context = client.get("/api/lookup", query_string={"q": word, "en": english}).get_json()
    assert in_context["entries"][0]["senses"][0].startswith(sense)


@pytest.mark.parametrize("query,status", [("", 400), ("a" * 10_000, 400), ("Xyzzyquux", 200)])
def test_lookup_bad_and_unknown(client, query, status):
    response = client.get("/api/lookup", query_string={"q": query})
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["entries"] == []


def test_lookup_fragment_escapes_markup(client):
    html = client.get("/lookup", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "GPL" in html  # Ding credited where its entries show


def test_user_terms_crud_and_override(client):
    created = client.post("/api/glossary", json={"de": "Feuerpause", "en": "truce", "note": "my choice"})
    assert created.status_code == 201
    term = created.get_json()
    assert term["source"] == "user" and term["id"]
    assert client.post("/api/glossary", json={"de": "Feuerpause", "en": "x"}).status_code == 409
    listed = {t["de"]: t for t in client.get("/api/glossary").get_json()["terms"]}
    assert listed["Feuerpause"]["en"] == "truce" and listed["Feuerpause"]["source"] == "user"
    data = client.post("/api/translate", json={"text": "Die Feuerpause hält."}).get_json()
    assert [e["en"] for e in sentences(data)[0].get("enforced", [])] == ["truce"]
    updated = client.put(f"/api/glossary/{term['id']}", json={"en": "cessation of hostilities"})
    assert updated.get_json()["en"] == "cessation of hostilities"
    assert client.delete(f"/api/glossary/{term['id']}").status_code == 204
    assert client.delete(f"/api/glossary/{term['id']}").status_code == 404
    listed = {t["de"]: t for t in client.get("/api/glossary").get_json()["terms"]}
    assert listed["Feuerpause"]["source"] == "curated"


@pytest.mark.parametrize("payload", [{"de": "", "en": "x"}, {"de": "<b>x</b>", "en": "y"},
                                     {"de": "Wort", "en": "y" * 500}, ["not", "an", "object"]])
def test_user_terms_bad_input(client, payload):
    assert client.post("/api/glossary", json=payload).status_code == 400


def test_exports_parse_back(client):
    client.post("/api/glossary", json={"de": "Kriegsschauplatz", "en": "theatre of war", "pos": "noun", "gender": "m"})
    rows = list(csv.DictReader(io.StringIO(client.get("/glossary.csv").get_data(as_text=True))))
    assert len(rows) > 300 and {"de", "en", "note", "source"} <= set(rows[0])
    assert any(r["de"] == "Kriegsschauplatz" and r["source"] == "user" for r in rows)
    tbx = ET.fromstring(client.get("/glossary.tbx?source=user").get_data())
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    entries = tbx.findall(".//t:conceptEntry", ns)
    assert len(entries) == 1
    terms = [t.text for t in entries[0].findall(".//t:term", ns)]
    assert terms == ["Kriegsschauplatz", "theatre of war"]
    anki = client.get("/glossary.anki.tsv?source=user").get_data(as_text=True).splitlines()
    assert anki[0] == "#separator:tab" and anki[-1].startswith("der Kriegsschauplatz\ttheatre of war")


def test_csv_import_reports_rejected_rows(client):
    body = "de,en,note\nWaffengang,armed conflict,\n,missing german,\nWaffengang,again,\nBöse,<script>x</script>,\n"
    report = client.post("/api/glossary/import", data=body.encode(), content_type="text/csv").get_json()
    assert report["added"] == ["Waffengang"]
    reasons = " ".join(r["reason"] for r in report["rejected"])
    assert len(report["rejected"]) == 3 and "duplicate" in reasons and "markup" in reasons
    garbage = client.post("/api/glossary/import", data=b"\xff\xfe\x00garbage", content_type="text/csv")
    assert garbage.status_code == 400


def test_glossary_page_lists_terms(client):
    client.post("/api/glossary", json={"de": "Waffenbruder", "en": "brother in arms"})
    html = client.get("/glossary").get_data(as_text=True)
    assert "Waffenbruder" in html and "Resolutionsentwurf" in html and 'lang="de"' in html


def test_lookup_in_its_sentence_finds_the_particle_verb(client):
    data = client.get("/api/lookup", query_string={"q": "wies", "context": "Russland wies dies zurück."}).get_json()
    assert data["query"] == "wies" and data["lemma"] == "zurückweisen"
    # the entry with the sense the sentence gives (reject) first, the simple verb among the next
    assert data["entries"][0]["headword"].endswith("zurückweisen") and "reject" in data["in_sentence"]
    assert "weisen" in [entry["headword"] for entry in data["entries"][1:3]]
    alone = client.get("/api/lookup", query_string={"q": "wies"}).get_json()
    assert alone["lemma"] != "zurückweisen"


def test_a_term_of_your_own_is_used_in_the_gloss_in_every_form(client):
    created = client.post("/api/glossary", json={"de": "Gespräch", "en": "talks"})
    assert created.status_code == 201 and created.get_json()["plural"] == ""   # stored as given
    response = post_text(
        client, "Die Gespräche in Genf sind gescheitert. Nach langen Gesprächen reisten sie ab. Das Gespräch endete.")
    document = client.get(response.headers["Location"].replace("/documents/", "/api/documents/")).get_json()
    sentences = [s for p in document["paragraphs"] for s in p["sentences"]]
    assert document["engine"]["name"] == "gloss"
    assert all("talks" in s["en"] for s in sentences), [s["en"] for s in sentences]
    # Found in each sentence, whatever its form: the plural and dative forms come from Ding's grammar;
    # the singular, which the gloss renders "conversation", is replaced where the alignment puts it.
    assert [[(e["de"], e["status"]) for e in s["enforced"]] for s in sentences] == [
        [("Gespräch", "kept")], [("Gespräch", "kept")], [("Gespräch", "replaced")]]


def test_a_term_of_your_own_replaces_the_gloss_where_the_alignment_says(client):
    client.post("/api/glossary", json={"de": "Gespräch", "en": "dialogue"})
    response = post_text(client, "Die Gespräche in Genf sind gescheitert.")
    document = client.get(response.headers["Location"].replace("/documents/", "/api/documents/")).get_json()
    [sentence] = document["paragraphs"][0]["sentences"]
    assert sentence["en"].startswith("The dialogues in Geneva")
    assert sentence["enforced"] == [{"de": "Gespräch", "en": "dialogue", "status": "replaced", "replaced": "talks"}]


def test_anki_and_tsv_exports_defuse_formulas(client):
    for de in ("=HYPERLINK(1)", "+Zusatz", "-Abzug", "@Verweis"):
        assert client.post("/api/glossary", json={"de": de, "en": "=cmd|' /C calc'!A0"}).status_code == 201
    anki = client.get("/glossary.anki.tsv?source=user").get_data(as_text=True)
    cells = [cell for line in anki.splitlines() if not line.startswith("#") for cell in line.split("\t")]
    assert cells and not [cell for cell in cells if cell[:1] in "=+-@"], cells
    document = post_text(client, "=SUMME(A1:A9) steht am Anfang.\n\n+49 ist eine Vorwahl.")
    tsv = client.get(document.headers["Location"] + "/export.tsv").get_data(as_text=True)
    rows = [line.split("\t") for line in tsv.splitlines() if not line.startswith("#")][1:]
    assert [row[3] for row in rows] == ["'=SUMME(A1:A9) steht am Anfang.", "'+49 ist eine Vorwahl."]
    assert all(row[0].isdigit() for row in rows)  # numbers stay numbers
