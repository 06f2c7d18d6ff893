"""The reader's pages: thin views over lesepult's domain functions."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from lesepult.documents import (MAX_TEXT_CHARS, MAX_TITLE_CHARS, DocumentError, TooLarge, create_document,
                                delete_document, list_documents, load_document, rename_document,
                                sample_document_id)
from lesepult.entities import find_entities
from lesepult.importers import ImportFailed, read_upload
from lesepult.exports import EXTENSIONS, FORMATS, export_document
from lesepult.reading import translate_from, translate_sentences
from lesepult.translation import INSTALL_HINT, TranslationCache, describe
from lesepult.worker import progress

from .services import get_db, get_engine, get_glossary, queue_translation

bp = Blueprint("pages", __name__)
MIMETYPES = {"html": "text/html", "md": "text/markdown", "md-columns": "text/markdown",
             "tsv": "text/tab-separated-values", "tmx": "application/x-tmx+xml",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """JSON for the API, a readable page for people."""
    if request.path.startswith(("/api/", "/healthz")):
        return jsonify(error=error.description), error.code
    return render_template("error.html", message=error.description), error.code


@bp.get("/")
def index():
    return reader(sample_document_id(get_db()))


@bp.get("/documents/<int:document_id>")
def reader(document_id: int):
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    return render_template("reader.html", document=document, engine=get_engine(),
                           install_hint=INSTALL_HINT, terms=_terms(document),
                           entities=find_entities(document, get_glossary()),
                           enforce_terms=_enforce_terms())


@bp.get("/documents/<int:document_id>/paragraphs/<int:index>")
def paragraph_translation(document_id: int, index: int):
    """The English of one paragraph, for htmx to swap in."""
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    if not 0 <= index < len(document.paragraphs):
        abort(404, "There is no paragraph with this number.")
    paragraph = translate_from(get_db(), get_engine(), document, index,
                               chunk=current_app.config["TRANSLATION_CHUNK"],
                               glossary=get_glossary(), enforce_terms=_enforce_terms())
    return render_template("_translation.html", document=document, paragraph=paragraph,
                           engine=get_engine(), low=current_app.config["LOW_CONFIDENCE"])


@bp.get("/documents")
def library():
    key = TranslationCache(get_db(), get_engine()).key
    documents = [dict(row, progress=progress(get_db(), key, row["id"])) for row in list_documents(get_db())]
    return render_template("library.html", documents=documents)


@bp.post("/documents/<int:document_id>/rename")
def rename(document_id: int):
    title = " ".join(request.form.get("title", "").split())[:MAX_TITLE_CHARS]
    if not title:
        abort(400, "A title cannot be empty.")
    if not rename_document(get_db(), document_id, title):
        abort(404, "There is no document with this id.")
    return redirect(url_for("pages.library"), code=303)


@bp.route("/documents/<int:document_id>/delete", methods=["GET", "POST"])
def delete(document_id: int):
    """GET asks for confirmation; POST deletes this document and nothing else."""
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    if request.method == "GET":
        return render_template("confirm_delete.html", document=document)
    delete_document(get_db(), document_id)
    return redirect(url_for("pages.library"), code=303)


@bp.get("/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>/alternatives")
def alternatives(document_id: int, index: int, position: int):
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    sentence = document.sentence(index, position) or abort(404, "There is no such sentence.")
    return render_template("_alternatives.html", sentence=sentence,
                           hypotheses=get_engine().alternatives(sentence.de, 4), engine=get_engine())


@bp.get("/documents/<int:document_id>/export.<fmt>")
def export(document_id: int, fmt: str):
    """The bilingual document as html, md, md-columns, tsv, tmx or docx, glossary terms included."""
    if fmt not in FORMATS:
        abort(404, f"Export formats: {', '.join(FORMATS)}.")
    document = load_document(get_db(), document_id) or abort(404, "There is no document with this id.")
    translate_sentences(get_db(), get_engine(), document.sentences, glossary=get_glossary(),
                        enforce_terms=_enforce_terms())
    body = export_document(document, describe(get_engine()), _terms(document), fmt)
    name = f"lesepult-{document_id}.{EXTENSIONS[fmt]}"
    return Response(body, mimetype=MIMETYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/documents/new")
def new_document():
    return render_template("new.html", max_chars=MAX_TEXT_CHARS,
                           max_upload_mb=current_app.config["MAX_CONTENT_LENGTH"] // 2**20)


@bp.post("/documents")
def create():
    try:
        document_id = _import_from_request()
    except (DocumentError, ImportFailed) as error:
        status = 413 if isinstance(error, TooLarge) else getattr(error, "status", 400)
        return render_template("error.html", message=str(error)), status
    queue_translation(document_id)
    return redirect(url_for("pages.reader", document_id=document_id), code=303)


def _import_from_request() -> int:
    title = request.form.get("title")
    upload = request.files.get("file")
    if upload and upload.filename:
        imported = read_upload(upload.filename, upload.read())
        return create_document(get_db(), imported.text, title or imported.title,
                               source=imported.source, blocks=imported.blocks)
    return create_document(get_db(), request.form.get("text", ""), title, source="pasted text")


def _enforce_terms() -> bool:
    """The reader can switch glossary enforcement off with ?enforce=0."""
    return request.args.get("enforce", "1") != "0"


def _terms(document):
    return get_glossary().counts(s.de for s in document.sentences)
