"""Search and entities through the web."""
from __future__ import annotations

from support import csrf_token, document_id, post_text


def test_search_finds_folded_and_inflected_forms(client):
    client.get("/")
    for query in ("Aussenministerium", "Luftangriff", "Sicherheits*"):
        hits = client.get("/api/search", query_string={"q": query}).get_json()["hits"]
        assert hits and all(h["document_id"] == 1 for h in hits), query
        assert "<mark>" in hits[0]["de_marked"]
    page = client.get("/search?q=Feuerpause").get_data(as_text=True)
    assert "<mark>Feuerpause</mark>" in page and 'href="/documents/1?from=' in page


def test_search_english_side_and_bad_queries(client):
    client.get("/")
    client.get("/api/documents/1")  # translated (gloss), so the English is searchable
    assert client.get("/api/search?q=ceasefire").get_json()["hits"]
    assert client.get("/api/search?q=").status_code == 400
    assert client.get("/api/search", query_string={"q": "x" * 300}).status_code == 400
    assert client.get("/api/search", query_string={"q": 'NEAR( "a OR * -:'}).status_code in (200, 400)


def test_new_and_deleted_documents_in_search(client):
    document = document_id(post_text(client, "Der Waffenstillstand in Kiew hält."))
    assert client.get("/api/search?q=Kiew").get_json()["hits"][0]["document_id"] == document
    client.post(f"/documents/{document}/delete", data={"csrf_token": csrf_token(client)})
    assert client.get("/api/search?q=Kiew").get_json()["hits"] == []


def test_reader_lists_entities(client):
    html = client.get("/").get_data(as_text=True)
    assert "People, places, organisations" in html
    for name in ("Sergej Lawrow", "John Kerry", "Aleppo", "Kreml"):
        assert name in html.split('id="entities-title"')[1], name


def test_search_link_opens_the_reader_at_the_sentence(client):
    client.get("/")
    hit = client.get("/api/search?q=Wasserversorgung").get_json()["hits"][0]
    page = client.get("/search?q=Wasserversorgung").get_data(as_text=True)
    anchor = f"s{hit['paragraph']}-{hit['position']}"
    assert f'href="/documents/1?from={hit["paragraph"]}#{anchor}"' in page  # the window holding the sentence
    reader = client.get(f"/documents/1?from={hit['paragraph']}").get_data(as_text=True)
    assert f'id="{anchor}"' in reader.split("Wasserversorgung")[0].rsplit("<span class=\"sentence\"", 1)[1]


def test_search_says_the_total_and_pages_through_every_hit(client):
    """181 matching sentences: the count is 181, not the 50 of one page, and every hit is on some page."""
    text = "\n\n".join(f"Absatz {n}: Die Waffenruhe in Kiew hält." for n in range(1, 182))
    document = document_id(post_text(client, text))
    first = client.get("/api/search?q=Waffenruhe").get_json()
    assert (first["total"], first["page"], first["offset"], len(first["hits"])) == (181, 1, 0, 50)
    pages = [client.get(f"/api/search?q=Waffenruhe&page={n}").get_json() for n in (1, 2, 3, 4)]
    seen = [(h["paragraph"], h["position"]) for p in pages for h in p["hits"]]
    assert len(seen) == 181 == len(set(seen)) and all(p["total"] == 181 for p in pages)
    assert client.get("/api/search?q=Waffenruhe&offset=180").get_json()["hits"][0]["document_id"] == document
    assert client.get("/api/search?q=Waffenruhe&page=5").get_json()["hits"] == []
    for bad in ("page=0", "page=x", "offset=-1", "offset=100001"):
        assert client.get(f"/api/search?q=Waffenruhe&{bad}").status_code == 400, bad

    html = client.get("/search?q=Waffenruhe").get_data(as_text=True)
    assert "181 sentences found; showing 1–50." in html and 'rel="prev"' not in html
    assert 'rel="next" href="/search?q=Waffenruhe&amp;offset=50">Next 50' in html
    last = client.get("/search?q=Waffenruhe&offset=150").get_data(as_text=True)
    assert "showing 151–181" in last and '<ol class="hits" start="151">' in last and 'rel="next"' not in last
    assert 'rel="prev" href="/search?q=Waffenruhe&amp;offset=100"' in last
