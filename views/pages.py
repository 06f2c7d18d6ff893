"""The reader's pages: each view parses the request, calls one service and renders."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, make_response, redirect, render_template, request, url_for

from lesepult.documents import MAX_TEXT_CHARS
from lesepult.errors import UserError
from lesepult.importers import MAX_UPLOAD_BYTES
from lesepult.language import looks_english
from lesepult.memory import MAX_ENGLISH_CHARS
from lesepult.services import documents, edits
from lesepult.services import reader as reading
from lesepult.models import INSTALL_HINT

from .rendering import cached_window
from .workspace import workspace

bp = Blueprint("pages", __name__)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links to."""
    return current_app.send_static_file("favicon.svg")


@bp.get("/")
def index():
    return _reader_page(documents.sample(workspace()))


@bp.get("/documents/<int:document_id>")
def reader(document_id: int):
    return _reader_page(document_id)


def _reader_page(document_id: int):
    ws = workspace()
    info = documents.readable(ws, document_id)
    if not info.ready:
        return render_template("importing.html", info=info), 200 if info.status == "importing" else 422
    paragraph = request.args.get("paragraph", type=int)
    if paragraph is not None:  # "Go to ¶N", numbered from 1 as the page shows it: the window holding it, at it
        index = min(max(paragraph, 1), info.paragraph_count) - 1
        enforce = {} if _enforce_terms() else {"enforce": 0}
        return redirect(url_for("pages.reader", document_id=info.id, **{"from": index}, **enforce) + f"#p{index}")
    rendered = cached_window(ws, info, request.args.get("from", 0, type=int))
    english = looks_english(s.de for p in rendered.window.paragraphs for s in p.sentences)
    return _conditional(render_template("reader.html", rendered=rendered, document=info, engine=ws.engine,
                                        install_hint=INSTALL_HINT, enforce_terms=_enforce_terms(),
                                        low=ws.limits.low_confidence, looks_english=english,
                                        editable=info.owner_id == ws.reader, max_english=MAX_ENGLISH_CHARS))


@bp.get("/documents/<int:document_id>/window")
def window_fragment(document_id: int):
    """The next window's paragraphs, appended as the reader scrolls (htmx `revealed`)."""
    ws = workspace()
    info = documents.ready(ws, document_id)
    return _conditional(cached_window(ws, info, request.args.get("from", 0, type=int)).part("_window.html",
                                                                                          _enforce_terms()))


@bp.get("/documents/<int:document_id>/paragraphs/<int:index>")
def paragraph_translation(document_id: int, index: int):
    """The English of one paragraph, for htmx to swap in."""
    ws = workspace()
    return _conditional(_translation(ws, document_id, reading.paragraph(ws, document_id, index, _enforce_terms())))


SENTENCE = "/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>"


@bp.put(SENTENCE)
def edit_sentence(document_id: int, index: int, position: int):
    """Keep the reader's English (form field en) for a sentence; the paragraph's English comes back for htmx."""
    ws = workspace()
    paragraph = edits.edit(ws, document_id, index, position, request.form.get("en", ""), _enforce_terms())
    return _translation(ws, document_id, paragraph)


@bp.delete(SENTENCE)
def revert_sentence(document_id: int, index: int, position: int):
    """Back to the machine's English for a sentence; the paragraph's English comes back for htmx."""
    ws = workspace()
    return _translation(ws, document_id, edits.revert(ws, document_id, index, position, _enforce_terms()))


def _translation(ws, document_id: int, paragraph) -> str:
    return render_template("_translation.html", document_id=document_id, paragraph=paragraph, engine=ws.engine,
                           low=ws.limits.low_confidence, editable=edits.may_edit(ws, document_id),
                           enforce_terms=_enforce_terms())


@bp.get("/documents/<int:document_id>/progress")
def progress(document_id: int):
    """How far the English of the whole document is, polled by the reader page until it is done."""
    ws = workspace()
    return render_template("_progress.html", document_id=document_id, progress=reading.progress(ws, document_id),
                           engine=ws.engine)


@bp.get("/documents")
def library():
    ws = workspace()
    return render_template("library.html", entries=documents.library(ws), reader_id=ws.reader)


@bp.get("/documents/<int:document_id>/library-progress")
def library_progress(document_id: int):
    """A library line's progress cell, polled while background translation (or Celery workers) fill it."""
    return render_template("_library_progress.html", entry=documents.library_entry(workspace(), document_id))


@bp.post("/documents/<int:document_id>/rename")
def rename(document_id: int):
    documents.rename(workspace(), document_id, request.form.get("title", ""))
    return redirect(url_for("pages.library"), code=303)


@bp.post("/documents/<int:document_id>/share")
def share(document_id: int):
    """shared=1 lets every logged-in reader read the document (only its owner changes it); shared=0 stops that."""
    documents.share(workspace(), document_id, request.form.get("shared", "1") == "1")
    return redirect(url_for("pages.library"), code=303)


@bp.route("/documents/<int:document_id>/delete", methods=["GET", "POST"])
def delete(document_id: int):
    """GET asks for confirmation; POST deletes this document and nothing else."""
    ws = workspace()
    if request.method == "GET":
        return render_template("confirm_delete.html", document=documents.owned(ws, document_id))
    documents.delete(ws, document_id)
    return redirect(url_for("pages.library"), code=303)


@bp.get("/documents/<int:document_id>/paragraphs/<int:index>/sentences/<int:position>/alternatives")
def alternatives(document_id: int, index: int, position: int):
    ws = workspace()
    sentence, hypotheses = reading.alternatives(ws, document_id, index, position)
    return render_template("_alternatives.html", sentence=sentence, hypotheses=hypotheses, engine=ws.engine,
                           pair=f"{index}-{position}", editable=edits.may_edit(ws, document_id))


@bp.get("/documents/<int:document_id>/export.<fmt>")
def export(document_id: int, fmt: str):
    """The bilingual document as html, md, md-columns, tsv, tmx or docx, glossary terms included."""
    exported = reading.export(workspace(), document_id, fmt, _enforce_terms())
    return Response(exported.body, mimetype=exported.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'})


@bp.get("/documents/new")
def new_document():
    return _new_form()


def _new_form(text: str = "", title: str = "", error: str | None = None, status: int = 200):
    return render_template("new.html", max_chars=MAX_TEXT_CHARS, text=text, title=title, error=error,
                           max_upload_mb=MAX_UPLOAD_BYTES // 2**20), status


@bp.post("/documents")
def create():
    ws = workspace()
    title = request.form.get("title")
    upload = request.files.get("file")
    try:
        if upload and upload.filename:
            document_id = documents.import_file(ws, upload.filename, upload.read(), title)
        else:
            document_id = documents.import_text(ws, request.form.get("text", ""), title)
    except UserError as error:
        # The form comes back with the reader's text in it: a refused paste loses nothing.
        return _new_form(request.form.get("text", ""), title or "", str(error), error.status)
    return redirect(url_for("pages.reader", document_id=document_id), code=303)


def _conditional(html: str) -> Response:
    """An ETag on pages that change only when their text, translation or glossary does: 304 when unchanged."""
    response = make_response(html)
    response.headers["Cache-Control"] = "private, no-cache"  # always ask, but a 304 carries no body
    response.add_etag()
    return response.make_conditional(request)


def _enforce_terms() -> bool:
    """The reader can switch glossary enforcement off with ?enforce=0."""
    return request.args.get("enforce", "1") != "0"
