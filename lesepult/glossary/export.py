"""Glossary exports: CSV (re-importable), TBX (the terminology exchange standard,
ISO 30042 TBX-Basic style) and a tab-separated file Anki imports as notes."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from ..text import defuse
from .terms import Term

CSV_FIELDS = ("de", "en", "en_plural", "variants", "pos", "gender", "plural", "domain", "note", "source")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_csv(terms: list[Term]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for term in terms:
        row = {**{f: getattr(term, f) for f in CSV_FIELDS}, "variants": "|".join(term.variants)}
        writer.writerow([defuse(row[f]) for f in CSV_FIELDS])
    return out.getvalue()


def to_tbx(terms: list[Term]) -> str:
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dct", XML_LANG: "de",
                              "xmlns": "urn:iso:std:iso:30042:ed-2"})
    header = ET.SubElement(root, "tbxHeader")
    ET.SubElement(ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = \
        "Lesepult glossary (German → English)"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, 1):
        entry = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
        if term.domain:
            ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = term.domain
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        _language(entry, "de", [term.de], term.pos, term.gender)
        _language(entry, "en", [term.en, *term.variants], term.pos, "")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _language(entry: ET.Element, lang: str, terms: list[str], pos: str, gender: str) -> None:
    section = ET.SubElement(entry, "langSec", {XML_LANG: lang})
    for rank, text in enumerate(terms):
        term_section = ET.SubElement(section, "termSec")
        ET.SubElement(term_section, "term").text = text
        ET.SubElement(term_section, "termNote", {"type": "partOfSpeech"}).text = pos or "noun"
        if gender in ("m", "f", "n"):
            ET.SubElement(term_section, "termNote", {"type": "grammaticalGender"}).text = \
                {"m": "masculine", "f": "feminine", "n": "neuter"}[gender]
        status = "preferredTerm-admn-sts" if rank == 0 else "admittedTerm-admn-sts"
        ET.SubElement(term_section, "termNote", {"type": "administrativeStatus"}).text = status


def to_anki(terms: list[Term]) -> str:
    """Front: the German with article; back: the English and the note. Anki reads the header lines."""
    lines = ["#separator:tab", "#html:false", "#columns:Front\tBack\tTags"]
    for term in terms:
        front = f"{_article(term)}{term.de}" + (f" (pl. {term.plural})" if term.plural else "")
        back = term.en + (f" — {term.note}" if term.note else "")
        tags = " ".join(t for t in ("lesepult", term.domain, term.source) if t)
        lines.append("\t".join(anki_field(x) for x in (front, back, tags)))
    return "\n".join(lines) + "\n"


def _article(term: Term) -> str:
    return {"m": "der ", "f": "die ", "n": "das ", "pl": "die "}.get(term.gender, "") if term.pos == "noun" else ""


def anki_field(value: str) -> str:
    """One field of an Anki TSV line: on one line, without tabs, never a spreadsheet formula."""
    return defuse(" ".join(value.replace("\t", " ").split()))
