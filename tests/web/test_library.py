"""The library, background translation that resumes after a restart, alternatives."""
from __future__ import annotations

import re

import time

from lesepult import storage
from lesepult.documents import create_document, iter_untranslated, translated_count
from lesepult.translation import ArgosEngine, TranslationCache, engine_key
from lesepult.translation.background import Translator, translate_document
from support import csrf_token, document_id, make_app, post_text

BOOK = "\n\n".join(f"Kapitel {n}. Die Feuerpause hält seit {n} Tagen. Der Sicherheitsrat tagt erneut."
                   for n in range(1, 41))


def wait_until(condition, seconds: float = 60) -> bool:
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.05)
    return condition()


def add(client, text, title=None):
    return document_id(post_text(client, text, title))


def test_library_lists_renames_and_deletes_one_document(client):
    first = add(client, "Erster Text. Er ist kurz.", "Eins")
    second = add(client, "Zweiter Text hier.", "Zwei")
    html = client.get("/documents").get_data(as_text=True)
    assert "Eins" in html and "Zwei" in html
    # No model: no bar pretends a translation exists, whatever the gloss has covered.
    assert html.count("Gloss only") == 2 and "<progress" not in html
    assert [d["gloss_only"] for d in client.get("/api/documents").get_json()["documents"]] == [True, True]
    token = csrf_token(client)
    assert client.post(f"/documents/{first}/rename", data={"title": "Neu", "csrf_token": token}).status_code == 303
    assert client.get(f"/api/documents/{first}").get_json()["title"] == "Neu"
    assert client.post(f"/documents/{first}/rename", data={"title": " ", "csrf_token": token}).status_code == 400
    confirm = client.get(f"/documents/{first}/delete").get_data(as_text=True)
    assert "Delete" in confirm and 'method="post"' in confirm
    assert client.post(f"/documents/{first}/delete", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/api/documents/{first}").status_code == 404
    assert client.get(f"/api/documents/{second}").get_json()["title"] == "Zwei"
    assert client.post("/documents/999/delete", data={"csrf_token": token}).status_code == 404


def test_library_shows_a_model_translation_as_progress(argos_app):
    client = argos_app.test_client()
    add(client, "Erster Text. Er ist kurz.", "Eins")
    add(client, "Zweiter Text hier.", "Zwei")
    html = client.get("/documents").get_data(as_text=True)
    assert "Gloss only" not in html and html.count("<progress") == 2
    assert "of 2 sentences translated" in html and "of 1 sentence translated" in html  # singular for one
    assert [d["gloss_only"] for d in client.get("/api/documents").get_json()["documents"]] == [False, False]


def test_background_translation_resumes_without_translating_twice(tmp_path, argos_model):
    path = tmp_path / "book.sqlite"
    db = storage.connect(path)
    storage.init_schema(db)
    document_id = create_document(db, BOOK, "Ein Buch")
    engine = ArgosEngine.find_installed()
    key = engine_key(engine)
    sent = []
    original = engine.translate
    engine.translate = lambda sentences: sent.extend(sentences) or original(sentences)

    # A first server translates two chunks, then "stops".
    cache = TranslationCache(db, engine)
    for _ in range(2):
        cache.translate(iter_untranslated(db, document_id, key, 16))
    halfway, total = translated_count(db, document_id, key), 120
    assert 0 < halfway < total

    # After the restart, the worker resumes by itself.
    translator = Translator(lambda: storage.connect(path), lambda: engine, chunk=16).start()
    assert wait_until(lambda: translated_count(db, document_id, key) == total)
    translator.stop()
    assert len(sent) == len(set(sent)), "no sentence translated twice"
    assert translate_document(db, engine, document_id) == 0


def test_alternatives_fragment(argos_app):
    client = argos_app.test_client()
    client.get("/")
    html = client.get("/documents/1/paragraphs/6/sentences/0/alternatives").get_data(as_text=True)
    assert len(re.findall(r"<li>", html)) == 4 and 'lang="de"' in html
    assert client.get("/documents/1/paragraphs/6/sentences/99/alternatives").status_code == 404


def test_upload_is_queued_for_background_translation(tmp_path, ding_db):
    app = make_app(tmp_path, ding_db, BACKGROUND_TRANSLATION=True)
    client = app.test_client()
    added = add(client, "Die Waffenruhe hält. Der Kreml schweigt.")
    db = storage.connect(app.config["DATABASE"])
    with app.app_context():
        from views.workspace import get_engine
        key = engine_key(get_engine())
    assert wait_until(lambda: translated_count(db, added, key) == 2)
    assert wait_until(lambda: db.execute("SELECT COUNT(*) FROM translation_queue").fetchone()[0] == 0)
    app.extensions["lesepult"]["translator"].stop()


def test_exports_from_the_page_and_api_extras(client):
    client.get("/")
    tsv = client.get("/documents/1/export.tsv")
    assert tsv.status_code == 200 and "attachment" in tsv.headers["Content-Disposition"]
    rows = [line for line in tsv.get_data(as_text=True).splitlines() if line and not line.startswith("#")]
    sentence_count = sum(len(p["sentences"]) for p in client.get("/api/documents/1").get_json()["paragraphs"])
    assert len(rows) == 1 + sentence_count
    import io
    import docx
    table = docx.Document(io.BytesIO(client.get("/documents/1/export.docx").data)).tables[0]
    assert len(table.rows) == 1 + sentence_count   # sentence by sentence
    assert client.get("/documents/1/export.exe").status_code == 404
    listed = client.get("/api/documents").get_json()["documents"]
    assert listed[0]["id"] == 1 and listed[0]["translated"] == listed[0]["sentences"] > 0
    names = {e["name"] for e in client.get("/api/documents/1/entities").get_json()["entities"]}
    assert {"John Kerry", "Moskau"} <= names
    alternatives = client.get("/api/documents/1/paragraphs/6/sentences/0/alternatives").get_json()
    assert alternatives["de"].startswith("Zwei Tage") and alternatives["alternatives"]


def test_export_file_names_come_from_the_title_and_differ_per_format(client):
    document = add(client, "Die Gespräche über Syrien sind abgebrochen. Moskau schweigt.", "Gespräche über Syrien")
    names = {}
    for fmt in ("html", "md", "md-columns", "tsv", "tmx", "docx"):
        disposition = client.get(f"/documents/{document}/export.{fmt}").headers["Content-Disposition"]
        names[fmt] = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert names["md"] == "gespraeche-ueber-syrien.md" and names["md-columns"] == "gespraeche-ueber-syrien-columns.md"
    assert len(set(names.values())) == len(names)
