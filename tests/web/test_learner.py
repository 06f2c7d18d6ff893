"""Known and learning words: storage, the words API, the share of unknown words, the CSV export."""
from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest

from lesepult import learning
from support import ROOT, csrf_token, document_id, post_text


def new_document(client, text: str) -> int:
    return document_id(post_text(client, text))


def mark(client, word: str, status: str):
    """PUT a status the way the page does: with the CSRF token of the session."""
    return client.put(f"/api/words/{word}", json={"status": status}, headers={"X-CSRFToken": csrf_token(client)})


def test_statuses_are_stored_by_lowercased_key_and_unknown_removes(db):
    learning.set_status(db, "Truppe", "learning")
    learning.set_status(db, "gehen", "known")
    assert learning.statuses(db) == {"gehen": "known", "truppe": "learning"}
    learning.set_status(db, "truppe", "known")
    learning.set_status(db, "gehen", "unknown")
    assert learning.statuses(db) == {"truppe": "known"}
    with pytest.raises(ValueError):
        learning.set_status(db, "Haus", "forgotten")
    with pytest.raises(ValueError):
        learning.set_status(db, "  ", "known")


def test_lemmas_cover_inflected_forms(db):
    assert learning.lemma_of("Truppen") == learning.lemma_of("Truppe") == "truppe"
    learning.set_status(db, learning.lemma_of("ging"), "learning")
    vocabulary = learning.Vocabulary.of(["Gehen", "geht", "ging", "Haus"])
    assert vocabulary.form_statuses(learning.statuses(db)) == {
        "gehen": "learning", "geht": "learning", "ging": "learning"}


def test_unknown_words_are_counted_running_words(db):
    vocabulary = learning.Vocabulary.of(learning.words_in("Die Truppen gehen. Die Truppe geht nach Hause."))
    assert vocabulary.total == 8
    assert vocabulary.unknown(learning.statuses(db)) == 8
    learning.set_status(db, "der", "known")        # "Die" twice
    learning.set_status(db, "Truppe", "known")     # "Truppen", "Truppe"
    learning.set_status(db, "gehen", "learning")   # learning is not known yet
    assert vocabulary.unknown(learning.statuses(db)) == 4
    assert learning.Vocabulary.of([]).total == 0


def test_words_api_marks_by_lemma_and_lists_document_forms(client):
    document_id = new_document(client, "Die Truppen ziehen ab. Eine Truppe bleibt.")
    response = mark(client, "Truppen", "learning")
    assert response.status_code == 200
    assert response.get_json() == {"word": "Truppen", "lemma": "truppe", "status": "learning", "level": 1}
    data = client.get(f"/api/words?document={document_id}").get_json()
    assert data["words"] == {"truppe": "learning"} and data["levels"] == {"truppe": 1}
    assert data["forms"] == {"truppen": "learning", "truppe": "learning"}
    assert data["form_levels"] == {"truppen": 1, "truppe": 1}
    mark(client, "truppe", "unknown")
    assert client.get("/api/words").get_json() == {"words": {}, "levels": {}}


@pytest.mark.parametrize("payload", [None, {"status": "maybe"}, {"state": "known"}, ["known"]])
def test_words_api_refuses_bad_status(client, payload):
    response = client.put("/api/words/Haus", json=payload)
    assert response.status_code == 400 and "status" in response.get_json()["error"]


def test_words_api_refuses_overlong_words_and_unknown_documents(client):
    assert client.put("/api/words/" + "a" * 101, json={"status": "known"}).status_code == 400
    assert client.get("/api/words?document=999").status_code == 404


def test_words_api_needs_the_csrf_token_from_a_browser_session(client):
    client.get("/")  # the page sets the session cookie
    refused = client.put("/api/words/Haus", json={"status": "known"})
    assert refused.status_code == 400
    token = csrf_token(client)
    accepted = client.put("/api/words/Haus", json={"status": "known"}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    cross = client.put("/api/words/Haus", json={"status": "known"}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403


def test_unknown_share_fragment_before_reading(client):
    document_id = new_document(client, "Die Truppen ziehen ab. Die Truppe bleibt.")
    html = client.get(f"/words/unknown-share/{document_id}").get_data(as_text=True)
    assert "<strong>100%</strong> of the 7 words" in html
    for word in ("die", "Truppe"):
        mark(client, word, "known")
    html = client.get(f"/words/unknown-share/{document_id}").get_data(as_text=True)
    assert "<strong>43%</strong> of the 7 words" in html  # 3 of 7 unknown
    reader = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert f'data-src="/words/unknown-share/{document_id}"' in reader
    assert client.get("/words/unknown-share/999").status_code == 404


def test_csv_export_defuses_formulas_and_escapes(client):
    client.put("/api/words/Haus", json={"status": "known"})
    client.put("/api/words/=HYPERLINK(1)", json={"status": "learning"})
    client.put('/api/words/<b>"x"</b>', json={"status": "learning"})
    response = client.get("/words.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_lemma = {row["lemma"]: row["status"] for row in rows}
    assert by_lemma["haus"] == "known"
    assert by_lemma["'=hyperlink(1)"] == "learning"
    assert by_lemma['<b>"x"</b>'] == "learning"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["updated_at"]) for row in rows)


def test_marked_words_are_served_as_json_never_as_html(client):
    assert client.put("/api/words/<script>", json={"status": "learning"}).status_code == 200
    response = client.get("/api/words")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # a browser never sniffs it into HTML
    assert response.get_json()["words"] == {"<script>": "learning"}  # the text round-trips, as data


def test_vendored_axe_matches_its_record():
    note = (ROOT / "tests/vendor/VENDORED.md").read_text()
    version, digest = re.search(r"\| axe-core \| ([\d.]+) \|.*\| ([0-9a-f]{64}) \|", note).groups()
    data = (ROOT / "tests/vendor/axe.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    assert f"axe v{version}" in data[:200].decode()
