"""Full-text search over every document, German and English."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, jsonify, render_template, request
from markupsafe import Markup

from lesepult import search as fulltext
from lesepult.translation import TranslationCache

from .services import get_db, get_engine

bp = Blueprint("search", __name__)


def _hits(query: str):
    key = TranslationCache(get_db(), get_engine()).key
    fulltext.index_translations(get_db(), key)  # cheap when nothing is new
    try:
        return fulltext.search(get_db(), query, key)
    except ValueError as error:
        abort(400, str(error))


@bp.get("/search")
def page():
    query = request.args.get("q", "").strip()
    hits = _hits(query) if query else []
    return render_template("search.html", query=query, hits=hits, Markup=Markup)


@bp.get("/api/search")
def api():
    return jsonify(query=request.args.get("q", ""), hits=[asdict(hit) for hit in _hits(request.args.get("q", ""))])
