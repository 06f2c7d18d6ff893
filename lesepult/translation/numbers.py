"""Numbers, times and dates in the gloss, written the English way.

The tagger keeps "19,6" and "3.00" whole (and a number cut into pieces,
19 | , | 6, is joined here too); glossed as a word they came out as "19,6"
and "3.00 clock". Here a number written without spaces is read whole: a decimal comma becomes a point
(19,6 → 19.6), thousands points become commas (1.200 → 1,200), a time takes
the colon (3.00 Uhr → 3:00, 15 Uhr → 15:00), a day before a month loses its
ordinal point (3. März → 3 March) and the unit words that follow a number
take their English form after it (Prozent → percent, Milliarden → billion:
"2.5 billion", not "2.5 billions").
"""
from __future__ import annotations

import re
from typing import Iterator, Sequence

DIGITS = re.compile(r"\d+")
WRITTEN_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")   # the tagger keeps "19,6" and "1.200" whole
ORDINAL = re.compile(r"(\d{1,2})\.")
MONTHS = frozenset("Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember"
                   .split())
# Words after a number whose English is fixed there: "million", not Ding's "millions".
UNITS = {
    "prozent": "percent", "prozentpunkt": "percentage point", "prozentpunkte": "percentage points",
    "prozentpunkten": "percentage points",
    "million": "million", "millionen": "million", "mio.": "million",
    "milliarde": "billion", "milliarden": "billion", "mrd.": "billion",
    "billion": "trillion", "billionen": "trillion",
}
CURRENCIES = {"euro": "euros", "dollar": "dollars", "pfund": "pounds", "franken": "francs"}
TIME_WORD = "uhr"
# Numbers written as words: "zu sieben Jahren" → seven years; ordinals by the tagger's lemma ("zweiten" → zweit).
NUMBER_WORDS = dict(zip(
    "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert tausend".split(),
    "one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand".split()))
ORDINAL_WORDS = dict(zip(
    "erst zweit dritt viert fünft sechst siebt acht neunt zehnt elft zwölft zwanzigst hundertst".split(),
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth hundredth".split()))


def number_word(text: str, lemma: str, pos: str) -> str | None:
    """The English of a number written as a word ("sieben" → seven, "zweiten" → second), else None."""
    if pos == "CARD":
        return NUMBER_WORDS.get(text.lower())
    if pos in ("ADJA", "ADJD"):
        return ORDINAL_WORDS.get(lemma.lower())
    return None


def number_chunks(tokens: Sequence) -> Iterator[tuple[tuple[int, ...], str]]:
    """(token indexes, English) for every number the gloss should write as one piece.

    `tokens` are tagging.Token (text, start, end); indexes are into them.
    """
    index = 0
    while index < len(tokens):
        found = _in_the_year(tokens, index) or _number_at(tokens, index) or _day_of_month(tokens, index)
        if found is None:
            index += 1
            continue
        covered, english = found
        yield covered, english
        index = covered[-1] + 1


YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _in_the_year(tokens: Sequence, index: int) -> tuple[tuple[int, ...], str] | None:
    """ "im Jahr 2016" → in 2016, as English writes a year."""
    if index + 2 < len(tokens) and tokens[index].text.lower() == "im" and tokens[index + 1].text in ("Jahr", "Jahre") \
            and YEAR.fullmatch(tokens[index + 2].text):
        return (index, index + 1, index + 2), f"in {tokens[index + 2].text}"
    return None


def _number_at(tokens: Sequence, first: int) -> tuple[tuple[int, ...], str] | None:
    if not WRITTEN_NUMBER.fullmatch(tokens[first].text):
        return _counted_in_words(tokens, first)
    last = first
    # 1.200.000,50: digit groups joined by "." or "," with no space between.
    while (last + 2 < len(tokens) and tokens[last + 1].text in (".", ",", ":")
           and DIGITS.fullmatch(tokens[last + 2].text) and _touching(tokens, last, last + 2)):
        last += 2
    written = "".join(token.text for token in tokens[first:last + 1])
    unit = last + 1 if last + 1 < len(tokens) else None
    if unit is not None and tokens[unit].text.lower() == TIME_WORD:
        return tuple(range(first, unit + 1)), _time(written)
    english = _english_number(written)
    covered = list(range(first, last + 1))
    if unit is not None and tokens[unit].text.lower() in UNITS:
        english += " " + UNITS[tokens[unit].text.lower()]
        covered.append(unit)
        unit = unit + 1 if unit + 1 < len(tokens) else None
    if unit is not None and tokens[unit].text.lower() in CURRENCIES:
        english += " " + (CURRENCIES[tokens[unit].text.lower()] if english != "1" else tokens[unit].text.lower())
        covered.append(unit)
    if len(covered) == 1 and english == written:
        return None  # a plain number: the word-by-word gloss already writes it as it is
    return tuple(covered), english


def _counted_in_words(tokens: Sequence, first: int) -> tuple[tuple[int, ...], str] | None:
    """ "vier Millionen Euro" → four million euros: a number word before a unit, as a number before one."""
    word = NUMBER_WORDS.get(tokens[first].text.lower())
    unit = first + 1
    if word is None or unit >= len(tokens) or tokens[unit].text.lower() not in UNITS:
        return None
    english, covered = f"{word} {UNITS[tokens[unit].text.lower()]}", [first, unit]
    if unit + 1 < len(tokens) and tokens[unit + 1].text.lower() in CURRENCIES:
        english += " " + CURRENCIES[tokens[unit + 1].text.lower()]
        covered.append(unit + 1)
    return tuple(covered), english


RANGE_WORDS = {"bis": "to", "und": "and", "oder": "or", "-": "to", "–": "to"}


def _day_of_month(tokens: Sequence, index: int) -> tuple[tuple[int, ...], str] | None:
    """ "3. März" → "3 March" (the month is glossed on its own), "5. bis 9. August" → 5 to 9 August,
    "zwischen dem 11. und 14. September" → between 11 and 14 September; another ordinal → "3rd"."""
    covered = _ordinal_at(tokens, index)
    if covered is None:
        return None
    number = DIGITS.match(tokens[index].text).group()
    after = covered[-1] + 1
    if after < len(tokens) and tokens[after].text in MONTHS:
        return covered, number
    if after + 1 < len(tokens) and tokens[after].text.lower() in RANGE_WORDS:
        second = _ordinal_at(tokens, after + 1)
        if second is not None and second[-1] + 1 < len(tokens) and tokens[second[-1] + 1].text in MONTHS:
            last = DIGITS.match(tokens[after + 1].text).group()
            english = f"{number} {RANGE_WORDS[tokens[after].text.lower()]} {last}"
            return (*covered, after, *second), english
    if len(covered) > 1:
        return None   # "(67.)", "45.+7": a minute of a match, as written
    return covered, _ordinal(int(number))


def is_date(tokens: Sequence, index: int) -> bool:
    """Whether a day of the month starts here: "23. Juli", "5. bis 9. August", "11. und 14. September"."""
    found = _day_of_month(tokens, index) if _ordinal_at(tokens, index) is not None else None
    return found is not None and found[0][-1] + 1 < len(tokens) and tokens[found[0][-1] + 1].text in MONTHS


def _ordinal_at(tokens: Sequence, index: int) -> tuple[int, ...] | None:
    """The tokens of an ordinal number: "14." whole, or "11" and "." where the tagger split them."""
    if ORDINAL.fullmatch(tokens[index].text):
        return (index,)
    if re.fullmatch(r"\d{1,2}", tokens[index].text) and index + 2 < len(tokens) and \
            tokens[index + 1].text == "." and _touching(tokens, index, index + 1):
        return index, index + 1
    return None


def _touching(tokens: Sequence, left: int, right: int) -> bool:
    return all(tokens[i].end == tokens[i + 1].start for i in range(left, right))


def _english_number(written: str) -> str:
    """German digit grouping to English: 1.200.000,5 → 1,200,000.5; 3.00 (not thousands) stays."""
    if ":" in written:
        return written
    whole, _, fraction = written.partition(",")
    groups = whole.split(".")
    if len(groups) > 1 and not all(len(group) == 3 for group in groups[1:]):
        return written  # not thousands grouping ("3.00" without Uhr, a version number): as written
    english = ",".join(groups)
    return f"{english}.{fraction}" if fraction else english


def _time(written: str) -> str:
    """3.00 / 3:00 / 15 → 3:00 / 3:00 / 15:00 (the 24-hour clock, as the German has it)."""
    hours, _, minutes = written.replace(",", ".").replace(":", ".").partition(".")
    return f"{hours}:{minutes or '00'}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
