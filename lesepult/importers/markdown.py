"""Markdown files (.md): headings, paragraphs and lists become text; marks and links are dropped."""
from __future__ import annotations

import re

from ..cleaning import Block
from .plain import decode_plain
from .registry import Imported, reads

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


@reads(".md")
def read_markdown(data: bytes) -> Imported:
    lines = decode_plain(data).split("\n")
    title, lines = _front_matter_title(lines)
    paragraphs = _markdown_paragraphs(lines)
    if title is None:
        title = next((text for level, text in paragraphs if level == 1), None)
    text = "\n\n".join(text for _, text in paragraphs)
    if not any(level for level, _ in paragraphs):
        return Imported(title=title, text=text)  # plain notes: cleaned like pasted text
    # Headings make it a structured source: each one starts a chapter the reader can jump to.
    return Imported(title=title, text=text,
                    blocks=[Block("heading" if level else "body", part) for level, part in paragraphs])


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
