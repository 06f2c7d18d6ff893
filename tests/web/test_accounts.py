"""Accounts when the server is exposed: the login gate, logging in, the rate limit, private data,
sharing and the administrators' page — through the Flask test client, logged in as each reader."""
from __future__ import annotations

import re
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from argon2 import PasswordHasher

from support import add_account, csrf_token, document_id, log_in, post_text

ANNA, BOB = ("anna", "anna-passwort"), ("bob", "bobs-passwort")
SECRET = "Die Unterhändler trafen sich heimlich in Oslo. Der Waffenstillstand hält."


@pytest.fixture
def site(app_factory):
    """An exposed server: login required, anna an administrator, bob a reader. A pasted text is read
    once its import has finished (IMPORT_WAIT None), so each test reads what it just stored."""
    app = app_factory(LOGIN_REQUIRED="1", IMPORT_WAIT=None)
    add_account(app.config["DATABASE"], *ANNA, admin=True)
    add_account(app.config["DATABASE"], *BOB)
    return app


def browser(app, address="192.0.2.1"):
    """A client with cookies of its own, at an address of its own."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def reader(app, name_and_password, address="192.0.2.1"):
    """A browser logged in through the form."""
    client = browser(app, address)
    assert log_in(client, *name_and_password).status_code == 303
    return client


def form(client, page, **fields):
    return {"csrf_token": csrf_token(client, page), **fields}


# ---------------------------------------------------------------- the gate

def test_every_route_but_login_healthz_and_static_wants_a_session(site):
    client = site.test_client()
    for path in ("/", "/documents", "/documents/1", "/glossary", "/search?q=Waffenruhe", "/admin/users",
                 "/no-such-page"):
        response = client.get(path)
        location = urlsplit(response.headers["Location"])
        assert response.status_code == 303 and location.path == "/login", path
        assert parse_qs(location.query)["next"] == [path]
    for path in ("/api/documents", "/api/documents/1", "/api/glossary", "/api/openapi.json", "/api/no-such-route"):
        response = client.get(path)
        assert response.status_code == 401 and "Log in first" in response.get_json()["error"], path
    fragment = client.get("/documents/1/progress", headers={"HX-Request": "true"})
    assert fragment.status_code == 401 and fragment.headers["HX-Redirect"] == "/login?next=/documents/1/progress"
    # /healthz stays open for load balancers and monitors: it names only the engine.
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert client.get("/static/app.css").status_code == 200 and client.get("/favicon.ico").status_code == 200
    assert client.get("/login").status_code == 200


def test_nothing_changes_without_a_session(site):
    client = site.test_client()
    assert client.post("/api/translate", json={"text": "Die Waffenruhe hält."}).status_code == 401
    assert client.post("/api/glossary", json={"de": "Feuerpause", "en": "truce"}).status_code == 401
    assert client.put("/api/words/Haus", json={"status": "known"}).status_code == 401
    page = client.post("/documents", data={"text": SECRET, "csrf_token": csrf_token(client, "/login")})
    assert page.status_code == 303 and page.headers["Location"] == "/login"
    with sqlite3.connect(site.config["DATABASE"]) as db:
        assert db.execute("SELECT COUNT(*) FROM documents WHERE is_sample = 0").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM user_terms").fetchone()[0] == 0


def test_on_loopback_nobody_needs_to_log_in(client):
    """The learner's own machine (no LESEPULT_BIND, as under `flask run` and in tests): no login page in the way."""
    assert client.get("/documents").status_code == 200
    assert "Log out" not in client.get("/documents").get_data(as_text=True)


def test_binding_to_another_address_requires_login(monkeypatch, app_factory):
    monkeypatch.setenv("LESEPULT_BIND", "0.0.0.0:8000")
    assert app_factory().test_client().get("/documents").status_code == 303
    monkeypatch.setenv("LESEPULT_BIND", "127.0.0.1:8000")
    assert app_factory().test_client().get("/documents").status_code == 200
    monkeypatch.setenv("LESEPULT_BIND", "0.0.0.0:8000")
    assert app_factory(LOGIN_REQUIRED="0").test_client().get("/documents").status_code == 200  # said outright


# ---------------------------------------------------------------- logging in

def test_logging_in_and_out_through_the_form(site):
    client = site.test_client()
    page = client.get("/login?next=/glossary").get_data(as_text=True)
    assert 'name="csrf_token"' in page and 'autocomplete="current-password"' in page
    assert '<label for="name">' in page and '<label for="password">' in page
    response = log_in(client, *ANNA, next="/glossary")
    assert response.status_code == 303 and response.headers["Location"] == "/glossary"
    library = client.get("/documents").get_data(as_text=True)
    assert "anna" in library and "Log out" in library and ">Accounts</a>" in library

    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/documents")})
    assert out.status_code == 303 and out.headers["Location"] == "/login"
    assert client.get("/documents").status_code == 303


def test_names_are_not_case_sensitive_and_the_next_page_must_be_ours(site):
    client = site.test_client()
    response = log_in(client, "BOB", BOB[1], next="//attacker.example/phish")
    assert response.status_code == 303 and response.headers["Location"] == "/documents"


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(site):
    answers = []
    for name, password in (("anna", "not-her-password"), ("nobody", "anna-passwort"), ("local", "")):
        response = log_in(site.test_client(), name, password)
        alert = re.search(r'role="alert"[^>]*>([^<]+)', response.get_data(as_text=True))[1]
        answers.append((response.status_code, alert))
    assert answers == [(401, "name or password is wrong")] * 3


def test_the_local_reader_can_never_log_in(site):
    for password in ("", "local", "anna-passwort"):
        assert log_in(site.test_client(), "local", password).status_code == 401


def test_the_login_form_needs_its_csrf_token_in_a_browser(site):
    client = site.test_client()
    client.get("/login")  # a browser that has been here has a session cookie
    response = client.post("/login", data={"name": ANNA[0], "password": ANNA[1]})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_five_failed_logins_then_429_with_retry_after(site):
    client = browser(site, "198.51.100.7")
    for _ in range(5):
        assert log_in(client, "anna", "guess-guess").status_code == 401
    blocked = log_in(client, *ANNA)  # even the right password: the address must wait
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    assert "Too many failed logins" in blocked.get_data(as_text=True)
    # The name is limited too: guessing from many addresses does not help …
    assert log_in(browser(site, "198.51.100.8"), *ANNA).status_code == 429
    # … while other readers, elsewhere, log in as usual.
    assert log_in(browser(site, "198.51.100.9"), *BOB).status_code == 303


def test_a_successful_login_does_not_count_against_the_limit(site):
    for _ in range(7):
        assert log_in(site.test_client(), *BOB).status_code == 303


def test_an_old_password_hash_is_replaced_at_login(site):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("carls-passwort")
    with sqlite3.connect(site.config["DATABASE"]) as db:
        db.execute("INSERT INTO users (name, password_hash) VALUES ('carl', ?)", (weak,))
    assert log_in(site.test_client(), "carl", "carls-passwort").status_code == 303
    with sqlite3.connect(site.config["DATABASE"]) as db:
        stored = db.execute("SELECT password_hash FROM users WHERE name = 'carl'").fetchone()[0]
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)
    assert log_in(site.test_client(), "carl", "carls-passwort").status_code == 303


# ---------------------------------------------------------------- private data

def test_each_reader_sees_only_their_own_documents_terms_and_marks(site):
    anna, bob = reader(site, ANNA), reader(site, BOB, "192.0.2.2")
    secret = document_id(post_text(anna, SECRET, title="Geheime Gespräche"))
    assert anna.post("/api/glossary", json={"de": "Unterhändler", "en": "negotiator"},
                     headers={"X-CSRFToken": csrf_token(anna)}).status_code == 201
    term = anna.get("/api/glossary?source=user").get_json()["terms"][0]["id"]
    assert anna.put("/api/words/Unterhändler", json={"status": "learning"},
                    headers={"X-CSRFToken": csrf_token(anna)}).status_code == 200

    assert anna.get(f"/documents/{secret}").status_code == 200
    assert "heimlich" in anna.get("/search?q=Oslo").get_data(as_text=True)

    for path in (f"/documents/{secret}", f"/api/documents/{secret}", f"/documents/{secret}/export.md",
                 f"/documents/{secret}/paragraphs/0", f"/api/words?document={secret}"):
        assert bob.get(path).status_code == 404, path
    assert secret not in [d["id"] for d in bob.get("/api/documents").get_json()["documents"]]
    assert "Geheime Gespräche" not in bob.get("/documents").get_data(as_text=True)
    assert bob.get("/api/search?q=Unterhändler").get_json()["hits"] == []
    assert "heimlich" not in bob.get("/search?q=Oslo").get_data(as_text=True)
    assert bob.get("/api/glossary?source=user").get_json() == {"terms": []}
    assert bob.get("/api/words").get_json() == {"words": {}, "levels": {}}
    assert "unterhändler" not in bob.get("/words.csv").get_data(as_text=True)
    token = csrf_token(bob)
    assert bob.put(f"/api/glossary/{term}", json={"en": "mole"}, headers={"X-CSRFToken": token}).status_code == 404
    assert bob.delete(f"/api/glossary/{term}", headers={"X-CSRFToken": token}).status_code == 404
    assert bob.post(f"/documents/{secret}/rename", data={"title": "Mine", "csrf_token": token}).status_code == 404
    assert bob.post(f"/documents/{secret}/delete", data={"csrf_token": token}).status_code == 404
    assert anna.get(f"/api/documents/{secret}").get_json()["title"] == "Geheime Gespräche"
    assert anna.get("/api/glossary?source=user").get_json()["terms"][0]["en"] == "negotiator"

    # The sample is shared: every reader reads it, nobody but its owner (the local reader) changes it.
    sample = bob.get("/", follow_redirects=False)
    assert sample.status_code == 200 and "Feuerpause" in sample.get_data(as_text=True)
    assert bob.post("/documents/1/rename", data={"title": "Mine", "csrf_token": token}).status_code == 404


def test_sharing_lets_every_reader_read_but_only_the_owner_change(site):
    anna, bob = reader(site, ANNA), reader(site, BOB, "192.0.2.2")
    shared = document_id(post_text(anna, SECRET, title="Für alle"))
    library = anna.get("/documents").get_data(as_text=True)
    assert f'action="/documents/{shared}/share"' in library and "Share with every reader" in library
    assert anna.post(f"/documents/{shared}/share", data=form(anna, "/documents", shared="1")).status_code == 303

    assert bob.get(f"/api/documents/{shared}").get_json()["title"] == "Für alle"
    assert [h["document_id"] for h in bob.get("/api/search?q=Oslo").get_json()["hits"]] == [shared]
    bob_library = bob.get("/documents").get_data(as_text=True)
    assert "Für alle" in bob_library and "(shared)" in bob_library
    assert f'action="/documents/{shared}/share"' not in bob_library
    token = csrf_token(bob)
    for path, data in ((f"/documents/{shared}/share", {"shared": "0"}), (f"/documents/{shared}/rename",
                                                                         {"title": "Meins"}),
                       (f"/documents/{shared}/delete", {})):
        assert bob.post(path, data={**data, "csrf_token": token}).status_code == 404, path

    assert anna.post(f"/documents/{shared}/share", data=form(anna, "/documents", shared="0")).status_code == 303
    assert bob.get(f"/api/documents/{shared}").status_code == 404


# ---------------------------------------------------------------- administration

def test_the_accounts_page_is_for_administrators(site):
    bob = reader(site, BOB)
    assert bob.get("/admin/users").status_code == 403
    assert ">Accounts</a>" not in bob.get("/documents").get_data(as_text=True)
    token = csrf_token(bob)
    assert bob.post("/admin/users", data={"name": "mallory", "password": "mallorys-pw", "admin": "1",
                                          "csrf_token": token}).status_code == 403
    with sqlite3.connect(site.config["DATABASE"]) as db:
        assert db.execute("SELECT COUNT(*) FROM users WHERE name = 'mallory'").fetchone()[0] == 0


def test_an_administrator_adds_resets_and_removes_accounts(site):
    anna = reader(site, ANNA)
    page = anna.get("/admin/users").get_data(as_text=True)
    assert ">anna<" in page and ">bob<" in page and ">local<" not in page
    added = anna.post("/admin/users", data=form(anna, "/admin/users", name="carl", password="carls-passwort"))
    assert added.status_code == 303
    assert "Added reader carl." in anna.get("/admin/users").get_data(as_text=True)
    carl = reader(site, ("carl", "carls-passwort"), "192.0.2.3")

    refused = anna.post("/admin/users", data=form(anna, "/admin/users", name="carl", password="whatever-pw"))
    assert refused.status_code == 409 and "already an account named" in refused.get_data(as_text=True)
    short = anna.post("/admin/users", data=form(anna, "/admin/users", name="dora", password="short"))
    assert short.status_code == 400 and "8 to 1024 characters" in short.get_data(as_text=True)
    assert 'value="dora"' in short.get_data(as_text=True)  # the form keeps what was typed

    carl_id = int(re.search(r'id="user-(\d+)">\s*<td[^>]*>carl<', anna.get("/admin/users").get_data(as_text=True))[1])
    reset = anna.post(f"/admin/users/{carl_id}/password",
                      data=form(anna, "/admin/users", password="carls-neues-pw"))
    assert reset.status_code == 303
    assert carl.get("/documents").status_code == 303          # the session from before the reset has ended
    assert log_in(site.test_client(), "carl", "carls-passwort").status_code == 401
    carl = reader(site, ("carl", "carls-neues-pw"), "192.0.2.3")
    document_id(post_text(carl, SECRET))
    token = {"X-CSRFToken": csrf_token(carl)}
    assert carl.post("/api/glossary", json={"de": "Unterhändler", "en": "negotiator"}, headers=token).status_code == 201
    assert carl.put("/api/words/Oslo", json={"status": "known"}, headers=token).status_code == 200

    confirm = anna.get(f"/admin/users/{carl_id}/remove").get_data(as_text=True)
    assert "Remove the account “carl”?" in confirm
    removed = anna.post(f"/admin/users/{carl_id}/remove", data=form(anna, "/admin/users"))
    assert removed.status_code == 303
    notice = "Removed carl with 1 document, 1 glossary term and 1 word mark."
    assert notice in anna.get("/admin/users").get_data(as_text=True)
    assert carl.get("/documents").status_code == 303
    with sqlite3.connect(site.config["DATABASE"]) as db:
        for table in ("documents", "user_terms", "word_status"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE owner_id = ?", (carl_id,)).fetchone()[0] == 0, table


def test_an_administrator_cannot_remove_their_own_account(site):
    anna = reader(site, ANNA)
    anna_id = int(re.search(r'id="user-(\d+)">\s*<td[^>]*>anna<', anna.get("/admin/users").get_data(as_text=True))[1])
    assert f"/admin/users/{anna_id}/remove" not in anna.get("/admin/users").get_data(as_text=True)
    assert anna.post(f"/admin/users/{anna_id}/remove", data=form(anna, "/admin/users")).status_code == 409
    assert anna.post("/admin/users/1/remove", data=form(anna, "/admin/users")).status_code == 404  # the local reader


def test_on_loopback_the_machine_owner_manages_accounts(client):
    """Without login the reader is the local reader, the machine's owner and an administrator."""
    page = client.get("/admin/users")
    assert page.status_code == 200 and "No accounts yet." in page.get_data(as_text=True)
