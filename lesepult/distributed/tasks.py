"""The two tasks, registered on a worker's Celery app by `register`.

`translate_batch` runs on translation workers, which have the model (or the
dictionary) but no database: it translates and sends the results on to the
store queue. `store_results` runs on the store worker, where the database is.

A translation worker's engine is made once per pool process, after the fork
(`load_engine`, connected to `worker_process_init`): the parent never loads
CTranslate2, so a recycled process never inherits an OpenMP thread pool
(LibreTranslate #1008).
"""
from __future__ import annotations

import logging
from pathlib import Path

from celery import Celery, Task

from ..config import setting
from ..translation import CurrentEngine, Translation, engine_key
from .celery_app import STORE_QUEUE, STORE_TASK, TRANSLATE_TASK
from .messages import message_key, result_message, translations
from .store import ResultStore, open_store

log = logging.getLogger(__name__)

MAX_RETRIES = 3        # an engine that raises gets this many more tries (1, 2, 4 s apart), then the batch is dead-lettered
MAX_REFUSALS = 3       # a batch for another model is passed on this many times (1, 2, 4 s apart), then dead-lettered
# Publishing results waits out a Redis restart (about 5 minutes) rather than failing the batch.
PUBLISH_RETRY = {"max_retries": 60, "interval_start": 0.5, "interval_step": 0.5, "interval_max": 5}

_engine: CurrentEngine | None = None
_store: ResultStore | None = None


def register(app: Celery) -> None:
    app.task(name=TRANSLATE_TASK, bind=True, max_retries=max(MAX_RETRIES, MAX_REFUSALS))(translate_batch)
    app.task(name=STORE_TASK, bind=True)(store_results)


def load_engine(**_signal) -> None:
    """worker_process_init: this pool process's engine, from the worker machine's own settings."""
    global _engine
    from ..dictionary import Dictionary, DictionaryMissing

    try:
        dictionary = Dictionary(Path(setting("DICTIONARY_DB")))
    except DictionaryMissing:
        dictionary = None
    _engine = CurrentEngine(setting("TRANSLATION_ENGINE"), dictionary)
    engine = _engine()  # load the model now, not with the first batch
    log.info("pool process ready: %s %s", *engine_key(engine))


def translate_batch(task: Task, batch: dict) -> None:
    if _engine is None:  # a process that was not forked by a prefork pool (`--pool solo`, `--store --queues …`)
        load_engine()
    engine = _engine()
    if engine_key(engine) != message_key(batch):
        return _refuse(task, batch, engine_key(engine)[1])
    try:
        results = engine.translate(batch["sentences"])
    except Exception as error:
        if task.request.retries < MAX_RETRIES:
            raise task.retry(exc=error, countdown=2 ** task.request.retries)
        log.exception("batch %s failed %d times: dead-lettered", batch["batch"], MAX_RETRIES + 1)
        results = [Translation("", None, f"translation failed {MAX_RETRIES + 1} times: {error}"[:300])
                   for _ in batch["sentences"]]
    _publish(task, batch, results)


def _refuse(task: Task, batch: dict, have: str) -> None:
    """Never mix model versions in one document: pass the batch on to another worker, and after
    MAX_REFUSALS dead-letter it with the reason, which the library shows beside the document."""
    reason = f"refused: the batch needs {batch['version']}; no worker with it took it (this one has {have})"
    if task.request.retries < MAX_REFUSALS:
        log.warning("batch %s passed on: %s", batch["batch"], reason)
        raise task.retry(countdown=2 ** task.request.retries)
    log.error("batch %s dead-lettered: %s", batch["batch"], reason)
    _publish(task, batch, [Translation("", None, reason) for _ in batch["sentences"]])


def _publish(task: Task, batch: dict, results: list[Translation]) -> None:
    task.app.send_task(STORE_TASK, args=[result_message(batch, results)], queue=STORE_QUEUE,
                       retry=True, retry_policy=PUBLISH_RETRY)


def store_results(_task: Task, message: dict) -> int:
    global _store
    if _store is None:
        _store = open_store(setting("DATABASE"))
    return _store.save(message["batch"], message_key(message), translations(message))
