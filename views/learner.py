"""Learner mode on the server: known/learning words and each document's share of unknown words."""
from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, jsonify, render_template, request

from lesepult import learning
from lesepult.documents import load_document

from .services import get_db

bp = Blueprint("learner", __name__)


@bp.record_once
def _create_table(state) -> None:
    app: Flask = state.app
    with app.app_context():
        learning.ensure_schema(get_db())


def _document_words(document_id: int) -> list[str]:
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    return [word for sentence in document.sentences for word in learning.words_in(sentence.de)]


@bp.get("/api/words")
def list_words():
    """All marked lemmas; with ?document=<id> also the statuses of that document's surface forms."""
    data = {"words": learning.statuses(get_db())}
    document_id = request.args.get("document", type=int)
    if document_id is not None:
        data["forms"] = learning.form_statuses(get_db(), _document_words(document_id))
    return jsonify(data)


@bp.put("/api/words/<path:word>")
def mark_word(word: str):
    """Mark a word (any form: it is stored under its lemma) as known, learning or unknown."""
    payload = request.get_json(silent=True)
    status = payload.get("status") if isinstance(payload, dict) else None
    if status not in learning.STATUSES:
        abort(400, 'Send JSON like {"status": "known"} (known, learning or unknown).')
    lemma = learning.lemma_of(word)
    try:
        learning.set_status(get_db(), lemma, status)
    except ValueError as error:
        abort(400, str(error))
    return jsonify(word=word, lemma=lemma, status=status)


@bp.get("/words/unknown-share/<int:document_id>")
def unknown_share(document_id: int):
    words = _document_words(document_id)
    return render_template("_unknown_share.html", words=len(words),
                           share=learning.share_unknown(get_db(), words))


@bp.get("/words.csv")
def export_csv():
    return Response(learning.to_csv(get_db()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="lesepult-words.csv"'})
