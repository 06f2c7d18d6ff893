"""kombu's Redis transport with one repair: a worker survives Redis going away with batches in hand.

With kombu 5.7 and Celery 5.7, when the broker connection drops, Celery's
consumer closes the transport first and the channel after; the channel then
tries to put its unacked messages back into Redis through the transport it
no longer has, and the AttributeError ("'NoneType' object has no attribute
'hostname'") ends the whole worker (tests/services/test_distributed.py
restarts Redis mid-run and saw it). Redis is unreachable at that moment
anyway: the messages are still in its unacked hash (persisted with the rest)
and Redis hands them out again after the visibility timeout. So skipping the
restore loses nothing, and the worker reconnects and carries on; the batches
it had in hand finish and their results are published once Redis is back.
"""
from __future__ import annotations

from kombu.transport import redis


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        try:
            return super().restore_unacked(client)
        except AttributeError:
            self._delivered.clear()


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
