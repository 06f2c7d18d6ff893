"""Web pages (.html, .htm) through trafilatura, and the HTML walk e-book chapters share."""
from __future__ import annotations

import codecs
import re

import lxml.html
import trafilatura
from lxml import etree

from .encoding import decode_text
from .registry import ImportFailed, Imported, reads

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


@reads(".html", ".htm")
def read_html(data: bytes) -> Imported:
    html = _XML_DECLARATION.sub("", _decode_html(data))
    tree = _parse_html(html)
    article = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    paragraphs = _article_blocks(article.body) if article is not None and article.body is not None else []
    if not paragraphs:
        # trafilatura found no article (a bare page, a list); fall back to all text of <body>.
        paragraphs = html_blocks(tree)
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
    return [(kind, part.strip()) for kind, text in html_blocks(body)
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


def html_blocks(root: etree._Element) -> list[tuple[str, str]]:
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
