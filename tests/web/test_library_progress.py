"""The library's progress cells poll the server until a document's translation settles."""
from __future__ import annotations

from support import document_id, post_text
from support.services import wait_for


def test_a_library_line_polls_until_every_sentence_is_translated(argos_app):
    client = argos_app.test_client()
    doc = document_id(post_text(client, "Die Feuerpause hält. Der Sicherheitsrat tagt.", title="Kurz"))
    poll = f'hx-get="/documents/{doc}/library-progress"'
    assert poll in client.get("/documents").get_data(as_text=True), "nothing translated yet: the cell polls"
    def imported():  # under load an import can outlast the request's wait; the cell polls through it too
        cell = client.get(f"/documents/{doc}/library-progress").get_data(as_text=True)
        return cell if "Importing" not in cell else None
    cell = wait_for(imported, 30, "the import")
    assert poll in cell and "0 of 2 sentences translated" in cell
    client.get(f"/api/documents/{doc}")   # a small document is translated whole
    cell = client.get(f"/documents/{doc}/library-progress").get_data(as_text=True)
    assert "2 of 2 sentences translated" in cell and "hx-get" not in cell, "settled: the polling stops"
    assert "hx-get" not in client.get("/documents").get_data(as_text=True)


def test_a_failed_sentence_settles_the_line_and_is_named(argos_app):
    client = argos_app.test_client()
    from lesepult import storage
    from lesepult.translation.cache import record_failures

    doc = document_id(post_text(client, "Die Feuerpause hält. Der Sicherheitsrat tagt.", title="Kurz"))
    wait_for(lambda: client.get(f"/api/documents/{doc}").status_code == 200, 30, "the import")
    db = storage.connect(argos_app.config["DATABASE"])
    key = db.execute("SELECT engine, version FROM translations LIMIT 1").fetchone()
    db.execute("DELETE FROM translations WHERE de = 'Der Sicherheitsrat tagt.'")
    record_failures(db, tuple(key), [("Der Sicherheitsrat tagt.", "refused: no worker has the model")])
    cell = client.get(f"/documents/{doc}/library-progress").get_data(as_text=True)
    assert "1 of 2 sentences translated" in cell and "1 sentence failed" in cell and "refused: no worker has the model" in cell
    assert "hx-get" not in cell


def test_an_unknown_document_has_no_progress(client):
    assert client.get("/documents/999/library-progress").status_code == 404
