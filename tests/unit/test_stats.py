"""Reading statistics and their charts, on a real SQLite file with stored documents."""
from __future__ import annotations

from datetime import date

from lesepult import charts, learning, stats
from lesepult.documents import create_document


def test_a_read_paragraph_counts_its_stored_words_once_a_day(db):
    document = create_document(db, "Die Truppen ziehen ab.\n\nEine Truppe bleibt in der Stadt.\n\nEnde.")
    assert stats.record_reading(db, document, [0, 1], day="2026-03-01") == 4 + 6
    assert stats.record_reading(db, document, [1, 1, 2], day="2026-03-01") == 1      # ¶1 was counted already
    assert stats.record_reading(db, document, [0], day="2026-03-02") == 4            # a new day counts again
    assert stats.record_reading(db, document, [99], day="2026-03-02") == 0           # no such paragraph
    assert stats.record_reading(db, document, [], day="2026-03-02") == 0
    days = stats.words_per_day(db, date(2026, 3, 3), days=4)
    assert [(d.day, d.words) for d in days] == [("2026-02-28", 0), ("2026-03-01", 11), ("2026-03-02", 4),
                                                ("2026-03-03", 0)]
    assert stats.documents_read(db) == [document]


def test_each_reader_has_their_own_reading(db):
    db.execute("INSERT INTO users (id, name) VALUES (2, 'bob')")
    document = create_document(db, "Die Truppen ziehen ab.")
    stats.record_reading(db, document, [0], owner=2, day="2026-03-01")
    assert stats.documents_read(db) == [] and stats.documents_read(db, owner=2) == [document]
    assert stats.words_per_day(db, date(2026, 3, 1), days=1)[0].words == 0


def test_marking_words_keeps_the_days_counts(db):
    learning.set_status(db, "truppe", "learning")
    learning.set_status(db, "haus", "known")
    learning.record_counts(db, day="2026-03-01")
    learning.set_status(db, "truppe", "known")           # today's row follows every mark
    learning.set_status(db, "gehen", "learning")
    counts = stats.word_counts(db)
    assert [(c.known, c.learning) for c in counts] == [(1, 1), (2, 1)]
    assert counts[0].day == "2026-03-01" and counts[-1].day > "2026-03-01"


def test_bars_scale_to_a_round_top_and_lines_share_one_axis():
    chart = charts.bar_chart([("2026-03-01", 0), ("2026-03-02", 180), ("2026-03-03", 90)])
    assert chart.top == 200
    zero, full, half = chart.bars
    assert zero.height == 0 and full.height == 2 * half.height and full.y < half.y
    assert full.y + full.height == chart.plot_bottom
    assert [text for _, text in chart.labels] == ["2026-03-01", "2026-03-03"]
    assert charts.bar_chart([("2026-03-01", 0)]).top == 1         # an empty chart still has an axis
    lines = charts.line_chart(["a", "b"], {"known": [0, 40], "learning": [5, 10]})
    assert lines.top == 40
    known, learning_line = dict(lines.lines)["known"], dict(lines.lines)["learning"]
    assert known[0][1] == chart.plot_bottom and known[1][1] == charts.TOP     # 0 at the bottom, 40 at the top
    assert known[1][0] == charts.WIDTH and learning_line[0][0] == charts.LEFT


def test_removing_an_account_removes_its_cards_reading_and_history(db):
    from lesepult import accounts, review

    bob = accounts.create(db, "bob", "a long password").id
    document = create_document(db, "Die Truppen ziehen ab.")
    learning.set_status(db, "truppe", "learning", bob)
    review.save(db, "truppe", bob, word="Truppen", sentence="Die Truppen ziehen ab.")
    stats.record_reading(db, document, [0], owner=bob)
    accounts.delete(db, bob)
    for table in ("review_cards", "reading_log", "word_history", "word_status"):
        assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE owner_id = ?", (bob,)).fetchone()[0] == 0, table
