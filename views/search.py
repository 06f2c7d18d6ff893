"""Full-text search over every document the reader may read, German and English."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, render_template, request
from markupsafe import Markup

from lesepult.errors import UserError
from lesepult.services.search import PER_PAGE, search

from .workspace import workspace

bp = Blueprint("search", __name__)


@bp.get("/search")
def page():
    query = request.args.get("q", "").strip()
    offset = _offset()
    results = search(workspace(), query, offset) if query else None
    return render_template("search.html", query=query, results=results, offset=offset, per_page=PER_PAGE,
                           Markup=Markup)


@bp.get("/api/search")
def api():
    query = request.args.get("q", "")
    offset = _offset()
    results = search(workspace(), query, offset)
    return jsonify(query=query, hits=[asdict(hit) for hit in results.hits], total=results.total, offset=offset,
                   page=offset // PER_PAGE + 1, per_page=PER_PAGE)


def _offset() -> int:
    """Where the page starts: `offset` (0-based), else `page` (1-based, PER_PAGE hits a page)."""
    offset, page_number = request.args.get("offset"), request.args.get("page")
    try:
        if offset is not None:
            return int(offset)
        return (int(page_number) - 1) * PER_PAGE if page_number is not None else 0
    except ValueError:
        raise UserError("page and offset are whole numbers.") from None
