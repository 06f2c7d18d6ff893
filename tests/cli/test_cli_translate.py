"""`python -m lesepult translate`: run as a user runs it, in a subprocess, on real files."""
from __future__ import annotations

import io
import os
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ("Die Vereinten Nationen fordern eine Feuerpause in Aleppo.\n\n"
          "Der Außenminister reist nach Moskau. Die Gespräche gehen weiter.\n")
PAGE = ("<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Gespräche in Genf</title></head>"
        "<body><article><h1>Gespräche in Genf</h1><p>Die Armee kündigte eine Feuerpause an.</p>"
        "<p>Die Rebellen lehnen das ab.</p></article></body></html>")


def png() -> bytes:
    """A real one-pixel PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def run(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ)  # carries ARGOS_PACKAGES_DIR, set by conftest
    environment.update(env or {})
    command = [sys.executable, "-m", "lesepult", "translate", *args, "--db", str(tmp_path / "lesepult.sqlite")]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "windows.txt").write_bytes("Die Außenminister trafen sich in Genf. Über Syrien sprachen sie lange.\r\n"
                                         .encode("cp1252"))
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "picture.txt").write_bytes(png())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def documents(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "lesepult.sqlite") as db:
        return [row[0] for row in db.execute("SELECT source FROM documents ORDER BY id")]


def test_a_batch_writes_the_good_files_and_reports_the_bad(tmp_path, inputs, ding_db):
    out = tmp_path / "out"
    names = ["good.txt", "picture.txt", "windows.txt", "empty.txt", "page.html"]
    result = run(tmp_path, *(str(inputs / n) for n in names), "--format", "html", "-o", str(out),
                 "--engine", "gloss", "--dictionary", str(ding_db))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "picture.txt" in result.stderr and "PNG" in result.stderr
    assert "empty.txt" in result.stderr
    assert "\r" not in result.stderr, "no progress bar when stderr is not a terminal"
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "page.html", "windows.html"]
    assert "Außenminister" in (out / "windows.html").read_text(encoding="utf-8")
    assert "Gespräche in Genf" in (out / "page.html").read_text(encoding="utf-8")
    assert documents(tmp_path) == ["good.txt", "windows.txt", "page.html"]


@pytest.mark.parametrize("fmt", ["md-columns", "tsv", "tmx", "docx"])
def test_each_format_is_written_and_parses(tmp_path, inputs, ding_db, fmt):
    out = tmp_path / "out"
    result = run(tmp_path, str(inputs / "good.txt"), "--format", fmt, "-o", str(out),
                 "--engine", "gloss", "--dictionary", str(ding_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    target = out / ("good.md" if fmt == "md-columns" else f"good.{fmt}")
    assert [p.name for p in out.iterdir()] == [target.name]
    data = target.read_bytes()
    if fmt == "docx":
        assert len(docx.Document(io.BytesIO(data)).tables[0].rows) == 1 + 3  # heading row, three sentences
    elif fmt == "tmx":  # a gloss is no translation: its sentences stay out of a translation memory
        root = ET.fromstring(data)
        assert root.findall("body/tu/prop[.='sentence']") == [] and "left out" in root.findtext("header/note")
        assert root.findall("body/tu/prop[.='term']")
    elif fmt == "tsv":
        rows = [line for line in data.decode("utf-8").splitlines() if not line.startswith("#")]
        assert len(rows) == 1 + 3
    else:
        assert sum(1 for line in data.decode("utf-8").splitlines() if "Feuerpause" in line) >= 1
        assert "| ¶ | Deutsch | English |" in data.decode("utf-8")


def test_same_stem_twice_does_not_overwrite(tmp_path, inputs, ding_db):
    (inputs / "good.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run(tmp_path, str(inputs / "good.txt"), str(inputs / "good.html"), "--format", "md",
                 "-o", str(out), "--engine", "gloss", "--dictionary", str(ding_db))
    assert result.returncode == 0, result.stderr
    assert "Feuerpause in Aleppo" in (out / "good.md").read_text(encoding="utf-8")
    assert "Gespräche in Genf" in (out / "good-2.md").read_text(encoding="utf-8")


def test_argos_without_a_model_exits_3(tmp_path, inputs):
    empty = tmp_path / "no-packages"
    empty.mkdir()
    result = run(tmp_path, str(inputs / "good.txt"), "--format", "tmx", "-o", str(tmp_path / "out"),
                 "--engine", "argos", env={"ARGOS_PACKAGES_DIR": str(empty)})
    assert result.returncode == 3
    assert "install-model" in result.stderr
    assert not (tmp_path / "out" / "good.tmx").exists()


def test_usage_errors_exit_2(tmp_path, inputs):
    result = run(tmp_path, str(inputs / "good.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "--format" in result.stderr
    result = run(tmp_path, str(inputs / "good.txt"), "--format", "pdf", "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_argos_model_translates_into_the_given_database(tmp_path, inputs, argos_model):
    out = tmp_path / "out"
    arguments = [str(inputs / "good.txt"), "--format", "tmx", "-o", str(out), "--engine", "argos"]
    assert run(tmp_path, *arguments).returncode == 0
    root = ET.fromstring((out / "good.tmx").read_bytes())
    assert "argos (translate-de_en" in root.findtext("header/prop[@type='x-engine']")
    with sqlite3.connect(tmp_path / "lesepult.sqlite") as db:
        cached = db.execute("SELECT COUNT(*) FROM translations WHERE engine = 'argos'").fetchone()[0]
    assert cached == 3, "the three sentences are cached for the app"


def test_progress_bar_on_a_terminal(tmp_path, inputs, ding_db):
    """stderr on a pseudo-terminal: the bar is drawn and the written file named."""
    import pty

    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "lesepult", "translate", str(inputs / "good.txt"), "--format", "tsv",
               "-o", str(tmp_path / "out"), "--engine", "gloss", "--dictionary", str(ding_db),
               "--db", str(tmp_path / "lesepult.sqlite")]
    process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    assert process.stdout.read() == b""
    text = shown.decode("utf-8")
    assert "[1/1] good.txt [" in text and "3/3 sentences" in text and "good.tsv" in text
