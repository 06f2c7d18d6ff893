"""Use cases of the reader's glossary: add, change, delete, import and export terms."""
from __future__ import annotations

from typing import Mapping

from ..errors import TooLarge, UserError
from ..glossary import Term, TermError, read_terms_csv, user_terms
from ..glossary import export as glossary_export
from ..glossary.terms import as_fields
from . import Workspace

MAX_IMPORT_BYTES = 2 * 1024 * 1024
SOURCES = (None, "", "user", "curated")


def terms(ws: Workspace, source: str | None = None) -> list[Term]:
    """Curated terms with the reader's overrides applied; `source` "user" or "curated" narrows it."""
    if source not in SOURCES:
        raise UserError("source must be user or curated.")
    return [t for t in ws.glossary.terms if not source or t.source == source]


def own_terms(ws: Workspace) -> list[Term]:
    return user_terms.list_terms(ws.db, ws.reader)


def curated_terms(ws: Workspace) -> list[Term]:
    return [t for t in ws.glossary.terms if t.source == "curated"]


def get(ws: Workspace, term_id: int) -> Term:
    term = user_terms.get_term(ws.db, term_id, ws.reader)
    if term is None:
        raise UserError("There is no term of yours with this id.", 404)
    return term


def add(ws: Workspace, data: Mapping) -> Term:
    return user_terms.add_term(ws.db, _mapping(data), ws.reader)


def update(ws: Workspace, term_id: int, data: Mapping) -> Term:
    return user_terms.update_term(ws.db, term_id, _mapping(data), ws.reader)


def delete(ws: Workspace, term_id: int) -> None:
    user_terms.delete_term(ws.db, term_id, ws.reader)


def _mapping(data) -> Mapping:
    if not isinstance(data, Mapping):
        raise TermError('Send a JSON object like {"de": "Feuerpause", "en": "ceasefire"}.')
    return data


def import_csv(ws: Workspace, raw: bytes) -> dict:
    """Add every acceptable row of a CSV file; the report lists what was added and why rows were rejected."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise TooLarge(f"A glossary file may have at most {MAX_IMPORT_BYTES // 1024 // 1024} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("The CSV file must be UTF-8 text.") from None
    good, rejected = read_terms_csv(text)
    added = []
    for term in good:
        try:
            added.append(user_terms.add_term(ws.db, as_fields(term), ws.reader).de)
        except UserError as error:
            rejected.append((0, f"{term.de}: {error}"))
    return {"added": added, "rejected": [{"line": line, "reason": reason} for line, reason in rejected]}


EXPORTS = {"csv": (glossary_export.to_csv, "text/csv", "lesepult-glossary.csv"),
           "tbx": (glossary_export.to_tbx, "application/x-tbx+xml", "lesepult-glossary.tbx"),
           "anki": (glossary_export.to_anki, "text/tab-separated-values", "lesepult-glossary.anki.tsv")}


def export(ws: Workspace, fmt: str, source: str | None = None) -> tuple[str, str, str]:
    """(body, mimetype, filename) of the glossary in `fmt`: csv, tbx or anki."""
    write, mimetype, filename = EXPORTS[fmt]
    return write(terms(ws, source)), mimetype, filename
