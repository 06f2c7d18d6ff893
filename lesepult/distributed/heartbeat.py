"""With a Redis broker: which worker holds which batch, and whether that worker still lives.

Redis hands out again a message a dead worker held only after the visibility
timeout (10 minutes by default: it must exceed the longest batch). So each
translation worker's main process records each batch it receives in one
Redis hash, batch → worker, and beats every `BATCH_HEARTBEAT` seconds: it
records the batches it holds (running, waiting for a pool process, or waiting
for a retry's countdown) again, drops those it finished, and renews a key
of its own that Redis lets expire `BATCH_LOST_AFTER` seconds after the last
beat. A batch whose worker's key has expired was held by a worker that died
(SIGKILL, the OOM killer, a machine gone); `abandoned` finds those, and the
store worker sends them again (dispatch.Sender.send_overdue) long before
Redis would. Redis's own clock decides the expiry, so the machines' clocks
need not agree. The copy Redis hands out after the visibility timeout is a
duplicate, stored idempotently.

A pool process that dies is no business of this: its worker requeues the
message at once (reject_on_worker_lost). RabbitMQ needs none of it: it
requeues a dead worker's messages as soon as the connection drops.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid

from celery import bootsteps
from celery.signals import task_received
from celery.worker import state

from ..config import setting
from .celery_app import TRANSLATE_TASK

log = logging.getLogger(__name__)

HELD = "lesepult:batches-held"          # hash: batch id → the name of the worker holding it
ALIVE = "lesepult:worker-alive:"        # + a worker's name: expires unless the worker beats


def redis_client(broker_url: str):
    """A redis-py client for the broker's Redis, with short timeouts: a beat never hangs a worker."""
    import redis

    options = {"socket_timeout": 2, "socket_connect_timeout": 2}
    if broker_url.startswith("redis+socket://"):   # kombu's spelling of a Unix socket
        return redis.Redis(unix_socket_path=broker_url.removeprefix("redis+socket://").split("?")[0], **options)
    return redis.Redis.from_url(broker_url, **options)


def beat(client, worker: str, holds: set[str], held: set[str], lost_after: int) -> None:
    """Renew `worker`'s key and record the batches it `holds` now; `held` are the ones it held at the last beat."""
    pipe = client.pipeline(transaction=False)
    pipe.set(ALIVE + worker, 1, ex=lost_after)
    if holds:
        pipe.hset(HELD, mapping={batch: worker for batch in holds})
    if held - holds:
        pipe.hdel(HELD, *(held - holds))
    pipe.execute()


def abandoned(client) -> list[str]:
    """Batches held by workers that stopped beating; each is forgotten as it is returned (to be sent again)."""
    holders = {batch.decode(): worker.decode() for batch, worker in client.hgetall(HELD).items()}
    workers = sorted(set(holders.values()))
    pipe = client.pipeline(transaction=False)
    for worker in workers:
        pipe.exists(ALIVE + worker)
    alive = {worker for worker, exists in zip(workers, pipe.execute()) if exists}
    lost = [batch for batch, worker in holders.items() if worker not in alive]
    if lost:
        client.hdel(HELD, *lost)
    return lost


class Heartbeat(bootsteps.StartStopStep):
    """A translation worker's timer (Redis brokers): beat every BATCH_HEARTBEAT seconds."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer, self.held = None, set()
        # A restarted worker is another worker: what its predecessor held is abandoned.
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def start(self, worker):
        self.client = redis_client(worker.app.conf.broker_url)
        self.lost_after = int(setting("BATCH_LOST_AFTER"))
        self.beat()
        self.timer = worker.timer.call_repeatedly(float(setting("BATCH_HEARTBEAT")), self.beat)
        task_received.connect(self.hold, weak=False)

    def stop(self, worker):
        task_received.disconnect(self.hold)
        if self.timer is not None:
            self.timer.cancel()

    def hold(self, request=None, **_signal) -> None:
        """A batch just received is recorded at once: the worker may die before its next beat."""
        if request is not None and request.name == TRANSLATE_TASK:
            self.held.add(request.id)   # and the next beat drops it if it is finished by then
            try:
                self.client.hset(HELD, request.id, self.name)
            except Exception as error:  # the next beat records it
                log.warning("batch %s not recorded as held (%s)", request.id, error)

    def beat(self) -> None:
        # The consumer's requests: reserved, running, or waiting for a countdown; until acked.
        holds = {request.id for request in list(state.requests.values()) if request.name == TRANSLATE_TASK}
        try:
            beat(self.client, self.name, holds, self.held, self.lost_after)
            self.held = holds
        except Exception as error:  # Redis away: the next beat tries again (the batches in hand go on)
            log.warning("heartbeat not recorded (%s)", error)
