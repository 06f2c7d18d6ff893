"""Looking a word up as it is used in its sentence.

A finite verb whose particle stands at the clause end is the particle verb
("Russland wies dies zurück": zurückweisen), found by the same detection the
gloss uses (tagging.particle_verbs); the simple verb follows as the second
entry. Other verbs are looked up by the tagger's lemma when Ding would take
the form for another verb's ("sagte" is sagen, not sägen).
"""
from __future__ import annotations

from functools import lru_cache

from ..tagging import VERB_TAGS, Token, particle_verbs, tag
from .function_words import in_context
from .constructions import Construction, clauses, find_constructions
from .lookup import Dictionary, Lookup
from .senses import word_class


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


def sense_in_context(dictionary: Dictionary, tokens: tuple[Token, ...], index: int,
                     constructions: bool = True) -> str | None:
    """The English sense of tokens[index] as its sentence uses it, in base form (for the translator
    to inflect); "" for a word that is part of a construction whose verb carries the English; None
    when the dictionary has nothing for it.

    First the idioms and light-verb constructions ("im Stich lassen" → abandon; not with
    `constructions=False`: the word alone), then the
    collocations and word class in the clause (Dictionary.sense), then the news' senses.
    """
    token = tokens[index]
    if not token.is_word:
        return None
    for construction in constructions_of(dictionary, tokens) if constructions else ():
        if index in construction.tokens:
            return construction.english if index == construction.verb else ""
    lemma = token.lemma
    for verb in particle_verbs(tokens, dictionary.verb_headword):
        if index == verb.particle:
            return ""
        if index == verb.verb:
            lemma = verb.headword
    function_word = in_context(tokens, index)
    if function_word is not None and token.pos not in VERB_TAGS:
        return function_word
    start, end = next(span for span in clauses(tokens) if span[0] <= index < span[1])
    # the clause's words that can make a collocation or a governed preposition: not "seinem", "der", "und"
    clause = [t.text for t in tokens[start:end] if t is not token and t.pos not in NO_COLLOCATION]
    reflexive = any(t.pos == "PRF" for t in tokens[start:end])
    lemmas = frozenset(t.lemma for t in tokens[start:end] if t is not token)
    return dictionary.sense(lemma, word_class(token.pos, lemmas), clause, reflexive)


NO_COLLOCATION = frozenset("ART PPOSAT PDAT PIAT PIDAT PRELS PRELAT PWAT PDS PIS PPER KON KOUS $, $. $(".split())


@lru_cache(maxsize=1024)
def constructions_of(dictionary: Dictionary, tokens: tuple[Token, ...]) -> tuple[Construction, ...]:
    """find_constructions, once per sentence: every word of it asks."""
    return tuple(find_constructions(dictionary, tokens))


def word_in_sentence(dictionary: Dictionary, word: str, sentence: str) -> tuple[str | None, tuple[str, str] | None]:
    """(the word's sense in the sentence, (German, English) of the construction it is part of or None),
    for the popup: "Stich" in "… die Ukraine im Stich zu lassen" → ("", ("im Stich lassen", "abandon"))."""
    tokens = tag(sentence) if sentence.strip() else ()
    index = next((i for i, token in enumerate(tokens) if token.text == word), None)
    if index is None:
        return None, None
    construction = next((c for c in constructions_of(dictionary, tokens) if index in c.tokens), None)
    phrase = (" ".join(tokens[i].text for i in construction.tokens), construction.english) if construction else None
    return sense_in_context(dictionary, tokens, index), phrase
