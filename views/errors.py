"""Errors answered once, for every view: JSON for the API, a readable page for people.

Domain errors (`UserError` and its kinds) carry the HTTP status they stand
for; Flask's own errors (404 for unknown routes, 413 for oversize bodies,
400 for a missing CSRF token) are answered the same way.
"""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, SecurityError

from lesepult.errors import UserError

API_PREFIXES = ("/api/", "/healthz")
UNTRUSTED_HOST = "This server does not answer to that host name."


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, lambda error: answer(error.description, error.code))
    app.register_error_handler(UserError, lambda error: answer(str(error), error.status))
    app.register_error_handler(SecurityError, _untrusted_host)


def wants_json() -> bool:
    return request.path.startswith(API_PREFIXES)


def answer(message: str, status: int):
    if wants_json():
        return jsonify(error=message), status
    return render_template("error.html", message=message), status


def _untrusted_host(_error):
    """No page: its links and CSRF token would be made for the very host we refuse."""
    if wants_json():
        return jsonify(error=UNTRUSTED_HOST), 400
    return Response(UNTRUSTED_HOST + "\n", 400, mimetype="text/plain")
