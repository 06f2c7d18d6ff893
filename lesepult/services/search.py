"""Use case: search every document the reader may read, in German and in the English."""
from __future__ import annotations

from .. import search as fulltext
from ..errors import UserError
from ..translation import engine_key
from . import Workspace


def search(ws: Workspace, query: str) -> list[fulltext.Hit]:
    try:
        return fulltext.search(ws.db, query, engine_key(ws.engine), ws.reader)
    except ValueError as error:
        raise UserError(str(error)) from None
