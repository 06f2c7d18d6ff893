"""Who is reading: the logged-in account (a Flask-Login session), else the local reader.

On a learner's own machine (the server listens on loopback) nobody needs to
log in and everything belongs to the local reader. When the server is
exposed, LOGIN_REQUIRED is on (lesepult.config.login_required decides it at
start-up and leaves True or False in app.config) and every route but the
login page, /healthz and static files wants a session: a page redirects to
/login, an htmx request is told to go there, the JSON API answers 401.
/healthz stays open so a load balancer or monitor can probe the server; it
says only that the app is up and which engine it uses.

`g.reader_id` is set here and nowhere else; `workspace()` hands it to every
service, which is how each account sees only its own and shared data.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user

from lesepult import config
from lesepult.services import accounts

from .errors import wants_json
from .workspace import get_db

OPEN_ENDPOINTS = {"static", "pages.favicon", "accounts.login", "api.health"}

login_manager = LoginManager()


class SessionUser(UserMixin):
    """An account as Flask-Login holds it. The session keeps "id:stamp", so a password change ends old sessions."""

    def __init__(self, user: accounts.User):
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.stamp}"


@login_manager.user_loader
def _load(session_id: str) -> SessionUser | None:
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    # The database alone: the request's workspace must not be made before g.reader_id is known.
    user = accounts.session_user(get_db(), int(user_id), stamp)
    return SessionUser(user) if user else None


def init_app(app: Flask) -> None:
    app.config["LOGIN_REQUIRED"] = config.login_required(
        app.config["LOGIN_REQUIRED"], os.environ.get("LESEPULT_BIND"), bool(app.config["PROXY_FIX"]))
    login_manager.init_app(app)
    app.before_request(_identify)


def _identify():
    if current_user.is_authenticated:
        g.reader_id = current_user.user.id
    elif current_app.config["LOGIN_REQUIRED"] and request.endpoint not in OPEN_ENDPOINTS:
        return _ask_to_log_in()


def _ask_to_log_in():
    if wants_json():
        abort(401, "Log in first: POST name and password to /login, then send its session cookie.")
    login = url_for("accounts.login", next=request.full_path.rstrip("?") if request.method == "GET" else None)
    if request.headers.get("HX-Request"):  # htmx would swap the login page into a fragment: send the page there
        return Response(status=401, headers={"HX-Redirect": login})
    return redirect(login, code=303)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host: no open redirect), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
