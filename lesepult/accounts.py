"""Reader accounts in SQLite: names, argon2 password hashes and the admin role. No Flask here.

An account owns documents, glossary terms and word marks (their `owner_id`).
The local reader (id 1, no password) is the reader on a learner's own
machine: it owns what is made while nobody is logged in, and it can never
log in. Passwords are hashed with argon2id (argon2-cffi's `PasswordHasher`,
its RFC 9106 defaults); a hash made with older parameters is replaced at the
next successful login.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import UserError
from .storage import transaction
from .storage.schema import LOCAL_READER

# ASCII only: SQLite's NOCASE folds ASCII letters alone, and look-alike letters
# from other scripts would let two accounts pass for one on the admin page.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
WRONG = "name or password is wrong"   # one message for both: it must not tell which account exists

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    name: str
    is_admin: bool
    created_at: str
    stamp: str   # changes with the password hash, so a session made before a password reset stops working


class AccountError(UserError):
    """A name or password that cannot be used; the message says why."""


def check_name(name) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not NAME.fullmatch(name):
        raise AccountError("A name has 1 to 64 characters: letters a–z, digits, “.”, “_” or “-”,"
                           " starting with a letter or digit.")
    return name


def check_password(password) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters.")
    return password


# ---------------------------------------------------------------- reading

_COLUMNS = "id, name, is_admin, created_at, password_hash"


def get(db: sqlite3.Connection, user_id: int) -> User | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def find(db: sqlite3.Connection, name: str) -> User | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def accounts(db: sqlite3.Connection) -> list[User]:
    """Every account that can log in (not the local reader), by name."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM users WHERE id != ? ORDER BY name", (LOCAL_READER,))
    return [_user(row) for row in rows]


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["name"], bool(row["is_admin"]), row["created_at"], _stamp(row["password_hash"]))


def _stamp(password_hash: str | None) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16] if password_hash else ""


# ---------------------------------------------------------------- logging in

def verify(db: sqlite3.Connection, name: str, password: str) -> User | None:
    """The account if `password` is its password, else None; takes as long either way."""
    row = db.execute("SELECT id, password_hash FROM users WHERE name = ?", (name,)).fetchone()
    stored = row["password_hash"] if row else None
    if stored is None:  # no such account, or the local reader: spend the same time so timing tells nothing
        _matches(_unused_hash(), password)
        return None
    if not _matches(stored, password):
        return None
    if _hasher.check_needs_rehash(stored):
        _store_hash(db, row["id"], _hasher.hash(password))
    return get(db, row["id"])


def _matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unused_hash() -> str:
    return _hasher.hash("a password nobody has")


# ---------------------------------------------------------------- changing

def create(db: sqlite3.Connection, name: str, password: str, is_admin: bool = False) -> User:
    name, password_hash = check_name(name), _hasher.hash(check_password(password))
    try:
        with transaction(db):
            user_id = db.execute("INSERT INTO users (name, password_hash, is_admin) VALUES (?, ?, ?)",
                                 (name, password_hash, int(is_admin))).lastrowid
    except sqlite3.IntegrityError:
        raise AccountError(f"There is already an account named “{name}”.", 409) from None
    return get(db, user_id)


def set_password(db: sqlite3.Connection, user_id: int, password: str) -> None:
    _store_hash(db, user_id, _hasher.hash(check_password(password)))


def _store_hash(db: sqlite3.Connection, user_id: int, password_hash: str) -> None:
    with transaction(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))


def delete(db: sqlite3.Connection, user_id: int) -> tuple[int, int]:
    """Delete the account with its glossary terms and word marks (they cascade); returns how many of each."""
    with transaction(db):
        terms = db.execute("SELECT COUNT(*) FROM user_terms WHERE owner_id = ?", (user_id,)).fetchone()[0]
        words = db.execute("SELECT COUNT(*) FROM word_status WHERE owner_id = ?", (user_id,)).fetchone()[0]
        db.execute("DELETE FROM users WHERE id = ?", (user_id,))
    return terms, words
