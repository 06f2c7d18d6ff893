"""Use case: look a word up in the dictionary, in the context of its sentence."""
from __future__ import annotations

import re
from dataclasses import asdict

from ..dictionary.context import lookup_in_context, particle_verb_of, word_in_sentence
from ..dictionary.lookup import MAX_QUERY_LENGTH
from ..dictionary.ding import headword_variants
from ..dictionary.senses import best_rendering, rendering_text
from ..errors import UserError
from ..glossary import Term
from . import Workspace

MAX_CONTEXT = 2000   # a sentence; longer context is cut, as the English is


def look_up(ws: Workspace, query: str, english: str = "", context: str = "") -> dict:
    """The word's dictionary entries as its sentence (`context`) uses it, the sense it has there first
    (the sense the gloss chooses from the sentence, else the one the sentence's English uses), the
    idiom or light-verb construction it is part of, and its glossary term."""
    query = (query or "").strip()
    if not query:
        raise UserError("Give a word to look up: ?q=Feuerpause")
    if len(query) > MAX_QUERY_LENGTH:
        raise UserError(f"A lookup takes one word or short phrase of at most {MAX_QUERY_LENGTH} characters.")
    if ws.dictionary is None:
        raise UserError("The dictionary is not installed: run `make setup`.", 503)
    context = (context or "")[:MAX_CONTEXT]
    found = lookup_in_context(ws.dictionary, query, context)
    entries = [asdict(e) for e in found.entries]
    sense, construction = word_in_sentence(ws.dictionary, query, context)
    in_sentence = (_first_sense(entries, lambda candidate: bool(sense) and rendering_text(candidate) == sense)
                   or _matching_sense_first(entries, english))
    # A separated verb heads the dialog as its particle verb (brachen … ab: abbrechen), whichever entry
    # the English seems to use: it is the lemma the word is marked under (services/words.lemma_for).
    verb = particle_verb_of(ws.dictionary, query, context)
    heading = next((i for i, entry in enumerate(entries) if verb in headword_variants(entry["headword"])), None)
    if verb is not None and heading is not None:
        entries.insert(0, entries.pop(heading))   # the rest keep their order: the simple verb stays near
    headline = _headline(query, found, entries)
    term = _glossary_term(ws, query, found)
    return {"query": query, "lemma": found.lemma, "parts": found.parts, "entries": entries,
            "glossary": None if term is None else {"de": term.de, "en": term.en, "note": term.note,
                                                   "source": term.source, "id": term.id},
            "in_sentence": in_sentence, "headline": headline,
            "construction": None if construction is None else {"de": construction[0], "en": construction[1]},
            "suggestion": _suggestion(ws, found, entries, in_sentence, headline["lemma"])}


def _glossary_term(ws: Workspace, query: str, found) -> Term | None:
    glossary = ws.glossary
    for candidate in (query, found.lemma, *(found.parts[-1:])):
        if candidate and glossary.get(candidate):
            return glossary.get(candidate)
    occurrences = glossary.find(query)
    return occurrences[0].term if occurrences else None


def _matching_sense_first(entries: list[dict], english: str) -> str | None:
    """With the sentence's English as context, the entry whose sense it uses comes first; that sense is returned."""
    english = (english or "").lower()[:2000]
    return _first_sense(entries, lambda sense: _used_in(sense, english)) if english else None


def _first_sense(entries: list[dict], chosen) -> str | None:
    """The first entry with a `chosen` sense, and that sense, move first; the sense is returned (None: none is)."""
    def has_chosen(entry):
        return any(chosen(sense) for sense in entry["senses"])
    if not any(has_chosen(entry) for entry in entries):
        return None
    entries.sort(key=lambda entry: not has_chosen(entry))
    for entry in entries:
        entry["senses"].sort(key=lambda sense: not chosen(sense))
    return entries[0]["senses"][0]


def _used_in(sense: str, english: str) -> bool:
    """Whether the lowercased English uses this Ding sense: "to break sth. {broke; broken}" is used in
    "the talks broke down", "ceasefire" in "a ceasefire's end"."""
    renderings = [rendering_text(sense), *(form.strip() for tags in re.findall(r"\{([^{}]*)\}", sense)
                                                    for form in tags.split(";"))]
    return any(len(r) > 2 and re.search(r"\b" + re.escape(r.lower()) + r"(?:s|es|d|ed|ing)?\b", english)
               for r in renderings)


# Ding's grammar tags, as a learner reads them.
ARTICLES = {"m": "der", "f": "die", "n": "das", "pl": "die"}
WORD_CLASSES = {"vt": "verb", "vi": "verb", "vr": "verb", "v": "verb", "adj": "adjective", "adv": "adverb",
                "prp": "preposition", "conj": "conjunction", "pron": "pronoun", "art": "article",
                "num": "numeral", "interj": "interjection"}


def _headline(query: str, found, entries: list[dict]) -> dict:
    """The short headword line: lemma, its article (gender) and plural, or its word class."""
    if not entries:
        return {"lemma": query, "article": None, "gender": None, "plural": None, "word_class": None}
    entry = entries[0]
    if found.parts:  # a compound takes its last part's gender and plural: Bürgerkriegs|land → das, …länder
        entry = next((e for e in entries if e["headword"] == found.parts[-1]), entry)
        lemma, plural = _compound_forms(found.lemma or query, entry["headword"], entry["plural"])
    else:  # the plural may sit on another entry of the same headword ("Haus {n}: home", "Haus {n}; pl: Häuser")
        lemma = headword_variants(entry["headword"])[-1]
        plural = next((e["plural"] for e in entries if e["headword"] == entry["headword"] and e["plural"]), "")
    genders = [g.strip() for tag in entry["tags"] for g in tag.split(",") if g.strip() in ARTICLES]
    article = "/".join(dict.fromkeys(ARTICLES[g] for g in genders)) or None
    word_classes = [tag.replace(";", ",").split(",")[0].strip() for tag in entry["tags"]]
    return {"lemma": lemma, "article": article, "gender": ",".join(genders) or None, "plural": plural or None,
            "word_class": None if article else next((WORD_CLASSES[t] for t in word_classes if t in WORD_CLASSES), None)}


def _compound_forms(word: str, head: str, head_plural: str) -> tuple[str, str]:
    """A compound's lemma and plural from its last part's, whichever of the two was clicked."""
    for ending in (head, head_plural):
        if ending and word.lower().endswith(ending.lower()):
            prefix = word[:len(word) - len(ending)]
            joined = (lambda part: part) if not prefix or prefix[-1] in " -" else str.lower  # Syrien-Konflikt
            return prefix + joined(head), prefix + joined(head_plural) if head_plural else ""
    return word, ""


def _suggestion(ws: Workspace, found, entries: list[dict], in_sentence: str | None, lemma: str) -> str:
    """A clean English rendering for "Add to my glossary": the sense used in the sentence, else the best
    short one; a compound's is the gloss of the whole word, not its last part's."""
    if found.parts:
        return ws.dictionary.gloss(lemma) or ""
    if not entries:
        return ""
    return best_rendering([in_sentence] if in_sentence else entries[0]["senses"]) or ""
