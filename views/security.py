"""Security defaults: the Host allow-list, CSRF protection, a strict Content-Security-Policy, cookies, proxies.

The Host allow-list comes first. A DNS-rebinding page (a name of the
attacker's that they re-point at 127.0.0.1) is same-origin with itself, so
its requests pass the Origin check and can carry a CSRF token fetched the
same way; only the Host header it must send gives it away. Flask refuses
hosts not in TRUSTED_HOSTS (loopback names by default, any port) with 400
(IPv6 literals such as [::1] through views/boundary.py's `Request`).

CSRF has two layers. Browsers tell us where a request comes from
(`Sec-Fetch-Site`, `Origin`): anything cross-site that tries to change state is
refused outright. Requests from our own pages must also carry the Flask-WTF
token (forms send it as a field, htmx as the X-CSRFToken header). A client
that is not a browser (curl, scripts) sends neither header nor cookie and so
cannot be the vehicle of a cross-site forgery; it may use the API without a
token.

Behind a reverse proxy, PROXY_FIX (the number of proxies in front) makes
Werkzeug's ProxyFix take the client address, scheme, host and prefix from
their X-Forwarded-* headers; the allow-list then checks the forwarded host.
With PREFERRED_URL_SCHEME "https" the session cookie is Secure.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
# Powerful features the app never uses, off for it and anything it could embed.
# Speech synthesis (the "listen" keys) needs no permission. Only names Chromium
# knows: an unknown one is logged as an error on every page.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer",
    "microphone", "midi", "payment", "serial", "usb"))


def init_app(app: Flask) -> None:
    proxies = int(app.config["PROXY_FIX"] or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config["SESSION_COOKIE_SAMESITE"] or "Lax"
    app.config["SESSION_COOKIE_SECURE"] = (app.config["SESSION_COOKIE_SECURE"]
                                           or app.config["PREFERRED_URL_SCHEME"] == "https")
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # we decide below when the token is needed
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)      # a reading session can last all day
    csrf.init_app(app)
    app.before_request(_refuse_untrusted_host)  # first: nothing may run for a host we do not serve
    app.before_request(_check_origin)
    app.after_request(_headers)


def _refuse_untrusted_host():
    """Flask checks TRUSTED_HOSTS while routing but raises only when it dispatches to the view, after every
    before_request hook (the login gate, CSRF, the database) has run for the untrusted host."""
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def _check_origin():
    if request.method in SAFE_METHODS:
        return
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if site and site not in ("same-origin", "none"):
        abort(403, "Cross-site requests may not change anything here.")
    if origin and urlsplit(origin).netloc != request.host:  # "null" origins are refused too
        abort(403, "Cross-origin requests may not change anything here.")
    if site or origin or request.cookies:
        csrf.protect()


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
