"""Clean a scraped news page (or a pasted text) into an article's typed paragraphs.

The input is plain text, one paragraph per line or per blank-line separated block.
`clean_article` runs four steps:

1. Noise: a line is dropped only if it has no letters at all (progress counters,
   lone bullets) or if it is short and matches a pattern for a class of page furniture
   (share buttons, navigation, copyright and rights notices, metadata such as
   "Stand: 05.10.2016", bylines, cookie consent formulas).  Each pattern has a length
   limit, so a long line of prose is never noise.  After a "Mehr zum Thema" style
   label, the short link titles below it in the same block go too.
2. Hard-wrapped text (e-mail, terminals) is re-joined: when most lines end near one
   width, a line is a soft break if the next line's first word would not have fit on it.
3. Header: a leading heading-like line (short, starts upper case, no final full
   stop) is the headline, with a kicker if one is
   - on its own short line above it,
   - before a colon ("Syrien-Konflikt: USA und Russland ..."), or
   - run into it, see `_run_in_kicker_length`.
   Of three short lines the last two are kicker and headline when the first of them is
   verbless: the line above is a site or section name, kept as body.
4. Body: credits ("Quelle: dpa", "Foto: Reuters", "(Foto: dpa)", "© dpa") are split off the
   caption line they end, or follow their caption line directly; the first prose
   paragraph after a headline is the lead when it is short and more prose follows; the
   first remaining paragraph may start with a dateline, see `_split_dateline`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import (ARTICLES, CLOSING_QUOTES, MONTHS, OPENING_QUOTES, PARTICLES, PRONOUNS,
                      SENTENCE_OPENERS, normalise_whitespace, split_sentences)

KINDS = ("kicker", "headline", "lead", "caption", "credit", "dateline", "body")


@dataclass(frozen=True)
class Block:
    """One paragraph of a cleaned document."""
    kind: str
    text: str


@dataclass(frozen=True)
class CleanDocument:
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class _Unit:
    """A paragraph candidate and the blank-line separated block it came from."""
    text: str
    block: int


# --- 1. noise ----------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_BULLETS = "•·▪►▶›*"

_NAVIGATION = re.compile(r"""(?:
    (?:zur(?:ück\ zur)?\ )?startseite | zurück(?:\ zur\ übersicht)? | nach\ oben | zum\ seitenanfang
  | mehr\ (?:zum|zu\ diesem)\ thema | mehr\ (?:dazu|lesen|anzeigen|erfahren) | (?:jetzt\ |hier\ )?weiterlesen
  | (?:weitere|verwandte|ähnliche)\ (?:artikel|nachrichten|themen|meldungen|beiträge) | themen
  | das\ könnte\ sie\ (?:auch\ )?interessieren | auch\ interessant | lesen\ sie\ (?:auch|mehr|hier)
  | meistgelesen(?:e)?(?:\ artikel)? | top-?themen | empfehlungen | anzeige | werbung | sponsored
  | videos? | audio | podcast | (?:bilder|foto)galerie | fotostrecke | bild\ \d+\ von\ \d+ | \d+\ bilder
  | artikel\ (?:hören|anhören|vorlesen|drucken|merken|verschenken|teilen|kommentieren) | vorlesen
  | schriftgröße | drucken | e-?mail | \d*\ ?kommentare? | (?:jetzt\ )?kommentieren
  | diskutieren\ sie\ mit | feedback | newsletter | impressum | datenschutz(?:erklärung)? | agb
  | kontakt | menü | navigation | suche | login | abmelden | jetzt\ testen | zum\ angebot | abo
  | (?:jetzt\ )?(?:registrieren|anmelden|abonnieren) | hier\ klicken | (?:alle\ )?akzeptieren
  | ablehnen | (?:cookie-?)?einstellungen | einverstanden | zustimmen | ok | schließen
  | teilen | share | tweet | merken | (?:nächste|vorherige|vorige)\ seite
  | (?:seite\ )?\d+\ ?(?:von|/)\ ?\d+
)[\s:.!›»>→…]*""", re.IGNORECASE | re.VERBOSE)

_SOCIAL = frozenset("""facebook twitter x whatsapp e-mail email mail linkedin xing pinterest
    instagram telegram reddit flipboard pocket messenger drucken teilen tweet print link kopieren
    threads bluesky mastodon""".split())

# (pattern, longest line it may drop): lines starting with page furniture.
_NOISE_PREFIXES = [(re.compile(pattern, re.IGNORECASE), limit) for pattern, limit in [
    (r"(?:artikel |beitrag |seite )?(?:teilen|share)(?: per| via| auf| mit| on| this)?\s*:", 120),
    (r"jetzt (?:abonnieren|testen|weiterlesen|anmelden|registrieren|gratis|kostenlos)\b", 120),
    (r"abonnieren sie (?:jetzt|unseren|den|hier)\b|melden sie sich (?:hier |jetzt )?(?:an|für (?:unseren|den)"
     r" newsletter)\b|folgen sie (?:uns|dem autor|der autorin|[\w.-]+ auf (?:twitter|facebook|instagram|x))\b", 120),
    (r"hier (?:geht es|gehts) zu[mr]?\b|hier können sie .{0,60}(?:erwerben|abonnieren|bestellen|herunterladen)", 120),
    (r"zum (?:vollständigen )?artikel\b|exklusiv für (?:abonnent|\w+ ?plus)", 40),
]]
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (rf"(?:\w+, )?\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTH_NAMES})\.?)\s?(?:\d{{2,4}})?"
         r"(?:,? (?:um )?\d{1,2}[:.]\d{2}(?: uhr)?)?")
_METADATA = re.compile(rf"(?:(?:zuletzt )?(?:stand|aktualisiert|veröffentlicht|erstellt|update)(?::| am) ?)?{_DATE}"
                       r"|(?:lesezeit|lesedauer):? (?:ca\. )?\d+ ?(?:min\.?|minuten)", re.IGNORECASE)
_RIGHTS = re.compile(r"(?:^|[–—|.,-] ?)(?:alle rechte vorbehalten|all rights reserved|nutzungsrechte erwerben"
                     r"|nachdruck(?: nur)? mit (?:genehmigung|erlaubnis|zustimmung))", re.IGNORECASE)
# Consent formulas speak as the site ("wir verwenden Cookies"); articles about cookies do not.
_COOKIE_CONSENT = re.compile(r"\b(?:wir|diese (?:web)?seite|diese website|unsere (?:web)?seite|unsere website"
                             r"|this (?:web)?site|we) (?:verwenden|verwendet|nutzen|nutzt|setzen|setzt|use|uses)"
                             r" (?:cookies|tracking)|mit der nutzung (?:dieser|unserer) (?:website|seite)",
                             re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\) |copyright (?:©|\(c\)|\d{4}|by\b)", re.IGNORECASE)
_COMPANY = re.compile(r"\d|\b(?:gmbh|ag|kg|verlag\w*|rechte|rights|reserved)\b", re.IGNORECASE)
_BYLINE = re.compile(r"(?:Von|Text:|Autor(?:in)?:|Ein (?:Kommentar|Gastbeitrag|Interview) von)"
                     r"(?: (?:[A-ZÄÖÜ][\w.'’-]*,?|und|von|van|de|der|zu)){1,7}")
# A label over a list of teaser links, possibly with the first title after a colon.
_LINK_LIST_LABEL = re.compile(r"(?:mehr (?:zum|zu diesem) thema|lesen sie (?:auch|mehr)|auch interessant"
                              r"|das könnte sie (?:auch )?interessieren|(?:weitere|verwandte|ähnliche) "
                              r"(?:artikel|themen|beiträge)|meistgelesen\w*|top-?themen) ?(?::.*)?", re.IGNORECASE)


def _is_noise(line: str) -> bool:
    if not any(character.isalpha() for character in line):
        return True  # progress counters, lone bullets and dashes, bare dates
    if len(line) <= 60 and _NAVIGATION.fullmatch(line):
        return True
    words = re.findall(r"[\w-]+", line.lower())
    if len(words) <= 10 and all(word in _SOCIAL for word in words):
        return True
    if any(len(line) <= limit and pattern.match(line) for pattern, limit in _NOISE_PREFIXES):
        return True
    if len(line) <= 60 and _METADATA.fullmatch(line):
        return True
    if _COPYRIGHT.match(line) and len(line) <= 250:
        return bool(_COMPANY.search(line)) or not _CREDIT_LINE.fullmatch(line)  # "© dpa" is a credit
    return ((len(line) <= 250 and bool(_RIGHTS.search(line)))
            or (len(line) <= 400 and bool(_COOKIE_CONSENT.search(line)))
            or (len(line) <= 70 and bool(_BYLINE.fullmatch(line))))


def _drop_noise(lines: list[str]) -> list[str]:
    kept, in_link_list = [], False
    for line in lines:
        if len(line) <= 120 and _LINK_LIST_LABEL.fullmatch(line):
            in_link_list = True  # the label, then the teaser titles listed below it
        elif not (in_link_list and _is_heading_like(line)):
            in_link_list = False
            if not _is_noise(line):
                kept.append(line)
    return kept


# --- 2. lines into paragraph units -------------------------------------------------

def _units(raw: str) -> list[_Unit]:
    text = raw.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[normalise_whitespace(line).lstrip(_BULLETS + " ") for line in block.split("\n")]
              for block in re.split(r"\n[^\S\n]*\n", text)]
    blocks = [_drop_noise([line for line in lines if line]) for lines in blocks]
    width = _wrap_width([line for lines in blocks for line in lines])
    return [_Unit(paragraph, index) for index, lines in enumerate(blocks)
            for paragraph in _unwrap(lines, width)]


def _wrap_width(lines: list[str]) -> int | None:
    """The line width of hard-wrapped text, or None when lines are whole paragraphs.

    Wrapped text has several lines ending near one width, most of them mid-sentence;
    short scraped paragraphs end near no common width, or end with their sentence.
    """
    if not lines:
        return None
    width = max(map(len, lines))
    full_lines = [line for line in lines if len(line) >= width - 12]
    mid_sentence = sum(not _is_prose(line) for line in full_lines)
    return width if 40 <= width <= 100 and len(full_lines) >= 3 and mid_sentence >= 2 / 3 * len(full_lines) else None


def _unwrap(lines: list[str], width: int | None) -> list[str]:
    if width is None:
        return lines
    # A paragraph is collected as a list of pieces and joined once: joining the growing
    # paragraph for each of its lines would copy it again and again, quadratic in the
    # length of a long hard-wrapped paragraph.
    paragraphs: list[list[str]] = []
    last_line = ""
    for line in lines:
        if paragraphs and _is_soft_break(last_line, line, width):
            _join_wrapped(paragraphs[-1], line)
        else:
            paragraphs.append([line])
        last_line = line
    return ["".join(pieces) for pieces in paragraphs]


def _is_soft_break(line: str, next_line: str, width: int) -> bool:
    """A wrapper breaks a line only when the next word would not fit on it."""
    next_word = next_line.split()[0]
    return len(line) + 1 + len(next_word) > width or (next_line[0].islower() and len(line) >= 0.6 * width)


_HYPHENATED_END = re.compile(r"[^\W\d_]-$")


def _join_wrapped(pieces: list[str], line: str) -> None:
    """Add a wrapped line to a paragraph's pieces: after a space, or onto a word hyphenated at the line end."""
    # Only the paragraph's last two characters matter: look in its last two pieces (each
    # at most a line long), not through all of it.  No piece is empty (a kept line has a
    # letter, see `_drop_noise`), so those two hold the last two characters.
    if _HYPHENATED_END.search("".join(pieces[-2:])):
        keeps_hyphen = line[0].isupper() or line.split()[0] in ("und", "oder", "bzw.", "sowie")
        if not keeps_hyphen:
            pieces[-1] = pieces[-1][:-1]
        pieces.append(line)
    else:
        pieces.append(" " + line)


# --- 3. header ---------------------------------------------------------------------

_FUNCTION_WORDS = frozenset("""im in am an auf aus bei beim mit nach von vom vor zu zum zur für gegen
    ohne um über unter zwischen durch trotz wegen seit bis ab der die das den dem des ein eine einen
    einem einer eines und oder sowie ins ans per pro""".split())
_ARTICLE_LIKE = frozenset("der die das den dem des ein eine einem einer eines im am zum zur vom beim".split())


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip(OPENING_QUOTES)
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _is_heading_like(text: str) -> bool:
    return (len(text.split()) <= 16 and len(text) <= 120 and _starts_upper(text)
            and not text.rstrip(CLOSING_QUOTES).endswith((".", ",", ";"))
            and not _is_credit_line(text) and not _split_run_on_credit(text))


def _is_noun_phrase(words: list[str], blockers: frozenset[str]) -> bool:
    """Capitalised words joined by lower-case function words: no verb, no adverb."""
    return (words[0] not in blockers and words[-1] not in _FUNCTION_WORDS
            and all(_starts_upper(word) or word in _FUNCTION_WORDS for word in words))


def _split_header(units: list[_Unit], title: str | None) -> tuple[list[Block], list[_Unit]]:
    if len(units) < 2:
        return [], units  # a lone line is text, not a headline over nothing
    first, second = units[0].text, units[1].text
    if title and first == title:
        return [Block("headline", first)], units[1:]
    if title and first.endswith(" " + title):
        kicker = first[:-len(title)].rstrip(" :–—-")
        if len(kicker.split()) <= 8:
            return [Block("kicker", kicker), Block("headline", title)], units[1:]
    if not _is_heading_like(first) or _is_credit_line(second):
        return [], units  # prose, or a photo caption over its credit
    if len(units) > 3 and all(map(_is_heading_like, (second, units[2].text))) \
            and _is_kicker_line(second, units[2].text, units[3:4]):
        # Three short lines: a site or section name ("ZEIT ONLINE"), kicker, headline.
        return [Block("body", first), Block("kicker", second), Block("headline", units[2].text)], units[3:]
    if _is_heading_like(second) and _is_kicker_line(first, second, units[2:3]):
        return [Block("kicker", first), Block("headline", second)], units[2:]
    return _split_headline(first), units[1:]


def _is_kicker_line(first: str, second: str, after: list[_Unit]) -> bool:
    """A kicker is a short verbless line; the next line must not be a captioned photo."""
    words = first.split()
    if len(words) > 6 or first.endswith(("?", "!")) or (after and _is_credit_line(after[0].text)):
        return False
    return _is_noun_phrase(words, PRONOUNS | PARTICLES) or len(words) < len(second.split())


def _split_headline(line: str) -> list[Block]:
    kicker, colon, headline = line.partition(": ")
    if (colon and len(kicker.split()) <= 5 and len(headline.split()) >= 2 and _starts_upper(headline)
            and _is_noun_phrase(kicker.split(), PRONOUNS | PARTICLES)):
        return [Block("kicker", kicker), Block("headline", headline)]
    words = line.split()
    length = _run_in_kicker_length(words)
    if length:
        return [Block("kicker", " ".join(words[:length])), Block("headline", " ".join(words[length:]))]
    return [Block("headline", line)]


def _run_in_kicker_length(words: list[str]) -> int | None:
    """How many leading words of a headline line are a kicker run into it, if any.

    Scraping a page often loses the line break between kicker and headline:
    "Bewegung im Syrien-Konflikt USA und Russland sprechen wieder".  The kicker is a
    short noun phrase: capitalised words linked by at least one lower-case function
    word ("im", "um", "in der"), with no verb, not starting with an article, pronoun
    or conjunction and not ending on an article + adjective ("an der Deutschen").
    The headline is a clause of three or more words starting with a capital and
    containing a lower-case content word (its verb).  The shortest such kicker wins;
    without one the line stays whole ("Merkel trifft Macron in Paris").
    """
    for length in range(2, min(6, len(words) - 3) + 1):
        kicker, headline = words[:length], words[length:]
        if (_is_noun_phrase(kicker, ARTICLES | PRONOUNS | PARTICLES)
                and any(word in _FUNCTION_WORDS for word in kicker[1:])
                and not (kicker[-2] in _ARTICLE_LIKE and re.search(r"(?:en|er|es|em)$", kicker[-1]))
                and _starts_upper(headline[0])
                and any(word[0].islower() and word not in _FUNCTION_WORDS for word in headline)):
            return length
    return None


# --- 4. body -----------------------------------------------------------------------

_CREDIT_LABEL = r"(?:Fotos?|Bild(?:er)?|Bildquelle|Quelle|Grafik|Illustration|Copyright|Credits?|Photo)"
_CREDIT_TEXT = r"[^\s.!?:;()](?:[^.!?:;()]|\.(?=\S)){0,60}"
_CREDIT = rf"(?:{_CREDIT_LABEL} ?: ?{_CREDIT_TEXT}|© ?{_CREDIT_TEXT})"
_CREDIT_LINE = re.compile(rf"\(?{_CREDIT}\)?")
_RUN_ON_CREDIT = re.compile(rf"(?P<text>.*\S) (?P<credit>\({_CREDIT}\)|{_CREDIT})")


def _is_credit_line(text: str) -> bool:
    return len(text.split()) <= 10 and bool(_CREDIT_LINE.fullmatch(text))


def _split_run_on_credit(text: str) -> tuple[str, str] | None:
    """'… Kontakt aufgenommen. Quelle: dpa' → ('… Kontakt aufgenommen.', 'Quelle: dpa')."""
    match = _RUN_ON_CREDIT.fullmatch(text)
    if not match or len(match["credit"].split()) > 8 or len(match["text"].split()) < 2:
        return None
    before = match["text"].rstrip(CLOSING_QUOTES)
    # A bare "Quelle: …" must follow a finished sentence or a caption's noun ("in Paris"),
    # not an article ("aus einer Quelle: …").
    if match["credit"].startswith("(") or before.endswith((".", "!", "?", "…")) or _starts_upper(before.split()[-1]):
        return match["text"], match["credit"]
    return None


def _is_prose(text: str) -> bool:
    return text.rstrip(CLOSING_QUOTES).endswith((".", "!", "?", "…"))


def _is_caption_sized(text: str) -> bool:
    return len(text) <= 350 and len(split_sentences(text)) <= 2


@dataclass
class _Item:
    """A paragraph on its way to a Block; kind None until it is known."""
    kind: str | None
    text: str
    block: int


def _with_credits(units: list[_Unit]) -> list[_Item]:
    """The units as items, with captions and credits marked."""
    items: list[_Item] = []
    for unit in units:
        previous = items[-1] if items else None
        if _is_credit_line(unit.text):
            if (previous and previous.kind is None and previous.block == unit.block
                    and _is_caption_sized(previous.text)):
                previous.kind = "caption"
            elif unit.text.startswith("©"):
                continue  # a bare "© Spiegel Online" away from any photo is a page footer
            items.append(_Item("credit", unit.text, unit.block))
            continue
        split = _split_run_on_credit(unit.text)
        if split:
            text, credit = split
            if not _is_noise(text):  # "5. Oktober 2016, 14:23 Uhr Quelle: dpa" is metadata
                items.append(_Item("caption" if _is_caption_sized(text) else None, text, unit.block))
            items.append(_Item("credit", credit, unit.block))
        else:
            items.append(_Item(None, unit.text, unit.block))
    return items


def _classify_body(units: list[_Unit], has_headline: bool) -> list[Block]:
    items = _with_credits(units)
    open_items = [item for item in items if item.kind is None]
    # Short lines under the headline (a subtitle) may come before the lead.
    first_prose = next((index for index, item in enumerate(open_items) if _is_prose(item.text)), None)
    if first_prose is not None and all(_is_heading_like(item.text) for item in open_items[:first_prose]):
        candidate = open_items[first_prose]
        if (has_headline and _is_lead(candidate.text) and not _split_dateline(candidate.text)
                and any(_is_prose(item.text) for item in open_items[first_prose + 1:])):
            candidate.kind = "lead"
            open_items = open_items[first_prose + 1:]
    first_paragraph = next((item for item in open_items if _is_prose(item.text)), open_items[0] if open_items else None)
    blocks = []
    for item in items:
        dateline = _split_dateline(item.text) if item is first_paragraph else None
        if dateline:
            blocks += [Block("dateline", dateline[0]), Block("body", dateline[1])]
        else:
            blocks.append(Block(item.kind or "body", item.text))
    return blocks


def _is_lead(text: str) -> bool:
    return _is_prose(text) and len(text) <= 600 and len(split_sentences(text)) <= 4


_PLACE_WORD = re.compile(r"St\.|[A-ZÄÖÜ][^\W\d_]*(?:[-/][A-ZÄÖÜ]?[^\W\d_]+)*")
_PLACE_CONNECTORS = frozenset("am an der im ob bei".split())  # Frankfurt am Main, Halle an der Saale
_AGENCY = re.compile(r"\([^()\s]{1,20}\)")  # (dpa), (dpa/AFP), (Reuters)
_DASHES = ("-", "–", "—")


def _split_dateline(paragraph: str) -> tuple[str, str] | None:
    """('Moskau', 'Zwei Tage nach …') for 'Moskau Zwei Tage nach …', else None.

    A dateline is one to three capitalised place words (with '/', '-', 'am', 'an der')
    at the paragraph start, followed by
    - an agency in brackets, "Berlin (dpa) - Die …", or a dash, "Frankfurt/Main – Die …";
    - a full stop and an all-caps place ("WASHINGTON. Der …") or a sentence opener;
    - directly a sentence opener: "Moskau Zwei Tage …", "Bad Homburg Die …".
    A sentence opener is a closed-class word (article, pronoun, preposition, number
    word) that cannot continue a name or noun as the sentence's subject: "Angela Merkel
    sagte" and "Die Regierung …" are no datelines.  A date after a comma is kept with
    the place ("Berlin, 5. Oktober (dpa) – …").
    """
    words = paragraph.split()
    for end in range(1, min(len(words), 6)):
        found = _dateline_ending_at(words[:end], words[end:])
        if found:
            return found
    return None


def _dateline_ending_at(place_words: list[str], rest: list[str]) -> tuple[str, str] | None:
    last = place_words[-1]
    punctuation = last[-1] if last[-1] in ".," and last != "St." else ""
    place_words = place_words[:-1] + [last.rstrip(".,") if punctuation else last]
    if not _is_place(place_words):
        return None
    dateline = " ".join(place_words)
    if punctuation == ",":
        date, rest = _take_date(rest)
        if not date:
            return None
        dateline, punctuation = f"{dateline}, {date.rstrip('.,')}", date[-1] if date[-1] in ".," else ""
    marked = False  # an agency or a dash marks a dateline beyond doubt
    if rest and _AGENCY.fullmatch(rest[0]):
        dateline, rest, marked = f"{dateline} {rest[0]}", rest[1:], True
    if rest and rest[0] in _DASHES:
        rest, marked = rest[1:], True
    if not rest or not _starts_upper(rest[0]):
        return None
    opener = rest[0].lstrip(OPENING_QUOTES).rstrip(",.:") in SENTENCE_OPENERS
    if marked or (punctuation == "." and (dateline.isupper() or opener)) or (not punctuation and opener):
        return dateline, " ".join(rest)
    return None


def _is_place(words: list[str]) -> bool:
    names = [word for word in words if word not in _PLACE_CONNECTORS]
    return (1 <= len(names) <= 3 and words[0] in names and words[-1] in names
            and all(_PLACE_WORD.fullmatch(name) and name.capitalize() not in SENTENCE_OPENERS
                    and name not in SENTENCE_OPENERS for name in names))


def _take_date(words: list[str]) -> tuple[str, list[str]]:
    """A leading date ('5. Oktober 2016', '05.10.2016') and the words after it."""
    if words and re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}[.,]?", words[0]):
        return words[0], words[1:]
    if len(words) >= 2 and re.fullmatch(r"\d{1,2}\.", words[0]) and words[1].rstrip(".,") in MONTHS:
        length = 3 if len(words) > 2 and re.fullmatch(r"\d{4}[.,]?", words[2]) else 2
        return " ".join(words[:length]), words[length:]
    return "", words


# --- the whole ---------------------------------------------------------------------

def clean_article(raw: str, title: str | None = None) -> CleanDocument:
    """The article in a scraped page or pasted text, as typed paragraphs.

    A given title names the document; otherwise the detected headline does, or
    nothing ("") when the text starts without one.
    """
    units = _units(raw)
    header, units = _split_header(units, title)
    blocks = header + _classify_body(units, has_headline=bool(header))
    headline = next((block.text for block in header if block.kind == "headline"), "")
    return CleanDocument(title or headline, blocks)
