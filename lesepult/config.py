"""Settings shared by the web app and every `python -m lesepult` command.

Each setting has a config key (app.config, instance/config.py) and, where it
is something an operator sets per machine, an environment variable:

  DATABASE              LESEPULT_DATABASE     the SQLite file (default instance/lesepult.sqlite)
  TRANSLATION_ENGINE    LESEPULT_ENGINE       auto | argos | gloss
  DICTIONARY_DB         LESEPULT_DICTIONARY   the Ding index (default data/ding.sqlite)
  BROKER_URL            LESEPULT_BROKER_URL   redis://host:port/db: translate on Celery workers
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = ROOT / "instance"
ENVIRONMENT = {"DATABASE": "LESEPULT_DATABASE", "TRANSLATION_ENGINE": "LESEPULT_ENGINE",
               "DICTIONARY_DB": "LESEPULT_DICTIONARY", "BROKER_URL": "LESEPULT_BROKER_URL"}
MiB = 1024 * 1024


def defaults(instance: Path = INSTANCE) -> dict:
    values = {
        "DATABASE": str(instance / "lesepult.sqlite"),
        "TRANSLATION_ENGINE": "auto",
        "DICTIONARY_DB": str(ROOT / "data" / "ding.sqlite"),
        "BROKER_URL": None,
        "TRANSLATION_CHUNK": 16,          # sentences per engine call when the page asks paragraph by paragraph
        "READER_WINDOW": 40,              # paragraphs in a reader window when a document has no chapters
        "LOW_CONFIDENCE": 0.35,
        "MAX_CONTENT_LENGTH": 52 * MiB,   # one request: an upload (importers.MAX_UPLOAD_BYTES) and its form
        "MAX_FORM_MEMORY_SIZE": 48 * MiB, # one pasted text (10 million characters), with room to say it is too long
    }
    values.update({key: os.environ[variable] for key, variable in ENVIRONMENT.items() if os.environ.get(variable)})
    return values


def setting(key: str):
    """One setting as the CLI sees it: the environment, else the default."""
    return defaults()[key]
