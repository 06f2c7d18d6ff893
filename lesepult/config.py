"""Settings shared by the web app and every `python -m lesepult` command.

Each setting has a config key; the ones an operator sets per machine also
have an environment variable. Later sources win: the defaults below, then
`instance/config.py` (Python, UPPERCASE names), then the environment:

  DATABASE              LESEPULT_DATABASE     the SQLite file (default instance/lesepult.sqlite)
  TRANSLATION_ENGINE    LESEPULT_ENGINE       auto | argos | gloss
  DICTIONARY_DB         LESEPULT_DICTIONARY   the Ding index (default data/ding.sqlite)
  BROKER_URL            LESEPULT_BROKER_URL   redis://host:port/db: translate on Celery workers
  TRANSLATOR            LESEPULT_TRANSLATOR   thread (the app translates in the background itself) |
                                              process (`python -m lesepult translator` does; make run)
"""
from __future__ import annotations

import os
from pathlib import Path

from .translation.engines import LOW_CONFIDENCE

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = ROOT / "instance"
ENVIRONMENT = {"DATABASE": "LESEPULT_DATABASE", "TRANSLATION_ENGINE": "LESEPULT_ENGINE",
               "DICTIONARY_DB": "LESEPULT_DICTIONARY", "BROKER_URL": "LESEPULT_BROKER_URL",
               "TRANSLATOR": "LESEPULT_TRANSLATOR"}
MiB = 1024 * 1024


def defaults(instance: Path = INSTANCE) -> dict:
    return {
        "DATABASE": str(instance / "lesepult.sqlite"),
        "TRANSLATION_ENGINE": "auto",
        "DICTIONARY_DB": str(ROOT / "data" / "ding.sqlite"),
        "BROKER_URL": None,
        "TRANSLATOR": "thread",
        "TRANSLATION_CHUNK": 16,          # sentences per engine call when the page asks paragraph by paragraph
        "READER_WINDOW": 40,              # paragraphs in a reader window when a document has no chapters
        "LOW_CONFIDENCE": LOW_CONFIDENCE,
        "IMPORT_WAIT": 3.0,               # seconds a request waits for its import before showing progress
        "MAX_CONTENT_LENGTH": 52 * MiB,   # one request: an upload (importers.MAX_UPLOAD_BYTES) and its form
        "MAX_FORM_MEMORY_SIZE": 48 * MiB, # one pasted text (10 million characters), with room to say it is too long
    }


def from_instance_file(instance: Path = INSTANCE) -> dict:
    """The UPPERCASE names of instance/config.py, as Flask's `from_pyfile` reads them."""
    path = instance / "config.py"
    if not path.is_file():
        return {}
    namespace: dict = {"__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return {key: value for key, value in namespace.items() if key.isupper()}


def from_environment() -> dict:
    return {key: os.environ[variable] for key, variable in ENVIRONMENT.items() if os.environ.get(variable)}


def load(instance: Path = INSTANCE) -> dict:
    return {**defaults(instance), **from_instance_file(instance), **from_environment()}


def setting(key: str):
    """One setting as every command sees it."""
    return load()[key]
