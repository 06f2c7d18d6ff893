"""Use cases of reading statistics: record what was read; the statistics page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from .. import charts, stats
from ..errors import UserError
from . import Workspace
from .documents import readable, ready
from .words import UnknownShare, unknown_share


MAX_PARAGRAPH = 100_000_000   # far beyond any document's paragraphs, and within SQLite's integers


def record_reading(ws: Workspace, payload) -> dict:
    """`{"document": id, "paragraphs": [index, …]}` from the reader page: those paragraphs were read today."""
    if not isinstance(payload, dict):
        raise UserError('Send JSON like {"document": 3, "paragraphs": [0, 1]}.')
    document_id, paragraphs = payload.get("document"), payload.get("paragraphs")
    if (not isinstance(document_id, int) or isinstance(document_id, bool) or not isinstance(paragraphs, list)
            or not all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= MAX_PARAGRAPH for p in paragraphs)):
        raise UserError('Send JSON like {"document": 3, "paragraphs": [0, 1]}.')
    if len(paragraphs) > stats.MAX_PARAGRAPHS:
        raise UserError(f"Report at most {stats.MAX_PARAGRAPHS} paragraphs at once.")
    info = readable(ws, document_id)
    return {"document": info.id, "words": stats.record_reading(ws.db, info.id, paragraphs, ws.reader)}


@dataclass(frozen=True)
class DocumentShare:
    id: int
    title: str
    counted: UnknownShare


@dataclass(frozen=True)
class Statistics:
    days: list[stats.Day]
    read_chart: charts.Chart
    counts: list[stats.Counts]
    counts_chart: charts.Chart
    documents: list[DocumentShare]

    @property
    def words_read(self) -> int:
        return sum(day.words for day in self.days)


def page(ws: Workspace, today: date | None = None) -> Statistics:
    today = today or datetime.now(timezone.utc).date()
    days = stats.words_per_day(ws.db, today, owner=ws.reader)
    counts = stats.word_counts(ws.db, ws.reader)
    shares = []
    for document_id in stats.documents_read(ws.db, ws.reader):
        try:
            info = ready(ws, document_id)
        except UserError:
            continue  # deleted, no longer shared, or (its id reused) being imported
        shares.append(DocumentShare(info.id, info.title, unknown_share(ws, info.id)))
    return Statistics(days, charts.bar_chart([(d.day, d.words) for d in days]), counts,
                      charts.line_chart([c.day for c in counts], {"known": [c.known for c in counts],
                                                                  "learning": [c.learning for c in counts]}),
                      shares)
