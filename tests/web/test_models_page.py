"""The Models page: a real model one upload away, switched to without a restart; anything else refused."""
from __future__ import annotations

import http.server
import io
import json
import threading
import time

import pytest

from support import csrf_token


@pytest.fixture
def client(app_factory, packages_dir):
    """The app as `make run` starts it: the model when one is installed, else the gloss."""
    return app_factory(TRANSLATION_ENGINE="auto").test_client()


def upload_model(client, data: bytes, sha256: str = ""):
    form = {"file": (io.BytesIO(data), "translate-de_en-1_0.argosmodel"), "sha256": sha256,
            "csrf_token": csrf_token(client)}
    return client.post("/models", data=form, content_type="multipart/form-data")


def test_the_page_says_where_the_model_comes_from(client, packages_dir):
    html = client.get("/models").get_data(as_text=True)
    assert "No model is installed" in html
    assert "https://argos-net.com/v1/translate-de_en-1_0.argosmodel" in html
    assert "python -m lesepult install-model --file" in html and "publishes none" in html


def test_an_uploaded_model_replaces_the_gloss_without_a_restart(client, packages_dir, model_archives):
    client.get("/")
    assert client.get("/healthz").get_json()["engine"]["name"] == "gloss"
    before = client.get("/api/documents/1").get_json()
    assert before["engine"]["name"] == "gloss"
    response = upload_model(client, model_archives["1.0"].read_bytes())
    assert response.status_code == 303 and response.headers["Location"].startswith("/models")
    assert client.get("/healthz").get_json()["engine"] == {"name": "argos", "model": "translate-de_en",
                                                            "version": "1.0"}
    after = client.get("/api/documents/1").get_json()
    assert after["engine"]["name"] == "argos"
    scores = [s["score"] for p in after["paragraphs"] for s in p["sentences"]]
    assert all(score is not None for score in scores), "retranslated by the model, through the cache key"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Installed" in page and "translate-de_en 1.0" in page


@pytest.mark.parametrize("data,sha256,message", [
    (b"PK\x03\x04 this is no archive", "", "not a usable Argos"),
    ("Nur ein Text.".encode(), "", "not a usable Argos"),
])
def test_anything_but_a_de_en_package_is_refused(client, packages_dir, data, sha256, message):
    response = upload_model(client, data, sha256)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert client.get("/healthz").get_json()["engine"]["name"] == "gloss"
    assert list(packages_dir.iterdir()) == []  # nothing half-installed


def test_a_wrong_checksum_is_refused(client, packages_dir, model_archives):
    response = upload_model(client, model_archives["1.0"].read_bytes(), "0" * 64)
    assert response.status_code == 400 and "sha256" in response.get_data(as_text=True)
    assert list(packages_dir.iterdir()) == []
    assert upload_model(client, model_archives["1.0"].read_bytes(), "xyz").status_code == 400


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_the_download_button_shows_progress_and_installs(client, packages_dir, model_archives, tmp_path, monkeypatch):
    from argostranslate import settings

    site = tmp_path / "site"
    site.mkdir()
    (site / "de_en.argosmodel").write_bytes(model_archives["1.0"].read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: _Quiet(*a, directory=str(site), **k))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (site / "index.json").write_text(json.dumps([{"package_version": "1.0", "from_code": "de", "to_code": "en",
                                                  "links": [base + "de_en.argosmodel"]}]))
    monkeypatch.setattr(settings, "remote_package_index", base + "index.json")
    started = client.post("/models/download", headers={"X-CSRFToken": csrf_token(client)})
    assert started.status_code == 200 and 'id="model-download"' in started.get_data(as_text=True)
    deadline = time.monotonic() + 60
    while "Installed" not in (fragment := client.get("/models/download").get_data(as_text=True)):
        assert time.monotonic() < deadline, fragment
        time.sleep(0.1)
    assert client.get("/healthz").get_json()["engine"]["name"] == "argos"
    server.shutdown()


def test_offline_the_download_says_what_to_do(client, packages_dir, monkeypatch):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")  # nothing listens
    client.post("/models/download", headers={"X-CSRFToken": csrf_token(client)})
    deadline = time.monotonic() + 30
    while "running" in json.dumps(client.get("/models/download").get_data(as_text=True)) or \
            "Downloading" in client.get("/models/download").get_data(as_text=True):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "install-model --file" in client.get("/models/download").get_data(as_text=True)
