"""Decoding text files: BOMs, UTF-8, and the legacy encodings German files come in."""
from __future__ import annotations

import codecs
import re
from collections import Counter

import charset_normalizer

from .detect import looks_binary, supported_list
from .registry import ImportFailed

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


def _reject_binary(data: bytes) -> None:
    if looks_binary(data):
        raise ImportFailed(
            "This file does not contain plain text (it looks like binary data, such as an image or an archive). "
            f"Upload a text file or one of: {supported_list()}."
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
