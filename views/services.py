"""What the views need from the domain package: the database, the engine, the
dictionary and the glossary, created once per app (per request for the db)."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g

from lesepult import storage
from lesepult.glossary import Glossary, load_terms
from lesepult.translation import Engine, select_engine
from lesepult.worker import Worker
from lesepult import terms as user_terms

CURATED_GLOSSARY = Path(__file__).resolve().parents[1] / "lesepult" / "data" / "glossary.tsv"
_lock = threading.RLock()  # re-entrant: the engine is made with the dictionary


def init_app(app: Flask) -> None:
    app.extensions["lesepult"] = {}
    app.teardown_appcontext(close_db)
    with app.app_context():
        storage.init_schema(get_db())
    if app.config.get("BACKGROUND_TRANSLATION", not app.testing):
        app.extensions["lesepult"]["worker"] = _start_worker(app)


def _start_worker(app: Flask) -> Worker:
    def engine():
        with app.app_context():
            return get_engine()
    return Worker(lambda: storage.connect(app.config["DATABASE"]), engine).start()


def queue_translation(document_id: int) -> None:
    """Translate a new document in the background, if the app runs a worker."""
    worker = current_app.extensions["lesepult"].get("worker")
    if worker is not None:
        worker.add(document_id)


def get_db():
    if "db" not in g:
        g.db = storage.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_error=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _shared(name: str, make):
    """One instance per app of something expensive (a model, an index)."""
    shared = current_app.extensions["lesepult"]
    if name not in shared:
        with _lock:
            if name not in shared:
                shared[name] = make()
    return shared[name]


def get_dictionary():
    from lesepult.dictionary import Dictionary, DictionaryMissing

    def load():
        try:
            return Dictionary(Path(current_app.config["DICTIONARY_DB"]))
        except DictionaryMissing:
            return None
    return _shared("dictionary", load)


def get_engine() -> Engine:
    return _shared("engine", lambda: select_engine(current_app.config["TRANSLATION_ENGINE"],
                                                   get_dictionary()))


def get_glossary() -> Glossary:
    """Curated terms overridden by the reader's own; rebuilt when those change.

    Checked once per request: templates ask for it for every sentence they mark up.
    """
    if "glossary" not in g:
        g.glossary = _current_glossary()
    return g.glossary


def _current_glossary() -> Glossary:
    shared = current_app.extensions["lesepult"]
    stamp = user_terms.stamp(get_db())
    cached = shared.get("glossary")
    if cached is None or cached[0] != stamp:
        curated = _shared("curated_terms", lambda: load_terms(CURATED_GLOSSARY))
        cached = (stamp, Glossary([*curated, *user_terms.list_terms(get_db())]))
        shared["glossary"] = cached
    return cached[1]
