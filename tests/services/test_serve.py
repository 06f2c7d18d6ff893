"""`make run`'s server as a real process: gunicorn with deploy/gunicorn.conf.py, its translator, SIGTERM."""
from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest

from support.services import alive, children, free_port, start_server, stop

pytestmark = pytest.mark.services


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@pytest.fixture
def server(tmp_path, ding_db):
    env = {**os.environ, "LESEPULT_DATABASE": str(tmp_path / "app.sqlite"),
           "LESEPULT_DICTIONARY": str(ding_db), "LESEPULT_ENGINE": "gloss", "LESEPULT_WORKERS": "2"}
    process, url = start_server(env, free_port())
    yield process, url
    stop(process)  # SIGTERM: gunicorn stops its translator too (a SIGKILL would leave it running)


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


def test_the_translator_does_not_outlive_a_killed_master(server):
    process, _ = server
    [translator] = [pid for pid in children(process.pid)
                    if "lesepult translator" in open(f"/proc/{pid}/cmdline").read().replace("\0", " ")]
    process.kill()  # no hooks run: gunicorn cannot stop its translator itself
    process.wait()
    deadline = time.monotonic() + 10
    while alive(translator) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(translator), "an orphaned translator would go on translating with nobody to stop it"
