"""Shared fixtures: a real SQLite file per test, the real Ding index, and a tiny
Argos package built and installed the way a user installs the real one.

Tests are grouped by the layer they drive: unit/ (the domain package),
web/ (the Flask test client), cli/ (the command line), browser/ (Chromium
with Playwright) and services/ (real Redis and worker processes).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

# argostranslate reads its folders from the environment when first imported:
# point them at a private folder before anything imports it.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="lesepult-argos-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_ARGOS_HOME / variable.lower())
for variable in ("LESEPULT_DATABASE", "LESEPULT_ENGINE", "LESEPULT_DICTIONARY", "LESEPULT_BROKER_URL",
                 "LESEPULT_TRUSTED_HOSTS", "LESEPULT_LOGIN_REQUIRED", "LESEPULT_PROXY_FIX", "LESEPULT_URL_SCHEME",
                 "LESEPULT_BIND", "LESEPULT_BROKER_VISIBILITY_TIMEOUT"):
    os.environ.pop(variable, None)  # the tests choose their own

import pytest  # noqa: E402

from support import DING_DB, DING_FILE, make_app  # noqa: E402


@pytest.fixture(scope="session")
def ding_db(tmp_path_factory) -> Path:
    """The Ding index that `make setup` builds; built here if it is missing or in an older format."""
    from lesepult.dictionary import build_index
    from lesepult.dictionary.index import INDEX_FORMAT, index_format

    if DING_DB.exists() and index_format(DING_DB) == INDEX_FORMAT:
        return DING_DB
    if not DING_FILE.exists():
        pytest.fail("The Ding dictionary is missing: run `make setup`.")

    path = tmp_path_factory.mktemp("ding") / "ding.sqlite"
    build_index(DING_FILE, path)
    return path


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory) -> Path:
    """A tiny de→en Argos package, installed with argostranslate's own installer."""
    from argostranslate import package

    from support.argos_package import build_argos_package

    archive = build_argos_package(tmp_path_factory.mktemp("argosmodel"))
    package.install_from_path(archive)
    return archive


@pytest.fixture
def packages_dir(monkeypatch, tmp_path):
    """A private, empty Argos packages folder: no model is installed, and installs here leave the suite's alone."""
    from argostranslate import settings

    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setattr(settings, "package_dirs", [folder])
    return folder


@pytest.fixture(scope="session")
def model_archives(tmp_path_factory):
    """Two versions of the tiny de→en package, as .argosmodel files (not installed)."""
    from support.argos_package import build_argos_package

    folder = tmp_path_factory.mktemp("archives")
    return {"1.0": build_argos_package(folder / "v1", version="1.0"),
            "1.1": build_argos_package(folder / "v11", version="1.1", seed=1)}


@pytest.fixture
def db(tmp_path):
    """A real SQLite file with the app's schema."""
    from lesepult import storage

    connection = storage.connect(tmp_path / "lesepult.sqlite")
    storage.init_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def app(tmp_path, ding_db):
    return make_app(tmp_path, ding_db)


@pytest.fixture
def argos_app(tmp_path, ding_db, argos_model):
    return make_app(tmp_path, ding_db, TRANSLATION_ENGINE="argos")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_factory(tmp_path, ding_db):
    """Make an app with extra configuration: app_factory(READER_WINDOW=5)."""
    return lambda **config: make_app(tmp_path, ding_db, **config)
