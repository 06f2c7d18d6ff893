"""What the reader's pages say: counts in the singular and plural, the dictionary dialog's content and
order, the favicon, and the unknown-words share that stays cheap to recount."""
from __future__ import annotations

import re

import pytest

from lesepult.services import words
from support import csrf_token, document_id, post_text


def test_every_count_agrees_with_its_number(client):
    one = document_id(post_text(client, "Haus."))
    reader = client.get(f"/documents/{one}").get_data(as_text=True)
    client.get(f"/documents/{one}/paragraphs/0")  # as the page does: its English is made
    progress = client.get(f"/documents/{one}/progress").get_data(as_text=True)
    delete = client.get(f"/documents/{one}/delete").get_data(as_text=True)
    share = client.get(f"/words/unknown-share/{one}").get_data(as_text=True)
    search = client.get("/search?q=Haus").get_data(as_text=True)
    assert "· 1 word<" in reader
    assert "all 1 sentence glossed" in progress
    assert "(1 sentence)" in delete
    assert "of the 1 word in this text" in share and "(1 of them)</span> is not" in share
    assert "1 sentence found" in search
    token = csrf_token(client)
    imported = client.post("/glossary/import", data={"csrf_token": token, "file": (_csv("de,en\nWaffengang,armed clash\n"), "t.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
    assert "1 term added, 0 rows rejected" in imported
    two = document_id(post_text(client, "Zwei Häuser. Drei Häuser."))
    client.get(f"/documents/{two}/paragraphs/0")
    assert "all 2 sentences glossed" in client.get(f"/documents/{two}/progress").get_data(as_text=True)
    pages = [reader, progress, delete, share, search, imported, client.get("/documents").get_data(as_text=True)]
    for html in pages:
        assert not re.search(r"\b1 (words|sentences|paragraphs|terms|rows)\b|\(s\)", html), html


def _csv(text: str):
    import io
    return io.BytesIO(text.encode())


def test_favicon_is_served_at_the_path_browsers_ask_for(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert 'rel="icon"' in client.get("/documents/new").get_data(as_text=True)


@pytest.mark.parametrize("query,english,headline,suggestion", [
    ("brachen", "", {"lemma": "brechen", "article": None, "plural": None, "word_class": "verb"}, "break"),
    ("Tagen", "", {"lemma": "Tag", "article": "der", "plural": "Tage", "word_class": None}, "day"),
    ("Häuser", "", {"lemma": "Haus", "article": "das", "plural": "Häuser", "word_class": None}, "home"),
    ("Feuerpause", "", {"lemma": "Feuerpause", "article": "die", "plural": None, "word_class": None}, "ceasefire"),
    ("Bürgerkriegsland", "", {"lemma": "Bürgerkriegsland", "article": "das", "plural": "Bürgerkriegsländer"}, None),
])
def test_lookup_gives_a_short_headline_and_a_clean_suggestion(client, query, english, headline, suggestion):
    data = client.get("/api/lookup", query_string={"q": query, "en": english}).get_json()
    assert {key: data["headline"][key] for key in headline} == headline
    assert not re.search(r"[{}\[\]/]|\bsth\.|\bsb\.|^to ", data["suggestion"]), data["suggestion"]
    if suggestion:
        assert data["suggestion"] == suggestion


def test_the_sense_used_in_the_sentence_comes_first_and_is_suggested(client):
    # "to break sth. {broke; broken}" is used in an English with "broke": its irregular past counts.
    data = client.get("/api/lookup", query_string={"q": "brachen", "en": "the talks broke down"}).get_json()
    assert data["in_sentence"] == data["entries"][0]["senses"][0] == "to break sth. {broke; broken}"
    assert data["suggestion"] == "break"
    schloss = client.get("/api/lookup", query_string={"q": "Schloss", "en": "the king lived in a castle on the hill"}).get_json()
    assert schloss["in_sentence"].startswith("castle") and schloss["suggestion"] == "castle"
    assert client.get("/api/lookup", query_string={"q": "brachen"}).get_json()["in_sentence"] is None


def test_lookup_dialog_puts_the_buttons_and_meanings_before_the_folded_form(client):
    html = client.get("/lookup", query_string={"q": "brachen", "en": "they broke off the talks"}).get_data(as_text=True)
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", heading).split() == ["brechen", "(verb)"]  # not the list of forms
    order = [html.index(marker) for marker in ('class="word-status"', 'class="senses"', '<details class="add-term-box">')]
    assert order == sorted(order)
    assert '<details class="add-term-box">' in html  # folded: no "open"
    assert 'name="en" value="break"' in html and 'name="de" value="brechen"' in html
    assert re.search(r'<li class="in-sentence">to break sth\. \{broke; broken\}', html)
    # The forms are folded away, not in the heading.
    assert html.index("ich/er/sie/es brach") > html.index('<details class="more">')
    phrase = client.get("/lookup", query_string={"q": "gemeinsame Sache"}).get_data(as_text=True)
    assert 'class="word-status"' not in phrase  # a phrase has no status of its own
    with_term = client.get("/lookup", query_string={"q": "Feuerpause"}).get_data(as_text=True)
    assert "add-term-box" not in with_term and "ceasefire" in with_term  # a glossary term is shown, not offered


def test_the_unknown_share_is_recounted_without_lemmatising_the_document_again(client, monkeypatch):
    doc = document_id(post_text(client, "Die Truppen ziehen ab. Die Truppe bleibt. Die Tage vergehen."))
    loads = []
    original = words.documents.load_paragraphs
    monkeypatch.setattr(words.documents, "load_paragraphs", lambda *a: loads.append(a) or original(*a))
    first = client.get(f"/words/unknown-share/{doc}").get_data(as_text=True)
    assert "(10 of them)" in first and len(loads) == 1
    token = csrf_token(client)
    for word, expected in (("Truppen", 8), ("die", 5), ("Tag", 4)):
        client.put(f"/api/words/{word}", json={"status": "known"}, headers={"X-CSRFToken": token})
        assert f"({expected} of them)" in client.get(f"/words/unknown-share/{doc}").get_data(as_text=True)
        assert client.get(f"/api/words?document={doc}").get_json()["forms"]
    assert len(loads) == 1, "the document's words were read and lemmatised once, not once per mark"
    assert client.get(f"/api/words?document={doc}").get_json()["forms"] == {
        "truppen": "known", "truppe": "known", "die": "known", "tage": "known"}
