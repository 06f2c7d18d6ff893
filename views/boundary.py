"""Hostile input refused once, where it enters, for every route: a 400, 404 or 413 that says why, never a 500.

- The Host header: see `Request` (the allow-list itself is in views/security.py).
- Ids in URLs: SQLite integers end at 2^63 − 1 and cannot bind anything
  larger, so `<int:…>` is replaced by a converter bounded there. A larger id
  names nothing: 404, like any unknown id.
- JSON bodies: at most MAX_JSON_BYTES (413). Python's parser lets escaped
  lone surrogates ("\\ud800") through, which are not text and fail later in
  SQLite or an export, and answers very deep nesting with a RecursionError;
  both become a 400 here, with the parser's reason (Flask's own answer hides
  it). The body is parsed before the view runs, so every view that reads it
  quietly (`get_json(silent=True)`) finds good JSON or no body at all.
"""
from __future__ import annotations

import re

import flask
from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from lesepult.errors import TooLarge, UserError
from lesepult.services.documents import MAX_DOCUMENT_ID
from lesepult.services.translate import MAX_TRANSIENT_CHARS

# The largest JSON body: a text for /api/translate at its limit, each character escaped (\uXXXX), and the rest.
MAX_JSON_BYTES = 6 * MAX_TRANSIENT_CHARS + 64 * 1024
SURROGATE = re.compile("[\ud800-\udfff]")
IPV6_HOST = re.compile(r"(\[[0-9a-f:.]+\])(?::\d{1,5})?", re.IGNORECASE)


class Request(flask.Request):
    """Flask's request, with IPv6 literals in TRUSTED_HOSTS working and JSON errors that say what is wrong.

    Werkzeug compares a trusted name up to its first ":" — "[" for "[::1]" —
    so an IPv6 literal never matches. A Host that is one of the trusted
    literals (any port) skips that comparison; Werkzeug still checks its
    characters and port. Every other Host goes through Werkzeug's check.
    """

    _trusted: list[str] | None = None

    @property
    def trusted_hosts(self) -> list[str] | None:
        literal = IPV6_HOST.fullmatch(self.environ.get("HTTP_HOST", ""))
        if literal and self._trusted and literal.group(1).lower() in self._trusted:
            return None
        return self._trusted

    @trusted_hosts.setter
    def trusted_hosts(self, value: list[str] | None) -> None:
        self._trusted = value

    def on_json_loading_failed(self, e: ValueError | None):
        raise UserError(f"The body is not usable JSON: {e}.")  # Flask's own answer leaves the reason out


def _numbers_up_to(limit: int) -> str:
    """A regular expression matching the decimal numbers 0 … `limit` and no others (leading zeros aside).

    Numbers shorter than the limit, then for each digit of the limit: the same
    digits before it, a smaller digit there, any digits after it; then the limit.
    """
    digits = str(limit)
    shorter = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    smaller = [rf"{digits[:i]}[0-{int(d) - 1}]\d{{{len(digits) - i - 1}}}" for i, d in enumerate(digits) if d != "0"]
    return "(?:" + "|".join([*shorter, *smaller, digits]) + ")"


class BoundedInt(IntegerConverter):
    """`<int:…>` in every route: 0 … 2^63 − 1, by the route's pattern itself.

    A larger number does not match the route at all, so it is a 404 whatever
    the method (a converter that refused it after matching would make
    Werkzeug answer 405 where the same path has a route for another method),
    and Python's int() is never asked to convert a 5,000-digit string, which
    it refuses with an error.
    """

    regex = _numbers_up_to(MAX_DOCUMENT_ID)


class JSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("it is nested too deeply") from None
        if _holds_surrogate(value):
            raise ValueError("a string holds a lone surrogate (\\ud800–\\udfff), which is not text")
        return value


def _holds_surrogate(value) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: routes take their converters when they are added."""
    app.request_class = Request
    app.url_map.converters["int"] = BoundedInt
    app.json = JSONProvider(app)
    app.before_request(_read_json_body)


def _read_json_body():
    if not request.is_json:
        return
    # At most one byte past the limit is read: a body sent without a length (chunked) shows it is too long by
    # having that byte, where Werkzeug would stop at the limit and hand on the truncated rest as if it were all.
    request.max_content_length = MAX_JSON_BYTES + 1
    if (request.content_length or 0) > MAX_JSON_BYTES or len(request.get_data(cache=True)) > MAX_JSON_BYTES:
        raise TooLarge(f"A JSON body may have at most {MAX_JSON_BYTES // 1024:,} KB.")
    if request.get_data(cache=True):
        request.get_json()  # a 400 with the parser's reason; views reading it later get the cached value
