"""PDFs with a text layer: lines by position and font size, running headers dropped, paragraphs rejoined."""
from __future__ import annotations

import io
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

import pypdf
from pypdf.errors import DependencyError

from .registry import ImportFailed, Imported, reads
from .structured import structured

_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”“»«)]*$")
_PAGE_NUMBER = re.compile(
    r"^[-–—]?\s*(?:(?:seite|page|s\.)\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|von|of)\s*\d{1,4})?\s*[-–—]?$",
    re.IGNORECASE,
)
# After "Ein-" a lowercase "und" continues a list of compounds ("Ein- und Ausfuhr"), not a word.
_COMPOUND_CONJUNCTION = re.compile(r"^(und|oder|bis|sowie|bzw\.|beziehungsweise|noch|als|wie)\b")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬆ": "st"})
_JUNK_PDF_TITLE = re.compile(
    r"^(microsoft word|untitled|unbenannt|dokument\d*$)|\.(docx?|pdf|indd|tex)$", re.IGNORECASE
)
_BULLETS = set("•◦▪▫■□●○‣⁃")
_EDGE_LINES = 2  # lines at the top and at the bottom of a page checked for running headers/footers


@dataclass
class _Line:
    text: str
    y: float | None
    size: float


@dataclass
class _LineBuilder:
    pieces: list[str] = field(default_factory=list)
    y: float | None = None
    sizes: Counter = field(default_factory=Counter)

    def add(self, piece: str, y: float, size: float) -> None:
        self.pieces.append(piece)
        if piece.strip():
            self.y = y if self.y is None else self.y
            self.sizes[round(size * 2) / 2] += len(piece.strip())

    def line(self) -> _Line:
        size = self.sizes.most_common(1)[0][0] if self.sizes else 0.0
        return _Line(" ".join("".join(self.pieces).translate(_LIGATURES).split()), self.y, size)


@reads(".pdf")
def read_pdf(data: bytes) -> Imported:
    reader = _open_pdf(data)
    try:
        pages = [_page_lines(page) for page in reader.pages]
        metadata_title = (reader.metadata.title if reader.metadata else None) or ""
    except DependencyError:
        raise _aes_error() from None
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise ImportFailed("This PDF is damaged and its text cannot be read. Save or export it again.") from None
    pages = _drop_running_lines(pages)
    paragraphs = _pdf_paragraphs(pages)
    if not paragraphs:
        raise ImportFailed(
            "This PDF has no text layer (it is probably scanned), so there is no text to read. "
            "Run it through text recognition (OCR, for example OCRmyPDF) first, or upload the text as a .txt file."
        )
    metadata_title = metadata_title.strip()
    title = metadata_title if metadata_title and not _JUNK_PDF_TITLE.search(metadata_title) else None
    title = title or next((text for kind, text in paragraphs if kind == "heading"), None)
    return structured(title, paragraphs, "PDF")


def _open_pdf(data: bytes) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise ImportFailed(
                "This PDF is password-protected. Open it with its password, save or print an unprotected copy "
                "and upload that."
            )
        if len(reader.pages) == 0:
            raise ImportFailed("This PDF has no pages. Check the file and upload it again.")
    except ImportFailed:
        raise
    except DependencyError:
        raise _aes_error() from None
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise ImportFailed(
            "This PDF is damaged and cannot be opened. Save or export it again and upload the new copy."
        ) from None
    return reader


def _aes_error() -> ImportFailed:
    return ImportFailed(
        "This PDF is encrypted with AES, which this installation cannot decrypt. "
        "Print or save it to a new, unprotected PDF and upload that."
    )


def _page_lines(page) -> list[_Line]:
    """A page's text lines, with their height on the page and font size, in reading order."""
    builders = [_LineBuilder()]

    def collect(text: str, cm: list, tm: list, _font: dict, font_size: float) -> None:
        # The text rendering matrix is Tm × CTM; its d/c terms scale glyph height, f is the baseline.
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        for number, piece in enumerate(text.split("\n")):
            if number:
                builders.append(_LineBuilder())
            builders[-1].add(piece, y, font_size * scale)

    page.extract_text(visitor_text=collect)
    return [line for line in (builder.line() for builder in builders) if line.text]


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    if all(line.y is not None for line in lines):
        lines = sorted(lines, key=lambda line: -line.y)
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers, and headers/footers that repeat at the top or bottom of most pages."""
    seen_on = Counter(key for page in pages for key in {_running_key(line.text) for line in _edge_lines(page)})
    repeated = {key for key, count in seen_on.items() if count >= 2 and count > len(pages) / 2}
    cleaned = []
    for page in pages:
        edges = {id(line) for line in _edge_lines(page)}
        cleaned.append([
            line for line in page
            if id(line) not in edges or not (_PAGE_NUMBER.match(line.text) or _running_key(line.text) in repeated)
        ])
    return cleaned


@dataclass
class _Layout:
    """What a normal line of body text looks like in this document."""

    body_size: float
    line_gap: float | None  # baseline distance between lines of one paragraph
    full_length: int | None  # characters in a full-width line


def _measure_layout(pages: list[list[_Line]]) -> _Layout:
    sizes: Counter = Counter()
    for page in pages:
        for line in page:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    body_lines = [[line for line in page if line.size == body_size] for page in pages]
    gaps = [above.y - below.y for page in body_lines for above, below in zip(page, page[1:])
            if above.y is not None and below.y is not None and above.y > below.y]
    lengths = sorted(len(line.text) for page in body_lines for line in page)
    return _Layout(
        body_size=body_size,
        line_gap=statistics.median(gaps) if gaps else None,
        full_length=lengths[int(len(lengths) * 0.75)] if len(lengths) >= 3 else None,
    )


def _pdf_paragraphs(pages: list[list[_Line]]) -> list[tuple[str, str]]:
    layout = _measure_layout(pages)
    paragraphs: list[tuple[str, str, float]] = []
    for page in pages:
        page_paragraphs = _page_paragraphs(page, layout)
        if paragraphs and page_paragraphs and _continues(paragraphs[-1], page_paragraphs[0]):
            kind, text, size = paragraphs.pop()
            page_paragraphs[0] = (kind, _join_lines(text, page_paragraphs[0][1]), size)
        paragraphs.extend(page_paragraphs)
    return [(kind, text) for kind, text, _ in paragraphs]


def _continues(previous: tuple[str, str, float], following: tuple[str, str, float]) -> bool:
    """Whether a paragraph runs on from the foot of one page to the top of the next."""
    if previous[0] != "body" or following[0] != "body" or previous[2] != following[2]:
        return False
    return not _SENTENCE_END.search(previous[1]) or following[1][:1].islower()


def _page_paragraphs(lines: list[_Line], layout: _Layout) -> list[tuple[str, str, float]]:
    if not lines:
        return []
    groups = [[lines[0]]]
    for above, below in zip(lines, lines[1:]):
        if _starts_paragraph(above, below, layout):
            groups.append([below])
        else:
            groups[-1].append(below)
    paragraphs = []
    for group in groups:
        text = group[0].text
        for line in group[1:]:
            text = _join_lines(text, line.text)
        kind = "heading" if _is_pdf_heading(group, text, layout.body_size) else "body"
        paragraphs.append((kind, text, group[0].size))
    return paragraphs


def _starts_paragraph(above: _Line, below: _Line, layout: _Layout) -> bool:
    if abs(above.size - below.size) > 0.75 or below.text[:1] in _BULLETS:
        return True
    if layout.line_gap and above.y is not None and below.y is not None:
        # Scaled by font size so that small print keeps its own, tighter line spacing.
        expected = layout.line_gap * (above.size / layout.body_size if layout.body_size else 1.0)
        if above.y - below.y > 1.4 * expected:
            return True
    # A short line that ends a sentence is the last line of its paragraph.
    return bool(layout.full_length and len(above.text) < 0.7 * layout.full_length
                and _SENTENCE_END.search(above.text))


def _is_pdf_heading(group: list[_Line], text: str, body_size: float) -> bool:
    return body_size > 0 and group[0].size >= 1.15 * body_size and len(group) <= 3 and len(text) <= 200


def _join_lines(first: str, second: str) -> str:
    """Join two lines of a paragraph, undoing hyphenation at the line end."""
    if first.endswith("\u00ad"):  # soft hyphen: always a line-end break
        return first[:-1] + second
    if first.endswith("-") and len(first) > 1 and not first[-2].isspace():
        if first[-2].isalpha() and second[:1].islower():
            if _COMPOUND_CONJUNCTION.match(second):
                return first + " " + second
            return first[:-1] + second
        return first + second  # a real hyphen: "UN-" + "Sicherheitsrat"
    return first + " " + second
