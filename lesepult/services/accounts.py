"""Use cases of accounts: log in, and (for admins) list, add and remove accounts and reset passwords.

Logging in happens before there is a reader, so `log_in` and `session_user`
take the database alone. Everything else is done by a reader who must be an
admin: an admin account, or the local reader (the owner of the machine,
working on loopback or at the command line).
"""
from __future__ import annotations

import hmac
import sqlite3
from dataclasses import dataclass

from .. import accounts, documents
from ..accounts import WRONG, User
from ..english import counted
from ..errors import NotFound, UserError
from ..storage import transaction
from ..storage.schema import LOCAL_READER
from . import Workspace


def log_in(db: sqlite3.Connection, name, password) -> User:
    """The account `name` if `password` is its password; else a UserError that does not say which was wrong."""
    well_formed = (isinstance(name, str) and accounts.NAME.fullmatch(name.strip()) is not None
                   and isinstance(password, str) and len(password) <= accounts.MAX_PASSWORD)
    user = accounts.verify(db, name.strip(), password) if well_formed else None
    if user is None:
        raise UserError(WRONG, 401)
    return user


def session_user(db: sqlite3.Connection, user_id: int, stamp: str) -> User | None:
    """The account a session names, unless it is gone or its password changed since the session began."""
    user = accounts.get(db, user_id)
    if user is None or not user.stamp or not hmac.compare_digest(user.stamp, stamp):
        return None
    return user


def require_admin(ws: Workspace, action: str = "manage accounts") -> None:
    """403 unless the reader is an administrator: an admin account, or the local reader (the machine's owner)."""
    reader = accounts.get(ws.db, ws.reader)
    if reader is None or not reader.is_admin:
        raise UserError(f"Only an administrator may {action}.", 403)


def users(ws: Workspace) -> list[User]:
    require_admin(ws)
    return accounts.accounts(ws.db)


def add(ws: Workspace, name, password, is_admin: bool = False) -> User:
    require_admin(ws)
    return accounts.create(ws.db, name, password, is_admin)


def get(ws: Workspace, user_id: int) -> User:
    require_admin(ws)
    user = accounts.get(ws.db, user_id) if user_id != LOCAL_READER else None
    if user is None:
        raise NotFound("There is no account with this id.")
    return user


def by_name(ws: Workspace, name: str) -> User:
    require_admin(ws)
    user = accounts.find(ws.db, name.strip())
    if user is None or user.id == LOCAL_READER:
        raise NotFound(f"There is no account named “{name}”.")
    return user


def set_password(ws: Workspace, user_id: int, password) -> User:
    """A new password; the account's sessions end (their stamp no longer matches)."""
    user = get(ws, user_id)
    accounts.set_password(ws.db, user.id, password)
    return user


@dataclass(frozen=True)
class Removed:
    name: str
    documents: int
    terms: int
    words: int

    def __str__(self) -> str:
        """What was removed, as the admin page and the CLI both say it."""
        return (f"Removed {self.name} with {counted(self.documents, 'document')},"
                f" {counted(self.terms, 'glossary term')} and {counted(self.words, 'word mark')}.")


def remove(ws: Workspace, user_id: int) -> Removed:
    """Remove an account with everything it owns: documents (no foreign key: deleted here), terms and marks."""
    user = get(ws, user_id)
    if user.id == ws.reader:
        raise UserError("You cannot remove your own account while logged in with it.", 409)
    with transaction(ws.db):
        removed_documents = documents.delete_documents_of(ws.db, user.id)
        terms, words = accounts.delete(ws.db, user.id)
    return Removed(user.name, removed_documents, terms, words)
