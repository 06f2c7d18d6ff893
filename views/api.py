"""The JSON API. Errors answer as {"error": message} with a fitting status."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, abort, jsonify, request

from lesepult.documents import (MAX_TEXT_CHARS, DocumentError, Paragraph, Sentence, list_documents,
                                load_document, segment_text)
from lesepult.entities import find_entities
from lesepult.worker import progress
from lesepult.reading import document_json, paragraphs_json, translate_sentences
from lesepult.translation import TranslationCache, describe

from .services import get_db, get_engine, get_glossary

bp = Blueprint("api", __name__)


OPENAPI = json.loads((Path(__file__).with_name("openapi.json")).read_text(encoding="utf-8"))


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(OPENAPI)


@bp.get("/healthz")
def health():
    return jsonify(status="ok", engine=describe(get_engine()))


@bp.get("/api/documents/<int:document_id>")
def document(document_id: int):
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    glossary = get_glossary()
    translate_sentences(get_db(), get_engine(), document.sentences, glossary=glossary,
                        enforce_terms=request.args.get("enforce", "1") != "0")
    data = document_json(document, get_engine())
    data["terms"] = [{"de": term.de, "en": term.en, "count": count, "source": term.source}
                     for term, count in glossary.counts(s.de for s in document.sentences)]
    return jsonify(data)


@bp.get("/api/documents")
def documents():
    key = TranslationCache(get_db(), get_engine()).key
    listed = []
    for row in list_documents(get_db()):
        translated, sentences = progress(get_db(), key, row["id"])
        listed.append({**{k: row[k] for k in ("id", "title", "source", "created_at", "words")},
                       "translated": translated, "sentences": sentences})
    return jsonify(documents=listed)


@bp.get("/api/documents/<int:document_id>/entities")
def entities(document_id: int):
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    return jsonify(entities=[{"name": e.name, "kind": e.kind,
                              "occurrences": [{"paragraph": p, "sentence": n} for p, n in e.occurrences]}
                             for e in find_entities(document, get_glossary())])


@bp.get("/api/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>/alternatives")
def alternatives(document_id: int, index: int, position: int):
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    sentence = document.sentence(index, position) or abort(404, "There is no such sentence.")
    return jsonify(de=sentence.de, engine=describe(get_engine()),
                   alternatives=[{"en": h.text, "score": h.score} for h in get_engine().alternatives(sentence.de, 4)])


@bp.post("/api/translate")
def translate():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        abort(400, 'Send JSON like {"text": "Der Sicherheitsrat tagt."}.')
    if len(payload["text"]) > MAX_TEXT_CHARS:
        abort(413, f"The text is longer than {MAX_TEXT_CHARS:,} characters.")
    try:
        blocks = segment_text(payload["text"])
    except DocumentError as error:
        abort(400, str(error))
    paragraphs = [Paragraph(i, kind, [Sentence(0, s) for s in sentences])
                  for i, (kind, sentences) in enumerate(blocks)]
    sentences = [s for p in paragraphs for s in p.sentences]
    translate_sentences(get_db(), get_engine(), sentences, glossary=get_glossary(),
                        enforce_terms=payload.get("enforce", True) is not False)
    return jsonify(engine=describe(get_engine()), paragraphs=paragraphs_json(paragraphs))
