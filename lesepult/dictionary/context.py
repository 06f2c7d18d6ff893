"""Looking a word up as it is used in its sentence.

A finite verb whose particle stands at the clause end is the particle verb
("Russland wies dies zurück": zurückweisen), found by the same detection the
gloss uses (tagging.particle_verbs); the simple verb follows as the second
entry. Other verbs are looked up by the tagger's lemma when Ding would take
the form for another verb's ("sagte" is sagen, not sägen).
"""
from __future__ import annotations

from ..tagging import VERB_TAGS, particle_verbs, tag
from .lookup import Dictionary, Lookup


def lookup_in_context(dictionary: Dictionary, word: str, sentence: str, limit: int = 8) -> Lookup:
    """The word's entries as the sentence uses it; without a sentence, the plain lookup."""
    found = dictionary.lookup(word, limit)
    tokens = tag(sentence) if sentence.strip() else ()
    verb = _particle_verb(dictionary, word, tokens)
    if verb is not None:
        particle = dictionary.lookup(verb.headword, limit)
        simple = dictionary.lookup(tokens[verb.verb].lemma, limit)
        entries = particle.entries[:1] + simple.entries[:1] + particle.entries[1:]
        return Lookup(found.query, verb.lemma, [], entries[:limit])
    verb = next((t for t in tokens if t.text == word and t.pos in VERB_TAGS and t.lemma != word), None)
    if verb is not None and not any(entry.headword.endswith(verb.lemma) for entry in found.entries[:1]):
        by_lemma = dictionary.lookup(verb.lemma, limit)
        if by_lemma.entries:
            return Lookup(found.query, verb.lemma, [], (by_lemma.entries + found.entries)[:limit])
    return found


def particle_verb_of(dictionary: Dictionary, word: str, sentence: str) -> str | None:
    """The particle verb the word is part of in its sentence ("brachen" in "… brachen … ab": abbrechen),
    or None: the lemma the dictionary dialog is headed with, and the one a marked word is saved under."""
    verb = _particle_verb(dictionary, word, tag(sentence) if sentence.strip() else ())
    return verb.lemma if verb is not None else None


def _particle_verb(dictionary: Dictionary, word: str, tokens):
    return next((verb for verb in particle_verbs(tokens, dictionary.verb_headword)
                 if word in (tokens[verb.verb].text, tokens[verb.particle].text)), None)
