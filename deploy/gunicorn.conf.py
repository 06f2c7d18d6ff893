"""gunicorn's settings for `make run`: all cores, bounded connections, timeouts, a graceful stop.

Sizing for this app: requests are CPU-bound (rendering, lookups, the gloss)
and hold the GIL, so processes, not threads, use the cores: two worker
processes per core with two threads each for the waits (SQLite, the
network). With one process per core, keep-alive connections often pile up
on one worker while the other idles (measured with bench/serve.py: 8
connections then served no more than 1 for the JSON API). The translation model is loaded after the fork, in
each worker lazily, never in the master (`preload_app` off): a process that
has started OpenMP must not fork (LibreTranslate #1008: libgomp deadlocks in
recycled workers), and each worker's CTranslate2 gets an equal share of the
cores through OMP_NUM_THREADS.

Whole documents are translated in exactly one place: the translator process
(`python -m lesepult translator`) this file starts beside the workers and
stops with them; or, with a broker (BROKER_URL), on Celery workers, and no
translator is started here. SIGTERM to the master: workers finish in-flight requests,
the translator stops after its batch in hand, all within `graceful_timeout`.
"""
from __future__ import annotations

import os
import subprocess
import sys

CORES = os.cpu_count() or 1

bind = os.environ.get("LESEPULT_BIND", "127.0.0.1:5000")
wsgi_app = "app:create_app()"
worker_class = "gthread"
workers = int(os.environ.get("LESEPULT_WORKERS", 2 * CORES))
threads = int(os.environ.get("LESEPULT_THREADS", 2))
worker_connections = 64        # per worker: beyond this, connections wait in the backlog
backlog = 256
keepalive = 5                  # idle keep-alive connections close after this many seconds
timeout = 60                   # a worker silent this long (a stuck request) is replaced
graceful_timeout = 6           # SIGTERM: in-flight requests get this long; the whole stop stays under 10 s
max_requests = 5000            # recycle workers now and then (safe: the model loads after fork)
max_requests_jitter = 500
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
preload_app = False
proc_name = "lesepult"
control_socket_disable = True  # no runtime control socket: nothing to manage it, and two servers would share its path
accesslog = "-"
# The path without its query string: lookups carry the reader's sentence in it, which stays out of logs.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms "%(a)s"'
raw_env = [f"OMP_NUM_THREADS={max(1, CORES // workers)}", "LESEPULT_TRANSLATOR=process",
           f"LESEPULT_BIND={bind}"]


def on_starting(server):
    """Load the language data in the master: workers forked from it share it (lesepult/warmup.py)."""
    from lesepult.warmup import load_language_data

    load_language_data()


def when_ready(server):
    """Start the one translator, and have gunicorn's stop tell it to stop too, at once."""
    from lesepult.config import setting

    if setting("BROKER_URL"):  # the environment or instance/config.py, as the app reads it
        return  # Celery workers translate (lesepult/distributed): no translator here
    environment = {**os.environ, "OMP_NUM_THREADS": str(CORES), "LESEPULT_TRANSLATOR": "process"}
    server.translator = subprocess.Popen([sys.executable, "-m", "lesepult", "translator", "--exit-with-parent"],
                                         env=environment)
    server.log.info("Started the translator (pid %s)", server.translator.pid)
    stop = server.stop

    def stop_with_translator(graceful=True):
        server.translator.terminate()  # it finishes its batch while the workers finish their requests
        stop(graceful)
        try:
            server.translator.wait(timeout=max(1.0, graceful_timeout - 2))
        except subprocess.TimeoutExpired:
            server.translator.kill()
    server.stop = stop_with_translator
