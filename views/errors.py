"""Errors answered once, for every view: JSON for the API, a readable page for people.

Domain errors (`UserError` and its kinds) carry the HTTP status they stand
for; Flask's own errors (404 for unknown routes, 413 for oversize bodies,
400 for a missing CSRF token) are answered the same way.
"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from lesepult.errors import UserError

API_PREFIXES = ("/api/", "/healthz")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, lambda error: answer(error.description, error.code))
    app.register_error_handler(UserError, lambda error: answer(str(error), error.status))


def answer(message: str, status: int):
    if request.path.startswith(API_PREFIXES):
        return jsonify(error=message), status
    return render_template("error.html", message=message), status
