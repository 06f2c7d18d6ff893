"""Lesepult: German news side by side with offline English translations.

`create_app` is the application factory (flask --app app run, or `make run`).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "lesepult.sqlite"),
        TRANSLATION_ENGINE=os.environ.get("LESEPULT_ENGINE", "auto"),  # auto | argos | gloss
        DICTIONARY_DB=str(ROOT / "data" / "ding.sqlite"),
        TRANSLATION_CHUNK=16,            # sentences per engine call when the page asks paragraph by paragraph
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,  # uploads; the text itself is capped in lesepult.documents
        LOW_CONFIDENCE=0.35,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):  # Flask's default is None, so setdefault would not do
        app.config["SECRET_KEY"] = _secret_key(Path(app.instance_path))

    from views import api, glossary, learner, pages, rendering, search, security, services

    security.init_app(app)
    services.init_app(app)
    rendering.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(glossary.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(learner.bp)
    return app


def _secret_key(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
