"""What travels through the broker: JSON, so any worker version can read it.

A batch message names its batch (the app's `translation_batches` row), the
engine key it must be translated with, and the German sentences. A result
message adds each sentence's `Translation` as a JSON object; fields a store
does not know are dropped, so a newer worker does not break an older store.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from ..translation import Translation

FIELDS = {field.name for field in dataclasses.fields(Translation)}


def batch_message(batch_id: str, key: tuple[str, str], sentences: Sequence[str]) -> dict:
    return {"batch": batch_id, "engine": key[0], "version": key[1], "sentences": list(sentences)}


def message_key(message: dict) -> tuple[str, str]:
    """The engine key (name, model@version) the batch must be translated with."""
    return message["engine"], message["version"]


def result_message(batch: dict, translations: Sequence[Translation]) -> dict:
    return {"batch": batch["batch"], "engine": batch["engine"], "version": batch["version"],
            "results": [[de, dataclasses.asdict(t)] for de, t in zip(batch["sentences"], translations)]}


def translations(message: dict) -> list[tuple[str, Translation]]:
    """(German, Translation) of a result message."""
    return [(de, Translation(**{k: _tuples(v) for k, v in fields.items() if k in FIELDS}))
            for de, fields in message["results"]]


def _tuples(value):
    """JSON has no tuples; Translation's sequences are tuples (it is frozen and hashable)."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value
