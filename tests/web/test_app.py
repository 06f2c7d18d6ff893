"""The web contract through the Flask test client on a real SQLite file."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from support import ROOT, csrf_token, document_id, post_text, upload
from lesepult.documents import MAX_TEXT_CHARS

KINDS = {"kicker", "headline", "lead", "caption", "credit", "dateline", "body", "heading"}


def test_home_shows_the_sample_article_in_german_at_once(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'lang="de"' in html and "Feuerpause" in html
    assert "Teilen per" not in html and "Zur Startseite" not in html
    assert html.count('hx-get="/documents/1/paragraphs/') == html.count('class="row ')  # one request per paragraph
    assert "dictionary gloss" in html and "not a translation" in html and "make install-model" in html


def test_paragraph_fragment_fills_in_english(client):
    client.get("/")
    fragment = client.get("/documents/1/paragraphs/0").get_data(as_text=True)
    assert 'lang="en"' in fragment and 'data-state="done"' in fragment
    assert 'data-pair="0-0"' in fragment
    assert client.get("/documents/1/paragraphs/999").status_code == 404


def test_api_document_shape(client):
    client.get("/")
    data = client.get("/api/documents/1").get_json()
    assert set(data) >= {"id", "title", "engine", "paragraphs", "terms"}
    assert data["engine"]["name"] == "gloss" and set(data["engine"]) >= {"name", "model", "version"}
    kinds = [p["kind"] for p in data["paragraphs"]]
    assert kinds[:6] == ["kicker", "headline", "lead", "caption", "credit", "dateline"]
    assert set(kinds) <= KINDS
    for index, paragraph in enumerate(data["paragraphs"]):
        assert paragraph["index"] == index
        for sentence in paragraph["sentences"]:
            assert sentence["de"] and sentence["en"], sentence
            assert "score" in sentence


def test_api_document_with_the_argos_model(argos_app):
    client = argos_app.test_client()
    client.get("/")
    data = client.get("/api/documents/1").get_json()
    assert data["engine"] == {"name": "argos", "model": "translate-de_en", "version": "1.0"}
    scores = [s["score"] for p in data["paragraphs"] for s in p["sentences"]]
    assert scores and all(0 < score <= 1 for score in scores)
    assert client.get("/healthz").get_json()["engine"]["name"] == "argos"


def test_status_line_names_the_model(argos_app):
    html = argos_app.test_client().get("/").get_data(as_text=True)
    assert "translate-de_en 1.0" in html and "dictionary gloss" not in html


def test_post_text_redirects_to_the_reader(client):
    response = post_text(client, "Die Waffenruhe hält. Der Sicherheitsrat tagt.", title="Mein Text")
    assert response.status_code == 303
    assert re.fullmatch(r"/documents/\d+", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mein Text" in page and "Waffenruhe" in page


def test_post_file_upload(client):
    response = upload(client, "text.txt", "Die Feuerpause hält.\n\nZweiter Absatz.".encode("cp1252"))
    document = client.get(f"/api/documents/{document_id(response)}").get_json()
    assert document["paragraphs"][0]["sentences"][0]["de"] == "Die Feuerpause hält."


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused_clearly(client, text):
    response = post_text(client, text)
    assert response.status_code == 400
    assert "empty" in response.get_data(as_text=True)


def test_undecodable_upload_is_refused(client):
    client.get("/")  # the sample is document 1
    before = client.get("/api/documents").get_json()["documents"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = upload(client, "bild.txt", png)
    assert response.status_code == 400 and "not text" in response.get_data(as_text=True)
    assert client.get("/api/documents").get_json()["documents"] == before  # nothing stored
    accepted = upload(client, "text.txt", "Ein Satz.".encode())
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/documents/2"  # the next id was free


def test_huge_text_is_refused_with_413(client):
    response = post_text(client, "Wort " * (MAX_TEXT_CHARS // 5 + 10))
    assert response.status_code == 413
    assert "limit" in response.get_data(as_text=True)


def test_script_in_text_is_escaped(client):
    response = post_text(client, 'Hallo <script>alert("x")</script> Welt. <img src=x onerror=alert(1)>')
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;" in page and "alert" in page  # shown as text, escaped


def test_unknown_ids(client):
    assert client.get("/documents/12345").status_code == 404
    response = client.get("/api/documents/12345")
    assert response.status_code == 404 and "error" in response.get_json()


def test_api_translate_stores_nothing(client):
    before = client.get("/healthz").get_json()
    response = client.post("/api/translate", json={"text": "Die Feuerpause hält.\n\nDer Kreml schweigt."})
    data = response.get_json()
    assert response.status_code == 200 and before["status"] == "ok"
    assert data["engine"]["name"] == "gloss"
    assert [len(p["sentences"]) for p in data["paragraphs"]] == [1, 1]
    assert client.get("/api/documents/1").status_code == 404


@pytest.mark.parametrize("payload,status", [({"text": ""}, 400), ({"txt": "x"}, 400), ([1, 2], 400),
                                            ({"text": "a" * (MAX_TEXT_CHARS + 1)}, 413)])
def test_api_translate_bad_input(client, payload, status):
    assert client.post("/api/translate", json=payload).status_code == status


def test_healthz(client):
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["engine"]["name"] == "gloss"


def test_csrf_token_required_from_a_browser_session(client):
    client.get("/")  # the page sets the session cookie
    response = client.post("/documents", data={"text": "Ein Satz."})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_cross_site_posts_are_refused(client):
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {"Origin": "null"}):
        response = client.post("/api/translate", json={"text": "Ein Satz."}, headers=headers)
        assert response.status_code == 403, headers


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_vendored_htmx_matches_its_record():
    record = json.loads((ROOT / "static/vendor/VENDORED.json").read_text())["htmx.org"]
    data = (ROOT / "static/vendor" / record["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record["sha256"]
    assert f'version:"{record["version"]}"' in data.decode()
    base = (ROOT / "templates/base.html").read_text()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', base)
    assert assets and all(a.startswith("{{ url_for('static'") for a in assets), "no CDN"
    assert record["file"] in base


def test_sample_is_shipped_in_the_project():
    sample = ROOT / "lesepult/data/sample/handelsblatt-syrien-2016.txt"
    assert sample.exists() and "Feuerpause" in sample.read_text(encoding="utf-8")
    for path in [*ROOT.glob("*.py"), *ROOT.glob("lesepult/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "Makefile"]:
        assert "shared/" not in path.read_text(), path


def test_unchanged_pages_and_fragments_answer_304(client):
    client.get("/")  # the sample is document 1
    for path in ("/documents/1/paragraphs/3", "/documents/1"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    added = client.post("/api/glossary", json={"de": "Feuerpause", "en": "lull in fighting"},
                        headers={"X-CSRFToken": csrf_token(client)})  # the reader's own rendering of a term in the text
    assert added.status_code == 201
    changed = client.get("/documents/1", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "lull in fighting" in changed.get_data(as_text=True)


def test_the_low_confidence_filter_explains_itself_and_is_off_without_scores(client, argos_app):
    glossed = client.get("/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" id="only-low" disabled', glossed)
    assert "gives no confidence scores" in glossed
    translated = argos_app.test_client().get("/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" id="only-low" aria-describedby', translated)
    assert "scores each sentence" in translated
