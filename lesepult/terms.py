"""The reader's own glossary terms, kept in SQLite. They override curated terms."""
from __future__ import annotations

import sqlite3

from .glossary import Term

FIELDS = ("de", "en", "en_plural", "variants", "pos", "gender", "plural", "domain", "note")
MAX_FIELD = 200
POS = ("noun", "verb", "adj", "phrase", "abbr")


class TermError(ValueError):
    pass


def list_terms(db: sqlite3.Connection) -> list[Term]:
    rows = db.execute(f"SELECT id, {', '.join(FIELDS)} FROM user_terms ORDER BY de COLLATE NOCASE")
    return [_term(row) for row in rows]


def get_term(db: sqlite3.Connection, term_id: int) -> Term | None:
    row = db.execute(f"SELECT id, {', '.join(FIELDS)} FROM user_terms WHERE id = ?", (term_id,)).fetchone()
    return _term(row) if row else None


def stamp(db: sqlite3.Connection) -> tuple:
    """Changes whenever the user's terms change, so cached glossaries can be rebuilt."""
    return tuple(db.execute("SELECT COUNT(*), MAX(id), MAX(updated_at) FROM user_terms").fetchone())


def add_term(db: sqlite3.Connection, data: dict) -> Term:
    values = validate(data)
    try:
        with db:
            cursor = db.execute(
                f"INSERT INTO user_terms ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})",
                [values[f] for f in FIELDS])
    except sqlite3.IntegrityError:
        raise TermError(f"“{values['de']}” is already in your glossary.") from None
    return get_term(db, cursor.lastrowid)


def update_term(db: sqlite3.Connection, term_id: int, data: dict) -> Term | None:
    current = get_term(db, term_id)
    if current is None:
        return None
    values = validate({**{f: getattr(current, f) for f in FIELDS}, **data})
    try:
        with db:
            db.execute(f"UPDATE user_terms SET {', '.join(f'{f} = ?' for f in FIELDS)},"
                       " updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = ?",
                       [*(values[f] for f in FIELDS), term_id])
    except sqlite3.IntegrityError:
        raise TermError(f"“{values['de']}” is already in your glossary.") from None
    return get_term(db, term_id)


def delete_term(db: sqlite3.Connection, term_id: int) -> bool:
    with db:
        return db.execute("DELETE FROM user_terms WHERE id = ?", (term_id,)).rowcount > 0


def validate(data: dict) -> dict:
    values = {}
    for field in FIELDS:
        value = data.get(field, "")
        if isinstance(value, (list, tuple)):
            value = "|".join(value)
        if not isinstance(value, str):
            raise TermError(f"{field} must be text.")
        value = " ".join(value.split())
        if len(value) > MAX_FIELD:
            raise TermError(f"{field} is longer than {MAX_FIELD} characters.")
        if "<" in value or ">" in value:
            raise TermError(f"{field} may not contain markup (< or >).")
        values[field] = value
    if not values["de"] or not values["en"]:
        raise TermError("A term needs both the German (de) and the English (en).")
    values["pos"] = values["pos"] or "noun"
    if values["pos"] not in POS:
        raise TermError(f"pos must be one of {', '.join(POS)}.")
    return values


def _term(row) -> Term:
    return Term(de=row["de"], en=row["en"], en_plural=row["en_plural"],
                variants=tuple(v for v in row["variants"].split("|") if v), pos=row["pos"],
                gender=row["gender"], plural=row["plural"], domain=row["domain"] or "user",
                note=row["note"], source="user", id=row["id"])
