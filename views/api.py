"""The JSON API. Errors answer as {"error": message} with a fitting status (see views/errors.py)."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from lesepult.errors import UserError
from lesepult.reading import open_window, sentence_json
from lesepult.services import documents, edits
from lesepult.services import reader as reading
from lesepult.services.translate import translate_text
from lesepult.translation import describe

from .workspace import workspace

bp = Blueprint("api", __name__)

OPENAPI = json.loads((Path(__file__).with_name("openapi.json")).read_text(encoding="utf-8"))


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.get("/healthz")
def health():
    return jsonify(status="ok", engine=describe(workspace().engine))


@bp.get("/api/documents/<int:document_id>")
def document(document_id: int):
    """The document with its English; a book comes a page at a time (?from=&count=), pending sentences said."""
    return jsonify(reading.document_data(workspace(), document_id, _enforce(request.args.get("enforce", "1")),
                                         request.args.get("from", type=int), request.args.get("count", type=int)))


@bp.get("/api/documents")
def library():
    return jsonify(documents=[_library_json(entry) for entry in documents.library(workspace())])


def _library_json(entry) -> dict:
    info = entry.info
    return {"id": info.id, "title": info.title, "source": info.source, "created_at": info.created_at,
            "words": info.word_count, "translated": entry.translated, "sentences": info.sentence_count,
            "failed": entry.failed, "status": info.status, "gloss_only": entry.gloss_only}


@bp.get("/api/documents/<int:document_id>/entities")
def entities(document_id: int):
    ws = workspace()
    info = documents.ready(ws, document_id)
    whole = open_window(ws.db, info, 0, ws.glossary, max(info.paragraph_count, 1))
    return jsonify(entities=[{"name": e.name, "kind": e.kind,
                              "occurrences": [{"paragraph": p, "sentence": n} for p, n in e.occurrences]}
                             for e in whole.entities])


@bp.get("/api/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>/alternatives")
def alternatives(document_id: int, index: int, position: int):
    ws = workspace()
    sentence, hypotheses = reading.alternatives(ws, document_id, index, position)
    return jsonify(de=sentence.de, engine=describe(ws.engine),
                   alternatives=[{"en": h.text, "score": h.score} for h in hypotheses])


SENTENCE = "/api/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>"


@bp.put(SENTENCE)
def edit_sentence(document_id: int, index: int, position: int):
    """Keep your own English for a sentence of your document: {"en": "…"} → the sentence, "edited": true."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "en" not in payload:
        raise UserError('Send JSON like {"en": "The Security Council met on Monday."}.')
    enforce = _enforce(request.args.get("enforce", "1"))
    paragraph = edits.edit(workspace(), document_id, index, position, payload["en"], enforce)
    return jsonify(sentence_json(paragraph.sentences[position]))


@bp.delete(SENTENCE)
def revert_sentence(document_id: int, index: int, position: int):
    """Forget your English for the sentence: the machine's (or your remembered) English comes back."""
    paragraph = edits.revert(workspace(), document_id, index, position, _enforce(request.args.get("enforce", "1")))
    return jsonify(sentence_json(paragraph.sentences[position]))


@bp.get("/api/memory.tmx")
def memory_tmx():
    """Every sentence whose English you corrected, as a TMX 1.4 translation memory."""
    return Response(edits.memory_tmx(workspace()), mimetype="application/x-tmx+xml",
                    headers={"Content-Disposition": 'attachment; filename="lesepult-memory.tmx"'})


@bp.post("/api/translate")
def translate():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise UserError('Send JSON like {"text": "Der Sicherheitsrat tagt."}.')
    return jsonify(translate_text(workspace(), payload.get("text"), _enforce(payload.get("enforce", True))))


def _enforce(value) -> bool:
    return value not in (False, "0", "false")
