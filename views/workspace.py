"""What a request works with, made once per app (engine, dictionary, glossaries) or per request (database).

`workspace()` hands a view the `Workspace` every service takes: the
request's database connection, the reader (the logged-in account, or the
local reader on a learner's own machine) and the app's shared engine,
dictionary and glossaries.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g

from lesepult import search, storage
from lesepult.documents import clear_unfinished_imports
from lesepult.glossary.glossaries import Glossaries
from lesepult.services import Limits, Workspace
from lesepult.services.documents import start_import_jobs
from lesepult.storage.schema import LOCAL_READER
from lesepult.translation import CurrentEngine, Engine
from lesepult.translation.background import Translator, enqueue

_lock = threading.RLock()  # re-entrant: the engine is made with the dictionary


def init_app(app: Flask) -> None:
    app.extensions["lesepult"] = {"glossaries": Glossaries(), "enqueue": _queue(app.config["DATABASE"])}
    start_import_jobs()
    app.teardown_appcontext(close_db)
    with app.app_context():
        db = get_db()
        storage.init_schema(db)
        clear_unfinished_imports(db)   # a crash mid-import leaves no half document behind
        search.repair_index(db)        # documents stored before their search rows were written with them
    # The translator runs in exactly one place: here, when the app runs alone; in its own
    # process beside gunicorn's workers (TRANSLATOR=process, see gunicorn.conf.py).
    if app.config["TRANSLATOR"] == "thread" and app.config.get("BACKGROUND_TRANSLATION", not app.testing):
        app.extensions["lesepult"]["translator"] = _start_translator(app)


def _queue(database: str):
    """Hand a document to background translation: usable from any thread (import jobs finish outside requests)."""
    def add(document_id: int) -> None:
        db = storage.connect(database)
        try:
            enqueue(db, document_id)
        finally:
            db.close()
    return add


def _start_translator(app: Flask) -> Translator:
    def engine():
        with app.app_context():
            return get_engine()
    return Translator(lambda: storage.connect(app.config["DATABASE"]), engine).start()


_connections = threading.local()


def get_db():
    """This thread's connection to the app's database, opened once and kept for the thread's next requests.

    Opening SQLite, setting its pragmas and closing it again (the last
    connection to close checkpoints the WAL) would cost a reader page more
    than rendering it from the cache does.
    """
    if "db" not in g:
        path = current_app.config["DATABASE"]
        cached = getattr(_connections, "db", None)
        if cached is None or cached[0] != path:
            if cached is not None:
                cached[1].close()
            _connections.db = (path, storage.connect(path))
        g.db = _connections.db[1]
    return g.db


def close_db(_error=None) -> None:
    """End the request's use of the connection: nothing it started stays open."""
    db = g.pop("db", None)
    if db is not None and db.in_transaction:
        db.execute("ROLLBACK")


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
    """The app's engine: made once, and again when a model is installed (CurrentEngine)."""
    return _shared("engine", lambda: CurrentEngine(current_app.config["TRANSLATION_ENGINE"], get_dictionary()))()


def current_reader() -> int:
    return g.get("reader_id", LOCAL_READER)


def workspace() -> Workspace:
    """The request's workspace, made on first use."""
    if "workspace" not in g:
        config = current_app.config
        g.workspace = Workspace(
            db=get_db(), engine_provider=get_engine, dictionary_provider=get_dictionary,
            glossaries=current_app.extensions["lesepult"]["glossaries"], reader=current_reader(),
            limits=Limits(window=config["READER_WINDOW"], translation_chunk=config["TRANSLATION_CHUNK"],
                          low_confidence=config["LOW_CONFIDENCE"], import_wait=config["IMPORT_WAIT"]),
            enqueue=current_app.extensions["lesepult"]["enqueue"])
    return g.workspace
