"""Learner mode on the server: known/learning words and each document's share of unknown words."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from lesepult.services import words

from .workspace import workspace

bp = Blueprint("learner", __name__)


@bp.get("/api/words")
def list_words():
    """All marked lemmas; with ?document=<id> also the statuses of that document's surface forms."""
    return jsonify(words.statuses(workspace(), request.args.get("document", type=int)))


@bp.put("/api/words/<path:word>")
def mark_word(word: str):
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown."""
    payload = request.get_json(silent=True)
    return jsonify(words.mark(workspace(), word, payload.get("status") if isinstance(payload, dict) else None))


@bp.get("/words/unknown-share/<int:document_id>")
def unknown_share(document_id: int):
    return render_template("_unknown_share.html", counted=words.unknown_share(workspace(), document_id))


@bp.get("/words.csv")
def export_csv():
    return Response(words.to_csv(workspace()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="lesepult-words.csv"'})
