"""`python -m lesepult backup`: a consistent copy of the database while the app uses it."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

from lesepult import storage
from lesepult.documents import create_document
from support import ROOT


def test_backup_copies_the_database_while_it_is_in_use(tmp_path):
    database = tmp_path / "app.sqlite"
    db = storage.connect(database)
    storage.init_schema(db)
    create_document(db, "Die Feuerpause hält. Der Sicherheitsrat tagt.", "Gesichert")
    db.execute("BEGIN")  # a reader in the middle of a transaction: the backup still goes through
    db.execute("SELECT COUNT(*) FROM sentences").fetchone()
    target = tmp_path / "backup.sqlite"
    result = subprocess.run([sys.executable, "-m", "lesepult", "backup", str(target), "--db", str(database)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    db.execute("ROLLBACK")
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT title FROM documents").fetchall() == [("Gesichert",)]
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = subprocess.run([sys.executable, "-m", "lesepult", "backup", str(target), "--db", str(database)],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "exists already" in again.stderr  # never overwrites a backup
