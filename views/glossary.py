"""Dictionary lookups and the glossary: pages, JSON API, import and exports."""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from lesepult import glossary_export, terms
from lesepult.glossary import read_terms_csv

from .services import get_db, get_dictionary, get_glossary

bp = Blueprint("glossary", __name__)
MAX_QUERY = 100
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _lookup_data() -> dict:
    query = request.args.get("q", "").strip()
    if not query:
        abort(400, "Give a word to look up: ?q=Feuerpause")
    if len(query) > MAX_QUERY:
        abort(400, f"A lookup takes one word or short phrase of at most {MAX_QUERY} characters.")
    dictionary = get_dictionary()
    if dictionary is None:
        abort(503, "The dictionary is not installed: run `make setup`.")
    found = dictionary.lookup(query)
    entries = [asdict(e) for e in found.entries]
    _matching_sense_first(entries, request.args.get("en", ""))
    term = _glossary_term(query, found)
    return {"query": query, "lemma": found.lemma, "parts": found.parts, "entries": entries,
            "glossary": None if term is None else {"de": term.de, "en": term.en, "note": term.note,
                                                   "source": term.source, "id": term.id}}


def _glossary_term(query: str, found):
    glossary = get_glossary()
    for candidate in (query, found.lemma, *(found.parts[-1:])):
        if candidate and glossary.get(candidate):
            return glossary.get(candidate)
    occurrences = glossary.find(query)
    return occurrences[0].term if occurrences else None


def _matching_sense_first(entries: list[dict], english: str) -> None:
    """With the sentence's English as context, the entry whose sense it uses comes first."""
    english = english.lower()[:2000]
    if not english:
        return
    def used(entry):
        return any(sense.split(" (")[0].lower() in english for sense in entry["senses"] if len(sense) > 2)
    entries.sort(key=lambda entry: not used(entry))
    for entry in entries:
        entry["senses"].sort(key=lambda sense: sense.split(" (")[0].lower() not in english)


@bp.get("/api/lookup")
def api_lookup():
    return jsonify(_lookup_data())


@bp.get("/lookup")
def lookup_fragment():
    return render_template("_lookup.html", found=_lookup_data())


@bp.get("/glossary")
def page():
    return render_template("glossary.html", own=terms.list_terms(get_db()),
                           curated=[t for t in get_glossary().terms if t.source == "curated"])


@bp.get("/api/glossary")
def api_list():
    source = request.args.get("source")
    return jsonify(terms=[_term_json(t) for t in _effective_terms(source)])


@bp.post("/api/glossary")
def api_add():
    try:
        term = terms.add_term(get_db(), _payload())
    except terms.TermError as error:
        abort(409 if "already" in str(error) else 400, str(error))
    return jsonify(_term_json(term)), 201


@bp.put("/api/glossary/<int:term_id>")
def api_update(term_id: int):
    try:
        term = terms.update_term(get_db(), term_id, _payload())
    except terms.TermError as error:
        abort(409 if "already" in str(error) else 400, str(error))
    if term is None:
        abort(404, "There is no term of yours with this id.")
    return jsonify(_term_json(term))


@bp.delete("/api/glossary/<int:term_id>")
def api_delete(term_id: int):
    if not terms.delete_term(get_db(), term_id):
        abort(404, "There is no term of yours with this id.")
    return "", 204


@bp.post("/glossary/terms")
def add_from_page():
    """From the lookup dialog (htmx: a status fragment) or the glossary page (redirect back)."""
    try:
        term = terms.add_term(get_db(), request.form.to_dict())
    except terms.TermError as error:
        if not request.headers.get("HX-Request"):
            abort(400, str(error))
        return render_template("_term_added.html", error=str(error))  # htmx swaps only 2xx
    if not request.headers.get("HX-Request"):
        return redirect(url_for("glossary.page"), code=303)
    return render_template("_term_added.html", term=term)


@bp.route("/glossary/terms/<int:term_id>/edit", methods=["GET", "PUT"])
def edit_row(term_id: int):
    term = terms.get_term(get_db(), term_id) or abort(404, "There is no term of yours with this id.")
    if request.method == "GET":
        return render_template("_term_edit.html", term=term)
    try:
        term = terms.update_term(get_db(), term_id, request.form.to_dict())
    except terms.TermError as error:
        return render_template("_term_edit.html", term=term, error=str(error))
    return render_template("_term_row.html", term=term)


@bp.delete("/glossary/terms/<int:term_id>")
def delete_row(term_id: int):
    """htmx swaps nothing on 204, so the page's delete answers 200 with no content."""
    if not terms.delete_term(get_db(), term_id):
        abort(404, "There is no term of yours with this id.")
    return ""


@bp.post("/api/glossary/import")
def api_import():
    return jsonify(_import_csv())


@bp.post("/glossary/import")
def page_import():
    return render_template("glossary_import.html", report=_import_csv())


@bp.get("/glossary.csv")
def export_csv():
    return _download(glossary_export.to_csv(_effective_terms()), "text/csv", "lesepult-glossary.csv")


@bp.get("/glossary.tbx")
def export_tbx():
    return _download(glossary_export.to_tbx(_effective_terms()), "application/x-tbx+xml", "lesepult-glossary.tbx")


@bp.get("/glossary.anki.tsv")
def export_anki():
    return _download(glossary_export.to_anki(_effective_terms()), "text/tab-separated-values",
                     "lesepult-glossary.anki.tsv")


def _effective_terms(source: str | None = None):
    """Curated terms with the reader's overrides applied; ?source=user or curated narrows it."""
    source = source or request.args.get("source")
    if source not in (None, "", "user", "curated"):
        abort(400, "source must be user or curated.")
    chosen = get_glossary().terms
    return [t for t in chosen if not source or t.source == source]


def _payload() -> dict:
    data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    if not isinstance(data, dict):
        abort(400, 'Send a JSON object like {"de": "Feuerpause", "en": "ceasefire"}.')
    return data


def _import_csv() -> dict:
    upload = request.files.get("file")
    raw = upload.read(MAX_IMPORT_BYTES + 1) if upload else request.get_data()[:MAX_IMPORT_BYTES + 1]
    if len(raw) > MAX_IMPORT_BYTES:
        abort(413, f"A glossary file may have at most {MAX_IMPORT_BYTES // 1024 // 1024} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        abort(400, "The CSV file must be UTF-8 text.")
    good, rejected = read_terms_csv(text)
    added = []
    for term in good:
        try:
            added.append(terms.add_term(get_db(), {f: getattr(term, f) for f in terms.FIELDS}).de)
        except terms.TermError as error:
            rejected.append((0, f"{term.de}: {error}"))
    return {"added": added, "rejected": [{"line": line, "reason": reason} for line, reason in rejected]}


def _download(body: str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _term_json(term) -> dict:
    return {"id": term.id, "de": term.de, "en": term.en, "en_plural": term.en_plural,
            "variants": list(term.variants), "pos": term.pos, "gender": term.gender, "plural": term.plural,
            "domain": term.domain, "note": term.note, "source": term.source}
