"""Paragraph and sentence segmentation for German news text.

A sentence boundary is a run of terminal punctuation (`.`, `!`, `?`, `…`),
optionally followed by closing quotes or brackets (they stay with the sentence
they close), then whitespace, then the start of a new sentence: an upper-case
letter or a digit, possibly behind opening quotes or a bracket.  A lower-case
continuation is never a new sentence (`"Warum?" fragte er`).

A lone full stop is the ambiguous case; it does not end a sentence after
- an abbreviation (`Dr.`, `bzw.`, `Mio.`, `z. B.`, `u.a.`) or an initial (`John F. Kennedy`);
- an ordinal number (`am 3. Oktober`, `im 19. Jahrhundert`, `3. Liga`): a number of
  one to three digits ends a sentence only when the next word is a typical sentence
  opener (`Die`, `Am`, `Er` ...), is not a month, and the number is not governed by
  a determiner or preposition (`der 2. Weltkrieg`);
- `usw.`, `etc.`, `Jh.`, which end a sentence only before a typical sentence opener.
Decimal numbers, thousands (`1.000`), times (`14.30 Uhr`), dates and URLs contain
no whitespace after their dots and are never split.
"""
from __future__ import annotations

import re

OPENING_QUOTES = "\"'„“‚‘»«(["
CLOSING_QUOTES = "\"'“”‘’«»)]"

ARTICLES = frozenset("""Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Kein Keine Keinen
    Keinem Keiner""".split())
PRONOUNS = frozenset("""Er Sie Es Wir Ich Du Ihr Man Dies Diese Dieser Dieses Diesen Diesem Jene
    Alle Viele Manche Beide Jeder Jede Jedes Einige Sein Seine Seinen Seiner Ihre Ihren Ihrer
    Unser Unsere Niemand Jemand Nichts Etwas""".split())
PARTICLES = frozenset("""Dann Doch Aber Und Oder Auch Nun Jetzt Heute Gestern Zudem Außerdem Damit
    Dabei Dort Hier Da So Noch Erst Schon Bereits Zuvor Danach Inzwischen Mittlerweile Trotzdem
    Allerdings Jedoch Deshalb Daher Darum Denn Als Wenn Weil Ob Obwohl Nachdem Bevor Seitdem Zwar
    Bisher Wie Was Wer Wo Wann Warum Wieso Weshalb Welche Welcher Welches Dass Ebenso Später
    Zunächst Schließlich Immerhin Offenbar Vielleicht Insgesamt Anschließend""".split())
PREPOSITIONS = frozenset("""Am Im In Nach Vor Bei Beim Mit Seit Auf Für Zum Zur Vom Von Ab Bis Um Unter
    Über Aus Gegen Ohne Trotz Wegen Angesichts Hinter Neben Zwischen Durch Laut Während""".split())
QUANTITIES = frozenset("""Zwei Drei Vier Fünf Sechs Sieben Acht Neun Zehn Elf Zwölf Zwanzig Dreißig
    Vierzig Fünfzig Hundert Tausend Hunderte Tausende Dutzende Millionen Mehrere Mehr Weniger
    Rund Fast Knapp Etwa Gut""".split())
# Capitalised words that start sentences but never names, places or nouns.
SENTENCE_OPENERS = ARTICLES | PRONOUNS | PARTICLES | PREPOSITIONS | QUANTITIES

MONTHS = frozenset("""Januar Jänner Februar März April Mai Juni Juli August September Oktober
    November Dezember Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez""".split())

# Abbreviations that never end a sentence (compared in lower case).
INTERNAL_ABBREVIATIONS = frozenset("""dr prof dipl ing hr hrn fr frl st nr nrn mio mrd tsd ca bzw
    vgl zb bspw ggf evtl inkl exkl zzgl abzgl sog geb gest verh str tel bd bde kap abb hrsg
    vs mr mrs jr jun sen gebr insb rd lt gem zzt ziff allg bzgl""".split())
# Abbreviations that may end a sentence: they do so only before a sentence opener.
_FINAL_ABBREVIATIONS = frozenset("usw etc jh jhd jhdt chr ff co inc ltd".split())
# Abbreviations ambiguous with ordinary words ("eine Art."): abbreviations before a number.
_NUMBER_ABBREVIATIONS = frozenset("art abs s kap abb tab fig jan feb okt nov dez sept".split())
# Words that govern an ordinal number ("am 3. Oktober", "der 2. Weltkrieg").
_ORDINAL_GOVERNORS = frozenset("""am im vom zum zur beim der die das den dem des ein eine einem einer
    eines jeder jede jedes jeden jedem sein seine seinem seinen seiner ihr ihre ihrem ihren ihrer
    unser unsere unserem unseren ab bis seit vor nach""".split())

# A candidate boundary: terminal punctuation and any closing quotes, then a space.
# Both runs are possessive and a candidate never starts right after terminal
# punctuation: a run that is not followed by a space ("Ende....x") is then tried
# once, not again from each of its characters.  (From inside a run the match could
# only end where the match from the run's start ends, so no boundary is lost.)
_CANDIDATE = re.compile(rf"(?<![.!?…])[.!?…]++[{re.escape(CLOSING_QUOTES)}]*+(?= )")
# The word after a boundary, behind any opening quotes.  Possessive, so that a lone
# opening quote before a space is no word (it would be, were the quote given back).
_NEXT_WORD = re.compile(rf"[{re.escape(OPENING_QUOTES)}]*+(\S+)")
_TRAILING_PUNCTUATION = ".,;:!?…" + CLOSING_QUOTES
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # z.B, u.a, U.S
_ROMAN = re.compile(r"[IVXLC]{2,}")


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph; joined with spaces they give back the paragraph.

    Linear in the paragraph's length: a candidate looks only at the words next to it
    (the text is single-spaced, so a word is the run between two spaces), never at a
    copy of the text before or after it, so each word is read by at most three
    candidates: the one it carries, the one before it and the one after it.
    """
    text = normalise_whitespace(paragraph)
    sentences, start = [], 0
    for candidate in _CANDIDATE.finditer(text):
        if _ends_sentence(text, candidate):
            sentences.append(text[start:candidate.end()])
            start = candidate.end() + 1
    if start < len(text):
        sentences.append(text[start:])
    return sentences


def _ends_sentence(text: str, candidate: re.Match) -> bool:
    next_word = _word_after(text, candidate.end() + 1)
    if not next_word or not (next_word[0].isupper() or next_word[0].isdigit()):
        return False
    if candidate.group() != ".":
        return True  # ?, !, ellipsis, or a full stop inside closing quotes/brackets
    # The word before the full stop starts after the previous space: scan back to it
    # rather than split all the text before the candidate.
    word_start = text.rfind(" ", 0, candidate.start()) + 1
    return _full_stop_ends_sentence(text, word_start, candidate.start(), next_word)


def _word_after(text: str, position: int) -> str:
    """The next word, without opening quotes before it or punctuation after it."""
    match = _NEXT_WORD.match(text, position)
    return match[1].rstrip(_TRAILING_PUNCTUATION) if match else ""


def _word_before(text: str, word_start: int) -> str:
    """The word before the one that starts at `word_start` (> 0, after a space)."""
    return text[text.rfind(" ", 0, word_start - 1) + 1:word_start - 1]


def _full_stop_ends_sentence(text: str, word_start: int, stop: int, next_word: str) -> bool:
    """Whether the full stop at `stop`, after the word from `word_start`, ends a sentence."""
    word = text[word_start:stop].lstrip(OPENING_QUOTES)
    if not word:
        return True
    lower = word.lower()
    opener = next_word in SENTENCE_OPENERS
    if len(word) == 1 and word.isalpha():
        return False  # an initial (H. Müller) or one letter of z. B., u. a., d. h.
    if lower in INTERNAL_ABBREVIATIONS or ("." in word and _DOTTED_ABBREVIATION.fullmatch(word)):
        return False
    if lower in _NUMBER_ABBREVIATIONS and next_word[0].isdigit():
        return False
    if lower in _FINAL_ABBREVIATIONS:
        return opener
    if (word.isdigit() and len(word) <= 3) or _ROMAN.fullmatch(word):
        return _ordinal_ends_sentence(text, word_start, next_word)
    return True


def _ordinal_ends_sentence(text: str, word_start: int, next_word: str) -> bool:
    """Whether a full stop after the number starting at `word_start` ends a sentence."""
    if word_start == 0:
        return False  # a list number opening the paragraph: "1. Die Regierung ..."
    if next_word not in SENTENCE_OPENERS or next_word in MONTHS:
        return False
    governor = _word_before(text, word_start)  # "am 3. Oktober", "der 2. Weltkrieg"
    return governor.lower() not in _ORDINAL_GOVERNORS
