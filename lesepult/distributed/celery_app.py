"""The Celery app for a broker URL, with the settings that make translation survive failures.

Built as Flask's "Background Tasks with Celery" pattern builds it, from the
app's configuration (here `BROKER_URL`), but without Flask: translation
workers have no app and no database. The web app and the CLI only *send*
tasks by name (`send_task`), so they never import the task code.

Two brokers, one behaviour. RabbitMQ (amqp://, the recommended one) puts a
message back the moment the connection of the worker holding it drops, and
keeps its queues as quorum queues on disk. Redis (redis://) puts a message
back only after the visibility timeout; a worker that dies is noticed
sooner through its heartbeat instead (heartbeat.py).
"""
from __future__ import annotations

import functools

from celery import Celery
from kombu import Exchange, Queue

TRANSLATE_QUEUE = "translate"   # translation workers, on any machine with the model
STORE_QUEUE = "store"           # the store worker, where the database is
TRANSLATE_TASK = "lesepult.translate_batch"
STORE_TASK = "lesepult.store_results"
REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://")
AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")
# AMQP heartbeats, seconds: a worker machine that dies without closing its connection (power, network)
# is noticed by RabbitMQ after about twice this, and the messages it held go back to the queue.
AMQP_HEARTBEAT = 10

# Seconds Redis waits for a delivered message's ack before handing it to another worker
# (BROKER_VISIBILITY_TIMEOUT). It must exceed the longest a message stays unacked: one batch
# (seconds to a minute on one slow thread, see bench/distributed.py) plus publishing its
# results while Redis restarts. Shorter would translate long batches twice; longer only
# delays recovery of the messages a machine died with, or had in hand when Redis restarted
# (a pool process that dies is requeued at once).
VISIBILITY_TIMEOUT = 600


class BrokerUrlError(ValueError):
    """A BROKER_URL this app cannot use; the message says what to set."""


def check_broker_url(url: str) -> str:
    if not isinstance(url, str) or not url.startswith(REDIS_SCHEMES + AMQP_SCHEMES):
        raise BrokerUrlError("LESEPULT_BROKER_URL must be a RabbitMQ or Redis URL such as"
                             f" amqp://user:password@host:5672// or redis://host:6379/0, not {url!r}")
    return url


def is_redis(url: str) -> bool:
    return url.startswith(REDIS_SCHEMES)


def check_visibility_timeout(seconds) -> int:
    return _seconds("LESEPULT_BROKER_VISIBILITY_TIMEOUT", seconds)


def check_heartbeat(interval, lost_after) -> tuple[int, int]:
    """BATCH_HEARTBEAT and BATCH_LOST_AFTER (heartbeat.py): a worker is lost only after missing two beats."""
    interval, lost_after = _seconds("LESEPULT_BATCH_HEARTBEAT", interval), _seconds("LESEPULT_BATCH_LOST_AFTER", lost_after)
    if lost_after < 2 * interval:
        raise BrokerUrlError(f"LESEPULT_BATCH_LOST_AFTER ({lost_after} s) must be at least twice"
                             f" LESEPULT_BATCH_HEARTBEAT ({interval} s)")
    return interval, lost_after


def _seconds(variable: str, seconds) -> int:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise BrokerUrlError(f"{variable} must be a number of seconds, not {seconds!r}")
    return value


@functools.lru_cache(maxsize=None)
def celery_app(broker_url: str, visibility_timeout: int = VISIBILITY_TIMEOUT) -> Celery:
    """One Celery app per broker URL (and visibility timeout) and process."""
    app = Celery("lesepult", broker=check_broker_url(broker_url), set_as_current=False)
    visibility_timeout = check_visibility_timeout(visibility_timeout)
    app.conf.update(
        # Ack after the task ran, not when it arrived: a worker that dies mid-batch leaves the
        # message in the broker. A pool process killed (SIGKILL, the OOM killer) is requeued at once.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # One message in hand per process: the rest wait in the broker for whichever machine is free.
        worker_prefetch_multiplier=1,
        # Results travel to the store worker as tasks of their own: no result backend.
        task_ignore_result=True,
        task_serializer="json", accept_content=["json"],
        task_default_queue=TRANSLATE_QUEUE,
        task_routes={TRANSLATE_TASK: {"queue": TRANSLATE_QUEUE}, STORE_TASK: {"queue": STORE_QUEUE}},
        broker_connection_retry_on_startup=True,
        # A batch in hand when Redis goes away is finished and its results published once Redis is back.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        # Each pool process loads the model in worker_process_init (after the fork); a real model
        # takes longer than Celery's 4 s default, after which the parent would kill the process.
        worker_proc_alive_timeout=120,
        worker_hijack_root_logger=False,
        lesepult_visibility_timeout=visibility_timeout,   # the store worker's sweep reads it (worker.py)
        **(_redis(visibility_timeout) if is_redis(broker_url) else _rabbitmq()),
    )
    return app


def _queues(exchange_type: str, **arguments) -> list[Queue]:
    """Each queue its own exchange and key: a batch reaches translation workers only, a result the store only."""
    return [Queue(name, Exchange(name, type=exchange_type), routing_key=name, **arguments)
            for name in (TRANSLATE_QUEUE, STORE_QUEUE)]


def _redis(visibility_timeout: int) -> dict:
    return {
        "broker_transport": "lesepult.distributed.redis_transport:Transport",  # survives a Redis restart
        # Unacked messages past the timeout are looked for every sixtieth of it (10 s by default).
        "broker_transport_options": {"visibility_timeout": visibility_timeout,
                                     "unacked_restore_interval": max(1, visibility_timeout // 60),
                                     "unacked_restore_throttle": 1},
        "task_queues": _queues("direct"),
    }


def _rabbitmq() -> dict:
    return {
        # Quorum queues: replicated and on disk, so a broker restart (or, in a cluster, a lost node)
        # loses no message. They have no global QoS, which Celery detects; and countdowns (the
        # retries, the refusals) go through Celery's native delayed delivery, which needs topic exchanges.
        "task_queues": _queues("topic", queue_arguments={"x-queue-type": "quorum"}, durable=True),
        "broker_native_delayed_delivery_queue_type": "quorum",
        # A publish returns once RabbitMQ has the message: a batch is never recorded as sent and then lost.
        "broker_transport_options": {"confirm_publish": True},
        "broker_heartbeat": AMQP_HEARTBEAT,
    }
