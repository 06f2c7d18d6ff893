"""Learner mode on the server: known and learning words, their review, each document's share of
unknown words, and reading statistics."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for

from lesepult.services import review, stats, words

from .workspace import workspace

bp = Blueprint("learner", __name__)


@bp.get("/api/words")
def list_words():
    """All marked lemmas (and learning levels); with ?document=<id> also that document's surface forms."""
    return jsonify(words.statuses(workspace(), request.args.get("document", type=int)))


@bp.put("/api/words/<path:word>")
def mark_word(word: str):
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown, at a level;
    `sentence`, `en` and `meaning` say where it was met (its review card keeps them)."""
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    return jsonify(words.mark(workspace(), word, payload.get("status"), payload.get("level"), payload))


@bp.get("/words/unknown-share/<int:document_id>")
def unknown_share(document_id: int):
    return render_template("_unknown_share.html", counted=words.unknown_share(workspace(), document_id))


@bp.get("/words.csv")
def export_csv():
    return Response(words.to_csv(workspace()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="lesepult-words.csv"'})


@bp.get("/words.anki.tsv")
def export_anki():
    return Response(words.to_anki(workspace()), mimetype="text/tab-separated-values",
                    headers={"Content-Disposition": 'attachment; filename="lesepult-words-anki.tsv"'})


@bp.get("/review")
def review_page():
    ws = workspace()
    count, cards = review.due_cards(ws)
    return render_template("review.html", due=count, card=cards[0] if cards else None,
                           next_due=None if cards else review.next_due(ws))


@bp.post("/review/<int:card_id>")
def grade_from_page(card_id: int):
    """The review page's grade buttons (a form: it works without JavaScript); then the next card."""
    review.grade(workspace(), card_id, request.form.to_dict())
    return redirect(url_for("learner.review_page"), 303)


@bp.get("/api/review")
def api_review():
    return jsonify(review.due(workspace()))


@bp.post("/api/review/<int:card_id>")
def api_grade(card_id: int):
    return jsonify(review.grade(workspace(), card_id, request.get_json(silent=True)))


@bp.post("/api/reading")
def record_reading():
    """The reader page reports the paragraphs that stayed on screen (static/reading.js)."""
    return jsonify(stats.record_reading(workspace(), request.get_json(silent=True)))


@bp.get("/stats")
def stats_page():
    return render_template("stats.html", statistics=stats.page(workspace()))
