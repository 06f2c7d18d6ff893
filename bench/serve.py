"""`make run`'s server under load, and under a hostile upload.

Starts the real server (gunicorn with deploy/gunicorn.conf.py, its workers
and the translator) on a private port with a fresh database and the gloss,
then:

1. throughput and latency at 1, 8 and 50 connections for a cached reader page
   (GET /documents/1) and the document as JSON (GET /api/documents/1), with
   wrk (Debian package `wrk`; `apt-get install wrk`), 10 s each;
2. the peak memory of every server process while a .docx of under 1 MB that
   inflates to 290 MB is uploaded: private memory (pages not shared with a
   parent), sampled from /proc/<pid>/smaps_rollup every 10 ms.

Figures from one run on this machine; read the ratios. Goals on 2 cores:
8 connections ≥ 1.5× the throughput of 1; 0 errors and p99 < 2 s at 50; the
290 MB archive adds < 300 MB to any process and nothing to the web workers.

Run: python bench/serve.py [--seconds 10]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "LESEPULT_BIND": f"127.0.0.1:{port}", "LESEPULT_DATABASE": str(folder / "app.sqlite"),
           "LESEPULT_ENGINE": "gloss"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def wrk(url: str, connections: int, seconds: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_REPORT)
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    script.unlink()
    report = json.loads(out.strip().splitlines()[-1])
    report["rps"] = report["requests"] / report["seconds"]
    return report


def load_table(url: str, seconds: int) -> None:
    print("| path | connections | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|")
    for path in ("/documents/1", "/api/documents/1"):
        results = {c: wrk(url + path, c, seconds) for c in (1, 8, 50)}
        for connections, r in results.items():
            print(f"| {path} | {connections} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
                  f"| {r['errors']} |", flush=True)
        print(f"| {path} | 8 vs 1 | {results[8]['rps'] / results[1]['rps']:.2f}× | | | | |", flush=True)


def bomb_docx() -> bytes:
    """A .docx-shaped zip whose document.xml inflates to 290 MiB at about 340:1 (under 1 MB)."""
    block = bytearray(MiB)
    for position in range(0, MiB, 2000):
        block[position] = (position * 7919) % 251 + 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            for _ in range(290):
                member.write(block)
    return buffer.getvalue()


def private(pid: int) -> int:
    """Memory only this process holds (private pages): what it added, not what it shares with its parent."""
    try:
        fields = {line.split(":")[0]: int(line.split()[1]) for line in open(f"/proc/{pid}/smaps_rollup")
                  if line.startswith("Private_")}
    except (OSError, ValueError, IndexError):
        return 0
    return (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) * 1024


def descendants(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for p in out for child in [int(p), *descendants(int(p))]]


def role(pid: int) -> str:
    command = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
    if "lesepult translator" in command:
        return "translator"
    if "lesepult.sandbox_server" in command:
        return "import jobs (job server and its children)"
    return "web worker" if "gunicorn" in command else command[:40]


def upload_memory(server: subprocess.Popen, url: str) -> None:
    data = bomb_docx()
    before = {pid: private(pid) for pid in descendants(server.pid)}
    peaks: dict[int, int] = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in descendants(server.pid):
                peaks[pid] = max(peaks.get(pid, 0), private(pid))
            time.sleep(0.01)
    sampler = threading.Thread(target=sample)
    sampler.start()
    boundary = "lesepultbench"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bombe.docx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url + "/documents", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        status = urllib.request.urlopen(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    took = time.perf_counter() - started
    time.sleep(0.2)
    done.set()
    sampler.join()
    print(f"\nA {len(data) / MiB:.2f} MB .docx inflating to 290 MB: answered {status} in {took * 1000:.0f} ms")
    print("| process | role | private MB before | peak | added |\n|---|---|---|---|---|")
    for pid, peak in sorted(peaks.items()):
        if pid in before or peak:
            print(f"| {pid} | {role(pid) if os.path.exists(f'/proc/{pid}') else 'import job (gone)'} "
                  f"| {before.get(pid, 0) / MiB:.0f} | {peak / MiB:.0f} | {(peak - before.get(pid, 0)) / MiB:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    server, url = start_server(folder)
    try:
        for _ in range(3):  # import the sample and build the reader's window in every worker
            urllib.request.urlopen(url + "/documents/1" if _ else url + "/").read()
        for index in range(12):
            urllib.request.urlopen(f"{url}/documents/1/paragraphs/{index}").read()
        print(f"gunicorn on {os.cpu_count()} cores, {url}\n")
        load_table(url, args.seconds)
        upload_memory(server, url)
    finally:
        server.terminate()
        server.wait(15)


if __name__ == "__main__":
    main()
