"""Distributed translation throughput: Celery workers against the in-process translator.

Run as ``python bench/distributed.py`` (2 cores, a few minutes; ``… recovery``
runs (f) alone). It builds the
synthetic base-size Argos package (bench/translate.py: Transformer base,
random weights, int8), starts a private redis-server, and translates one
corpus of German news sentences (bench/devset and the sample article), each
time into a fresh database:

 (a) in-process: the embedded translator (`translate_document`), one process
     with every core as CTranslate2 threads, as `make run` does without a broker;
 (b) 1 worker:   ``python -m lesepult worker --concurrency 1`` with OMP_NUM_THREADS=1,
     plus the store worker; timed from dispatch until the store worker has written all;
 (c) 2 workers:  ``--concurrency 2``: two pool processes of one thread each.

Speed is target tokens per second; the three runs produce the same
translations (same model, same sentences), so the target tokens are counted
once, in (a). Then (d) the store worker alone: results of many batches wait
in Redis, the store worker is started, and its write rate is the sentences
per second between its first and its last stored batch.

Then the same with RabbitMQ (a private rabbitmq-server): (e) 2 workers, as
(c). And (f) recovery, with each broker and the default settings: two
workers of one process each translate the corpus's first three batches, and
once none waits in the queue, the one that holds the last batch but one is
SIGKILLed (main process and pool, as a machine dying would). The recovery
time is the seconds from the kill until everything is stored: the time the
batch it held took to come back, and to be translated once more.
"""
from __future__ import annotations

import csv
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

import translate as single_process  # noqa: E402  (sets the private Argos folders; bench/translate.py)

from lesepult import storage  # noqa: E402
from lesepult.distributed import batches  # noqa: E402
from lesepult.distributed.celery_app import STORE_QUEUE, STORE_TASK, TRANSLATE_QUEUE  # noqa: E402
from lesepult.distributed.dispatch import Dispatcher  # noqa: E402
from lesepult.distributed.messages import result_message  # noqa: E402
from lesepult.documents import create_document, get_info, translated_count  # noqa: E402
from lesepult.translation import Translation, engine_key  # noqa: E402
from lesepult.translation.background import translate_document  # noqa: E402
from support.services import RabbitMQ, Redis, Worker, wait_for  # noqa: E402

WORK = single_process.WORK
STORE_BATCHES = 300            # (d): 300 batches of 32 sentences wait for the store worker


def corpus() -> list[str]:
    """German sentences of the development set and the sample article, and the set again, reworded."""
    german = [row["de"] for path in sorted((HERE / "devset").glob("*.tsv"))
              for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t") if row.get("de")]
    german += [s for _, _, sentences in single_process.read_article(single_process.SAMPLE.read_text("utf-8"))
               for s in sentences]
    german = list(dict.fromkeys(german))
    return german + [f"Wie berichtet wurde: {s}" for s in german]


def new_database(name: str, sentences: list[str]) -> tuple[Path, int]:
    path = WORK / f"{name}.sqlite"
    db = storage.connect(path)
    storage.init_schema(db)
    document = create_document(db, "\n\n".join(sentences), title=name)
    db.close()
    return path, document


def in_process(sentences: list[str]) -> tuple[float, int, tuple[str, str]]:
    """(seconds, target tokens, engine key) of the embedded translator on the corpus."""
    from lesepult.translation import ArgosEngine

    engine = ArgosEngine.find_installed()
    counter = single_process.CountingTranslator(engine.translator)
    engine.translator = counter
    path, document = new_database("in-process", sentences)
    db = storage.connect(path)
    start = time.perf_counter()
    translate_document(db, engine, document)
    seconds = time.perf_counter() - start
    assert translated_count(db, document, engine_key(engine)) == get_info(db, document).sentence_count
    return seconds, counter.tokens, engine_key(engine)


def distributed(broker, sentences: list[str], key: tuple[str, str], concurrency: int, name: str = "") -> float:
    """Seconds from dispatch until the store worker has written every translation."""
    name = f"{name}workers-{concurrency}"
    path, document = new_database(name, sentences)
    env = worker_env(broker, path)
    workers = [Worker(env, WORK / f"{name}-store.log", "--store").ready(),
               Worker(env, WORK / f"{name}.log", "--concurrency", str(concurrency)).ready(concurrency)]
    db = storage.connect(path)
    total = get_info(db, document).sentence_count
    try:
        start = time.perf_counter()
        Dispatcher(broker.url, lambda: storage.connect(path), lambda: key).dispatch(document)
        wait_for(lambda: translated_count(db, document, key) == total, 3600, "the workers")
        return time.perf_counter() - start
    finally:
        for worker in workers:
            worker.stop()


def worker_env(broker, path: Path) -> dict:
    return {**os.environ, "LESEPULT_BROKER_URL": broker.url, "LESEPULT_ENGINE": "argos",
            "LESEPULT_DATABASE": str(path), "OMP_NUM_THREADS": "1"}


def recovery(broker, sentences: list[str], key: tuple[str, str], name: str) -> tuple[float, float]:
    """(seconds from a worker's SIGKILL until every batch is stored, of which translating the last)."""
    path, document = new_database(f"recovery-{name}", sentences[:3 * batches.BATCH_SENTENCES])
    env = worker_env(broker, path)
    workers = [Worker(env, WORK / f"recovery-{name}-store.log", "--store").ready()]
    workers += [Worker(env, WORK / f"recovery-{name}-{n}.log", "--concurrency", "1").ready(1) for n in (1, 2)]
    doomed = workers[-1]
    db = storage.connect(path)
    try:
        Dispatcher(broker.url, lambda: storage.connect(path), lambda: key).dispatch(document)
        wait_for(lambda: broker.waiting(TRANSLATE_QUEUE) == 0 and doomed.in_hand(), 600,
                 "the doomed worker to hold a batch, and none to wait")
        doomed.kill()
        killed = time.time()
        wait_for(lambda: batches.open_batches(db) == 0, 1200, "every batch after the kill")
        last, = db.execute("SELECT MAX(done_at) FROM translation_batches").fetchone()
        survivor = workers[1].log().splitlines()
        took = float([line for line in survivor if "translate_batch[" in line and "succeeded in " in line][-1]
                     .split("succeeded in ")[1].split("s:")[0])
        return last - killed, took
    finally:
        for worker in workers:
            worker.stop()


def store_rate(redis: Redis, key: tuple[str, str]) -> float:
    """Sentences per second the store worker writes, results waiting in Redis for it."""
    sentences = [f"Satz {i} der Messung des Speicherns." for i in range(STORE_BATCHES * 32)]
    path, document = new_database("store", ["Ein Satz."])
    db = storage.connect(path)
    dispatcher = Dispatcher(redis.url, lambda: storage.connect(path), lambda: key)
    for start in range(0, len(sentences), 32):
        db.execute("INSERT INTO translation_batches (id, document_id, engine, version, sentences, sent_at)"
                   " VALUES (?, ?, ?, ?, '[]', ?)", (f"b{start}", document, *key, time.time()))
        chunk = sentences[start:start + 32]
        message = result_message({"batch": f"b{start}", "engine": key[0], "version": key[1], "sentences": chunk},
                                 [Translation(f"Sentence {s} of the storing measurement.", 0.5) for s in chunk])
        dispatcher.celery.send_task(STORE_TASK, args=[message], queue=STORE_QUEUE)
    env = {**os.environ, "LESEPULT_BROKER_URL": redis.url, "LESEPULT_DATABASE": str(path)}
    worker = Worker(env, WORK / "store.log", "--store").ready()
    try:
        wait_for(lambda: batches.open_batches(db) == 0, 600, "the store worker")
    finally:
        worker.stop()
    first, last = db.execute("SELECT MIN(done_at), MAX(done_at) FROM translation_batches").fetchone()
    return (STORE_BATCHES - 1) * 32 / (last - first)


def main() -> None:
    single_process.keep_argos_offline()
    start = time.perf_counter()
    single_process.install_package()
    print(f"built and installed a BASE-size package in {time.perf_counter() - start:.1f} s", flush=True)
    sentences = corpus()
    print(f"corpus: {len(sentences)} sentences; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
          flush=True)
    redis = Redis(WORK / "redis").start()
    rabbitmq = RabbitMQ(WORK / "rabbitmq").start()
    if sys.argv[1:] == ["recovery"]:
        from lesepult.translation import ArgosEngine

        try:
            return print_recovery(measure_recovery(redis, rabbitmq, sentences, engine_key(ArgosEngine.find_installed())))
        finally:
            redis.stop()
            rabbitmq.close()
    try:
        seconds, tokens, key = in_process(sentences)
        results = {"(a) in-process, 1 process x all cores": seconds}
        print(f"(a) done in {seconds:.1f} s", flush=True)
        for concurrency in (1, 2):
            results[f"({'bc'[concurrency - 1]}) {concurrency} worker process(es) x 1 thread"] = \
                distributed(redis, sentences, key, concurrency)
            print(f"{concurrency} worker(s) done", flush=True)
        rate = store_rate(redis, key)
        amqp = rabbitmq.vhost()
        results["(e) 2 worker processes x 1 thread, RabbitMQ"] = distributed(amqp, sentences, key, 2, "rabbitmq-")
        recovered = measure_recovery(redis, rabbitmq, sentences, key, amqp)
    finally:
        redis.stop()
        rabbitmq.close()
    print(f"\n{'run':46} {'seconds':>8} {'tokens':>7} {'tokens/s':>9}")
    speed = {}
    for name, seconds in results.items():
        speed[name[:3]] = tokens / seconds
        print(f"{name:46} {seconds:8.1f} {tokens:7d} {tokens / seconds:9.1f}")
    print(f"\n2 workers / 1 worker   = {speed['(c)'] / speed['(b)']:.2f}   (goal ≥ 1.7)")
    print(f"1 worker  / in-process = {speed['(b)'] / speed['(a)']:.2f}")
    print(f"2 workers / in-process = {speed['(c)'] / speed['(a)']:.2f}")
    print(f"RabbitMQ / Redis (2 workers) = {speed['(e)'] / speed['(c)']:.2f}")
    print(f"\n(d) store worker: {rate:,.0f} sentences/s written ({STORE_BATCHES} batches of 32 waiting in Redis)")
    print_recovery(recovered)


def measure_recovery(redis: Redis, rabbitmq: RabbitMQ, sentences: list[str], key: tuple[str, str],
                     amqp=None) -> dict:
    return {"Redis": recovery(redis, sentences, key, "redis"),
            "RabbitMQ": recovery(amqp or rabbitmq.vhost(), sentences, key, "rabbitmq")}


def print_recovery(recovered: dict) -> None:
    print("\n(f) one of two workers SIGKILLed with a batch in hand, default settings")
    print(f"{'broker':10} {'seconds from the kill until all is stored':>42} {'of which translating it again':>30}")
    for name, (everything, translating) in recovered.items():
        print(f"{name:10} {everything:42.1f} {translating:30.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
