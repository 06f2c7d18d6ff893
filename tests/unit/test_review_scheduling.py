"""Review cards and their FSRS scheduling, on a real SQLite file with a controlled clock."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lesepult import learning, review
from lesepult.errors import NotFound, UserError
from lesepult.storage import transaction

MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SENTENCE = "Die Gespräche brachen gestern ab."


def learn(db, lemma: str, owner: int = 1, now: datetime = MORNING, **context) -> None:
    with transaction(db):
        learning.set_status(db, lemma, "learning", owner)
        review.save(db, lemma, owner, now=now, **context)


def due_lemmas(db, now: datetime, owner: int = 1) -> list[str]:
    return [card.lemma for card in review.due(db, owner, now)[1]]


def test_a_new_card_is_due_at_once_with_its_context(db):
    learn(db, "abbrechen", word="brachen", sentence=SENTENCE, en="The talks broke off yesterday.", meaning="to break off")
    count, cards = review.due(db, now=MORNING)
    assert count == 1
    assert cards[0].as_json() == {"id": cards[0].id, "lemma": "abbrechen", "word": "brachen", "sentence": SENTENCE,
                                  "en": "The talks broke off yesterday.", "meaning": "to break off",
                                  "due": "2026-03-02T09:00:00Z"}
    assert cards[0].sentence_parts() == ("Die Gespräche ", "brachen", " gestern ab.")
    particle = review.ReviewCard(2, "abbrechen", "ab", "Sie haben die Gespräche abgesagt, nicht ab.", "", "", "")
    assert particle.sentence_parts() == ("Sie haben die Gespräche abgesagt, nicht ", "ab", ".")
    assert review.ReviewCard(3, "haus", "Haus", "Ein Hausboot.", "", "", "").sentence_parts() == ("Ein Hausboot.", "", "")
    assert review.due(db, now=MORNING - timedelta(minutes=1)) == (0, [])


@pytest.mark.parametrize("at", [MORNING, MORNING.replace(hour=0, minute=5), MORNING.replace(hour=23, minute=50)])
def test_a_card_graded_good_is_not_due_again_the_same_day(db, at):
    learn(db, "truppe", now=at)
    card = review.due(db, now=at)[1][0]
    graded = review.grade(db, card.id, "good", now=at)
    due = datetime.strptime(graded.due, review.DUE_FORMAT).replace(tzinfo=timezone.utc)
    assert due.date() > at.date() and due - at >= timedelta(days=1)
    end_of_day = at.replace(hour=23, minute=59, second=59)
    assert due_lemmas(db, end_of_day) == []
    assert due_lemmas(db, due) == ["truppe"]


def test_again_brings_a_card_back_within_the_session_and_easy_waits_longest(db):
    for lemma in ("again", "hard", "good", "easy"):
        learn(db, lemma)
    cards = {card.lemma: card for card in review.due(db, now=MORNING)[1]}
    due = {lemma: review.grade(db, card.id, lemma, now=MORNING).due for lemma, card in cards.items()}
    assert due["again"] == "2026-03-02T09:10:00Z"           # fsrs's learning step, kept at 10 minutes
    assert due["again"] < due["hard"] < due["good"] < due["easy"]
    assert due_lemmas(db, MORNING + timedelta(minutes=10)) == ["again"]
    # Answered well on its return, the card moves on to days, growing with each good answer.
    later = review.grade(db, cards["again"].id, "good", now=MORNING + timedelta(minutes=10))
    assert later.due >= "2026-03-03"
    second = review.grade(db, cards["good"].id, "good", now=datetime.strptime(due["good"], review.DUE_FORMAT)
                          .replace(tzinfo=timezone.utc))
    first_interval = datetime.strptime(due["good"], review.DUE_FORMAT) - MORNING.replace(tzinfo=None)
    second_interval = datetime.strptime(second.due, review.DUE_FORMAT) - datetime.strptime(due["good"], review.DUE_FORMAT)
    assert second_interval > first_interval


def test_only_learning_words_are_reviewed_and_a_card_survives_being_known(db):
    learn(db, "truppe")
    card = review.due(db, now=MORNING)[1][0]
    review.grade(db, card.id, "good", now=MORNING)
    learning.set_status(db, "truppe", "known")
    assert review.due(db, now=MORNING + timedelta(days=365)) == (0, [])
    assert review.next_due(db) is None
    learn(db, "truppe")       # learning again: the card comes back with its schedule, not as new
    assert due_lemmas(db, MORNING) == []
    assert review.next_due(db) > "2026-03-03"


def test_a_later_sentence_replaces_the_context_and_an_empty_one_keeps_it(db):
    learn(db, "truppe", word="Truppen", sentence="Die Truppen ziehen ab.", meaning="troops")
    learn(db, "truppe", word="Truppe", sentence="Eine Truppe bleibt.", en="One unit stays.")
    learn(db, "truppe")
    card = review.due(db, now=MORNING)[1][0]
    assert (card.word, card.sentence, card.en, card.meaning) == ("Truppe", "Eine Truppe bleibt.", "One unit stays.",
                                                                 "troops")


def test_context_is_cut_to_its_limits_on_one_line(db):
    learn(db, "haus", word="Haus" * 50, sentence="Das  Haus\n" * 300, meaning="house " * 100)
    card = review.due(db, now=MORNING)[1][0]
    assert len(card.word) == review.MAX_WORD_CHARS and len(card.sentence) == review.MAX_SENTENCE_CHARS
    assert len(card.meaning) == review.MAX_MEANING_CHARS and "\n" not in card.sentence and "  " not in card.sentence


def test_grades_are_checked_and_cards_are_the_owners(db):
    db.execute("INSERT INTO users (id, name) VALUES (2, 'bob')")
    learn(db, "truppe")
    card = review.due(db, now=MORNING)[1][0]
    with pytest.raises(UserError, match="again, hard, good, easy"):
        review.grade(db, card.id, "perfect", now=MORNING)
    with pytest.raises(NotFound):
        review.grade(db, card.id, "good", owner=2, now=MORNING)
    with pytest.raises(NotFound):
        review.grade(db, card.id + 1, "good", now=MORNING)
    assert review.due(db, owner=2, now=MORNING) == (0, [])
    assert due_lemmas(db, MORNING) == ["truppe"]  # nothing changed by the refused grades


def test_anki_notes_highlight_the_word_escape_and_defuse(db):
    learn(db, "abbrechen", word="brachen", sentence=SENTENCE, en="The talks broke off.", meaning="to break off")
    learn(db, "summe", word="Summe", sentence="=SUMME(A1) ist eine Summe.", meaning="sum")
    learn(db, "formel")
    learn(db, "tag", word="<b>", sentence="Ein <b> Tag\tmit Tab.", en="")
    lines = review.to_anki(review.saved(db)).splitlines()
    assert lines[:3] == ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags"]
    notes = {line.split("\t")[1]: line.split("\t") for line in lines[3:]}
    assert len(lines) == 7 and all(len(fields) == 3 for fields in notes.values())
    assert notes["<b>abbrechen</b> — to break off<br>The talks broke off."][0] == "Die Gespräche <b>brachen</b> gestern ab."
    assert notes["<b>formel</b>"][0] == "<b>formel</b>"   # nothing saved with it: the lemma alone
    assert notes["<b>summe</b> — sum"][0] == "'=SUMME(A1) ist eine <b>Summe</b>."   # never a spreadsheet formula
    assert notes["<b>tag</b>"][0] == "Ein <b>&lt;b&gt;</b> Tag mit Tab."
