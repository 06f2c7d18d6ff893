"""E-books (.epub): the spine's chapters in reading order, each starting with its title; DRM refused."""
from __future__ import annotations

import io
import zipfile

import ebooklib
import lxml.html
from ebooklib import epub
from lxml import etree

from .registry import ImportFailed, Imported, reads
from .structured import open_zip, structured
from .webpage import html_blocks

_CONTENT_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")


@reads(".epub")
def read_epub(data: bytes) -> Imported:
    what = "e-book"
    archive = open_zip(data, what)
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
    return structured(title or None, paragraphs, what)


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
    paragraphs = html_blocks(_parse_chapter(item.get_content()))
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
