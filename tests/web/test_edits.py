"""Analysts correct a sentence's English: it is kept, marked, reused as memory and exported as human English."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import docx
import pytest

from lesepult.memory import MAX_ENGLISH_CHARS, memory_key
from support import add_account, csrf_token, document_id, log_in, post_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXT = "Der Sicherheitsrat tagt am Montag. „Wir fordern eine Feuerpause“, sagte der Sprecher."
OTHER = 'Heute keine Sitzung.\n\n"Wir  fordern eine Feuerpause", sagte der Sprecher.'
MINE = "“We demand a ceasefire,” said the spokesman."


def csrf(client) -> dict:
    """The header the reader page's htmx and fetch calls send."""
    return {"X-CSRFToken": csrf_token(client)}


def put(client, path: str, **options):
    return client.put(path, headers=csrf(client), **options)


def delete(client, path: str):
    return client.delete(path, headers=csrf(client))


def url(document: int, index: int = 0, position: int = 1) -> str:
    return f"/api/documents/{document}/paragraphs/{index}/sentences/{position}"


def sentences(client, document: int) -> list[dict]:
    return [s for p in client.get(f"/api/documents/{document}").get_json()["paragraphs"] for s in p["sentences"]]


@pytest.fixture
def document(client) -> int:
    return document_id(post_text(client, TEXT, "Sitzung"))


def test_an_edited_sentence_is_kept_and_marked(client, document):
    machine = sentences(client, document)
    assert [(s["edited"], s["memory"]) for s in machine] == [(False, False)] * 2
    response = put(client, url(document), json={"en": "  “We demand a ceasefire,”\n said the spokesman. "})
    assert response.status_code == 200
    edited = response.get_json()
    assert edited == {"de": machine[1]["de"], "en": MINE, "score": None, "edited": True, "memory": False}
    after = sentences(client, document)
    assert after[1] == edited and after[0] == machine[0], "only that sentence changed"


def test_the_edit_survives_glossary_changes_and_enforcement(client, document):
    put(client, url(document, position=0), json={"en": "The Council meets on Monday."})
    # A term of the reader's own for a word of that sentence: enforcement would put "Safety Board" in.
    term = {"de": "Sicherheitsrat", "en": "Safety Board"}
    assert client.post("/api/glossary", json=term, headers=csrf(client)).status_code == 201
    for enforce in ("1", "0"):
        first = client.get(f"/api/documents/{document}?enforce={enforce}").get_json()["paragraphs"][0]["sentences"][0]
        assert first["en"] == "The Council meets on Monday." and "enforced" not in first and first["edited"]


def test_a_new_engine_version_keeps_the_edit(db):
    """The edit is keyed to the sentence, not to the cache (engine, model@version, German): any engine keeps it."""
    from lesepult import memory
    from lesepult.documents import create_document, load_document
    from lesepult.glossary import Glossary, Term
    from lesepult.reading import translate_sentences
    from support import ScriptedEngine

    document = create_document(db, TEXT)
    german = load_document(db, document).sentences[1].de
    memory.save(db, document, 0, 1, 1, german, MINE)
    glossary = Glossary([Term("Feuerpause", "truce", "truces", ("ceasefire",), "noun", "f", "Feuerpausen", "", "")])
    for version in ("1", "2"):
        engine = ScriptedEngine({german: "We call for a ceasefire, the spokesman said."})
        engine.version = version
        loaded = load_document(db, document).sentences
        translate_sentences(db, engine, loaded, glossary, memory_of=1)
        assert (loaded[1].en, loaded[1].origin, loaded[1].enforced) == (MINE, "edited", [])
        assert loaded[0].origin == "engine" and loaded[0].en == "?"
    cached = db.execute("SELECT COUNT(DISTINCT version) FROM translations WHERE engine = 'scripted'").fetchone()[0]
    assert cached == 2, "each version translated the sentence; neither replaced the edit"
    memory.forget(db, document, 0, 1)
    machine = load_document(db, document).sentences
    translate_sentences(db, engine, machine, glossary, memory_of=1)
    assert "truce" in machine[1].en and machine[1].enforced, "without the edit, enforcement does rewrite it"


def test_reverting_brings_the_machine_english_back(client, document):
    machine = sentences(client, document)[1]
    put(client, url(document), json={"en": MINE})
    reverted = delete(client, url(document))
    assert reverted.status_code == 200 and reverted.get_json() == machine
    assert sentences(client, document)[1] == machine
    assert delete(client, url(document)).status_code == 200, "reverting twice is harmless"


@pytest.mark.parametrize("body, status", [
    ({"en": ""}, 400), ({"en": "   \n\t "}, 400), ({"en": None}, 400), ({"en": 42}, 400), ({}, 400), (["x"], 400),
    ({"en": "bell\x07"}, 400), ({"en": "nul\x00"}, 400), ({"en": "c1\x85"}, 400), ({"en": "\ufffe"}, 400),
    ({"en": "x" * (MAX_ENGLISH_CHARS + 1)}, 413),
])
def test_bad_english_is_refused_and_changes_nothing(client, document, body, status):
    before = sentences(client, document)
    response = put(client, url(document), json=body)
    assert response.status_code == status and response.get_json()["error"]
    assert sentences(client, document) == before


def test_a_browser_session_needs_the_csrf_token(client, document):
    refused = client.put(url(document), json={"en": MINE})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert client.delete(url(document)).status_code == 400
    assert not sentences(client, document)[1]["edited"]


def test_a_lone_surrogate_is_refused(client, document):
    response = put(client, url(document), data='{"en": "\\ud800 half"}', content_type="application/json")
    assert response.status_code == 400 and "surrogate" in response.get_json()["error"]


@pytest.mark.parametrize("path", ["/api/documents/999/paragraphs/0/sentences/0", "{doc}/paragraphs/9/sentences/0",
                                  "{doc}/paragraphs/0/sentences/2",
                                  "{doc}/paragraphs/0/sentences/99999999999999999999"])
def test_unknown_sentences_are_404(client, document, path):
    path = path.replace("{doc}", f"/api/documents/{document}")
    assert put(client, path, json={"en": "x"}).status_code == 404
    assert delete(client, path).status_code == 404


def test_only_the_owner_edits_and_memory_never_crosses_readers(app, tmp_path):
    database = app.config["DATABASE"]
    add_account(database, "anna", "anna-password-1")
    add_account(database, "ben", "ben-password-12")
    app.config["LOGIN_REQUIRED"] = True
    anna, ben = app.test_client(), app.test_client()
    log_in(anna, "anna", "anna-password-1")
    log_in(ben, "ben", "ben-password-12")
    mine = document_id(post_text(anna, TEXT, "Annas Text"))
    assert put(anna, url(mine), json={"en": MINE}).status_code == 200
    # Ben may neither read nor edit Anna's document…
    assert put(ben, url(mine), json={"en": "mine now"}).status_code == 404
    # …nor edit it once it is shared with him; he reads her English in it.
    share = anna.post(f"/documents/{mine}/share", data={"shared": "1", "csrf_token": csrf_token(anna)})
    assert share.status_code == 303
    assert put(ben, url(mine), json={"en": "mine now"}).status_code == 404
    assert delete(ben, url(mine)).status_code == 404
    assert sentences(ben, mine)[1]["en"] == MINE
    # Ben's own document with the same sentence does not get Anna's memory; Anna's does.
    his = document_id(post_text(ben, OTHER, "Bens Text"))
    assert [s["memory"] for s in sentences(ben, his)] == [False, False]
    assert ET.fromstring(ben.get("/api/memory.tmx").data).find("body").findall("tu") == []
    hers = document_id(post_text(anna, OTHER, "Annas zweiter Text"))
    assert [(s["en"] if s["memory"] else None) for s in sentences(anna, hers)] == [None, MINE]


def test_memory_reuses_an_edit_wherever_the_german_recurs(client, document):
    put(client, url(document), json={"en": MINE})
    other = document_id(post_text(client, OTHER, "Anderer Text"))
    reused = sentences(client, other)
    assert reused[1]["en"] == MINE and reused[1]["memory"] and not reused[1]["edited"] and reused[1]["score"] is None
    assert not reused[0]["memory"]
    # Its own edit wins over memory; reverting the first edit ends the memory.
    put(client, url(other, index=1, position=0), json={"en": "Mine, here."})
    assert sentences(client, other)[1]["edited"]
    delete(client, url(other, index=1, position=0))
    delete(client, url(document))
    assert not any(s["memory"] or s["edited"] for s in sentences(client, other))


@pytest.mark.parametrize("german", ["„Wir fordern eine Feuerpause“, sagte der Sprecher.",
                                    "»Wir fordern eine Feuerpause«, sagte der Sprecher.",
                                    '"Wir fordern eine Feuerpause",  sagte\u00a0der Sprecher.',
                                    "“Wir fordern eine Feuerpause”, sagte der Sprecher."])
def test_memory_keys_ignore_quotes_and_whitespace(german):
    assert memory_key(german) == memory_key('"Wir fordern eine Feuerpause", sagte der Sprecher.')
    assert memory_key("‚Nein‘, sagte sie.") == memory_key("'Nein', sagte sie.")
    assert memory_key(german) != memory_key("Wir fordern keine Feuerpause, sagte der Sprecher.")


def test_the_memory_exports_as_tmx(client, document):
    put(client, url(document), json={"en": 'He said: <b>"stop" & go</b>'})
    put(client, url(document, position=0), json={"en": "The Council meets."})
    response = client.get("/api/memory.tmx")
    assert response.status_code == 200 and response.mimetype == "application/x-tmx+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    root = ET.fromstring(response.data)
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "de"
    units = root.find("body").findall("tu")
    assert len(units) == 2
    pairs = {tuple(seg.text for seg in unit.iter("seg")) for unit in units}
    german = [s["de"] for s in sentences(client, document)]
    assert pairs == {(german[0], "The Council meets."), (german[1], 'He said: <b>"stop" & go</b>')}
    assert all([tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == ["de", "en"] for unit in units)
    assert all(len(unit.get("changedate")) == 16 and unit.get("changedate").endswith("Z") for unit in units)
    assert b"&lt;b&gt;" in response.data


def test_exports_carry_the_edited_english(client, document):
    put(client, url(document), json={"en": MINE})
    other = document_id(post_text(client, OTHER, "Anderer Text"))
    for fmt in ("html", "md", "md-columns", "tsv"):
        assert MINE in client.get(f"/documents/{document}/export.{fmt}").get_data(as_text=True), fmt
    tsv = client.get(f"/documents/{other}/export.tsv").get_data(as_text=True).splitlines()
    assert tsv[0].startswith("paragraph\tsentence\tkind\tde\ten\tscore\torigin")
    assert [row.split("\t")[6] for row in tsv[1:3]] == ["engine", "memory"]
    table = docx.Document(io.BytesIO(client.get(f"/documents/{document}/export.docx").data)).tables[0]
    assert [row.cells[2].text for row in table.rows][2] == MINE + " ✎"
    # The gloss is left out of a TMX, human English is not: it is marked edited, or memory.
    for exported, origin in ((document, "edited"), (other, "memory")):
        root = ET.fromstring(client.get(f"/documents/{exported}/export.tmx").data)
        units = [tu for tu in root.iter("tu") if tu.findtext("prop[@type='x-kind']") == "sentence"]
        assert [(u.findtext("prop[@type='x-lesepult-origin']"), [s.text for s in u.iter("seg")][1]) for u in units] \
            == [(origin, MINE)]


def test_the_reader_page_edits_with_htmx_and_marks_human_english(client, document):
    page = f"/documents/{document}/paragraphs/0/sentences/1"
    fragment = client.get(f"/documents/{document}/paragraphs/0").get_data(as_text=True)
    assert f'data-edit="{page}"' in fragment and "origin-mark" not in fragment
    saved = client.put(page, data={"en": MINE}, headers={**csrf(client), "HX-Request": "true"})
    assert saved.status_code == 200
    html = saved.get_data(as_text=True)
    assert 'id="en-0"' in html and 'class="sentence edited"' in html and ">edited</span>" in html
    assert "We demand a ceasefire" in html and "dictionary gloss" in html   # human English beside the gloss badge
    assert client.put(page, data={"en": " "}, headers=csrf(client)).status_code == 400
    other = document_id(post_text(client, OTHER, "Anderer Text"))
    remembered = client.get(f"/documents/{other}/paragraphs/1").get_data(as_text=True)
    assert 'class="sentence memory"' in remembered and ">from memory</span>" in remembered
    reverted = client.delete(page, headers=csrf(client)).get_data(as_text=True)
    assert "origin-mark" not in reverted and "edited" not in reverted


def test_the_reader_offers_editing_and_exports_to_the_owner_only(app, client, document):
    reader = client.get(f"/documents/{document}").get_data(as_text=True)
    for fmt in ("html", "md", "md-columns", "tsv", "tmx", "docx"):
        assert f'href="/documents/{document}/export.{fmt}"' in reader
    assert 'href="/api/memory.tmx"' in reader and "static/edit.js" in reader and "press Enter on it" in reader
    assert 'data-english-max="5000"' in reader
    alternatives = client.get(f"/documents/{document}/paragraphs/0/sentences/1/alternatives").get_data(as_text=True)
    assert 'data-edit-pair="0-1"' in alternatives and 'data-english="' in alternatives   # "Start from this"
    # Another reader reading a shared document: no editing offered, exports still there.
    add_account(app.config["DATABASE"], "anna", "anna-password-1")
    add_account(app.config["DATABASE"], "ben", "ben-password-12")
    app.config["LOGIN_REQUIRED"] = True
    anna, ben = app.test_client(), app.test_client()
    log_in(anna, "anna", "anna-password-1")
    log_in(ben, "ben", "ben-password-12")
    shared = document_id(post_text(anna, TEXT, "Geteilt"))
    anna.post(f"/documents/{shared}/share", data={"shared": "1", "csrf_token": csrf_token(anna)})
    assert "data-edit=" in anna.get(f"/documents/{shared}/paragraphs/0").get_data(as_text=True)
    assert "data-edit=" not in ben.get(f"/documents/{shared}/paragraphs/0").get_data(as_text=True)
    page = ben.get(f"/documents/{shared}").get_data(as_text=True)
    assert f'href="/documents/{shared}/export.docx"' in page and "press Enter on it" not in page
    alternatives = ben.get(f"/documents/{shared}/paragraphs/0/sentences/1/alternatives").get_data(as_text=True)
    assert "data-edit-pair" not in alternatives
    refused = ben.put(f"/documents/{shared}/paragraphs/0/sentences/1", data={"en": "x"}, headers=csrf(ben))
    assert refused.status_code == 404


def test_remembered_english_never_waits_for_background_translation(client):
    """A page of a book answers at most 64 new sentences while you wait; human English is never among the pending."""
    words = ["Haus", "Baum", "Weg", "Berg", "See", "Wald", "Feld", "Dorf", "Tal", "Fluss"]
    names = ["Anna", "Ben", "Carl", "Dora", "Emil", "Fritz", "Greta", "Hans", "Ida", "Jan"]
    small = document_id(post_text(client, "Das Fluss liegt am Haus von Jan. Ende.", "Kurz"))
    assert put(client, url(small, 0, 0), json={"en": "By hand."}).status_code == 200
    book = document_id(post_text(client, " ".join(f"Das {w} liegt am Haus von {n}." for n in names for w in words),
                                 "Viele Sätze"))
    page = client.get(f"/api/documents/{book}?from=0&count=2").get_json()
    sentences = [s for p in page["paragraphs"] for s in p["sentences"]]
    assert len(sentences) == 100 and sentences[-1]["de"] == "Das Fluss liegt am Haus von Jan."
    assert (sentences[-1]["en"], sentences[-1]["memory"], sentences[-1].get("pending")) == ("By hand.", True, None)
    assert page["pending"] == 100 - 64 - 1 == sum(1 for s in sentences if s.get("pending"))
