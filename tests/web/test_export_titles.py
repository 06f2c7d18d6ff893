"""Issue 19: any title a document can arrive with exports in every format (a long one broke Word's)."""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile

import docx
import pytest

from lesepult.documents import MAX_TITLE_CHARS
from support import document_id, post_text

LONG = ("Die Verhandlungen über eine Feuerpause in Syrien " * 10)[:MAX_TITLE_CHARS]   # 300 characters
COMBINING = "\u0301\u0308\u0327" * 100                                              # only combining marks
CONTROL = "Titel\x01mit\x07Steuer\x1bzeichen\x7f und\u200b Ende"
TEXT = "Der Sicherheitsrat fordert eine Feuerpause. Die Rebellen verhandeln in Genf."
CORE_PROPERTY_LIMIT = 255   # python-docx (and Word) refuse longer core properties


@pytest.fixture(params=[LONG, COMBINING, CONTROL], ids=["300-characters", "combining-marks", "control-characters"])
def titled(request, client):
    """A pasted document with this title; the title as the library stores it."""
    created = document_id(post_text(client, TEXT, request.param))
    return created, client.get(f"/api/documents/{created}").get_json()["title"]


def _visible(text: str) -> str:
    """What XML 1.0 can hold of a title (C0 controls other than tab and newlines cannot be written)."""
    return "".join(c for c in text if c >= " " or c in "\t\n\r")


@pytest.mark.parametrize("fmt", ["html", "md", "md-columns", "tsv", "tmx", "docx"])
def test_every_format_exports_any_title(client, titled, fmt):
    document, title = titled
    response = client.get(f"/documents/{document}/export.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "tmx":
        header = ET.fromstring(response.data).find("header")
        assert {p.get("type"): p.text for p in header.findall("prop")}["x-title"] == _visible(title)
    elif fmt in ("html", "md", "md-columns", "tsv"):
        text = response.get_data(as_text=True)
        assert "Feuerpause" in text or "ceasefire" in text


def test_the_word_export_keeps_the_whole_title_in_the_body_and_cuts_the_core_property(client, titled):
    document, title = titled
    word = docx.Document(io.BytesIO(client.get(f"/documents/{document}/export.docx").data))
    assert word.paragraphs[0].text == _visible(title)       # the heading: the whole title
    core = word.core_properties.title
    assert len(core) <= CORE_PROPERTY_LIMIT
    assert _visible(title).startswith(core) and core       # a prefix of the title, never empty
    if len(_visible(title)) <= CORE_PROPERTY_LIMIT:
        assert core == _visible(title)
    elif title == LONG:
        assert len(core) == CORE_PROPERTY_LIMIT              # cut at the limit…
    with zipfile.ZipFile(io.BytesIO(client.get(f"/documents/{document}/export.docx").data)) as archive:
        ET.fromstring(archive.read("docProps/core.xml"))     # …and still well-formed XML


def test_a_long_title_is_cut_between_characters_not_inside_one():
    from lesepult.exports import core_property

    base_and_marks = "e\u0301" * 200                                  # 400 code points, 200 characters
    cut = core_property(base_and_marks)
    assert len(cut) <= CORE_PROPERTY_LIMIT and cut == "e\u0301" * (len(cut) // 2)
    assert core_property("x" * 254 + "👩\u200d💻") == "x" * 254   # an emoji sequence is not split
    assert core_property("\u0301" * 300) == "\u0301" * CORE_PROPERTY_LIMIT   # no boundary at all: cut at the limit


@pytest.mark.parametrize("name", [LONG, COMBINING, CONTROL], ids=["300-characters", "combining-marks", "control"])
def test_glossary_and_words_exports_take_the_same_text(client, name):
    """The glossary's and the saved words' exports hold reader text too: the same hard cases go through them."""
    added = client.post("/api/glossary", json={"de": "Waffenruhe" + name[:60], "en": "truce " + name[:60]})
    assert added.status_code == 201 or (name == CONTROL and added.status_code == 400)   # the validator refuses controls
    marked = client.put("/api/words/Wort" + name[:40], json={"status": "learning"}).get_json()
    for path in ("/glossary.csv?source=user", "/glossary.tbx?source=user", "/glossary.anki.tsv?source=user"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        if added.status_code == 201:
            assert added.get_json()["de"] in response.get_data(as_text=True)
    ET.fromstring(client.get("/glossary.tbx?source=user").data)   # well-formed, whatever the term holds
    rows = list(csv.DictReader(io.StringIO(client.get("/words.csv").get_data(as_text=True))))
    assert [row["lemma"] for row in rows] == [marked["lemma"]]
