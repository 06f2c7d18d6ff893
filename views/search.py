"""Full-text search over every document the reader may read, German and English."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, render_template, request
from markupsafe import Markup

from lesepult.services.search import search

from .workspace import workspace

bp = Blueprint("search", __name__)


@bp.get("/search")
def page():
    query = request.args.get("q", "").strip()
    hits = search(workspace(), query) if query else []
    return render_template("search.html", query=query, hits=hits, Markup=Markup)


@bp.get("/api/search")
def api():
    query = request.args.get("q", "")
    return jsonify(query=query, hits=[asdict(hit) for hit in search(workspace(), query)])
