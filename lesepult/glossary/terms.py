"""Glossary terms: what a term is, and the one validator every way in goes through.

A term maps a German lemma (`Feuerpause`, `menschlicher Schutzschild`) to the
English rendering a reader should see (`ceasefire`, `human shield`), with the
grammar the finder needs to recognise its inflected forms. Curated terms come
from a tab-separated file (`load_terms`); readers add their own through the
page, the JSON API or a CSV import (`read_terms_csv`), and all of them are
checked by `validate`, so each way accepts exactly the same terms.

A term may carry a context condition (`context`: |-separated cues): then it
applies only in a sentence where one of the cues stands, inside any word,
case-insensitively. "Prozess" is the trial only near "Gericht", "Anklage",
"Richter" …; in "der politische Prozess" it is left to the dictionary. A cue
that starts with "!" excludes: "verurteilen" is condemn except near "!Haft",
"!Jahren", "!Strafe", where the dictionary's "sentence" is meant.
The curated file's `context` column is optional (files without it still load).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..errors import UserError

COLUMNS = ("de", "en", "en_plural", "variants", "pos", "gender", "plural", "domain", "note")
# After COLUMNS, in files that have it; a reader's stored terms have none (they apply everywhere).
OPTIONAL_COLUMNS = ("context",)
PARTS_OF_SPEECH = frozenset({"noun", "verb", "adj", "phrase", "abbr"})
GENDERS = frozenset({"m", "f", "n", "pl"})
MAX_FIELD_LENGTH = 200
MARKUP = re.compile(r"[<>]")
# Control characters, lone surrogates and non-characters: they break XML exports (TBX, TMX, DOCX).
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Term:
    de: str
    en: str
    en_plural: str
    variants: tuple[str, ...]
    pos: str
    gender: str
    plural: str
    domain: str
    note: str
    source: str = "curated"   # or "user"
    id: int | None = None     # user terms carry their database id
    context: tuple[str, ...] = ()   # cues, one of which must stand in the sentence; () = everywhere

    def applies_in(self, text: str) -> bool:
        """Whether the term's context condition holds in a sentence (always, without one): one of its
        cues stands there, and none of its "!" cues ("verurteilen" is condemn, but not near "!Haft")."""
        lowered = text.lower()
        wanted = [cue.lower() for cue in self.context if not cue.startswith("!")]
        unwanted = [cue[1:].lower() for cue in self.context if cue.startswith("!")]
        return (not wanted or any(cue in lowered for cue in wanted)) and not any(cue in lowered for cue in unwanted)


class TermError(UserError):
    """A term that cannot be stored; the message says which field and why."""


def validate(data: Mapping, source: str = "user", term_id: int | None = None) -> Term:
    """The one check every term passes, from the page, the JSON API, a CSV import or the curated file.

    Whitespace is collapsed, `variants` may be a list or a |-separated string,
    and `pos` is guessed when it is missing. Raises TermError.
    """
    fields = {name: _text(name, data.get(name)) for name in COLUMNS + OPTIONAL_COLUMNS}
    fields["pos"] = fields["pos"] or _guess_pos(fields["de"])
    problem = _problem(fields)
    if problem:
        raise TermError(problem)
    return Term(fields["de"], fields["en"], fields["en_plural"], _alternatives(fields["variants"]), fields["pos"],
                fields["gender"], fields["plural"], fields["domain"], fields["note"], source=source, id=term_id,
                context=_alternatives(fields["context"]))


def _alternatives(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _text(name: str, value) -> str:
    if value is None:
        return ""
    if name in ("variants", "context") and isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            raise TermError(f"{name} must be text")
        value = "|".join(value)
    if not isinstance(value, str):
        raise TermError(f"{name} must be text")
    return " ".join(value.split())


def _guess_pos(de: str) -> str:
    return "abbr" if de.isupper() and " " not in de and len(de) <= 6 else "noun"


def _problem(fields: dict[str, str]) -> str | None:
    if not fields["de"]:
        return "missing de"
    if not fields["en"]:
        return "missing en"
    for value in fields.values():
        if len(value) > MAX_FIELD_LENGTH:
            return "field too long"
        if MARKUP.search(value):
            return "markup not allowed"
        if NOT_TEXT.search(value):
            return "control characters not allowed"
    if fields["pos"] not in PARTS_OF_SPEECH:
        return f"unknown pos {fields['pos']!r}"
    if fields["gender"] and fields["gender"] not in GENDERS:
        return f"unknown gender {fields['gender']!r}"
    return None


def term_key(de: str) -> str:
    """Two terms with the same key are one term. Case matters: "Vorrücken" (noun) and "vorrücken" (verb) differ."""
    return " ".join(de.split())


def as_fields(term: Term) -> dict[str, str]:
    """A term's columns as stored text (variants |-separated)."""
    return {name: "|".join(term.variants) if name == "variants" else getattr(term, name) for name in COLUMNS}


# ---------------------------------------------------------------- files

def load_terms(path: Path) -> list[Term]:
    """Parse the curated TSV; a malformed row raises ValueError naming its line."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = [name.strip() for name in next(rows, [])]
        if header not in (list(COLUMNS), list(COLUMNS + OPTIONAL_COLUMNS)):
            raise ValueError(f"{path}: line 1: expected header {' '.join(COLUMNS)} [{' '.join(OPTIONAL_COLUMNS)}]")
        terms: list[Term] = []
        first_line: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}: line {line}: expected {len(header)} fields, found {len(row)}")
            try:
                term = validate(dict(zip(header, row)), "curated")
            except TermError as error:
                raise ValueError(f"{path}: line {line}: {error}") from None
            duplicate = _duplicate_problem(term.de, line, first_line)
            if duplicate:
                raise ValueError(f"{path}: line {line}: {duplicate}")
            terms.append(term)
    return terms


def read_terms_csv(text: str) -> tuple[list[Term], list[tuple[int, str]]]:
    """Import a reader's CSV: (accepted terms, rejected rows as (line, reason))."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [(1, "empty file")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        return [], [(1, f"not valid CSV: {error}")]
    missing = [name for name in ("de", "en") if name not in header]
    if missing:
        return [], [(1, "missing column: " + ", ".join(missing))]
    terms: list[Term] = []
    rejected: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejected.append((line, f"not valid CSV: {error}"))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            rejected.append((line, "too many fields"))
            continue
        try:
            term = validate(dict(zip(header, row)))
        except TermError as error:
            rejected.append((line, str(error)))
            continue
        duplicate = _duplicate_problem(term.de, line, first_line)
        if duplicate:
            rejected.append((line, duplicate))
        else:
            terms.append(term)
    return terms, rejected


def _sniff_delimiter(text: str) -> str:
    # Spreadsheets in German locales save CSV with semicolons.
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _duplicate_problem(de: str, line: int, first_line: dict[str, int]) -> str | None:
    key = term_key(de)
    if key in first_line:
        return f"duplicate of line {first_line[key]}"
    first_line[key] = line
    return None
