"""Shared fixtures: a real SQLite file per test, the real Ding index, and a tiny
Argos package built and installed the way a user installs the real one."""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

# argostranslate reads its folders from the environment when first imported:
# point them at a private folder before anything imports it.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="lesepult-argos-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_ARGOS_HOME / variable.lower())

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DING_FILE = ROOT / "data" / "ding" / "usr" / "share" / "trans" / "de-en"
DING_DB = ROOT / "data" / "ding.sqlite"


@pytest.fixture(scope="session")
def ding_db(tmp_path_factory) -> Path:
    """The Ding index that `make setup` builds; built here if it is missing."""
    if DING_DB.exists():
        return DING_DB
    if not DING_FILE.exists():
        pytest.fail("The Ding dictionary is missing: run `make setup`.")
    from lesepult.dictionary import build_index

    path = tmp_path_factory.mktemp("ding") / "ding.sqlite"
    build_index(DING_FILE, path)
    return path


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory) -> Path:
    """A tiny de→en Argos package, installed with argostranslate's own installer."""
    from argostranslate import package

    from argos_package import build_argos_package

    archive = build_argos_package(tmp_path_factory.mktemp("argosmodel"))
    package.install_from_path(archive)
    return archive


@pytest.fixture
def no_model(monkeypatch, tmp_path):
    """Argos looks into an empty packages folder for this test."""
    from argostranslate import settings

    monkeypatch.setattr(settings, "package_dirs", [tmp_path / "no-packages"])
    (tmp_path / "no-packages").mkdir()


@pytest.fixture
def db(tmp_path):
    """A real SQLite file with the app's schema."""
    from lesepult import storage

    connection = storage.connect(tmp_path / "lesepult.sqlite")
    storage.init_schema(connection)
    yield connection
    connection.close()


def make_app(tmp_path: Path, ding_db: Path, **config):
    from app import create_app

    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "lesepult.sqlite"),
                       "DICTIONARY_DB": str(ding_db), "TRANSLATION_ENGINE": "gloss",
                       "SECRET_KEY": "test", **config})


@pytest.fixture
def app(tmp_path, ding_db):
    return make_app(tmp_path, ding_db)


@pytest.fixture
def argos_app(tmp_path, ding_db, argos_model):
    return make_app(tmp_path, ding_db, TRANSLATION_ENGINE="argos")


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client) -> str:
    """The token a page hands to its forms, as a browser would read it."""
    html = client.get("/documents/new").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
