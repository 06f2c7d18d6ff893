"""Export a translated document: HTML, Markdown, TSV, TMX and DOCX.

`export_document` turns a document whose sentences are already translated
into the bytes of one file. Every format carries the same facts: title,
source, the engine that translated (a dictionary gloss is labelled as such,
never passed off as a translation) and the glossary terms the document uses.
Failed sentences show their error where the format has room for it (HTML,
Markdown, DOCX) and are left out where a value must be a translation (TMX; the
TSV leaves `en` empty). German and English are paired sentence by sentence.
English a reader corrected (or that their translation memory supplied) is
marked ✎ and, in TMX, has `x-lesepult-origin` "edited" or "memory": it is
human English, so it enters a TMX even where the engine was only the gloss.
"""
from __future__ import annotations

import html
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from .documents import Document, Paragraph, Sentence
from .glossary import Term
from .text import defuse
from .translation.engines import LOW_CONFIDENCE

FORMATS = ("html", "md", "md-columns", "tsv", "tmx", "docx")
EXTENSIONS = {"html": "html", "md": "md", "md-columns": "md", "tsv": "tsv", "tmx": "tmx", "docx": "docx"}
# Two formats share an extension: the file name tells them apart.
NAME_SUFFIXES = {"md-columns": "-columns"}
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
GLOSS_NOTE = ("This is a gloss from the Ding dictionary, phrase by phrase, not a translation: "
              "no translation model was installed when it was made.")
TMX_GLOSS_NOTE = (GLOSS_NOTE + " Its sentences are left out, so that they cannot enter a translation memory;"
                  " sentences whose English was corrected by hand and the glossary terms are included.")
HUMAN_NOTE = "Sentences marked ✎ have English corrected by hand (in this document, or earlier for the same German)."
HUMAN_MARK = " ✎"
LOW_NOTE = f"Sentences marked (?) are low-confidence translations (score below {LOW_CONFIDENCE})."
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot hold at all; python-docx refuses them and ElementTree would write invalid XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word (and python-docx) refuse a core property (title, subject…) longer than this.
CORE_PROPERTY_CHARS = 255
# What continues the character before it: combining marks, joiners, variation selectors, emoji modifiers.
_CONTINUES = re.compile("[\u200c\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|#~&!])")
# An underscore between two letters or digits (translate-de_en) never starts emphasis: leave it readable.
_MD_UNDERSCORE = re.compile(r"_(?![^\W_])|(?<![^\W_])_")


@dataclass(frozen=True)
class _Facts:
    """What every export states about the document, ready to print."""
    title: str
    source: str
    engine: str
    is_gloss: bool
    has_low: bool  # only then does the export explain the (?) mark
    has_human: bool  # only then does it explain the ✎ mark


def filename(title: str, document_id: int, fmt: str) -> str:
    """A file name from the title ("syrien-gespraeche-abgebrochen.md"), distinct for each format."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", title.translate(_TRANSLITERATION))
                       .encode("ascii", "ignore").decode().lower())
    stem = "-".join(words)[:60].strip("-") or f"lesepult-{document_id}"
    return f"{stem}{NAME_SUFFIXES.get(fmt, '')}.{EXTENSIONS[fmt]}"


def export_document(document: Document, engine_info: dict, terms: list[tuple[Term, int]], fmt: str) -> bytes:
    """The document in format `fmt` (one of FORMATS), as the bytes of a file."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return writer(document, _facts(document, engine_info), terms)


def _facts(document: Document, engine_info: dict) -> _Facts:
    name = engine_info.get("name", "")
    engine = f"{name} ({engine_info.get('model', '')}, version {engine_info.get('version', '')})"
    has_low = any(_is_low(s) for s in document.sentences)
    has_human = any(_human(s) for s in document.sentences)
    return _Facts(document.title, document.source or "unknown", engine, name == "gloss", has_low, has_human)


def _notes(facts: _Facts) -> list[str]:
    """The explanations of the marks the export uses."""
    return [note for note, used in ((LOW_NOTE, facts.has_low), (HUMAN_NOTE, facts.has_human)) if used]


def _human(sentence: Sentence) -> bool:
    return sentence.origin != "engine"


def _pairs(document: Document):
    """(paragraph, its number shown on its first sentence or "", sentence): the rows of a bilingual table."""
    for paragraph in document.paragraphs:
        for position, sentence in enumerate(paragraph.sentences):
            yield paragraph, "" if position else str(paragraph.index + 1), sentence


def _is_low(sentence: Sentence) -> bool:
    return sentence.error is None and sentence.score is not None and sentence.score < LOW_CONFIDENCE


def _failure(sentence: Sentence) -> str | None:
    """Why a sentence has no translation, or None when it has one."""
    if sentence.error:
        return sentence.error
    return None if sentence.en else "not translated"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def core_property(text: str, limit: int = CORE_PROPERTY_CHARS) -> str:
    """`text` cut to `limit` code points between two characters, never inside one (é as e + ◌́, 👩‍💻).

    A text with no such boundary before the limit (only combining marks) is cut at the limit.
    """
    text = _xml_safe(text)
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 0 and (_continues(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    return text[:cut] if cut else text[:limit]


def _continues(character: str) -> bool:
    return unicodedata.category(character).startswith("M") or bool(_CONTINUES.match(character))


# ---------------------------------------------------------------- HTML

_CSS = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a;
       margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
header p { margin: .2rem 0; color: #444; }
.gloss-note { border-left: 4px solid #b36b00; background: #fff4e0; padding: .4rem .8rem; color: #5a3500; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { vertical-align: top; text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #eee; width: 48%; }
th.number, td.number { width: 4%; color: #555; font-size: .85em; text-align: right; }
tr.first td { border-top: 2px solid #bbb; }
thead th { border-bottom: 2px solid #444; }
.human .flag { color: #1d5e2b; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; font-size: 15px; }
  table.bilingual, table.bilingual tbody, table.bilingual tr, table.bilingual td { display: block; width: auto; }
  table.bilingual thead { display: none; }
  table.bilingual td { border: 0; padding: .15rem .4rem; }
  table.bilingual td.number { text-align: left; }
  table.bilingual td.number:empty { display: none; }
  table.bilingual td.number::before { content: "¶ "; }
  table.bilingual tr { border-bottom: 1px solid #ddd; padding: .3rem 0; }
}
tr.kicker td { text-transform: uppercase; letter-spacing: .05em; font-size: .85em; color: #555; }
tr.headline td { font-size: 1.5em; font-weight: bold; line-height: 1.25; }
tr.heading td { font-size: 1.2em; font-weight: bold; }
tr.lead td { font-weight: bold; }
tr.caption td, tr.credit td { font-size: .9em; font-style: italic; color: #555; }
tr.dateline td { font-variant: small-caps; }
.low { background: #fff1a8; }
.flag { color: #8a6d00; font-weight: bold; }
.failed { color: #a40000; font-style: italic; }
table.glossary th, table.glossary td { width: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  table { page-break-inside: auto; }
  tr, td, th { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2 { page-break-after: avoid; break-after: avoid; }
  .low { background: none; text-decoration: underline dotted; }
  .gloss-note { background: none; }
  @page { margin: 1.5cm; }
}
"""


def _html(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    rows = "\n".join(_html_row(p, number, s) for p, number, s in _pairs(document))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Lesepult">
<title>{html.escape(facts.title)}</title>
<style>{_CSS}</style>
</head>
<body>
{_html_header(facts)}
<table class="bilingual">
<thead><tr><th class="number" scope="col"><abbr title="paragraph">¶</abbr></th>
<th lang="de" scope="col">Deutsch</th><th lang="en" scope="col">English</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
{_html_glossary(terms)}
</body>
</html>
"""
    return page.encode("utf-8")


def _html_header(facts: _Facts) -> str:
    lines = [f'<header>\n<h1 lang="de">{html.escape(facts.title)}</h1>',
             f"<p>Source: {html.escape(facts.source)}</p>",
             f"<p>Engine: {html.escape(facts.engine)}</p>"]
    lines += [f"<p>{html.escape(note)}</p>" for note in _notes(facts)]
    if facts.is_gloss:
        lines.append(f'<p class="gloss-note"><strong>{html.escape(GLOSS_NOTE)}</strong></p>')
    return "\n".join(lines) + "\n</header>"


def _html_row(paragraph: Paragraph, number: str, sentence: Sentence) -> str:
    """One sentence and its English; a paragraph's first sentence carries its number."""
    classes = html.escape(paragraph.kind) + (" first" if number else "")
    return (f'<tr class="{classes}"><td class="number">{number}</td><td lang="de">{html.escape(sentence.de)}</td>'
            f'<td lang="en">{_html_english(sentence)}</td></tr>')


def _html_english(sentence: Sentence) -> str:
    failure = _failure(sentence)
    if failure:
        return f'<span class="failed">[{html.escape(failure)}]</span>'
    text = html.escape(sentence.en)
    if _human(sentence):
        return (f'<span class="human {sentence.origin}" title="corrected by hand">{text}'
                f'<span class="flag">{HUMAN_MARK}</span></span>')
    if _is_low(sentence):
        return (f'<span class="low" title="low confidence: {sentence.score:.2f}">{text}'
                f'<span class="flag"> (?)</span></span>')
    return text


def _html_glossary(terms: list[tuple[Term, int]]) -> str:
    if not terms:
        return "<h2>Glossary</h2>\n<p>No glossary terms occur in this document.</p>"
    rows = "\n".join(
        f'<tr><td lang="de">{html.escape(term.de)}</td><td>{html.escape(term.en)}</td>'
        f"<td>{html.escape(term.note)}</td><td>{count}</td></tr>" for term, count in terms)
    return ('<h2>Glossary</h2>\n<table class="glossary">\n<thead><tr><th lang="de">German</th><th>English</th>'
            f"<th>Note</th><th>Count</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")


# ---------------------------------------------------------------- Markdown

def _md_escape(text: str) -> str:
    """One line of literal text: no markup, no raw HTML.

    Every escaped text follows a marker on its line (**DE**, a table pipe, a
    heading's #), so line-start syntax such as "12. Mai" cannot become a list.
    """
    return _MD_UNDERSCORE.sub(r"\\_", _MD_SPECIAL.sub(r"\\\1", _one_line(text)))


def _md_english(sentence: Sentence) -> str:
    failure = _failure(sentence)
    if failure:
        return f"*\\[{_md_escape(failure)}\\]*"
    return _md_escape(sentence.en) + (" (?)" if _is_low(sentence) else "") + (HUMAN_MARK if _human(sentence) else "")


def _md_header(facts: _Facts) -> list[str]:
    lines = [f"# {_md_escape(facts.title)}", "",
             f"- Source: {_md_escape(facts.source)}",
             f"- Engine: {_md_escape(facts.engine)}"]
    lines += [f"- {_md_escape(note)}" for note in _notes(facts)]
    lines.append("")
    if facts.is_gloss:
        lines += [f"> **{_md_escape(GLOSS_NOTE)}**", ""]
    return lines


def _md_glossary(terms: list[tuple[Term, int]]) -> list[str]:
    lines = ["", "## Glossary", ""]
    if not terms:
        return lines + ["No glossary terms occur in this document.", ""]
    lines += ["| German | English | Note | Count |", "| --- | --- | --- | ---: |"]
    lines += [f"| {_md_escape(t.de)} | {_md_escape(t.en)} | {_md_escape(t.note)} | {count} |" for t, count in terms]
    return lines + [""]


def _md_label(paragraph: Paragraph) -> str:
    """The kind of a paragraph that is not body text ("*headline:* "), before its first sentence."""
    return "" if paragraph.kind == "body" else f"*{_md_escape(paragraph.kind)}:* "


def _md(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    """Each sentence, then its English; paragraphs numbered (¶ 3) and separated by a rule."""
    lines = _md_header(facts) + ["## Text", ""]
    for paragraph, number, sentence in _pairs(document):
        if number:
            lines += ([] if number == "1" else ["---", ""]) + [f"**¶ {number}** {_md_label(paragraph)}".rstrip(), ""]
        lines += [f"**DE** {_md_escape(sentence.de)}", "", f"**EN** {_md_english(sentence)}", ""]
    return "\n".join(lines + _md_glossary(terms)).encode("utf-8")


def _md_columns(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    """A table of one row per sentence; a paragraph's first row has its number."""
    lines = _md_header(facts) + ["## Text", "", "| ¶ | Deutsch | English |", "| ---: | --- | --- |"]
    for paragraph, number, sentence in _pairs(document):
        label = _md_label(paragraph) if number else ""
        lines.append(f"| {number} | {label}{_md_escape(sentence.de)} | {_md_english(sentence)} |")
    return "\n".join(lines + _md_glossary(terms)).encode("utf-8")


# ---------------------------------------------------------------- TSV

TSV_COLUMNS = ("paragraph", "sentence", "kind", "de", "en", "score", "origin")


def _tsv_cell(value) -> str:
    """One cell: on one line, and never read as a formula by a spreadsheet (numbers stay numbers)."""
    if value is None:
        return ""
    return str(value) if isinstance(value, (int, float)) else defuse(_one_line(str(value)))


def _tsv(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    """The header row, one row per sentence, then the facts as comment lines (#) that imports skip.

    A spreadsheet takes the first line as the header: the facts come last.
    `origin` says whose English it is: engine, edited (by hand) or memory.
    """
    lines = ["\t".join(TSV_COLUMNS)]
    for paragraph in document.paragraphs:
        for number, sentence in enumerate(paragraph.sentences, 1):
            english = None if _failure(sentence) else sentence.en
            score = None if english is None or sentence.score is None else f"{sentence.score:.4f}"
            lines.append("\t".join(_tsv_cell(v) for v in (paragraph.index + 1, number, paragraph.kind, sentence.de,
                                                          english, score, sentence.origin)))
    lines += [f"# title: {_one_line(facts.title)}", f"# source: {_one_line(facts.source)}",
              f"# engine: {_one_line(facts.engine)}"]
    if facts.is_gloss:
        lines.append(f"# note: {GLOSS_NOTE}")
    lines += [f"# note: {note}" for note in _notes(facts)]
    lines += [f"# glossary: {_one_line(t.de)} → {_one_line(t.en)}" + (f" ({_one_line(t.note)})" if t.note else "")
              for t, _ in terms]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- TMX

def _prop(parent: ET.Element, kind: str, value: str) -> None:
    ET.SubElement(parent, "prop", type=kind).text = _xml_safe(value)


def _tuv(unit: ET.Element, lang: str, text: str) -> None:
    tuv = ET.SubElement(unit, "tuv", {XML_LANG: lang})
    ET.SubElement(tuv, "seg").text = _xml_safe(text)


def _tmx_root() -> tuple[ET.Element, ET.Element]:
    """A TMX 1.4 document's root and header, German the source language."""
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(root, "header", {
        "creationtool": "Lesepult", "creationtoolversion": "1", "segtype": "sentence", "o-tmf": "lesepult",
        "adminlang": "en", "srclang": "de", "datatype": "plaintext"})
    return root, header


def _tmx_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _tmx(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    """TMX 1.4b: a tu per translated sentence (x-kind sentence) and per glossary term (x-kind term).

    A gloss is no translation: its sentences are left out, with a note saying so,
    so a translation memory built from the file never learns from it. English
    corrected by hand is a translation whatever the engine: it is always in,
    with `x-lesepult-origin` saying so (engine, edited or memory).
    """
    root, header = _tmx_root()
    if facts.is_gloss:
        ET.SubElement(header, "note").text = TMX_GLOSS_NOTE
    for kind, value in (("x-title", facts.title), ("x-source", facts.source), ("x-engine", facts.engine)):
        _prop(header, kind, value)
    body = ET.SubElement(root, "body")
    for paragraph in document.paragraphs:
        for sentence in paragraph.sentences:
            if _human(sentence) or (not _failure(sentence) and not facts.is_gloss):
                _sentence_unit(body, paragraph, sentence)
    for term, count in terms:
        _term_unit(body, term, count)
    return _tmx_bytes(root)


def memory_tmx(pairs) -> bytes:
    """A reader's translation memory (memory.Pair: de, en, updated_at) as TMX 1.4, each pair marked human."""
    root, header = _tmx_root()
    _prop(header, "x-title", "Lesepult translation memory")
    body = ET.SubElement(root, "body")
    for pair in pairs:
        unit = ET.SubElement(body, "tu", changedate=_tmx_date(pair.updated_at))
        _prop(unit, "x-kind", "sentence")
        _prop(unit, "x-lesepult-origin", "edited")
        _tuv(unit, "de", pair.de)
        _tuv(unit, "en", pair.en)
    return _tmx_bytes(root)


def _tmx_date(sqlite_time: str) -> str:
    """SQLite's "2026-12-03 07:31:02.123" (UTC) as TMX's "20261203T073102Z"."""
    digits = re.sub(r"\D", "", sqlite_time).ljust(14, "0")
    return f"{digits[:8]}T{digits[8:14]}Z"


def _sentence_unit(body: ET.Element, paragraph: Paragraph, sentence: Sentence) -> None:
    unit = ET.SubElement(body, "tu")
    _prop(unit, "x-kind", "sentence")
    _prop(unit, "x-lesepult-origin", sentence.origin)
    _prop(unit, "x-paragraph", str(paragraph.index + 1))
    _prop(unit, "x-paragraph-kind", paragraph.kind)
    if sentence.score is not None:
        _prop(unit, "x-score", f"{sentence.score:.4f}")
    _tuv(unit, "de", sentence.de)
    _tuv(unit, "en", sentence.en)


def _term_unit(body: ET.Element, term: Term, count: int) -> None:
    unit = ET.SubElement(body, "tu")
    if term.note:
        ET.SubElement(unit, "note").text = _xml_safe(term.note)
    _prop(unit, "x-kind", "term")
    _prop(unit, "x-count", str(count))
    _tuv(unit, "de", term.de)
    _tuv(unit, "en", term.en)


# ---------------------------------------------------------------- DOCX

def _docx(document: Document, facts: _Facts, terms: list[tuple[Term, int]]) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = core_property(facts.title)  # the heading below keeps it whole
    word.add_heading(_xml_safe(facts.title), level=0)
    word.add_paragraph(f"Source: {_xml_safe(facts.source)}")
    word.add_paragraph(f"Engine: {_xml_safe(facts.engine)}")
    for note in _notes(facts):
        word.add_paragraph(note)
    if facts.is_gloss:
        word.add_paragraph().add_run(GLOSS_NOTE).bold = True
    _docx_text_table(word, document)
    _docx_glossary(word, terms)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(word, headings: tuple[str, ...]):
    from docx.oxml import OxmlElement

    table = word.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings):
        cell.paragraphs[0].add_run(heading).bold = True
    # Repeat the heading row on every printed page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _docx_text_table(word, document: Document) -> None:
    """One row per sentence: the paragraph's number on its first, the German, the English."""
    from docx.shared import Cm

    table = _docx_table(word, ("¶", "Deutsch", "English"))
    for paragraph, number, sentence in _pairs(document):
        cells = table.add_row().cells
        cells[0].text = number
        bold = paragraph.kind in ("headline", "heading", "lead")
        run = cells[1].paragraphs[0].add_run(_xml_safe(sentence.de))
        run.bold = bold
        _set_language(run, "de-DE")
        _docx_english(cells[2].paragraphs[0], sentence, bold)
    for row in table.rows:
        row.cells[0].width = Cm(1)


def _docx_english(cell_paragraph, sentence: Sentence, bold: bool) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    failure = _failure(sentence)
    mark = " (?)" if _is_low(sentence) else HUMAN_MARK if _human(sentence) else ""
    run = cell_paragraph.add_run(_xml_safe(f"[{failure}]" if failure else sentence.en + mark))
    run.bold = bold
    _set_language(run, "en-GB")
    if failure:
        run.italic = True
        run.font.color.rgb = RGBColor(0xA4, 0x00, 0x00)
    elif _is_low(sentence):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _set_language(run, tag: str) -> None:
    """Tell Word which spell checker and hyphenation a run needs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    run._r.get_or_add_rPr().append(language)


def _docx_glossary(word, terms: list[tuple[Term, int]]) -> None:
    word.add_heading("Glossary", level=1)
    if not terms:
        word.add_paragraph("No glossary terms occur in this document.")
        return
    table = _docx_table(word, ("German", "English", "Note", "Count"))
    for term, count in terms:
        for cell, value in zip(table.add_row().cells, (term.de, term.en, term.note, str(count))):
            cell.text = _xml_safe(value)


_WRITERS: dict[str, Callable[[Document, _Facts, list[tuple[Term, int]]], bytes]] = {
    "html": _html, "md": _md, "md-columns": _md_columns, "tsv": _tsv, "tmx": _tmx, "docx": _docx,
}
