"""Numbers, times and dates in the gloss: written the English way, whole (translation/numbers.py)."""
from __future__ import annotations

import pytest

from lesepult.tagging import tag
from lesepult.translation.numbers import number_chunks


def numbers(sentence: str) -> list[tuple[str, str]]:
    """(German span, English) for each number the gloss writes as one piece."""
    tokens = tag(sentence)
    return [(sentence[tokens[c[0]].start:tokens[c[-1]].end], english) for c, english in number_chunks(tokens)]


@pytest.mark.parametrize("sentence, expected", [
    ("Die AfD kam auf 19,6 Prozent.", [("19,6 Prozent", "19.6 percent")]),
    ("Es kamen 1.200 Menschen.", [("1.200", "1,200")]),
    ("Das kostet 1.250.000,75 Euro.", [("1.250.000,75 Euro", "1,250,000.75 euros")]),
    ("Der Bund gibt 2,5 Milliarden Euro aus.", [("2,5 Milliarden Euro", "2.5 billion euros")]),
    ("Der Streik beginnt um 3.00 Uhr und endet um 15 Uhr.", [("3.00 Uhr", "3:00"), ("15 Uhr", "15:00")]),
    ("Am 3. März tagte der Rat zum 2. Mal.", [("3.", "3"), ("2.", "2nd")]),
    ("Die Zinsen stiegen um 0,25 Prozentpunkte.", [("0,25 Prozentpunkte", "0.25 percentage points")]),
    ("Ein Euro, 300 Dollar.", [("300 Dollar", "300 dollars")]),
])
def test_numbers_are_written_the_english_way(sentence, expected):
    assert numbers(sentence) == expected


def test_plain_numbers_and_numbers_with_spaces_are_left_alone():
    assert numbers("Seit 2025 kamen 40 Menschen.") == []
    assert numbers("Im Jahr 2025 kamen 40 Menschen.") == [("Im Jahr 2025", "in 2025")]   # a year as English writes it
    assert numbers("Er zählte 3, 4 und 5.") == []   # a list, not 3.4: the comma has a space after it
    # "3.11" is no thousands grouping: one token, kept whole and as written, not "3. 11"
    assert numbers("Version 3.11 erschien.") == [] and "3.11" in [t.text for t in tag("Version 3.11 erschien.")]
