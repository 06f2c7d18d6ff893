"""The Host allow-list (DNS rebinding), security headers, cookie flags and the reverse-proxy setting."""
from __future__ import annotations

import re

import pytest


REBIND = "rebind.attacker.example"


def rebinding_attack(client) -> tuple[int, int]:
    """What the tester did from a page at a name re-pointed at 127.0.0.1: read the API, fetch a CSRF token the
    same way, write with it. The page is same-origin with itself, so Origin and Sec-Fetch-Site vouch for it."""
    host = {"Host": f"{REBIND}:5000"}
    read = client.get("/api/documents", headers=host)
    page = client.get("/documents/new", headers=host).get_data(as_text=True)
    form = re.search(r'name="csrf_token" value="([^"]+)"', page)
    write = client.post("/api/glossary", json={"de": "Waffenstillstand", "en": "armistice"},
                        headers={**host, "Origin": f"http://{REBIND}:5000", "Sec-Fetch-Site": "same-origin",
                                 "X-CSRFToken": form[1] if form else ""})
    return read.status_code, write.status_code


def test_without_the_allow_list_a_rebinding_page_reads_and_writes(app_factory):
    """The finding, reproduced: the attack itself is real, so the test below proves the fix."""
    assert rebinding_attack(app_factory(TRUSTED_HOSTS=None).test_client()) == (200, 201)


def test_a_rebinding_host_gets_nothing_and_can_change_nothing(client):
    assert rebinding_attack(client) == (400, 400)
    assert client.get("/api/glossary?source=user").get_json() == {"terms": []}
    refused = client.get("/documents/new", headers={"Host": REBIND})
    assert refused.get_data(as_text=True) == "This server does not answer to that host name.\n"
    assert client.get("/api/documents", headers={"Host": REBIND}).get_json() == {
        "error": "This server does not answer to that host name."}


def test_the_host_is_refused_before_the_login_gate(app_factory):
    client = app_factory(LOGIN_REQUIRED="1").test_client()
    assert client.get("/", headers={"Host": REBIND}).status_code == 400   # not a redirect to /login
    assert client.get("/login", headers={"Host": REBIND}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1", "127.0.0.1:8123", "[::1]",
                                  "[::1]:5000"])
def test_loopback_names_are_served_on_any_port(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.2", "[::2]:5000", "localhost.attacker.example", "evil.localhost",
                                  "0.0.0.0:5000", "192.168.1.20:5000"])
def test_other_hosts_are_refused(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 400


def test_an_exposed_server_answers_to_its_own_names(app_factory):
    client = app_factory(TRUSTED_HOSTS=["reader.example.org", ".lesepult.test"]).test_client()
    for host in ("reader.example.org", "reader.example.org:8443", "lesepult.test", "de.lesepult.test"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    for host in ("localhost", "example.org", "reader.example.org.attacker.example"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 400, host


def test_every_answer_carries_the_security_headers_and_no_version(client):
    for path in ("/", "/api/documents", "/static/app.css", "/no-such-page", "/api/no-such-route"):
        response = client.get(path)
        policy = response.headers["Permissions-Policy"]
        assert {"camera=()", "microphone=()", "geolocation=()"} <= set(policy.split(", ")), path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        for name, value in response.headers.items():
            assert not re.search(r"(werkzeug|flask|python|gunicorn)\W*\d", value, re.IGNORECASE), (path, name, value)
        assert "Server" not in response.headers and "X-Powered-By" not in response.headers


def session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = session_cookie(client.get("/documents/new"))  # the page's CSRF token starts the session
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_behind_https(app_factory):
    cookie = session_cookie(app_factory(PREFERRED_URL_SCHEME="https").test_client().get("/documents/new"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_behind_a_proxy_the_forwarded_host_is_checked_and_login_is_required(app_factory):
    """gunicorn on 127.0.0.1 behind nginx: the proxy's request comes from loopback, but readers do not."""
    client = app_factory(PROXY_FIX=1, TRUSTED_HOSTS=["reader.example.org"]).test_client()
    forwarded = {"Host": "127.0.0.1:8000", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    assert client.get("/healthz", headers={**forwarded, "X-Forwarded-Host": "reader.example.org"}).status_code == 200
    assert client.get("/healthz", headers={**forwarded, "X-Forwarded-Host": REBIND}).status_code == 400
    page = client.get("/documents", headers={**forwarded, "X-Forwarded-Host": "reader.example.org"})
    assert page.status_code == 303 and page.headers["Location"].startswith("/login")
