"""The Ding word list's format: one line per entry, parsed into parts and index rows.

A line reads ``German side :: English side``; each side is split into parallel
``|``-separated parts (the main sense, its plural or inflected forms, then
examples and sub-entries), each part into ``;``-separated items, and each item
carries grammar tags ``{f}``, labels ``[mil.]``, comments ``(…)`` and
abbreviations ``/UN/``. Nothing here touches SQLite: `index.py` stores what
this module parses and `lookup.py` answers queries from it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# Roles of a lookup key within its Ding line, in ranking order.
ROLE_HEADWORD = 0  # a synonym of the main sense (first | part)
ROLE_FORM = 1  # a plural or inflected form of a headword (parts right after the first)
ROLE_SUBENTRY = 2  # a tagged word inside a later (example) part, e.g. "Wasserversorgung {f}"
TAGGED_PLURAL = 2  # value of forms.tagged for a plural-only headword
AUXILIARIES = {"hat", "hatte", "hat/hatte", "ist", "war", "ist/war", "wird", "wurde", "habe", "bin"}
_PRONOUN_PREFIX = re.compile(r"^(?:(?:ich|du|er|sie|es|wir|ihr|man)(?:/(?:ich|du|er|sie|es|wir|ihr))*\s+)")
# Object placeholders and articles in front of a headword: "etw. durchschalten", "die Menschen".
_HEADWORD_PREFIX = re.compile(r"^(?:(?:(?:jdn|jdm|jds|etw)\.(?:/(?:jdn|jdm|jds|etw)\.)*|sich|der|die|das|den|dem|des)\s+)+")
_ABBREVIATION = re.compile(r"(?:^|(?<=\s))/([^/\s][^/]*)/(?=\s|$)")
_ANNOTATION = re.compile(r"\([^()]*\)|\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>")
_TRAILING_COMMENT = re.compile(r"\s*\([^()]*\)\s*\([^()]*\)$")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?,:;\"„“]")
_SENTENCE_END = re.compile(r"[.!?]")
_PHRASE_PLACEHOLDERS = frozenset("jdn. jdm. jds. etw. jemanden jemandem sich".split())
_PHRASE_BREAK = re.compile(r"[.!?,;:…/\"„“]")
MIN_PHRASE_WORDS, MAX_PHRASE_WORDS = 2, 5
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


@dataclass
class Entry:
    headword: str
    grammar: str                     # tags, plural and forms as one line: "{m}; pl: Tage"
    senses: list[str]
    domains: list[str]
    examples: list[tuple[str, str]]
    synonyms: list[str]
    # The same grammar in pieces, for a short headword line: ["m"], "Tage", ["brechend", "gebrochen", …]
    tags: list[str] = field(default_factory=list)
    plural: str = ""
    forms: list[str] = field(default_factory=list)


def lookup_key(text: str) -> str:
    """Case-insensitive key; casefold also turns ß into ss."""
    return " ".join(text.split()).casefold()


def folded_key(text: str) -> str:
    """Key without umlauts, so "Aussenminister" and "Muenchen" find their entries."""
    key = lookup_key(text).translate(_UMLAUTS)
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def split_top_level(text: str, separator: str = ";") -> list[str]:
    """Split on separator outside (), {} and [] — "der {art} (des; dem; den)" stays whole."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == separator and depth == 0:
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def clean_text(raw: str) -> str:
    """The bare word(s) of a Ding item, without annotations and abbreviations."""
    text, previous = raw, None
    while text != previous:  # nested comments need several passes
        previous, text = text, _ANNOTATION.sub(" ", text)
    text = _ABBREVIATION.sub(" ", text)
    return " ".join(text.split())


def parse_item(raw: str) -> dict:
    """One ;-separated German item: text, grammar tags, labels, abbreviations."""
    return {
        "text": clean_text(raw),
        "tags": re.findall(r"\{([^{}]*)\}", raw),
        "labels": re.findall(r"\[([^\[\]]*)\]", raw),
        "abbr": [a for a in _ABBREVIATION.findall(raw) if " " not in a],
        "raw": raw,
    }


def is_plural_part(items: list[dict]) -> bool:
    return bool(items) and all("pl" in item["tags"] for item in items)


def _is_inflection_part(items: list[dict], english: str, headwords: list[dict]) -> bool:
    """Verb/adjective forms: "kündigend; gehend", "er/sie geht", "schließt ein", "am schwersten"."""
    if not items or english.startswith("to ") or _SENTENCE_END.search(clean_text(english)):
        return False
    return all(_is_inflected_form(item, headwords) for item in items)


def _is_inflected_form(item: dict, headwords: list[dict]) -> bool:
    words = _PRONOUN_PREFIX.sub("", item["text"]).split()
    if item["tags"] or not words or any(w[0].isupper() or _SENTENCE_PUNCTUATION.search(w) for w in words):
        return False
    if len(words) == 1:
        return True
    # Several words only as a superlative, a perfect tense or a separated verb prefix;
    # "zu groß", "zweimal so groß" are examples.
    separated_prefix = any(h["text"].startswith(words[-1]) and h["text"] != words[-1] for h in headwords)
    return len(words) <= 3 and (words[0] == "am" or words[0] in AUXILIARIES or separated_prefix)


def _form_run_end(parts: list[dict]) -> int:
    """Index of the first part after the headword's plural/inflection parts."""
    if len(parts) > 1 and is_plural_part(parts[1]["de"]):
        return 2
    end = 1
    while end < len(parts) and end <= 8 and _is_inflection_part(parts[end]["de"], parts[end]["en"], parts[0]["de"]):
        end += 1
    return end


def parse_line(line: str) -> dict | None:
    """Parse `German | … :: English | …` into parallel parts; None for headers."""
    if line.startswith("#") or " :: " not in line:
        return None
    german, english = line.rstrip("\n").split(" :: ", 1)
    german_parts, english_parts = german.split(" | "), english.split(" | ")
    english_parts += [""] * (len(german_parts) - len(english_parts))
    parts = [
        {"de": [item for item in map(parse_item, split_top_level(de)) if item["text"]], "en": en.strip()}
        for de, en in zip(german_parts, english_parts)
    ]
    if not parts[0]["de"]:
        return None
    return {"parts": parts, "form_end": _form_run_end(parts)}


def stored_line(parsed: dict) -> str:
    """Compact JSON of a parsed line: raw items only, re-annotated on load by :func:`loaded_line`."""
    parts = [[[item["raw"] for item in part["de"]], part["en"]] for part in parsed["parts"]]
    return json.dumps([parsed["form_end"], parts], ensure_ascii=False, separators=(",", ":"))


def loaded_line(body: str) -> dict:
    form_end, parts = json.loads(body)
    return {"form_end": form_end, "parts": [{"de": [parse_item(raw) for raw in de], "en": en} for de, en in parts]}


def headword_variants(text: str) -> list[str]:
    """The item text plus the text without leading placeholders/articles."""
    stripped = _HEADWORD_PREFIX.sub("", _PRONOUN_PREFIX.sub("", text)).strip()
    return [variant for variant in dict.fromkeys([text, stripped]) if variant]


def _common_prefix_length(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a.casefold(), b.casefold()):
        if x != y:
            break
        length += 1
    return length


def align(items: list[dict], headwords: list[dict], index: int) -> int:
    """Which headword a form belongs to: same position, else the longest shared prefix."""
    if len(items) == len(headwords):
        return index
    text = items[index]["text"]
    scores = [_common_prefix_length(text, head["text"]) for head in headwords]
    return scores.index(max(scores))


def aligned_form(items: list[dict], headwords: list[dict], head_index: int) -> dict | None:
    """The item of a form part that belongs to headword head_index."""
    for index in range(len(items)):
        if align(items, headwords, index) == head_index:
            return items[index]
    return None


def index_rows(line_id: int, parsed: dict) -> list[tuple]:
    """Rows (key, fold, form, lemma, line_id, part, item, role, tagged, commonness) for one line."""
    parts, form_end = parsed["parts"], parsed["form_end"]
    headwords = parts[0]["de"]
    # Many example parts for few synonyms mark a word's common, central sense.
    commonness = len(parts) - len(headwords)
    rows = []

    def add(text: str, lemma: str, part: int, item: int, role: int) -> None:
        items = parts[part]["de"] if role == ROLE_SUBENTRY else headwords
        # A tag on the last synonym ("kündigen; …; gehen {vi}") covers the whole list.
        tags = items[item]["tags"] or items[-1]["tags"]
        tagged = TAGGED_PLURAL if tags == ["pl"] else int(bool(tags))
        for variant in headword_variants(text):
            rows.append((lookup_key(variant), folded_key(variant), variant, lemma, line_id, part, item, role, tagged, commonness))

    for index, head in enumerate(headwords):
        lemma = headword_variants(head["text"])[-1]
        add(head["text"], lemma, 0, index, ROLE_HEADWORD)
        for abbreviation in head["abbr"]:
            add(abbreviation, lemma, 0, index, ROLE_SUBENTRY)
    for part_index in range(1, form_end):
        items = parts[part_index]["de"]
        for index, item in enumerate(items):
            if "/" not in _PRONOUN_PREFIX.sub("", item["text"]):  # "ich/er/sie sprach" is "sprach"
                head_index = align(items, headwords, index)
                lemma = headword_variants(headwords[head_index]["text"])[-1]
                add(item["text"], lemma, part_index, head_index, ROLE_FORM)
    for part_index in range(form_end, len(parts)):
        for index, item in enumerate(parts[part_index]["de"]):
            if item["tags"]:
                add(item["text"], headword_variants(item["text"])[-1], part_index, index, ROLE_SUBENTRY)
    return rows


def phrase_variants(text: str) -> list[str]:
    """A multi-word item as it may stand in running text.

    Object placeholders and "sich" go ("nach Angaben von jdm." → "nach
    Angaben von"), and with them a preposition they follow ("zu etw. Stellung
    nehmen" → "Stellung nehmen"); "zur/zu Kenntnis nehmen" is two phrases.
    """
    words = [word.split("/") if "/" in word.strip("/") else [word] for word in text.split()]
    variants = [[]]
    for alternatives in words[:MAX_PHRASE_WORDS + 3]:
        variants = [variant + [alternative] for variant in variants for alternative in alternatives][:4]
    found = []
    for variant in variants:
        placeholder = [word in _PHRASE_PLACEHOLDERS for word in variant]
        governed = [word for index, word in enumerate(variant)
                    if not placeholder[index] and not (index + 1 < len(variant) and placeholder[index + 1])]
        found.append(" ".join(governed))
        inner = placeholder[placeholder.index(False):] if False in placeholder else []
        if True not in inner or all(inner[inner.index(True):]):
            # Placeholders only at the ends: "nach Angaben von" keeps its preposition.
            found.append(" ".join(word for word, gap in zip(variant, placeholder) if not gap))
    return list(dict.fromkeys(found))


def phrase_rows(line_id: int, parsed: dict) -> list[tuple]:
    """Rows (key, line_id, part, item) for the multi-word items of every part of a line.

    Idioms and fixed phrases live in Ding's example parts as often as in
    headwords ("in Kraft treten" under Kraft, "nach Angaben von jdm." under
    Aussage); the gloss matches them in a sentence before single words.
    Whole example sentences are not phrases.
    """
    rows = []
    for part_index, part in enumerate(parsed["parts"]):
        for item_index, item in enumerate(part["de"]):
            for text in phrase_variants(item["text"]):
                if MIN_PHRASE_WORDS <= len(text.split()) <= MAX_PHRASE_WORDS and not _PHRASE_BREAK.search(text):
                    rows.append((lookup_key(text), line_id, part_index, item_index))
    return rows


def _line_labels(last_item: dict) -> list[str]:
    """Labels closing the last headword ("… (comment) [mil.]") apply to the whole line."""
    trailing = re.search(r"(?:\s*\[[^\[\]]*\])+\s*$", last_item["raw"])
    return re.findall(r"\[([^\[\]]*)\]", trailing.group(0)) if trailing else []


def _labels(items: list[dict]) -> list[str]:
    return list(dict.fromkeys(label for item in items for label in item["labels"]))


def senses(english: str) -> list[str]:
    """English renderings of a part; a comment for the whole list is dropped from the last one."""
    senses = split_top_level(english)
    if senses and _TRAILING_COMMENT.search(senses[-1]):
        senses[-1] = senses[-1][: senses[-1].rindex("(")].strip()
    return senses


def _grammar_parts(parsed: dict, head_index: int) -> tuple[list[str], str, list[str]]:
    """(tags, plural, other forms) of a headword."""
    parts, form_end = parsed["parts"], parsed["form_end"]
    headwords = parts[0]["de"]
    forms = [aligned_form(parts[p]["de"], headwords, head_index) for p in range(1, form_end)]
    forms = [form["raw"].strip() for form in forms if form]
    if forms and is_plural_part(parts[1]["de"]):
        return headwords[head_index]["tags"], clean_text(forms[0]), []
    return headwords[head_index]["tags"], "", forms


def _grammar(tags: list[str], plural: str, forms: list[str]) -> str:
    pieces = [" ".join("{%s}" % tag for tag in tags)]
    if plural:
        pieces.append("pl: " + plural)
    elif forms:
        pieces.append("forms: " + ", ".join(forms))
    return "; ".join(piece for piece in pieces if piece)


def entry_for(parsed: dict, match) -> Entry:
    """The reader-facing entry for a match: the main sense, or the sub-entry it names."""
    parts = parsed["parts"]
    if match.role == ROLE_SUBENTRY and match.part > 0:
        items = parts[match.part]["de"]
        item = items[match.item]
        return Entry(
            headword=item["text"],
            grammar=_grammar(item["tags"], "", []),
            senses=senses(parts[match.part]["en"]),
            domains=_labels(items),
            examples=[],
            synonyms=[other["text"] for other in items if other is not item],
            tags=item["tags"],
        )
    headwords = parts[0]["de"]
    head = headwords[match.item]
    tags, plural, forms = _grammar_parts(parsed, match.item)
    return Entry(
        headword=head["text"],
        grammar=_grammar(tags, plural, forms),
        senses=senses(parts[0]["en"]),
        domains=list(dict.fromkeys(head["labels"] + _line_labels(headwords[-1]))),
        examples=[(part["de_raw"], part["en"]) for part in _example_parts(parsed)],
        synonyms=[other["text"] for other in headwords if other is not head],
        tags=tags, plural=plural, forms=forms,
    )


def _example_parts(parsed: dict) -> list[dict]:
    return [
        {"de_raw": "; ".join(item["raw"] for item in part["de"]), "en": part["en"]}
        for part in parsed["parts"][parsed["form_end"]:]
    ]
