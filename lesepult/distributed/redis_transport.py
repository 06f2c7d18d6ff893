"""kombu's Redis transport with one repair: a worker survives Redis going away with batches in hand.

With kombu 5.7 and Celery 5.7, when the broker connection drops, Celery's
consumer closes the transport before the channel. What the old channel does
afterwards goes through a transport it no longer has, and the AttributeError
("'NoneType' object has no attribute 'hostname'" or "… 'client'") ends the
whole worker: first when the channel puts its unacked messages back, later
when a batch that was in hand finishes and is acked on the old channel
(tests/services/test_distributed.py restarts Redis mid-run and saw both).

Skipping those steps loses nothing: a message delivered and not acked stays
in Redis's unacked hash (persisted with the rest), and Redis hands it out
again after the visibility timeout. The batch in hand still finishes, its
results are published once Redis is back (tasks.PUBLISH_RETRY), and the
copy handed out again later is stored idempotently.
"""
from __future__ import annotations

import functools
import logging

from kombu.transport import redis

log = logging.getLogger(__name__)


def _on_a_closed_channel(step):
    @functools.wraps(step)
    def guarded(self, *args, **kwargs):
        try:
            return step(self, *args, **kwargs)
        except AttributeError as error:
            log.warning("%s on a closed broker channel skipped (%s): Redis hands the message out again"
                        " after the visibility timeout", step.__name__, error)
            return None
    return guarded


class QoS(redis.QoS):
    restore_unacked = _on_a_closed_channel(redis.QoS.restore_unacked)
    ack = _on_a_closed_channel(redis.QoS.ack)
    reject = _on_a_closed_channel(redis.QoS.reject)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
