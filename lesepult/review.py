"""Reviewing the words a reader is learning: one card per learning lemma, scheduled by FSRS.

A card holds where the word was met (its form, the sentence and the sentence's
English) and what it meant there. Scheduling is the `fsrs` package's (the
official Python implementation of the Free Spaced Repetition Scheduler, which
Anki uses too); its card state is stored as its own JSON. No Flask here.
"""
from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

from .errors import NotFound, UserError
from .glossary.export import anki_field
from .storage import transaction
from .storage.schema import LOCAL_READER

GRADES = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
# One short learning step: "again" and "hard" bring a new word back within the session, while "good"
# or "easy" send it to review, at least a day away (fsrs's default second step, 10 minutes, would
# bring a word answered "good" back the same day).
SCHEDULER = Scheduler(learning_steps=(timedelta(minutes=10),), relearning_steps=(timedelta(minutes=10),))
DUE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MAX_SENTENCE_CHARS = 1000
MAX_MEANING_CHARS = 300
MAX_WORD_CHARS = 100
MAX_CARDS = 50   # cards handed out at once


@dataclass(frozen=True)
class ReviewCard:
    id: int
    lemma: str
    word: str
    sentence: str
    en: str
    meaning: str
    due: str

    def as_json(self) -> dict:
        return {"id": self.id, "lemma": self.lemma, "word": self.word, "sentence": self.sentence, "en": self.en,
                "meaning": self.meaning, "due": self.due}

    def sentence_parts(self) -> tuple[str, str, str]:
        """The sentence split around the saved form, a whole word (before, the word, after); the word is ""
        when absent. A particle is found as a word of its own, never inside another ("ab" in "haben")."""
        text, word = self.sentence, self.word
        at = text.find(word) if word else -1
        while at >= 0 and not _stands_alone(text, at, at + len(word)):
            at = text.find(word, at + 1)
        if at < 0:
            return text, "", ""
        return text[:at], word, text[at + len(word):]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole word: no letter or digit just before or after it."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc)


def _due_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(DUE_FORMAT)


def _cut(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def save(db: sqlite3.Connection, lemma: str, owner: int = LOCAL_READER, word: str = "", sentence: str = "",
         en: str = "", meaning: str = "", now: datetime | None = None) -> None:
    """Make sure the lemma has a card, due now if new; where the word was met replaces what the card held
    when a sentence is given (the latest context), and a meaning fills an empty one or replaces it."""
    word, sentence = _cut(word, MAX_WORD_CHARS), _cut(sentence, MAX_SENTENCE_CHARS)
    en, meaning = _cut(en, MAX_SENTENCE_CHARS), _cut(meaning, MAX_MEANING_CHARS)
    with transaction(db):
        db.execute("INSERT INTO review_cards (owner_id, lemma, word, sentence, en, meaning, due, scheduling)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, '') ON CONFLICT (owner_id, lemma) DO UPDATE SET"
                   " word = CASE WHEN excluded.sentence != '' THEN excluded.word ELSE word END,"
                   " sentence = CASE WHEN excluded.sentence != '' THEN excluded.sentence ELSE sentence END,"
                   " en = CASE WHEN excluded.sentence != '' THEN excluded.en ELSE en END,"
                   " meaning = CASE WHEN excluded.meaning != '' THEN excluded.meaning ELSE meaning END",
                   (owner, lemma, word, sentence, en, meaning, _due_text(_utc(now))))


_CARD_COLUMNS = "c.id, c.lemma, c.word, c.sentence, c.en, c.meaning, c.due"
_LEARNING = ("FROM review_cards c JOIN word_status w ON w.owner_id = c.owner_id AND w.lemma = c.lemma"
             " AND w.status = 'learning' WHERE c.owner_id = ?")


def due(db: sqlite3.Connection, owner: int = LOCAL_READER, now: datetime | None = None,
        limit: int = MAX_CARDS) -> tuple[int, list[ReviewCard]]:
    """How many of the reader's learning words are due, and the first `limit` of them, longest due first."""
    moment = _due_text(_utc(now))
    count = db.execute(f"SELECT COUNT(*) {_LEARNING} AND c.due <= ?", (owner, moment)).fetchone()[0]
    rows = db.execute(f"SELECT {_CARD_COLUMNS} {_LEARNING} AND c.due <= ? ORDER BY c.due, c.id LIMIT ?",
                      (owner, moment, limit))
    return count, [ReviewCard(*row) for row in rows]


def next_due(db: sqlite3.Connection, owner: int = LOCAL_READER) -> str | None:
    """When the reader's next learning word is due (None: no word is learning)."""
    return db.execute(f"SELECT MIN(c.due) {_LEARNING}", (owner,)).fetchone()[0]


def saved(db: sqlite3.Connection, owner: int = LOCAL_READER) -> list[ReviewCard]:
    """Every learning word's card, alphabetically (for exports)."""
    return [ReviewCard(*row) for row in db.execute(f"SELECT {_CARD_COLUMNS} {_LEARNING} ORDER BY c.lemma", (owner,))]


def grade(db: sqlite3.Connection, card_id: int, grade_name, owner: int = LOCAL_READER,
          now: datetime | None = None) -> ReviewCard:
    """Schedule the card's next review from how well the reader knew it."""
    if grade_name not in GRADES:
        raise UserError(f'Send JSON like {{"grade": "good"}} ({", ".join(GRADES)}).')
    moment = _utc(now)
    with transaction(db):
        row = db.execute("SELECT scheduling FROM review_cards WHERE id = ? AND owner_id = ?",
                         (card_id, owner)).fetchone()
        if row is None:
            raise NotFound(f"No review card {card_id}.")
        card = Card.from_json(row[0]) if row[0] else Card(card_id=card_id, due=moment)
        card, _ = SCHEDULER.review_card(card, GRADES[grade_name], review_datetime=moment)
        db.execute("UPDATE review_cards SET scheduling = ?, due = ?, reviews = reviews + 1 WHERE id = ?",
                   (card.to_json(), _due_text(card.due), card_id))
        found = db.execute(f"SELECT {_CARD_COLUMNS} FROM review_cards c WHERE c.id = ?", (card_id,)).fetchone()
    return ReviewCard(*found)


def to_anki(cards: list[ReviewCard]) -> str:
    """Notes Anki imports (HTML fields): front, the sentence with the word in bold (the lemma where no
    sentence was saved); back, the lemma and its meaning, then the sentence's English."""
    lines = ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags"]
    for card in cards:
        before, word, after = card.sentence_parts()
        front = (html.escape(before) + (f"<b>{html.escape(word)}</b>" if word else "") + html.escape(after)
                 if card.sentence else f"<b>{html.escape(card.lemma)}</b>")
        back = f"<b>{html.escape(card.lemma)}</b>" + (f" — {html.escape(card.meaning)}" if card.meaning else "")
        if card.en:
            back += f"<br>{html.escape(card.en)}"
        lines.append("\t".join(anki_field(x) for x in (front, back, "lesepult learning")))
    return "\n".join(lines) + "\n"
