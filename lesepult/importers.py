"""Turn an uploaded file into text: .txt, .md, .html/.htm, .docx, .epub and .pdf.

`read_upload` checks size, type and content, then hands the bytes to one reader per format.
Plain sources (.txt, .md, .html) come back as text with blank-line paragraphs for
`clean_article`; structured sources (.docx, .epub, .pdf) also come back as a list of
`Block`s with kind "heading" for chapter and section titles. Nothing here writes to disk.
Every `ImportFailed` message is shown to the reader as is, so it says what to do.
"""
from __future__ import annotations

import codecs
import io
import math
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PureWindowsPath

import charset_normalizer
import docx
import ebooklib
import lxml.html
import pypdf
import trafilatura
from ebooklib import epub
from lxml import etree
from pypdf.errors import DependencyError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A 20 MB .docx/.epub can unpack to gigabytes (a "zip bomb"); real books stay far below this.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024

SUPPORTED_TYPES = (".txt", ".md", ".html", ".htm", ".docx", ".epub", ".pdf")
_SUPPORTED_LIST = ", ".join(SUPPORTED_TYPES)


class ImportFailed(ValueError):
    """An upload that cannot become text; the message is for the reader."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Imported:
    title: str | None
    text: str
    blocks: list | None = None
    source: str = ""


def read_upload(filename: str, data: bytes) -> Imported:
    """Check the upload and turn it into text, choosing the reader by the file's extension."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFailed(
            f"The file is too large ({len(data) / 1024 / 1024:.1f} MB); "
            f"the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it or upload a shorter text.",
            status=413,
        )
    extension = _extension(filename)
    reader = _READERS.get(extension)
    if reader is None:
        shown = f"'{extension}' files" if extension else "Files without an extension"
        raise ImportFailed(f"{shown} are not supported. Supported types: {_SUPPORTED_LIST}.", status=415)
    if not data.strip():
        raise ImportFailed("The file is empty. Choose a file that contains text.")
    _check_content_matches(extension, data)
    imported = reader(data)
    if not imported.text.strip():
        raise ImportFailed("The file contains no readable text.")
    imported.source = _base_name(filename)
    return imported


# --- file types --------------------------------------------------------------------------

# Signatures of binary formats that people rename or upload by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (such as .docx or .epub)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def _extension(filename: str) -> str:
    name = _base_name(filename)
    return name[name.rfind("."):].lower() if "." in name else ""


def _base_name(filename: str) -> str:
    # Some browsers send the full client-side path, with either kind of slash.
    return PureWindowsPath(filename).name


def _sniff(data: bytes) -> str | None:
    """Name the binary format `data` starts with, or None."""
    head = data[:8]
    for signature, description in _MAGIC:
        if head.startswith(signature):
            return description
    return None


def _check_content_matches(extension: str, data: bytes) -> None:
    found = _sniff(data)
    if extension in (".docx", ".epub"):
        if not data.startswith(b"PK\x03\x04"):
            kind = "Word (.docx)" if extension == ".docx" else "e-book (.epub)"
            hint = f" It looks like {found}." if found else ""
            raise ImportFailed(f"This is not a valid {kind} file.{hint} Check the file and upload it again.")
    elif extension == ".pdf":
        if b"%PDF-" not in data[:1024]:
            hint = f" It looks like {found}." if found else ""
            raise ImportFailed(f"This is not a valid PDF file.{hint} Check the file and upload it again.")
    elif found and _looks_binary(data):  # "MZ" or "GIF8" alone may well start a real text
        raise ImportFailed(
            f"This file is named '{extension}' but contains {found}, not text. "
            f"Upload the original file with its proper extension ({_SUPPORTED_LIST})."
        )


# --- decoding ----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings a German text file is likely to be in, in order of preference on a tie.
_LEGACY_ENCODINGS = ("cp1252", "iso8859-15", "latin-1", "mac-roman")
_SAMPLE_BYTES = 256 * 1024
_GERMAN_LETTERS = set("äöüÄÖÜß")
_TYPOGRAPHY = set("„“”‚‘’–—…€«»‹›§°·•×±²³µ£¥©®™\u00a0")
_CONTROL_BYTES = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1A)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
# UTF-8 read as cp1252/latin-1 and saved again: "Ã¤" for "ä", "â€ž" for "„".
_DOUBLE_ENCODED = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€"
)


def decode_text(data: bytes) -> str:
    """Decode a text file: BOM, else UTF-8, else the legacy encoding whose result reads as German."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFailed(
                    "The file starts like Unicode text but is damaged. Save it again as UTF-8 and upload it."
                ) from None
    _reject_binary(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    return _undo_double_encoding(text)


def _looks_binary(data: bytes) -> bool:
    head = data[:65536]
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return b"\x00" in data or controls > max(2, len(head) // 100)


def _reject_binary(data: bytes) -> None:
    if _looks_binary(data):
        raise ImportFailed(
            "This file does not contain plain text (it looks like binary data, such as an image or an archive). "
            f"Upload a text file or one of: {_SUPPORTED_LIST}."
        )


def _decode_legacy(data: bytes) -> str:
    """Try each likely encoding and keep the decoding that looks most like real text."""
    sample = data[:_SAMPLE_BYTES]  # judging a sample keeps a 20 MB file fast; encodings don't change midway
    candidates = list(_LEGACY_ENCODINGS)
    guess = charset_normalizer.from_bytes(sample).best()
    if guess is not None and _codec_name(guess.encoding) not in map(_codec_name, candidates):
        candidates.append(guess.encoding)
    scored = []
    for preference, encoding in enumerate(candidates):
        try:
            scored.append((_plausibility(sample.decode(encoding, errors="ignore")), -preference, encoding))
        except LookupError:
            continue
    best_score, _, best_encoding = max(scored)
    if best_score >= 0:  # below zero even the best reading is mostly odd symbols: mojibake
        try:
            return data.decode(best_encoding)
        except UnicodeDecodeError:
            pass  # a byte beyond the sample is undefined in this encoding
    raise ImportFailed(
        "The text encoding of this file could not be recognised; umlauts would come out garbled. "
        "Open it in an editor, save it as UTF-8 and upload it again."
    )


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _plausibility(text: str) -> float:
    """Score a decoding: German letters and typography count for it, odd symbols and controls against.

    Only the non-ASCII characters differ between the candidate encodings, so only they are scored.
    The result is per character so that a long file and a short one are judged alike.
    """
    counts = {char: count for char, count in Counter(text).items() if ord(char) > 0x7F}
    if not counts:
        return 0.0
    score = 0
    for char, count in counts.items():
        if char in _GERMAN_LETTERS:
            score += 3 * count
        elif char in _TYPOGRAPHY or char.isalpha():
            score += count
        elif 0x80 <= ord(char) <= 0x9F:  # C1 controls: never in real text
            score -= 10 * count
        else:
            score -= 2 * count
    return score / sum(counts.values())


def _undo_double_encoding(text: str) -> str:
    if len(_DOUBLE_ENCODED.findall(text)) < 2:
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    raise ImportFailed(
        "This text is garbled (umlauts appear as 'Ã¤' or 'Ã¶'): it was converted to UTF-8 twice. "
        "Fix the encoding in an editor, or copy the text from the original source."
    )


# --- plain text and Markdown --------------------------------------------------------------


def _normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _decode_plain(data: bytes) -> str:
    text = _normalise_newlines(decode_text(data))
    if not text:
        raise ImportFailed("The file is empty. Choose a file that contains text.")
    return text


def _read_txt(data: bytes) -> Imported:
    text = _decode_plain(data)
    if "\n\n" not in text:
        # Without any blank line each line is a paragraph (pasted web text, one paragraph per line).
        text = text.replace("\n", "\n\n")
    return Imported(title=None, text=re.sub(r"\n{3,}", "\n\n", text))


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_TABLE_DIVIDER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_INLINE_MARKUP = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image → its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link → its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)


def _read_markdown(data: bytes) -> Imported:
    lines = _decode_plain(data).split("\n")
    title, lines = _front_matter_title(lines)
    paragraphs = _markdown_paragraphs(lines)
    if title is None:
        title = next((text for level, text in paragraphs if level == 1), None)
    return Imported(title=title, text="\n\n".join(text for _, text in paragraphs))


def _front_matter_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Drop a YAML front matter block, keeping its `title:` if it has one."""
    if not lines or lines[0].strip() != "---":
        return None, lines
    for end, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "..."):
            titles = [re.sub(r"^title:\s*", "", entry).strip().strip("\"'") for entry in lines[1:end]
                      if entry.lower().startswith("title:")]
            return (titles[0] or None) if titles else None, lines[end + 1:]
    return None, lines


def _markdown_paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Markdown lines → (heading level or 0, plain text) paragraphs."""
    paragraphs: list[tuple[int, str]] = []
    pending: list[str] = []
    in_code = False

    def flush(level: int = 0) -> None:
        if in_code:  # code keeps its lines and its marks
            text = "\n".join(pending).strip("\n")
        else:
            text = _strip_inline(" ".join(part.strip() for part in pending if part.strip()))
        pending.clear()
        if text:
            paragraphs.append((level, text))

    for line in lines:
        if _FENCE.match(line):
            flush()
            in_code = not in_code
        elif in_code:
            pending.append(line)
        elif heading := _ATX_HEADING.match(line):
            flush()
            pending.append(heading.group(2))
            flush(len(heading.group(1)))
        elif pending and _SETEXT_UNDERLINE.match(line) and not _LIST_ITEM.match(pending[-1]):
            flush(1 if line.strip().startswith("=") else 2)
        elif not line.strip() or _RULE.match(line) or _LINK_DEFINITION.match(line) or _TABLE_DIVIDER.match(line):
            flush()
        elif _LIST_ITEM.match(line):
            flush()
            pending.append(_LIST_ITEM.sub("", line, count=1))
        elif line.lstrip().startswith("|"):
            flush()
            pending.append(" | ".join(cell.strip() for cell in line.strip().strip("|").split("|")))
            flush()
        else:
            pending.append(_QUOTE.sub("", line))
    flush()
    return paragraphs


def _strip_inline(text: str) -> str:
    """Remove emphasis, link and code marks; code spans keep their content untouched."""
    pieces = []
    position = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_strip_marks(text[position:span.start()]))
        pieces.append(span.group(2).strip())
        position = span.end()
    pieces.append(_strip_marks(text[position:]))
    return re.sub(r"\s{2,}", " ", "".join(pieces)).strip()


def _strip_marks(text: str) -> str:
    for pattern, replacement in _INLINE_MARKUP:
        text = pattern.sub(replacement, text)
    return text


# --- HTML (web pages and e-book chapters) ----------------------------------------------------

_SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "svg", "math",
                 "canvas", "object", "embed", "button", "select", "nav"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "quote",
               "pre", "li", "item", "ul", "ol", "list", "dl", "dt", "dd", "table", "tr", "row", "figure",
               "figcaption", "address", "body", "center", "hr", "form", "fieldset", "details", "summary"}
_CELL_TAGS = {"td", "th", "cell"}
_LINE_BREAK_TAGS = {"br", "lb"}
_LINE_BREAK = "\ue000"  # stands for <br> while other whitespace is collapsed
_BLOCK_BREAK = "\ue001"  # stands for a paragraph end inside one element
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)


def _read_html(data: bytes) -> Imported:
    html = _XML_DECLARATION.sub("", _decode_html(data))
    tree = _parse_html(html)
    article = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    paragraphs = _article_blocks(article.body) if article is not None and article.body is not None else []
    if not paragraphs:
        # trafilatura found no article (a bare page, a list); fall back to all text of <body>.
        paragraphs = _html_blocks(tree)
    title = (article.title if article is not None else None) or _html_title(tree)
    return Imported(title=title, text="\n\n".join(text for _, text in paragraphs))


def _article_blocks(body: etree._Element) -> list[tuple[str, str]]:
    """Paragraphs of trafilatura's result tree.

    Its main extractor collapses whitespace inside paragraphs, while its fallback for short pages
    flattens the page into one element with a newline between the original blocks; so a newline
    here always ends a paragraph.
    """
    for element in body.iter():
        if element.tag == "head":  # trafilatura's name for a heading; "head" means <head> in HTML
            element.tag = "h2"
        element.text = element.text and element.text.replace("\n", _BLOCK_BREAK)
        element.tail = element.tail and element.tail.replace("\n", _BLOCK_BREAK)
    return [(kind, part.strip()) for kind, text in _html_blocks(body)
            for part in text.split(_BLOCK_BREAK) if part.strip()]


def _decode_html(data: bytes) -> str:
    declared = _META_CHARSET.search(data[:4096])
    if declared is None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    try:
        return data.decode("utf-8")  # pages mislabelled as latin-1 are common; valid UTF-8 is no accident
    except UnicodeDecodeError:
        pass
    encoding = declared.group(1).decode("ascii").lower()
    if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        encoding = "cp1252"  # as browsers do (WHATWG encoding standard)
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return decode_text(data)


def _parse_html(html: str) -> etree._Element:
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise ImportFailed("This HTML file could not be read. Save the page again and upload it.") from None


def _html_title(tree: etree._Element) -> str | None:
    for xpath in ('string((//meta[@property="og:title"])[1]/@content)', "string((//title)[1])", "string((//h1)[1])"):
        found = " ".join(tree.xpath(xpath).split())
        if found:
            return found
    return None


def _local_tag(element: etree._Element) -> str:
    return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""


def _html_blocks(root: etree._Element) -> list[tuple[str, str]]:
    """Walk an (X)HTML tree into ("heading" | "body", text) paragraphs, skipping scripts and styles."""
    blocks: list[tuple[str, str]] = []
    buffer: list[str] = []

    def flush(kind: str = "body") -> None:
        text = _tidy("".join(buffer))
        buffer.clear()
        if text:
            blocks.append((kind, text))

    def visit(element: etree._Element) -> None:
        tag = _local_tag(element)
        if not isinstance(element.tag, str) or tag in _SKIPPED_TAGS:
            return  # comments, processing instructions and non-prose elements
        if tag in _LINE_BREAK_TAGS:
            buffer.append(_LINE_BREAK)
            return
        if tag in _CELL_TAGS and "".join(buffer).strip():
            buffer.append(" | ")
        boundary = tag in _BLOCK_TAGS or tag in _HEADING_TAGS
        if boundary:
            flush()
        buffer.append(element.text or "")
        for child in element:
            visit(child)
            buffer.append(child.tail or "")
        if boundary:
            flush("heading" if tag in _HEADING_TAGS else "body")

    visit(root)
    flush()
    return blocks


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(rf" ?{_LINE_BREAK} ?", _LINE_BREAK, text).strip(f" {_LINE_BREAK}")
    return re.sub(rf"{_LINE_BREAK}+", "\n", text)


# --- structured sources: shared helpers ----------------------------------------------------


def _make_blocks(paragraphs: list[tuple[str, str]]) -> list:
    from .cleaning import Block  # cleaning is written alongside; imported late to keep this module loadable

    return [Block(kind, text) for kind, text in paragraphs]


def _structured(title: str | None, paragraphs: list[tuple[str, str]], what: str) -> Imported:
    if not paragraphs:
        raise ImportFailed(f"This {what} contains no text.")
    return Imported(
        title=title,
        text="\n\n".join(text for _, text in paragraphs),
        blocks=_make_blocks(paragraphs),
    )


def _open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open a ZIP-based document, refusing damaged ones and ones that unpack to an absurd size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportFailed(
            f"This {what} is damaged and cannot be opened. Save it again and upload the new copy."
        ) from None
    if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise ImportFailed(f"This {what} unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB.", status=413)
    return archive


# --- .docx ------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(heading|title|überschrift|titel)\b", re.IGNORECASE)


def _read_docx(data: bytes) -> Imported:
    what = "Word document"
    _open_zip(data, what)
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
    return _structured(title, paragraphs, what)


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


# --- .epub ------------------------------------------------------------------------------------

_CONTENT_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")


def _read_epub(data: bytes) -> Imported:
    what = "e-book"
    archive = _open_zip(data, what)
    _reject_drm(archive)
    try:
        book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": False})
    except Exception:  # EbookLib raises EpubException, KeyError or XML errors on bad files
        raise ImportFailed(
            "This e-book is damaged or is not a valid EPUB file. Check the file and upload it again."
        ) from None
    toc_titles = _toc_titles(book.toc)
    paragraphs: list[tuple[str, str]] = []
    for item in _spine_documents(book):
        paragraphs.extend(_epub_chapter(item, toc_titles.get(item.get_name().split("#")[0])))
    titles = book.get_metadata("DC", "title")
    title = titles[0][0].strip() if titles and titles[0][0] else None
    return _structured(title or None, paragraphs, what)


def _reject_drm(archive: zipfile.ZipFile) -> None:
    """DRM-protected books have their chapters encrypted; font obfuscation alone is harmless."""
    try:
        manifest = archive.read("META-INF/encryption.xml")
    except KeyError:
        return
    if any(suffix.encode() in manifest.lower() for suffix in _CONTENT_SUFFIXES):
        raise ImportFailed("This e-book is copy-protected (DRM), so its text cannot be read. Use a DRM-free copy.")


def _spine_documents(book) -> list:
    documents = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or isinstance(item, epub.EpubNav):
            continue
        documents.append(item)
    return documents


def _toc_titles(toc) -> dict[str, str]:
    """Map each chapter file to its table-of-contents title (first entry wins)."""
    titles: dict[str, str] = {}
    for entry in toc:
        if isinstance(entry, tuple):  # (Section, [children])
            section, children = entry
            _add_toc_title(titles, section)
            for name, text in _toc_titles(children).items():
                titles.setdefault(name, text)
        else:
            _add_toc_title(titles, entry)
    return titles


def _add_toc_title(titles: dict[str, str], entry) -> None:
    href = getattr(entry, "href", None)
    if href and entry.title:
        titles.setdefault(href.split("#")[0], entry.title.strip())


def _epub_chapter(item, toc_title: str | None) -> list[tuple[str, str]]:
    """One chapter's paragraphs, starting with a heading so the chapter becomes a section."""
    paragraphs = _html_blocks(_parse_chapter(item.get_content()))
    if paragraphs and paragraphs[0][0] != "heading" and toc_title:
        paragraphs.insert(0, ("heading", toc_title))
    return paragraphs


def _parse_chapter(content: bytes) -> etree._Element:
    try:
        return etree.fromstring(content, etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        pass  # many e-books carry HTML that is not well-formed XML
    try:
        return lxml.html.document_fromstring(content)
    except (etree.ParserError, ValueError):
        raise ImportFailed("A chapter of this e-book is damaged and cannot be read.") from None


# --- .pdf -------------------------------------------------------------------------------------

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


def _read_pdf(data: bytes) -> Imported:
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
    return _structured(title, paragraphs, "PDF")


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


_READERS = {
    ".txt": _read_txt,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".epub": _read_epub,
    ".pdf": _read_pdf,
}
