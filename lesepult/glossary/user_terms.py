"""A reader's own glossary terms, kept in SQLite. They override curated terms.

Every change is one short write transaction; a partial update reads the
current row, merges and writes inside the same transaction, so concurrent
partial updates of one term never lose each other's fields.
"""
from __future__ import annotations

import sqlite3
from typing import Mapping

from ..errors import Conflict, NotFound
from ..storage import transaction
from ..storage.schema import LOCAL_READER
from .terms import COLUMNS, Term, as_fields, validate

_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM user_terms"


def list_terms(db: sqlite3.Connection, owner: int = LOCAL_READER) -> list[Term]:
    rows = db.execute(f"{_SELECT} WHERE owner_id = ? ORDER BY de COLLATE NOCASE", (owner,))
    return [_term(row) for row in rows]


def get_term(db: sqlite3.Connection, term_id: int, owner: int = LOCAL_READER) -> Term | None:
    row = db.execute(f"{_SELECT} WHERE id = ? AND owner_id = ?", (term_id, owner)).fetchone()
    return _term(row) if row else None


def stamp(db: sqlite3.Connection, owner: int = LOCAL_READER) -> tuple:
    """Changes whenever the reader's terms change, so cached glossaries can be rebuilt."""
    return tuple(db.execute("SELECT COUNT(*), MAX(id), MAX(updated_at) FROM user_terms WHERE owner_id = ?",
                            (owner,)).fetchone())


def add_term(db: sqlite3.Connection, data: Mapping, owner: int = LOCAL_READER) -> Term:
    term = validate(data)
    fields = as_fields(term)
    try:
        with transaction(db):
            term_id = db.execute(
                f"INSERT INTO user_terms (owner_id, {', '.join(COLUMNS)}) VALUES (?, {', '.join('?' * len(COLUMNS))})",
                [owner, *(fields[f] for f in COLUMNS)]).lastrowid
    except sqlite3.IntegrityError:
        raise _already(term.de) from None
    return get_term(db, term_id, owner)


def update_term(db: sqlite3.Connection, term_id: int, data: Mapping, owner: int = LOCAL_READER) -> Term:
    """Change the fields given in `data`; the others keep their values. Raises NotFound, TermError."""
    try:
        with transaction(db):
            current = get_term(db, term_id, owner)
            if current is None:
                raise _missing()
            term = validate({**as_fields(current), **data}, "user", term_id)
            fields = as_fields(term)
            db.execute(f"UPDATE user_terms SET {', '.join(f'{f} = ?' for f in COLUMNS)},"
                       " updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = ? AND owner_id = ?",
                       [*(fields[f] for f in COLUMNS), term_id, owner])
    except sqlite3.IntegrityError:
        raise _already(data.get("de", "")) from None
    return term


def delete_term(db: sqlite3.Connection, term_id: int, owner: int = LOCAL_READER) -> None:
    with transaction(db):
        if db.execute("DELETE FROM user_terms WHERE id = ? AND owner_id = ?", (term_id, owner)).rowcount == 0:
            raise _missing()


def _missing() -> NotFound:
    return NotFound("There is no term of yours with this id.")


def _already(de) -> Conflict:
    return Conflict(f"“{de}” is already in your glossary.")


def _term(row) -> Term:
    # Not validated again: a row stored by an older release must still load.
    return Term(de=row["de"], en=row["en"], en_plural=row["en_plural"],
                variants=tuple(v for v in row["variants"].split("|") if v), pos=row["pos"],
                gender=row["gender"], plural=row["plural"], domain=row["domain"] or "user",
                note=row["note"], source="user", id=row["id"])
