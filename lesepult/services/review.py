"""Use cases of reviewing learning words: the cards due, grading one."""
from __future__ import annotations

from datetime import datetime

from .. import review
from . import Workspace


def due(ws: Workspace, now: datetime | None = None) -> dict:
    """`{"due": n, "cards": [...]}`: how many cards are due and the first of them."""
    count, cards = review.due(ws.db, ws.reader, now)
    return {"due": count, "cards": [card.as_json() for card in cards]}


def due_cards(ws: Workspace, now: datetime | None = None) -> tuple[int, list[review.ReviewCard]]:
    return review.due(ws.db, ws.reader, now)


def grade(ws: Workspace, card_id: int, payload, now: datetime | None = None) -> dict:
    grade_name = payload.get("grade") if isinstance(payload, dict) else None
    return review.grade(ws.db, card_id, grade_name, ws.reader, now).as_json()


def next_due(ws: Workspace) -> str | None:
    return review.next_due(ws.db, ws.reader)
