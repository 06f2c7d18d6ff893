"""Lesepult: German news side by side with offline English translations.

`create_app` is the application factory (flask --app app run, `make dev`, or
gunicorn through `make run`). Configuration comes from lesepult/config.py:
its defaults, then instance/config.py, then environment variables
(LESEPULT_DATABASE, LESEPULT_ENGINE, …); tests pass `test_config` instead.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from lesepult import config

ROOT = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    instance = Path(app.instance_path)
    if test_config is None:
        app.config.from_mapping(config.load(instance))
    else:  # tests say everything they need; the machine's own settings stay out
        app.config.from_mapping({**config.defaults(instance), **test_config})
    if not app.config.get("SECRET_KEY"):  # Flask's default is None, so setdefault would not do
        app.config["SECRET_KEY"] = _secret_key(Path(app.instance_path))

    from views import (accounts, api, boundary, errors, glossary, learner, models, pages, rendering, search,
                       security, sessions, workspace)

    security.init_app(app)   # first: its Host check must run before every other hook
    errors.init_app(app)
    workspace.init_app(app)
    sessions.init_app(app)
    boundary.init_app(app)   # before the blueprints: routes take their converters when they are added
    rendering.init_app(app)
    for blueprint in (pages.bp, api.bp, glossary.bp, search.bp, learner.bp, models.bp, accounts.bp):
        app.register_blueprint(blueprint)
    accounts.init_app(app)
    return app


def _secret_key(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
