"""What tests share besides fixtures: paths, and acting like a reader in the browser would.

Importable because pyproject.toml puts tests/ on pytest's pythonpath.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DING_FILE = ROOT / "data" / "ding" / "usr" / "share" / "trans" / "de-en"
DING_DB = ROOT / "data" / "ding.sqlite"
SAMPLE = ROOT / "lesepult" / "data" / "sample" / "handelsblatt-syrien-2016.txt"
FIXTURES = ROOT / "tests" / "fixtures"


def make_app(tmp_path: Path, ding_db: Path, **config):
    """The app on a fresh SQLite file in tmp_path, with the gloss engine unless config says otherwise."""
    from app import create_app

    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "lesepult.sqlite"),
                       "DICTIONARY_DB": str(ding_db), "TRANSLATION_ENGINE": "gloss",
                       "SECRET_KEY": "test", **config})


def csrf_token(client, page: str = "/documents/new") -> str:
    """The token a page hands to its forms, as a browser would read it."""
    html = client.get(page).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def add_account(database, name: str, password: str, admin: bool = False) -> int:
    """An account in an app's SQLite file, as `python -m lesepult users add` makes one; returns its id."""
    from lesepult import accounts, storage

    db = storage.connect(database)
    try:
        storage.init_schema(db)
        return accounts.create(db, name, password, admin).id
    finally:
        db.close()


def log_in(client, name: str, password: str, **extra):
    """Fill in and send the login form, as a reader does."""
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": csrf_token(client, "/login"), **extra})


def post_text(client, text: str, title: str | None = None, **extra):
    """Paste a text on the New text page, as a reader does (with the page's CSRF token)."""
    data = {"text": text, "csrf_token": csrf_token(client), **extra}
    if title is not None:
        data["title"] = title
    return client.post("/documents", data=data)


def upload(client, filename: str, data: bytes, **extra):
    """Upload a file on the New text page."""
    form = {"file": (io.BytesIO(data), filename), "csrf_token": csrf_token(client), **extra}
    return client.post("/documents", data=form, content_type="multipart/form-data")


def document_id(response) -> int:
    """The id of the document a successful import redirected to."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[1])
