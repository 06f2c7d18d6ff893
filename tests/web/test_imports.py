"""Imports as jobs in a limited child process: progress, hostile archives, crashes, nothing half-stored."""
from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from lesepult import storage
from support import document_id, post_text, upload
from support.zips import sparse_block, streamed_member_zip

BOOK = "\n\n".join(f"Kapitel {n}. Die Feuerpause hält seit {n} Tagen. Der Sicherheitsrat tagt erneut."
                   for n in range(1, 40_001))


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def status(app, document: int) -> tuple:
    db = sqlite3.connect(app.config["DATABASE"])
    try:
        return db.execute("SELECT status, import_pid, imported_paragraphs, error FROM documents WHERE id = ?",
                          (document,)).fetchone()
    finally:
        db.close()


def test_a_long_import_shows_its_progress_then_the_reader(app_factory):
    app = app_factory(IMPORT_WAIT=0)
    client = app.test_client()
    document = document_id(post_text(client, BOOK, title="Ein langes Buch"))
    page = client.get(f"/documents/{document}")
    assert page.status_code == 200 and "Importing" in page.get_data(as_text=True)
    assert client.get(f"/api/documents/{document}").status_code == 409  # "still being imported"
    wait_for(lambda: status(app, document)[0] == "ready")
    page = client.get(f"/documents/{document}").get_data(as_text=True)
    assert "<title>Ein langes Buch" in page and '<span class="w">Feuerpause</span>' in page
    assert status(app, document)[1] is None  # no importing process any more


def test_an_archive_inflating_to_290_mb_is_refused_quickly_and_stores_nothing(client):
    bomb = streamed_member_zip("word/document.xml", sparse_block(), 290)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    response = upload(client, "bericht.docx", bomb)
    assert response.status_code == 413 and "MB" in response.get_data(as_text=True)
    assert time.perf_counter() - started < 5
    assert client.get("/api/documents").get_json()["documents"] == []


def test_a_killed_import_leaves_a_failed_document_that_search_never_finds(app_factory):
    app = app_factory(IMPORT_WAIT=0)
    client = app.test_client()
    document = document_id(post_text(client, BOOK, title="Abgebrochen"))
    pid = wait_for(lambda: (row := status(app, document)) and row[1] != os.getpid() and row[2] > 0 and row[1])
    os.kill(pid, signal.SIGKILL)  # the import job, mid-way
    state, _, _, error = wait_for(lambda: (row := status(app, document)) and row[0] != "importing" and row)
    assert state == "failed" and "import failed" in error.lower()
    assert "could not be imported" in client.get(f"/documents/{document}").get_data(as_text=True)
    assert client.get("/api/search?q=Feuerpause").get_json()["hits"] == []
    listed = client.get("/api/documents").get_json()["documents"]
    assert [(d["id"], d["status"], d["sentences"]) for d in listed] == [(document, "failed", 0)]


def test_start_up_clears_imports_whose_process_died(app_factory, tmp_path):
    app = app_factory()
    db = storage.connect(app.config["DATABASE"])
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    with storage.transaction(db):
        db.execute("INSERT INTO documents (title, raw, status, import_pid) VALUES ('halb', '', 'importing', ?)",
                   (dead,))
        db.execute("INSERT INTO documents (title, raw, status, import_pid) VALUES ('läuft', '', 'importing', ?)",
                   (os.getpid(),))
    app_factory()  # a web worker starting while another one imports
    titles = [row[0] for row in db.execute("SELECT title FROM documents ORDER BY id")]
    assert titles == ["läuft"], "only the import whose process is gone is cleared"


@pytest.mark.parametrize("text,status_code,message", [("", 400, "empty"), ("x" * 10_000_001, 413, "limit")])
def test_a_refused_paste_comes_back_in_the_form(client, text, status_code, message):
    response = post_text(client, text, title="Mein Titel")
    html = response.get_data(as_text=True)
    assert response.status_code == status_code and message in html
    assert 'value="Mein Titel"' in html
    if text:
        assert html.count("x" * 1000) >= 1, "the pasted text is still in the form"
