"""Exports of translated documents, parsed back with the reader each format is meant for."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from lesepult.dictionary import Dictionary
from lesepult.documents import SAMPLE_PATH, SAMPLE_SOURCE, create_document, load_document
from lesepult.exports import EXTENSIONS, FORMATS, GLOSS_NOTE, LOW_CONFIDENCE, TSV_COLUMNS, export_document
from lesepult.glossary import Glossary, load_terms
from lesepult.reading import translate_sentences
from lesepult.translation import ArgosEngine, GlossEngine, describe

ROOT = Path(__file__).resolve().parents[2]
CURATED = ROOT / "lesepult" / "data" / "glossary.tsv"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TRICKY_TEXT = """Feuerpause in Aleppo

Der Außenminister sagte: <script>alert("x")</script> sei kein Argument.\tDie Rebellen | die Armee verhandeln.

Die Vereinten Nationen & das Rote Kreuz fordern Zugang. # Kein Titel."""
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class Translated:
    """A stored document, translated by one engine, with its glossary terms."""

    def __init__(self, db, document_id: int, engine, glossary: Glossary):
        self.document = load_document(db, document_id)
        self.engine = engine
        translate_sentences(db, engine, self.document.sentences, glossary=glossary)
        self.terms = glossary.counts(s.de for s in self.document.sentences)

    def export(self, fmt: str) -> bytes:
        return export_document(self.document, describe(self.engine), self.terms, fmt)

    @property
    def sentences(self):
        return self.document.sentences

    @property
    def paragraphs(self):
        return self.document.paragraphs


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(load_terms(CURATED))


@pytest.fixture
def gloss_engine(ding_db):
    return GlossEngine(Dictionary(ding_db))


@pytest.fixture
def tricky(db, gloss_engine, glossary) -> Translated:
    return Translated(db, create_document(db, TRICKY_TEXT, source="typed <b>test</b>"), gloss_engine, glossary)


@pytest.fixture
def sample(db, gloss_engine, glossary) -> Translated:
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    return Translated(db, create_document(db, text, source=SAMPLE_SOURCE), gloss_engine, glossary)


@pytest.fixture
def argos_sample(db, argos_model, glossary) -> Translated:
    engine = ArgosEngine.find_installed()
    assert engine is not None
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    return Translated(db, create_document(db, text, source=SAMPLE_SOURCE), engine, glossary)


@pytest.fixture
def partly_failed(db, gloss_engine, glossary) -> Translated:
    """The sample, with its first two paragraphs translated by a gloss engine that has no dictionary."""
    translated = Translated(db, create_document(db, SAMPLE_PATH.read_text(encoding="utf-8")), gloss_engine, glossary)
    failing = [s for p in translated.paragraphs[:2] for s in p.sentences]
    translate_sentences(db, GlossEngine(None), failing)
    assert failing and all(s.error for s in failing)
    return translated


class Page(HTMLParser):
    """Elements of an HTML page with their attributes, and the text inside each table cell."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.cells: list[tuple[dict, str]] = []
        self._cell: tuple[dict, list[str]] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self._cell = (dict(attrs), [])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell:
            self.cells.append((self._cell[0], "".join(self._cell[1])))
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._cell[1].append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def exported_text(translated: Translated, fmt: str) -> str:
    data = translated.export(fmt)
    return docx_text(data) if fmt == "docx" else data.decode("utf-8")


# ---------------------------------------------------------------- every format

@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_title_source_engine_and_terms(sample, fmt):
    text = exported_text(sample, fmt)
    assert sample.document.title in text
    assert SAMPLE_SOURCE in text
    assert "gloss" in text and GLOSS_NOTE in text
    assert sample.engine.version in text
    assert sample.terms, "the sample uses curated terms"
    for term, _ in sample.terms:
        assert term.de in text and term.en in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_argos_exports_name_the_model_and_do_not_call_it_a_gloss(argos_sample, fmt):
    text = exported_text(argos_sample, fmt)
    assert argos_sample.engine.model in text and argos_sample.engine.version in text
    assert GLOSS_NOTE not in text


def test_unknown_format_is_refused(sample):
    with pytest.raises(ValueError, match="pdf"):
        sample.export("pdf")


def test_every_format_has_an_extension():
    assert set(EXTENSIONS) == set(FORMATS)


# ---------------------------------------------------------------- HTML

def test_html_is_a_bilingual_table_with_everything_escaped(tricky):
    raw = tricky.export("html").decode("utf-8")
    page = Page(raw)
    assert "<script" not in raw.lower()
    assert not page.find("script")
    assert page.find("html", lang="en")
    assert page.find("meta", name="viewport", content="width=device-width, initial-scale=1")
    rows = [attrs for attrs in page.find("tr") if attrs.get("class")]
    # One row per sentence, German beside its English; a paragraph's first sentence opens it, with its number.
    assert [row["class"] for row in rows] == [p.kind + (" first" if n == 0 else "")
                                              for p in tricky.paragraphs for n in range(len(p.sentences))]
    german = [text for attrs, text in page.cells if attrs.get("lang") == "de"]
    english = [text for attrs, text in page.cells if attrs.get("lang") == "en"]
    numbers = [text for attrs, text in page.cells if attrs.get("class") == "number"]
    count = len(tricky.sentences)   # the glossary table follows
    assert german[:count] == [s.de for s in tricky.sentences] and english == [s.en for s in tricky.sentences]
    assert numbers[:count] == [str(p.index + 1) if n == 0 else ""
                               for p in tricky.paragraphs for n in range(len(p.sentences))]
    assert any('<script>alert("x")</script>' in text for text in german)
    assert "typed <b>test</b>" in raw.replace("&lt;", "<").replace("&gt;", ">")
    assert not page.find("b")


def test_html_has_print_rules_and_a_glossary(sample):
    raw = sample.export("html").decode("utf-8")
    page = Page(raw)
    assert "@media print" in raw and "table-header-group" in raw and "break-inside: avoid" in raw
    assert len(page.find("table")) == 2
    glossary_rows = len(page.cells) - 3 * len(sample.sentences)   # ¶, German, English
    assert glossary_rows == 4 * len(sample.terms)  # German, English, note, count


def test_html_marks_low_confidence_sentences(argos_sample):
    low = [s for s in argos_sample.sentences if s.score is not None and s.score < LOW_CONFIDENCE]
    page = Page(argos_sample.export("html").decode("utf-8"))
    assert len(page.find("span", **{"class": "low"})) == len(low)
    assert len(page.find("td", lang="de")) == len(argos_sample.sentences) + len(argos_sample.terms)


def test_html_shows_why_a_sentence_failed(partly_failed):
    failed = [s for s in partly_failed.sentences if s.error]
    raw = partly_failed.export("html").decode("utf-8")
    assert len(Page(raw).find("span", **{"class": "failed"})) == len(failed)
    assert "no dictionary installed" in raw


# ---------------------------------------------------------------- Markdown

def test_markdown_alternates_german_and_english(tricky):
    text = tricky.export("md").decode("utf-8")
    german = [line for line in text.splitlines() if line.startswith("**DE**")]
    english = [line for line in text.splitlines() if line.startswith("**EN**")]
    assert len(german) == len(english) == len(tricky.sentences)   # sentence by sentence
    lines = text.splitlines()
    assert [lines[lines.index(g) + 2] for g in german] == english, "each German line is followed by its English"
    assert len([line for line in lines if line.startswith("**¶ ")]) == len(tricky.paragraphs)
    assert "<script>" not in text and r"\<script\>" in text
    assert any(r"Rebellen \| die Armee" in line for line in german)


def test_markdown_columns_keep_one_row_per_sentence(tricky):
    text = tricky.export("md-columns").decode("utf-8")
    lines = text.splitlines()
    start = lines.index("| ¶ | Deutsch | English |") + 2
    rows = lines[start:start + len(tricky.sentences)]
    cells = [UNESCAPED_PIPE.split(row)[1:-1] for row in rows]
    assert all(len(row) == 3 for row in cells)
    assert [row[0].strip() for row in cells] == [str(p.index + 1) if n == 0 else ""
                                                 for p in tricky.paragraphs for n in range(len(p.sentences))]
    assert lines[start + len(tricky.sentences)] == "", "the table ends after the last sentence"
    assert "<script>" not in text


def test_markdown_glossary_table_lists_each_term(sample):
    lines = sample.export("md-columns").decode("utf-8").splitlines()
    start = lines.index("| German | English | Note | Count |") + 2
    rows = [line for line in lines[start:] if line.startswith("|")]
    assert len(rows) == len(sample.terms)
    assert [int(UNESCAPED_PIPE.split(row)[4]) for row in rows] == [count for _, count in sample.terms]


# ---------------------------------------------------------------- TSV

def test_tsv_has_one_row_per_sentence_and_no_stray_tabs(tricky):
    tricky.sentences[0].en = "an engine\tmay emit\na tab"
    lines = tricky.export("tsv").decode("utf-8").splitlines()
    assert lines[0].split("\t") == list(TSV_COLUMNS), "a spreadsheet takes the first line as the header"
    table = [line.split("\t") for line in lines if not line.startswith("#")]
    assert lines[len(table):] and all(line.startswith("#") for line in lines[len(table):]), "the notes come last"
    assert len(table) == len(tricky.sentences) + 1
    assert all(len(row) == len(TSV_COLUMNS) for row in table)
    assert {row[6] for row in table[1:]} == {"engine"}
    assert table[1][4] == "an engine may emit a tab"
    assert [row[3] for row in table[1:]] == [" ".join(s.de.split()) for s in tricky.sentences]


def test_tsv_leaves_failed_translations_empty(partly_failed):
    lines = [line for line in partly_failed.export("tsv").decode("utf-8").splitlines() if not line.startswith("#")]
    rows = [line.split("\t") for line in lines[1:]]
    assert [row[4] == "" for row in rows] == [bool(s.error) for s in partly_failed.sentences]


# ---------------------------------------------------------------- TMX

def sentence_units(root: ET.Element) -> list[ET.Element]:
    return [tu for tu in root.iter("tu") if tu.findtext("prop[@type='x-kind']") == "sentence"]


def test_tmx_has_a_unit_per_translated_sentence(argos_sample):
    translated = argos_sample
    root = ET.fromstring(translated.export("tmx"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "de" and header.get("segtype") == "sentence"
    assert header.get("creationtool") == "Lesepult" and header.get("datatype") == "plaintext"
    units = sentence_units(root.find("body"))
    assert len(units) == len(translated.sentences)
    for unit, sentence in zip(units, translated.sentences):
        variants = unit.findall("tuv")
        assert [tuv.get(XML_LANG) for tuv in variants] == ["de", "en"]
        assert [tuv.findtext("seg") for tuv in variants] == [sentence.de, sentence.en]


def test_tmx_leaves_glossed_sentences_out_and_says_why(sample):
    root = ET.fromstring(sample.export("tmx"))
    assert sentence_units(root) == []
    assert "left out" in root.findtext("header/note")
    terms = [tu for tu in root.iter("tu") if tu.findtext("prop[@type='x-kind']") == "term"]
    assert len(terms) == len(sample.terms) > 0


def test_tmx_carries_glossary_terms_and_skips_failed_sentences(argos_sample):
    for sentence in argos_sample.paragraphs[1].sentences:
        sentence.error = "translation failed: test"
    root = ET.fromstring(argos_sample.export("tmx"))
    units = sentence_units(root)
    assert len(units) == sum(1 for s in argos_sample.sentences if not s.error) < len(argos_sample.sentences)
    assert root.find("header/note") is None
    terms = [tu for tu in root.iter("tu") if tu.findtext("prop[@type='x-kind']") == "term"]
    assert [(tu.find("tuv/seg").text, tu.findall("tuv/seg")[1].text) for tu in terms] == \
        [(term.de, term.en) for term, _ in argos_sample.terms]


def test_tmx_keeps_markup_as_text(db, argos_model, glossary):
    engine = ArgosEngine.find_installed()
    tricky = Translated(db, create_document(db, TRICKY_TEXT, source="typed <b>test</b>"), engine, glossary)
    root = ET.fromstring(tricky.export("tmx"))
    segs = [seg.text for seg in root.iter("seg")]
    assert any('<script>alert("x")</script>' in seg for seg in segs)
    assert not list(root.iter("script"))


# ---------------------------------------------------------------- DOCX

def test_docx_has_a_row_per_sentence_and_a_glossary_table(sample):
    word = docx.Document(io.BytesIO(sample.export("docx")))
    text_table, glossary_table = word.tables
    rows = text_table.rows
    assert [cell.text for cell in rows[0].cells] == ["¶", "Deutsch", "English"]
    assert len(rows) == len(sample.sentences) + 1
    pairs = [(str(p.index + 1) if n == 0 else "", s) for p in sample.paragraphs for n, s in enumerate(p.sentences)]
    for row, (number, sentence) in zip(rows[1:], pairs):
        assert [cell.text for cell in row.cells] == [number, sentence.de, sentence.en]
    assert len(glossary_table.rows) == len(sample.terms) + 1
    assert word.paragraphs[0].text == sample.document.title
    assert "tblHeader" in rows[0]._tr.xml, "the heading row repeats on each printed page"


def test_docx_survives_markup_and_control_characters(tricky):
    tricky.sentences[0].en = "bell\x07 and form feed\x0c removed"
    word = docx.Document(io.BytesIO(tricky.export("docx")))
    cells = [row.cells[2].text for row in word.tables[0].rows[1:]]
    assert cells[0] == "bell and form feed removed"
    assert any('<script>alert("x")</script>' in row.cells[1].text for row in word.tables[0].rows)
