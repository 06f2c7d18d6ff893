"""Translation on Celery workers: real brokers, real worker processes, a real SQLite file.

Each test runs once with each broker: a redis-server of its own on a private
port, and a virtual host of its own on the module's rabbitmq-server (slower to
start: one per module). It starts the workers it needs (`python -m lesepult
worker`, the gloss engine: fast, and the same code path as the model), sends
documents the way the app does (`Dispatcher`), and reads the outcome from the
database the store worker writes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from lesepult import storage
from lesepult.dictionary import Dictionary
from lesepult.distributed import heartbeat
from lesepult.distributed.celery_app import STORE_QUEUE, STORE_TASK, TRANSLATE_QUEUE, TRANSLATE_TASK
from lesepult.distributed.dispatch import Dispatcher
from lesepult.distributed.messages import batch_message, result_message
from lesepult.documents import create_document, failed_sentences, get_info, translated_count
from lesepult.translation import GlossEngine, Translation, engine_key
from support import SAMPLE, make_app, post_text
from support.services import RabbitMQ, Redis, Worker, children, free_port, kill_now, start_server, stop, wait_for

pytestmark = pytest.mark.services

WORDS = [word for word in SAMPLE.read_text(encoding="utf-8").split() if word.isalpha()]
RECOVERY = 60   # seconds from a worker's death until everything it held is stored, with the default settings


def german(count: int, words: int = 12, first: int = 0) -> str:
    """`count` different German sentences (numbered from `first`) of `words` words, five to a paragraph."""
    sentences = [f"Satz {i} sagt " + " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(words)) + "."
                 for i in range(first, first + count)]
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, count, 5))


class Cluster:
    """One app database, its broker, and the workers a test starts."""

    def __init__(self, folder: Path, ding_db: Path, broker):
        self.folder, self.broker = folder, broker
        self.database = folder / "lesepult.sqlite"   # where make_app puts the app's database, too
        self.env = {**os.environ, "LESEPULT_BROKER_URL": broker.url, "LESEPULT_ENGINE": "gloss",
                    "LESEPULT_DICTIONARY": str(ding_db), "LESEPULT_DATABASE": str(self.database)}
        self.db = storage.connect(self.database)
        storage.init_schema(self.db)
        self.key = engine_key(GlossEngine(Dictionary(ding_db)))
        self.dispatcher = Dispatcher(broker.url, lambda: storage.connect(self.database), lambda: self.key)
        self.workers: list[Worker] = []

    @property
    def redis(self) -> bool:
        return isinstance(self.broker, Redis)

    def worker(self, *arguments: str, processes: int = 1, env: dict | None = None) -> Worker:
        log = self.folder / f"worker-{len(self.workers)}.log"
        self.workers.append(Worker(env or self.env, log, *arguments))
        return self.workers[-1].ready(processes)

    def store(self) -> Worker:
        return self.worker("--store", processes=0)

    def document(self, sentences: int, words: int = 12, first: int = 0) -> int:
        return create_document(self.db, german(sentences, words, first), title="Test")

    def translated(self, document_id: int) -> int:
        return translated_count(self.db, document_id, self.key)

    def finished(self, document_id: int) -> bool:
        return self.translated(document_id) == get_info(self.db, document_id).sentence_count

    def rows(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def batches(self) -> tuple[int, int]:
        """(batches recorded, batches done)."""
        return tuple(self.db.execute("SELECT COUNT(*), COUNT(done_at) FROM translation_batches").fetchone())

    def sent_again(self) -> int:
        return self.db.execute("SELECT COALESCE(SUM(sends - 1), 0) FROM translation_batches").fetchone()[0]

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.db.close()


@pytest.fixture(scope="module")
def rabbitmq_server(tmp_path_factory):
    server = RabbitMQ(tmp_path_factory.mktemp("rabbitmq")).start()
    yield server
    server.close()


@pytest.fixture
def redis_server(tmp_path):
    server = Redis(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request, tmp_path):
    """A broker of the test's own: a Redis, or a virtual host on the module's RabbitMQ."""
    if request.param == "redis":
        yield request.getfixturevalue("redis_server")
        return
    yield request.getfixturevalue("rabbitmq_server").vhost()


@pytest.fixture
def cluster(tmp_path, ding_db, broker):
    running = Cluster(tmp_path, ding_db, broker)
    yield running
    running.stop()


@pytest.fixture
def redis_cluster(tmp_path, ding_db, redis_server):
    running = Cluster(tmp_path, ding_db, redis_server)
    yield running
    running.stop()


def test_with_a_broker_the_app_hands_documents_to_workers_and_translates_nothing_itself(cluster):
    cluster.worker("--concurrency", "2", processes=2)
    cluster.store()
    server, url = start_server({**cluster.env, "LESEPULT_WORKERS": "1"}, free_port())
    try:
        text = german(100)
        request = urllib.request.Request(url + "/documents", data=urllib.parse.urlencode({"text": text}).encode())
        document_id = int(urllib.request.urlopen(request, timeout=30).url.rsplit("/", 1)[1])

        def progress():
            entries = json.load(urllib.request.urlopen(url + "/api/documents", timeout=5))["documents"]
            entry = next(e for e in entries if e["id"] == document_id)
            return entry if entry["translated"] == entry["sentences"] == 100 else None
        assert wait_for(progress, 60, "the library to show the document translated")["failed"] == 0
        commands = [open(f"/proc/{pid}/cmdline").read() for pid in children(server.pid)]
        assert not [c for c in commands if "translator" in c], "no embedded translator beside gunicorn"
    finally:
        stop(server)
    assert cluster.batches() == (4, 4), "100 sentences: four batches of at most 32, each stored"
    assert cluster.db.execute("SELECT COUNT(*) FROM translation_queue").fetchone()[0] == 0
    assert cluster.rows() == 100
    store_log = cluster.workers[1].log()
    assert store_log.count("lesepult.store_results") >= 2 * 4  # received and succeeded, per batch


def test_a_pool_process_killed_mid_batch_loses_nothing_and_doubles_nothing(cluster):
    worker = cluster.worker("--concurrency", "1")
    cluster.store()
    document_id = cluster.document(192, words=200)   # 6 batches of long sentences: each takes a while
    assert cluster.dispatcher.dispatch(document_id) == 6

    for _ in range(5):  # until a kill lands while a batch is in hand
        deaths = worker.log().count("signal 9")
        wait_for(worker.in_hand, 30, "a batch in hand")
        kill_now(wait_for(worker.pool, 10, "a pool process")[0])
        wait_for(lambda: worker.log().count("signal 9") > deaths, 10, "the worker to see its process die")
        if "WorkerLostError" in worker.log():
            break
    assert "WorkerLostError" in worker.log(), "a batch was in hand when its process died"
    wait_for(lambda: cluster.finished(document_id), 120, "every sentence translated")
    assert cluster.rows() == 192 and cluster.batches() == (6, 6)
    assert len(worker.pool()) == 1, "the worker replaced its process"


def test_results_wait_in_the_broker_for_a_store_worker_started_late(cluster):
    cluster.worker()
    document_id = cluster.document(100)
    assert cluster.dispatcher.dispatch(document_id) == 4
    wait_for(lambda: cluster.broker.waiting(STORE_QUEUE) == 4, 30, "four results waiting in the store queue")
    assert cluster.translated(document_id) == 0
    cluster.store()
    wait_for(lambda: cluster.finished(document_id), 30, "the late store worker to store everything")
    assert cluster.broker.waiting(STORE_QUEUE) == 0 and cluster.rows() == 100 and cluster.batches() == (4, 4)


def test_a_broker_restart_mid_run_loses_nothing(cluster):
    # The default settings: nothing tuned for the restart.
    cluster.worker("--concurrency", "2", processes=2)
    cluster.store()
    document_id = cluster.document(640, words=40)   # 20 batches
    assert cluster.dispatcher.dispatch(document_id) == 20
    wait_for(lambda: cluster.batches()[1] >= 3, 60, "a few batches stored")
    waiting = cluster.broker.waiting(TRANSLATE_QUEUE)
    cluster.broker.restart()
    wait_for(lambda: cluster.finished(document_id), 120, "every sentence translated after the restart")
    assert cluster.rows() == 640 and cluster.batches() == (20, 20)
    assert waiting > 10 and cluster.sent_again() <= 3, "the waiting batches came back with the broker (on disk)," \
                                                        " only those in hand at the restart were sent again"


def test_a_whole_worker_killed_mid_run_is_recovered_within_a_minute(cluster):
    """A machine dies: its worker's main process and pool at once, with the default settings
    (Redis's visibility timeout is 10 minutes). It dies when nothing waits in the queue any more,
    so the time until everything is stored is the time the batch it held took to come back."""
    survivor = cluster.worker("--concurrency", "1")
    doomed = cluster.worker("--concurrency", "1")
    cluster.store()
    document_id = cluster.document(96, words=40)   # three batches: one each, and the last one
    assert cluster.dispatcher.dispatch(document_id) == 3
    held = wait_for(lambda: cluster.broker.waiting(TRANSLATE_QUEUE) == 0 and doomed.in_hand(), 120,
                    "the doomed worker to hold a batch, and none to wait in the queue")
    doomed.kill()
    killed = time.monotonic()
    wait_for(lambda: cluster.finished(document_id), RECOVERY + 30, "every sentence stored")
    recovery = time.monotonic() - killed
    assert cluster.rows() == 96 and cluster.batches() == (3, 3), "every sentence stored once"
    assert recovery < RECOVERY, f"recovered {recovery:.0f} s after the kill"
    held_again = cluster.db.execute(f"SELECT MAX(sends) FROM translation_batches WHERE id IN"
                                    f" ({', '.join('?' * len(held))})", held).fetchone()[0]
    if cluster.redis:
        assert held_again == 2, "the store worker sent the dead worker's batch again: it stopped beating"
        assert "batches of workers that stopped beating are sent again" in cluster.workers[2].log()
        wait_for(lambda: not cluster.broker.client().hgetall(heartbeat.HELD), 15,
                 "the finished batches dropped from the record of held ones: it does not grow")
    else:
        assert held_again == 1, "RabbitMQ gave the dead worker's batch to the survivor itself"
    # The batch is stored as soon as its result is sent; the worker logs it finished a moment
    # later, so the survivor's log is read until it catches up rather than at once.
    wait_for(lambda: survivor.in_hand() == [], 15, "the survivor to finish every batch it took")


def test_a_batch_translated_and_stored_twice_changes_nothing(cluster):
    cluster.worker()
    store = cluster.store()
    document_id = cluster.document(20)
    assert cluster.dispatcher.dispatch(document_id) == 1
    wait_for(lambda: cluster.finished(document_id), 30, "the document")
    batch, = cluster.db.execute("SELECT id FROM translation_batches").fetchone()
    sentences = [row[0] for row in cluster.db.execute("SELECT de FROM translations ORDER BY de")]
    before = cluster.db.execute("SELECT * FROM translations ORDER BY de").fetchall()
    celery = cluster.dispatcher.celery
    # The message Redis hands out after the visibility timeout: translated again, stored again.
    celery.send_task(TRANSLATE_TASK, args=[batch_message(batch, cluster.key, sentences)], queue=TRANSLATE_QUEUE)
    # And a late result with other English: the first one stored stays.
    other = result_message(batch_message(batch, cluster.key, sentences), [Translation("Other.", 0.1)] * 20)
    celery.send_task(STORE_TASK, args=[other], queue=STORE_QUEUE)
    wait_for(lambda: store.log().count("store_results") >= 6, 30, "both duplicates stored")
    assert store.log().count("succeeded in") == 3 and store.log().count("s: 0\n") == 2, "nothing new the second time"
    assert cluster.db.execute("SELECT * FROM translations ORDER BY de").fetchall() == before
    assert cluster.batches() == (1, 1)


def test_workers_that_stop_beating_give_up_their_batches_and_only_they(redis_server):
    client = redis_server.client()
    heartbeat.beat(client, "dies", {"b1", "b2"}, set(), lost_after=1)
    heartbeat.beat(client, "lives", {"b3"}, set(), lost_after=30)
    heartbeat.beat(client, "lives", {"b4"}, {"b3"}, lost_after=30)   # b3 finished
    assert heartbeat.abandoned(client) == []
    wait_for(lambda: not client.exists(heartbeat.ALIVE + "dies"), 5, "the dead worker's key to expire")
    assert sorted(heartbeat.abandoned(client)) == ["b1", "b2"]
    assert heartbeat.abandoned(client) == [], "each abandoned batch is handed back once"
    assert client.hgetall(heartbeat.HELD) == {b"b4": b"lives"}


def test_resume_sends_only_unsent_and_overdue_batches(redis_cluster):
    cluster = redis_cluster
    first = cluster.document(100)
    cluster.broker.stop()
    assert cluster.dispatcher.dispatch(first) == 0, "Redis is down: the batches are recorded, not sent"
    cluster.broker.start()
    assert cluster.dispatcher.resume() == 4 and cluster.broker.waiting("translate") == 4
    assert cluster.dispatcher.resume(grace=0) == 0, "waiting batches are not overdue: nothing after them is done"
    assert cluster.broker.waiting("translate") == 4
    cluster.broker.client().flushall()   # the messages are lost (a Redis without its data)
    cluster.worker()
    cluster.store()
    second = cluster.document(40, first=100)
    assert cluster.dispatcher.dispatch(second) == 2
    wait_for(lambda: cluster.finished(second), 30, "the second document")
    assert cluster.dispatcher.resume() == 0, "within the grace period a batch is not presumed lost"
    assert cluster.dispatcher.resume(grace=0) == 4, "the lost batches, and only they, are sent again"
    wait_for(lambda: cluster.finished(first), 30, "the first document, after all")
    assert cluster.rows() == 140 and cluster.batches() == (6, 6)


def test_a_batch_for_another_model_version_is_refused_and_the_library_says_so(cluster, tmp_path, ding_db,
                                                                               argos_model, model_archives):
    # The worker's machine has version 1.1 of the model; the app's (argos_model) has 1.0.
    env = {**cluster.env, "LESEPULT_ENGINE": "argos", "ARGOS_PACKAGES_DIR": str(tmp_path / "worker-packages")}
    subprocess.run([sys.executable, "-m", "lesepult", "install-model", "--file", str(model_archives["1.1"])],
                   env=env, check=True, capture_output=True)
    worker = cluster.worker(env=env)
    cluster.store()
    app = make_app(tmp_path, ding_db, TRANSLATION_ENGINE="argos", BROKER_URL=cluster.broker.url)
    client = app.test_client()
    post_text(client, german(10), title="Refused")

    def failed():
        entry = client.get("/api/documents").get_json()["documents"][0]
        return entry if entry["failed"] == entry["sentences"] == 10 else None
    entry = wait_for(failed, 60, "the batch to be dead-lettered")
    assert entry["translated"] == 0 and cluster.rows() == 0, "nothing was translated with the other version"
    assert worker.log().count("passed on: refused: the batch needs translate-de_en@1.0") == 3
    assert worker.log().count("dead-lettered: refused") == 1
    reasons = failed_sentences(cluster.db, entry["id"], ("argos", "translate-de_en@1.0"))
    assert reasons and all("this one has translate-de_en@1.1" in error for _, error in reasons)
    page = client.get("/documents").get_data(as_text=True)
    assert "10 sentences failed" in page and "refused: the batch needs translate-de_en@1.0" in page


def test_translate_distributed_waits_for_the_workers(cluster, tmp_path):
    cluster.worker()
    cluster.store()
    source = tmp_path / "artikel.txt"
    source.write_text(german(50), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lesepult", "translate", str(source), "--distributed",
                             "--format", "tsv", "-o", str(tmp_path / "out")], env=cluster.env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "out" / "artikel.tsv").read_text(encoding="utf-8").splitlines()
    assert sum(1 for row in rows if "\tSatz " in row and row.split("\t")[4]) == 50, "each sentence with English"
    assert cluster.rows() == 50 and cluster.batches() == (2, 2), "the workers translated it, through the store"
