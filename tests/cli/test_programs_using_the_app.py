"""The app in any program: `python -c`, a program read from standard input, a script without a
main guard, `flask shell`. Each imports a document through POST /documents (a job in the import
sandbox) and exits quietly: no traceback, nothing left running. A program that ends while its
import runs waits for it; killing the program abandons it. (Ctrl-C then: tests/unit/test_sandbox.py.)

Each program runs in a real interpreter, with the real Ding index and its own SQLite file.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from support import DING_DB
from support.services import wait_for

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"
TEXT = "Die Feuerpause hält seit Tagen. Der Sicherheitsrat tagt erneut.\n\nAm Abend sprach der Minister."


def make_a_book(chapters: int) -> str:
    """A line of the program that makes BOOK, a paragraph a chapter (a book is too long for a command line)."""
    return ('BOOK = "\\n\\n".join(f"Kapitel {n}. Die Feuerpause hält seit {n} Tagen. Der Sicherheitsrat '
            f'tagt erneut." for n in range(1, {chapters + 1}))\n')


# The program's body once it has its app (`flask shell` provides one): one statement a line.
USE_THE_APP = """\
import re
client = app.test_client()
page = client.get("/documents/new").get_data(as_text=True)
token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
response = client.post("/documents", data={"text": TEXT, "title": "Aus einem Programm", "csrf_token": token})
print("answered", response.status_code)
"""


@pytest.fixture
def run(tmp_path):
    """Run a program with the app configured for tmp_path; a unique mark in its environment lets
    the test find every process it left behind."""
    mark = uuid.uuid4().hex
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "LESEPULT_SANDBOX_TEST": mark}

    def run(command: list[str], stdin: str | None = None, **popen) -> subprocess.Popen:
        return subprocess.Popen(command, cwd=tmp_path, env=environment, text=True, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)

    run.mark = mark
    yield run
    for pid in processes_marked(mark):  # a failed test leaves nothing running either
        os.kill(pid, signal.SIGKILL)


def config(tmp_path: Path, **extra) -> dict:
    return {"DATABASE": str(tmp_path / "lesepult.sqlite"), "DICTIONARY_DB": str(DING_DB),
            "TRANSLATION_ENGINE": "gloss", "SECRET_KEY": "test", "IMPORT_WAIT": 60, **extra}


def program(tmp_path: Path, **extra) -> str:
    """A whole program: build the app with create_app(), then use it, without a main guard."""
    return (f"from app import create_app\nprint('program started')\nTEXT = {TEXT!r}\n"
            f"app = create_app({config(tmp_path, **extra)!r})\n" + USE_THE_APP)


def finish(process: subprocess.Popen, stdin: str | None = None) -> tuple[str, str]:
    stdout, stderr = process.communicate(stdin, timeout=120)
    assert process.returncode == 0, stderr
    return stdout, stderr


def assert_imported_and_gone(tmp_path: Path, stdout: str, mark: str, paragraphs: int = 2) -> None:
    assert "answered 303" in stdout  # the reader's page of the new document
    db = sqlite3.connect(tmp_path / "lesepult.sqlite")
    try:
        documents = db.execute("SELECT id, status, title FROM documents").fetchall()
        stored = db.execute("SELECT COUNT(*) FROM paragraphs WHERE document_id = ?", (documents[0][0],)).fetchone()[0]
    finally:
        db.close()
    assert [row[1:] for row in documents] == [("ready", "Aus einem Programm")] and stored == paragraphs
    assert processes_marked(mark) == []  # the job server went with the program, and its jobs


def test_a_program_given_with_python_c(tmp_path, run):
    stdout, stderr = finish(run([sys.executable, "-c", program(tmp_path)]))
    assert stderr == ""
    assert_imported_and_gone(tmp_path, stdout, run.mark)


def test_a_program_read_from_standard_input(tmp_path, run):
    stdout, stderr = finish(run([sys.executable, "-"]), stdin=program(tmp_path))
    assert stderr == ""
    assert_imported_and_gone(tmp_path, stdout, run.mark)


def test_a_script_without_a_main_guard_runs_once(tmp_path, run):
    script = tmp_path / "import_one.py"
    script.write_text(program(tmp_path), encoding="utf-8")
    stdout, stderr = finish(run([sys.executable, str(script)]))
    assert stderr == ""
    assert stdout.count("program started") == 1  # the sandbox did not run the script again
    assert_imported_and_gone(tmp_path, stdout, run.mark)


def test_flask_shell(tmp_path, run):
    shell = run([str(FLASK), "--app", f"app:create_app({config(tmp_path)!r})", "shell"])
    stdout, stderr = finish(shell, stdin=f"TEXT = {TEXT!r}\n" + USE_THE_APP)
    assert "Traceback" not in stderr and "Error" not in stderr  # the shell's banner goes to stderr
    assert_imported_and_gone(tmp_path, stdout, run.mark)


def book_program(tmp_path: Path, chapters: int) -> str:
    """Post a book and end at once, telling how far its import is (IMPORT_WAIT=0: the request does not wait)."""
    return (make_a_book(chapters) + program(tmp_path, IMPORT_WAIT=0).replace("TEXT, ", "BOOK, ")
            + f"import sqlite3\nDB = sqlite3.connect({str(tmp_path / 'lesepult.sqlite')!r})\n"
            + "print('at the end:', DB.execute('SELECT status FROM documents').fetchone()[0], flush=True)\n")


def test_a_program_that_ends_during_an_import_waits_for_it(tmp_path, run):
    stdout, stderr = finish(run([sys.executable, "-c", book_program(tmp_path, 2000)]))
    assert "at the end: importing" in stdout and stderr == ""
    assert_imported_and_gone(tmp_path, stdout, run.mark, paragraphs=2000)


def test_a_killed_program_takes_the_job_server_and_its_job_along(tmp_path, run):
    ending = run([sys.executable, "-c", book_program(tmp_path, 40_000)])
    assert last_words(ending) == "at the end: importing\n"
    job = wait_for(lambda: import_pid(tmp_path), timeout=60, what="the import job")
    assert job in processes_marked(run.mark)
    ending.kill()
    _, stderr = ending.communicate(timeout=30)
    assert "Traceback" not in stderr
    wait_for(lambda: processes_marked(run.mark) == [], timeout=10, what="the job server and job to go")


def last_words(program: subprocess.Popen) -> str:
    """The line the program prints as it ends (what it printed before is not flushed yet)."""
    return next(line for line in program.stdout if line.startswith("at the end"))


def import_pid(tmp_path: Path) -> int | None:
    try:
        db = sqlite3.connect(tmp_path / "lesepult.sqlite")
        try:
            row = db.execute("SELECT import_pid FROM documents WHERE status = 'importing'").fetchone()
        finally:
            db.close()
    except sqlite3.OperationalError:  # not created yet
        return None
    return row[0] if row else None


def processes_marked(mark: str) -> list[int]:
    """Live processes (not zombies) with this test's mark in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"LESEPULT_SANDBOX_TEST={mark}".encode() in (entry / "environ").read_bytes().split(b"\0") \
                    and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(entry.name))
        except OSError:
            continue
    return found
