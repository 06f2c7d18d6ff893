"""`make run`'s server as a real process: gunicorn with deploy/gunicorn.conf.py, its translator, SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from support import ROOT

pytestmark = pytest.mark.services


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return open(f"/proc/{pid}/stat").read().split()[2] != "Z"


@pytest.fixture
def server(tmp_path, ding_db):
    port = free_port()
    env = {**os.environ, "LESEPULT_BIND": f"127.0.0.1:{port}", "LESEPULT_DATABASE": str(tmp_path / "app.sqlite"),
           "LESEPULT_DICTIONARY": str(ding_db), "LESEPULT_ENGINE": "gloss", "LESEPULT_WORKERS": "2"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield process, url
    if process.poll() is None:
        process.kill()
    process.wait()


def test_serves_with_workers_and_one_translator(server):
    process, url = server
    assert urllib.request.urlopen(url + "/").status == 200
    response = urllib.request.urlopen(url + "/healthz")
    assert response.headers["Server"] == "gunicorn"  # no version
    kids = children(process.pid)
    commands = [open(f"/proc/{pid}/cmdline").read().replace("\0", " ") for pid in kids]
    assert sum("lesepult translator" in c for c in commands) == 1, commands
    assert len(kids) == 3, commands  # two workers and the translator


def test_sigterm_lets_an_inflight_request_finish_and_stops_within_10_s(server):
    process, url = server
    kids = children(process.pid)
    # An import of a second or two: 10,000 short paragraphs.
    text = ("Die Feuerpause hält seit Montag. Der Sicherheitsrat tagt erneut in New York.\n\n" * 10_000).encode()
    result = {}

    def post():
        request = urllib.request.Request(url + "/documents", data=b"text=" + text, method="POST")
        try:
            with NO_REDIRECTS.open(request, timeout=30) as response:
                result["status"] = response.status
        except urllib.error.HTTPError as error:  # the 303 itself: the server is gone before we could follow it
            result["status"] = error.code
    client = threading.Thread(target=post)
    client.start()
    time.sleep(0.3)  # the import is running in a worker
    stopping = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=15)
    took = time.monotonic() - stopping
    client.join(timeout=15)
    assert result.get("status") in (200, 303), result   # finished, not cut off
    assert took < 10, f"stopped in {took:.1f} s"
    assert not [pid for pid in kids if alive(pid)], "workers and translator are gone"
    assert "Shutting down: Master" in process.stdout.read()
