"""Bad input at the web boundary answers 400, 404 or 413 with a message that says why: never a 500."""
from __future__ import annotations

import io

import pytest

from support import csrf_token, document_id, post_text
from views.boundary import MAX_JSON_BYTES

HUGE_IDS = ["99999999999999999999", str(2**63), "9" * 5000]


@pytest.fixture
def api(app):
    """A client like a script: no cookies, so the JSON API needs no CSRF token."""
    app.test_client().get("/")  # the sample is document 1
    return app.test_client()


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("method, path", [
    ("get", "/documents/{}"), ("get", "/api/documents/{}"), ("get", "/documents/{}/paragraphs/0"),
    ("get", "/documents/1/paragraphs/{}"), ("get", "/documents/{}/export.md"), ("get", "/words/unknown-share/{}"),
    ("get", "/api/documents/1/paragraphs/0/sentences/{}/alternatives"), ("put", "/api/glossary/{}"),
    ("delete", "/api/glossary/{}"), ("get", "/glossary/terms/{}/edit"),
    ("put", "/api/documents/{}/paragraphs/0/sentences/0"), ("put", "/api/documents/1/paragraphs/{}/sentences/0"),
    ("delete", "/api/documents/1/paragraphs/0/sentences/{}"), ("put", "/documents/1/paragraphs/0/sentences/{}")])
def test_ids_beyond_sqlite_integers_are_not_found(api, method, path, huge):
    response = getattr(api, method)(path.format(huge), json={"en": "truce"} if method == "put" else None)
    assert response.status_code == 404, response.get_data(as_text=True)[:200]


def test_the_largest_sqlite_integer_is_an_ordinary_unknown_id(api):
    assert api.get(f"/api/documents/{2**63 - 1}").get_json() == {"error": "There is no document with this id."}
    assert api.delete(f"/api/glossary/{2**63 - 1}").get_json() == {"error": "There is no term of yours with this id."}


def test_query_numbers_beyond_sqlite_integers_page_past_the_end(api):
    data = api.get(f"/api/documents/1?from={HUGE_IDS[0]}&count={HUGE_IDS[0]}").get_json()
    assert data["paragraphs"] == [] and data["paging"]["next"] is None
    assert api.get(f"/api/words?document={HUGE_IDS[0]}").status_code == 404
    assert api.get(f"/documents/1?from={HUGE_IDS[0]}").status_code == 200


@pytest.mark.parametrize("body", [
    '{"de": "Feuerpause\\ud800", "en": "ceasefire"}',
    '{"de": "Feuerpause", "en": "ceasefire", "note": "\\udfff"}',
    '{"de": "Feuerpause", "en": "ceasefire", "variants": ["\\ud83d"]}',
    '{"de": "Feuerpause", "en": "ceasefire", "\\udc00": 1}'])
def test_lone_surrogates_in_json_are_refused(api, body):
    response = api.post("/api/glossary", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "lone surrogate" in response.get_json()["error"]
    assert api.get("/api/glossary?source=user").get_json() == {"terms": []}


def test_lone_surrogates_are_refused_on_every_json_route(api):
    for method, path, body in (("post", "/api/translate", '{"text": "Die Waffenruhe h\\ud800lt."}'),
                               ("put", "/api/words/Haus", '{"status": "known\\udfff"}'),
                               ("put", "/api/glossary/1", '{"en": "\\ud800"}'),
                               ("put", "/api/documents/1/paragraphs/0/sentences/0", '{"en": "\\ud800"}')):
        response = getattr(api, method)(path, data=body, content_type="application/json")
        assert response.status_code == 400 and "lone surrogate" in response.get_json()["error"], path


def test_a_real_emoji_is_text_not_a_lone_surrogate(api):
    """An escaped surrogate pair is one character; only unpaired halves are refused."""
    response = api.post("/api/glossary", data='{"de": "Feuerpause", "en": "ceasefire", "note": "\\ud83d\\ude00"}',
                        content_type="application/json")
    assert response.status_code == 201 and response.get_json()["note"] == "\U0001F600"


@pytest.mark.parametrize("payload, message", [
    ({"de": "Feuerpause", "en": "ceasefire", "variants": ["truce", 7]}, "variants must be text"),
    ({"de": "Feuerpause", "en": "ceasefire", "variants": ["truce", ["armistice"]]}, "variants must be text"),
    ({"de": ["Feuerpause"], "en": "ceasefire"}, "de must be text"),
    ({"de": "Feuerpause", "en": {"text": "ceasefire"}}, "en must be text")])
def test_non_text_in_a_term_is_refused(api, payload, message):
    response = api.post("/api/glossary", json=payload)
    assert response.status_code == 400 and response.get_json() == {"error": message}


def test_non_text_to_translate_is_refused(api):
    for payload in ({"text": ["Die Waffenruhe hält."]}, {"text": 7}, ["Die Waffenruhe hält."]):
        response = api.post("/api/translate", json=payload)
        assert response.status_code == 400 and "Send JSON like" in response.get_json()["error"]


@pytest.mark.parametrize("field", ["de", "en", "note"])
def test_control_characters_in_terms_are_refused_through_json_and_forms(app, field):
    api = app.test_client()
    term = {"de": "Feuerpause", "en": "ceasefire", "note": "", field: "Feuer\x07pause"}
    answer = api.post("/api/glossary", json=term)
    assert answer.status_code == 400 and answer.get_json() == {"error": "control characters not allowed"}

    browser = app.test_client()
    form = {**term, "csrf_token": csrf_token(browser, "/glossary")}
    page = browser.post("/glossary/terms", data=form)
    assert page.status_code == 400 and "control characters not allowed" in page.get_data(as_text=True)
    fragment = browser.post("/glossary/terms", data=form, headers={"HX-Request": "true"})
    assert "control characters not allowed" in fragment.get_data(as_text=True)

    added = api.post("/api/glossary", json={"de": "Waffenruhe", "en": "truce"}).get_json()
    changed = api.put(f"/api/glossary/{added['id']}", json={field: "x\x1by"})
    assert changed.status_code == 400 and changed.get_json() == {"error": "control characters not allowed"}
    assert [t["de"] for t in api.get("/api/glossary?source=user").get_json()["terms"]] == ["Waffenruhe"]


def test_deeply_nested_json_is_refused(api):
    response = api.post("/api/translate", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.get_json()["error"]


def test_malformed_json_says_why(api):
    response = api.post("/api/glossary", data='{"de": "Feuerpause",', content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"].startswith("The body is not usable JSON: ")


def test_an_oversize_json_body_is_refused_before_it_is_read(api):
    text = "a" * MAX_JSON_BYTES
    response = api.post("/api/translate", json={"text": text})
    assert response.status_code == 413
    assert response.get_json() == {"error": f"A JSON body may have at most {MAX_JSON_BYTES // 1024:,} KB."}


def test_a_json_body_without_a_length_is_cut_off_too(api):
    """A chunked body has no Content-Length (the server marks its end): the request's own limit stops the read."""
    body = ('{"text": "' + "a" * MAX_JSON_BYTES + '"}').encode()
    response = api.post("/api/translate", input_stream=io.BytesIO(body), content_type="application/json",
                        headers={"Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413 and response.get_json()["error"].startswith("A JSON body may have at most")


def test_a_text_at_the_translate_limit_still_fits(api):
    from lesepult.services.translate import MAX_TRANSIENT_CHARS

    response = api.post("/api/translate", json={"text": "ä" * (MAX_TRANSIENT_CHARS + 1)})
    assert response.status_code == 413 and "longer than" in response.get_json()["error"]  # the service's limit


def test_forms_still_take_long_texts(client):
    """The JSON limit is for JSON: a pasted text is a form and keeps its own, larger limit."""
    assert document_id(post_text(client, "Die Waffenruhe hält.\n\n" * 60_000))
