"""`python -m lesepult users`: run as an operator runs it, in a subprocess, on the app's database."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from support import document_id, log_in, make_app, post_text

ROOT = Path(__file__).resolve().parents[2]


def users(db: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "lesepult", "users", *args, "--db", str(db)]
    return subprocess.run(command, cwd=ROOT, env=dict(os.environ), input=password, capture_output=True, text=True,
                          timeout=60)


def test_users_add_list_passwd_remove(tmp_path, ding_db):
    db = tmp_path / "lesepult.sqlite"
    added = users(db, "add", "anna", "--admin", "--password-stdin", password="anna-passwort\n")
    assert (added.returncode, added.stdout) == (0, "Added administrator anna.\n")
    assert users(db, "add", "bob", "--password-stdin", password="bobs-passwort\n").returncode == 0

    app = make_app(tmp_path, ding_db, LOGIN_REQUIRED="1", IMPORT_WAIT=None)   # the same file, served
    anna = app.test_client()
    assert log_in(anna, "anna", "anna-passwort").status_code == 303
    assert anna.get("/admin/users").status_code == 200
    bob = app.test_client()
    assert log_in(bob, "bob", "bobs-passwort").status_code == 303
    document_id(post_text(bob, "Die Waffenruhe hält."))

    listed = users(db, "list")
    assert listed.returncode == 0
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [["anna", "admin"], ["bob", "reader"]]

    assert users(db, "passwd", "BOB", "--password-stdin", password="bobs-neues-pw\n").returncode == 0
    assert bob.get("/documents").status_code == 303   # his session ended with the old password
    assert log_in(app.test_client(), "bob", "bobs-neues-pw").status_code == 303

    removed = users(db, "remove", "bob")
    assert removed.returncode == 0
    assert removed.stdout == "Removed bob with 1 document, 0 glossary terms and 0 word marks.\n"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT name FROM users ORDER BY id").fetchall() == [("local",), ("anna",)]
        assert connection.execute("SELECT COUNT(*) FROM documents WHERE is_sample = 0").fetchone()[0] == 0


def test_users_refusals_say_why(tmp_path):
    db = tmp_path / "lesepult.sqlite"
    short = users(db, "add", "anna", "--password-stdin", password="kurz\n")
    assert short.returncode == 1 and "8 to 1024 characters" in short.stderr
    assert users(db, "add", "anna", "--password-stdin", password="anna-passwort\n").returncode == 0
    twice = users(db, "add", "ANNA", "--password-stdin", password="anna-passwort\n")
    assert twice.returncode == 1 and "already an account named" in twice.stderr
    bad_name = users(db, "add", "anna maria", "--password-stdin", password="anna-passwort\n")
    assert bad_name.returncode == 1 and "A name has 1 to 64 characters" in bad_name.stderr
    for name in ("nobody", "local"):
        missing = users(db, "remove", name)
        assert missing.returncode == 1 and f"There is no account named “{name}”." in missing.stderr
    assert users(db, "frobnicate").returncode == 2

