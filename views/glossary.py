"""Dictionary lookups and the glossary: pages, JSON API, import and exports."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for

from lesepult.errors import UserError
from lesepult.services import glossary, words
from lesepult.services.lookup import MAX_CONTEXT, look_up

from .workspace import workspace

bp = Blueprint("glossary", __name__)


def _lookup_data() -> dict:
    return look_up(workspace(), request.args.get("q", ""), request.args.get("en", ""), request.args.get("context", ""))


@bp.get("/api/lookup")
def api_lookup():
    return jsonify(_lookup_data())


@bp.get("/lookup")
def lookup_fragment():
    context = request.args.get("context", "")[:MAX_CONTEXT]
    return render_template("_lookup.html", found=_lookup_data(), context=context,
                           english=request.args.get("en", "")[:MAX_CONTEXT],
                           mark_lemma=words.lemma_for(workspace(), request.args.get("q", ""), context))


@bp.get("/glossary")
def page():
    ws = workspace()
    return render_template("glossary.html", own=glossary.own_terms(ws), curated=glossary.curated_terms(ws))


@bp.get("/api/glossary")
def api_list():
    return jsonify(terms=[_term_json(t) for t in glossary.terms(workspace(), request.args.get("source"))])


@bp.post("/api/glossary")
def api_add():
    return jsonify(_term_json(glossary.add(workspace(), _payload()))), 201


@bp.put("/api/glossary/<int:term_id>")
def api_update(term_id: int):
    return jsonify(_term_json(glossary.update(workspace(), term_id, _payload())))


@bp.delete("/api/glossary/<int:term_id>")
def api_delete(term_id: int):
    glossary.delete(workspace(), term_id)
    return "", 204


@bp.post("/glossary/terms")
def add_from_page():
    """From the lookup dialog (htmx: a status fragment) or the glossary page (redirect back)."""
    try:
        term = glossary.add(workspace(), request.form.to_dict())
    except UserError as error:
        if not request.headers.get("HX-Request"):
            raise
        return render_template("_term_added.html", error=str(error))  # htmx swaps only 2xx
    if not request.headers.get("HX-Request"):
        return redirect(url_for("glossary.page"), code=303)
    return render_template("_term_added.html", term=term)


@bp.route("/glossary/terms/<int:term_id>/edit", methods=["GET", "PUT"])
def edit_row(term_id: int):
    ws = workspace()
    term = glossary.get(ws, term_id)
    if request.method == "GET":
        return render_template("_term_edit.html", term=term)
    try:
        term = glossary.update(ws, term_id, request.form.to_dict())
    except UserError as error:
        if error.status == 404:
            raise
        return render_template("_term_edit.html", term=term, error=str(error))
    return render_template("_term_row.html", term=term)


@bp.delete("/glossary/terms/<int:term_id>")
def delete_row(term_id: int):
    """htmx swaps nothing on 204, so the page's delete answers 200 with no content."""
    glossary.delete(workspace(), term_id)
    return ""


@bp.post("/api/glossary/import")
def api_import():
    return jsonify(glossary.import_csv(workspace(), _upload()))


@bp.post("/glossary/import")
def page_import():
    return render_template("glossary_import.html", report=glossary.import_csv(workspace(), _upload()))


def _upload() -> bytes:
    upload = request.files.get("file")
    limit = glossary.MAX_IMPORT_BYTES + 1
    return upload.read(limit) if upload else request.get_data()[:limit]


@bp.get("/glossary.csv")
def export_csv():
    return _download("csv")


@bp.get("/glossary.tbx")
def export_tbx():
    return _download("tbx")


@bp.get("/glossary.anki.tsv")
def export_anki():
    return _download("anki")


def _download(fmt: str) -> Response:
    body, mimetype, filename = glossary.export(workspace(), fmt, request.args.get("source"))
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _payload():
    return request.get_json(silent=True) if request.is_json else request.form.to_dict()


def _term_json(term) -> dict:
    return {"id": term.id, "de": term.de, "en": term.en, "en_plural": term.en_plural,
            "variants": list(term.variants), "pos": term.pos, "gender": term.gender, "plural": term.plural,
            "domain": term.domain, "note": term.note, "source": term.source}
