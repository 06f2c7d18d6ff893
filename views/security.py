"""Security defaults: CSRF protection and a strict Content-Security-Policy.

CSRF has two layers. Browsers tell us where a request comes from
(`Sec-Fetch-Site`, `Origin`): anything cross-site that tries to change state is
refused outright. Requests from our own pages must also carry the Flask-WTF
token (forms send it as a field, htmx as the X-CSRFToken header). A client
that is not a browser (curl, scripts) sends neither header nor cookie and so
cannot be the vehicle of a cross-site forgery; it may use the API without a
token.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # we decide below when the token is needed
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)      # a reading session can last all day
    csrf.init_app(app)
    app.before_request(_check_origin)
    app.after_request(_headers)


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
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
