"""`python -m lesepult worker`: a Celery worker for translation batches, or (`--store`) for their results.

A translation worker runs a prefork pool of `concurrency` processes (one per
core by default), each with `cores // concurrency` CTranslate2 threads
(OMP_NUM_THREADS, read as the model's intra_threads) and its own model,
loaded after the fork. It needs the model (or the Ding index for the gloss)
and the broker, not the app's database.

The store worker runs where the database is, as one process (`solo` pool):
SQLite takes one writer at a time anyway, and no fork means nothing to share.
It also sends again, every fifth of the visibility timeout, the batches the
queue has moved past without them (`OverdueSweep`; batches.py says why a
message can be lost), so a lost message is recovered without a restart.
With Redis, translation workers beat (`heartbeat.Heartbeat`) and the store
worker sends again, every BATCH_HEARTBEAT seconds, the batches of workers
that stopped beating.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from celery import bootsteps
from celery.signals import worker_process_init

from .. import storage
from ..config import setting
from ..warmup import load_language_data
from . import tasks
from .celery_app import STORE_QUEUE, TRANSLATE_QUEUE, celery_app, is_redis
from .dispatch import Sender
from .heartbeat import Heartbeat

log = logging.getLogger(__name__)


class WorkerError(ValueError):
    """Options or a machine this worker cannot run with; the message says why."""


def celery_arguments(concurrency: int | None, queues: list[str] | None, store: bool,
                     loglevel: str = "INFO") -> list[str]:
    """`celery worker`'s arguments; sets OMP_NUM_THREADS for the pool processes it will fork."""
    cores = os.cpu_count() or 1
    if concurrency is not None and concurrency < 1:
        raise WorkerError("--concurrency must be at least 1")
    # A node name of its own (RabbitMQ gives each node's control queue to one connection only):
    # a store worker and translation workers may share a machine.
    role = "store" if store else "translate"
    common = ["worker", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle",
              f"--hostname={role}-{os.getpid()}@%h",
              f"--queues={','.join(queues or [STORE_QUEUE if store else TRANSLATE_QUEUE])}"]
    if store:
        if concurrency not in (None, 1):
            raise WorkerError("the store worker writes one batch at a time: --concurrency does not apply")
        return common + ["--pool=solo", "--concurrency=1"]
    processes = concurrency or cores
    # The pool processes inherit it; an OMP_NUM_THREADS the operator set wins (bench/distributed.py sets 1).
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, cores // processes)))
    return common + ["--pool=prefork", f"--concurrency={processes}"]


def engine_problem(choice: str, dictionary: Path) -> str | None:
    """Why this machine cannot translate, found without loading the model (the parent must not)."""
    from ..models import installed_de_en
    from ..translation import INSTALL_HINT

    if choice not in ("auto", "argos", "gloss"):
        return f"LESEPULT_ENGINE must be auto, argos or gloss, not {choice!r}"
    if choice != "gloss" and installed_de_en() is not None:
        return None
    if choice == "argos":
        return f"No de→en Argos model is installed. Install it with: {INSTALL_HINT}"
    if not dictionary.exists():
        return f"No translation model and no dictionary ({dictionary}): install a model or run `make setup`."
    return None


class OverdueSweep(bootsteps.StartStopStep):
    """The store worker's timers: send overdue batches again (dispatch.Sender.send_overdue) and,
    with Redis, the batches of workers that stopped beating (Sender.send_abandoned)."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timers = []

    def start(self, worker):
        timeout = worker.app.conf.lesepult_visibility_timeout
        sender = Sender(worker.app.conf.broker_url, lambda: storage.connect(setting("DATABASE")), timeout)
        self.timers = [worker.timer.call_repeatedly(max(1, timeout // 5), _sweep, (sender.send_overdue,))]
        if sender.heartbeats is not None:
            self.timers.append(worker.timer.call_repeatedly(float(setting("BATCH_HEARTBEAT")), _sweep,
                                                            (sender.send_abandoned,)))

    def stop(self, worker):
        for timer in self.timers:
            timer.cancel()


def _sweep(send) -> None:
    try:
        send()
    except Exception:  # the next sweep tries again; the worker goes on storing
        log.exception("the sweep for batches to send again failed")


def run(broker_url: str, visibility_timeout: int, arguments: list[str], store: bool) -> None:
    app = celery_app(broker_url, visibility_timeout)
    tasks.register(app)
    if store:
        app.steps["worker"].add(OverdueSweep)
    else:
        if is_redis(broker_url):
            app.steps["worker"].add(Heartbeat)
        load_language_data()  # pure Python data, shared copy-on-write by the pool processes (lesepult/warmup.py)
        worker_process_init.connect(tasks.load_engine, weak=False)
    app.worker_main(arguments)
