"""Use case: look a word up in the dictionary, in the context of its sentence."""
from __future__ import annotations

from dataclasses import asdict

from ..dictionary.context import lookup_in_context
from ..errors import UserError
from ..glossary import Term
from . import Workspace

MAX_QUERY = 100
MAX_CONTEXT = 2000   # a sentence; longer context is cut, as the English is


def look_up(ws: Workspace, query: str, english: str = "", context: str = "") -> dict:
    """The word's dictionary entries as its sentence (`context`) uses it, the sense used in the
    sentence's English first, and its glossary term."""
    query = (query or "").strip()
    if not query:
        raise UserError("Give a word to look up: ?q=Feuerpause")
    if len(query) > MAX_QUERY:
        raise UserError(f"A lookup takes one word or short phrase of at most {MAX_QUERY} characters.")
    if ws.dictionary is None:
        raise UserError("The dictionary is not installed: run `make setup`.", 503)
    found = lookup_in_context(ws.dictionary, query, (context or "")[:MAX_CONTEXT])
    entries = [asdict(e) for e in found.entries]
    _matching_sense_first(entries, english)
    term = _glossary_term(ws, query, found)
    return {"query": query, "lemma": found.lemma, "parts": found.parts, "entries": entries,
            "glossary": None if term is None else {"de": term.de, "en": term.en, "note": term.note,
                                                   "source": term.source, "id": term.id}}


def _glossary_term(ws: Workspace, query: str, found) -> Term | None:
    glossary = ws.glossary
    for candidate in (query, found.lemma, *(found.parts[-1:])):
        if candidate and glossary.get(candidate):
            return glossary.get(candidate)
    occurrences = glossary.find(query)
    return occurrences[0].term if occurrences else None


def _matching_sense_first(entries: list[dict], english: str) -> None:
    """With the sentence's English as context, the entry whose sense it uses comes first."""
    english = (english or "").lower()[:2000]
    if not english:
        return

    def used(entry):
        return any(sense.split(" (")[0].lower() in english for sense in entry["senses"] if len(sense) > 2)
    entries.sort(key=lambda entry: not used(entry))
    for entry in entries:
        entry["senses"].sort(key=lambda sense: sense.split(" (")[0].lower() not in english)
