"""Use case: search every document the reader may read, in German and in the English."""
from __future__ import annotations

from .. import search as fulltext
from ..errors import UserError
from ..translation import engine_key
from . import Workspace

PER_PAGE = 50


def search(ws: Workspace, query: str, offset: int = 0, limit: int = PER_PAGE) -> fulltext.Results:
    """One page of hits from `offset` on, and the number of all matching sentences."""
    if not 0 <= offset <= fulltext.MAX_MATCHES or not 1 <= limit <= PER_PAGE:
        raise UserError(f"offset is 0 to {fulltext.MAX_MATCHES:,}; limit 1 to {PER_PAGE}.")
    try:
        return fulltext.search_page(ws.db, query, engine_key(ws.engine), ws.reader, limit, offset)
    except ValueError as error:
        raise UserError(str(error)) from None
