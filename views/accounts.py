"""Logging in and out, and the administrators' accounts page."""
from __future__ import annotations

from flask import (Blueprint, Flask, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from lesepult.errors import UserError
from lesepult.services import accounts

from .sessions import SessionUser, safe_next
from .workspace import get_db, workspace

bp = Blueprint("accounts", __name__)

LOGIN_LIMIT = "5/minute"   # failed attempts, per client address and per account name
TOO_MANY = "Too many failed logins: wait a minute, then try again."

# Counts are kept in this process's memory: exact for one server process. Each
# gunicorn worker keeps its own, so with N workers an address gets up to N × 5
# tries a minute; storage_uri="redis://…" would share the counts.
limiter = Limiter(get_remote_address, storage_uri="memory://", headers_enabled=True)


def init_app(app: Flask) -> None:
    limiter.init_app(app)


def _attempted_name() -> str:
    # Prefixed, so that an account named like an address never shares that address's count.
    return "name:" + request.form.get("name", "").strip().lower()[:64]


def _failed(response) -> bool:
    return response.status_code != 303   # a successful login redirects


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_failed, error_message=TOO_MANY)
@limiter.limit(LOGIN_LIMIT, key_func=_attempted_name, methods=["POST"], deduct_when=_failed, error_message=TOO_MANY)
def login():
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target or url_for("pages.library"))
        return render_template("login.html", next=target, name="")
    name = request.form.get("name", "")
    try:
        user = accounts.log_in(get_db(), name, request.form.get("password"))
    except UserError as error:
        return render_template("login.html", next=target, name=name, error=str(error)), error.status
    session.clear()  # nothing from before the login (a token, a fixed session) carries over
    login_user(SessionUser(user))
    return redirect(target or url_for("pages.library"), code=303)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("accounts.login" if current_app.config["LOGIN_REQUIRED"] else "pages.index"), code=303)


# ---------------------------------------------------------------- administration

@bp.get("/admin/users")
def users():
    return _users_page()


def _users_page(error: str | None = None, status: int = 200, form: dict | None = None):
    ws = workspace()
    return render_template("users.html", users=accounts.users(ws), me=ws.reader, error=error,
                           form=form or {}), status


@bp.post("/admin/users")
def add_user():
    try:
        user = accounts.add(workspace(), request.form.get("name"), request.form.get("password"),
                            request.form.get("admin") == "1")
    except UserError as error:
        if error.status == 403:
            raise
        return _users_page(str(error), error.status, {"name": request.form.get("name", ""),
                                                      "admin": request.form.get("admin") == "1"})
    flash(f"Added {'administrator' if user.is_admin else 'reader'} {user.name}.")
    return redirect(url_for("accounts.users"), code=303)


@bp.post("/admin/users/<int:user_id>/password")
def set_password(user_id: int):
    try:
        user = accounts.set_password(workspace(), user_id, request.form.get("password"))
    except UserError as error:
        if error.status in (403, 404):
            raise
        return _users_page(str(error), error.status)
    flash(f"Set a new password for {user.name}; their sessions have ended.")
    return redirect(url_for("accounts.users"), code=303)


@bp.route("/admin/users/<int:user_id>/remove", methods=["GET", "POST"])
def remove_user(user_id: int):
    """GET asks for confirmation; POST removes the account and everything it owns."""
    ws = workspace()
    if request.method == "GET":
        return render_template("confirm_remove_user.html", user=accounts.get(ws, user_id))
    flash(str(accounts.remove(ws, user_id)))
    return redirect(url_for("accounts.users"), code=303)
