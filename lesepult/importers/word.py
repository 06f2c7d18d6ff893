"""Word documents (.docx): paragraphs, heading styles and tables, through python-docx."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx

from .registry import ImportFailed, Imported, reads
from .structured import open_zip, structured

_HEADING_STYLE = re.compile(r"^(heading|title|überschrift|titel)\b", re.IGNORECASE)


@reads(".docx")
def read_docx(data: bytes) -> Imported:
    what = "Word document"
    open_zip(data, what)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_paragraphs(document))
        declared_title = (document.core_properties.title or "").strip()
    except Exception:  # python-docx raises many kinds of errors (KeyError, XML errors, ValueError) on bad files
        raise ImportFailed(
            "This Word document is damaged or is not a .docx file (old .doc files are not supported). "
            "Open it in Word or LibreOffice, save it as .docx and upload it again."
        ) from None
    title = declared_title or next((text for kind, text in paragraphs if kind == "heading"), None)
    return structured(title, paragraphs, what)


def _docx_paragraphs(document) -> Iterator[tuple[str, str]]:
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield from (("body", row) for row in _docx_table_rows(item))
            continue
        text = item.text.strip()
        if text:
            yield ("heading" if _is_docx_heading(item) else "body"), text


def _is_docx_heading(paragraph) -> bool:
    style = paragraph.style
    if style is not None and _HEADING_STYLE.match(style.name or ""):
        return True
    # Custom heading styles mark themselves with an outline level (0–8; 9 means body text).
    levels = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if style is not None and not levels:
        levels = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
    return bool(levels) and levels[0] != "9"


def _docx_table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
