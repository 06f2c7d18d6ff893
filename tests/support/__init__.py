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


class ScriptedEngine:
    """An engine whose English (and alignment) the test decides, to check enforcement on any engine."""

    name, model, version = "scripted", "scripted", "1"

    def __init__(self, answers: dict):
        self.answers = answers   # German → English text, or a whole Translation

    def translate(self, sentences):
        from lesepult.translation import Translation

        answers = [self.answers.get(s, "?") for s in sentences]
        return [a if isinstance(a, Translation) else Translation(a, 0.9) for a in answers]

    def alternatives(self, sentence, count=4):
        return self.translate([sentence])


def make_app(tmp_path: Path, ding_db: Path, **config):
    """The app on a fresh SQLite file in tmp_path, with the gloss engine unless config says otherwise."""
    from app import create_app

    # IMPORT_WAIT: a request waits for its import to finish, so a test sees the reader right away
    # (the first import of a process waits for the import jobs' fork server to load); tests of the
    # progress page set IMPORT_WAIT=0.
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "lesepult.sqlite"),
                       "DICTIONARY_DB": str(ding_db), "TRANSLATION_ENGINE": "gloss",
                       "SECRET_KEY": "test", "IMPORT_WAIT": 120, **config})


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
