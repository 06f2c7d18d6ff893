"""English word order for a German sentence, as an order of its tokens.

Per clause (clauses.py): subject, then the verb complex together, then the
rest in German order; an adverbial that opened the main clause stays first
("Am Dienstag traf sich der Minister" → On Tuesday | the minister | met).
Verb-final clauses get their verbs back after the subject ("…, dass der
Konflikt bald endet" → that | the conflict | ends | soon), a "zu" infinitive
its verb first ("die Angriffe zurückzufahren" → to scale back | the
attacks). An extended attribute goes after its noun ("der von Rebellen
kontrollierte Ostteil" → the | eastern part | controlled | by rebels).

Only the order changes: each token keeps its English, so the alignment of
German to English stays exact.
"""
from __future__ import annotations

from ..tagging import Token
from .clauses import (FRAGMENT, INFINITIVE, MAIN, NOUNS, TIME_NOUNS, TIME_WORDS, Clause, extended_attribute,
                      is_adverbial, it_came_to, noun_phrase, parentheses)

# A pronoun subject after a quotation goes first ("„…“, sagte er" → he said); a name may stay
# after the verb, as English news writes it ("„…“, said Pistorius").
PRONOUN_TAGS = ("PPER", "PIS", "PDS")


def english_order(tokens: tuple[Token, ...], sentence_clauses: list[Clause]) -> list[int]:
    """Every token index once, in English order; punctuation stays between the clauses it separates."""
    first_of = {clause.tokens[0]: clause for clause in sentence_clauses if clause.tokens}
    asides = parentheses(tokens)
    placed = {i for clause in sentence_clauses for i in (*clause.tokens, *clause.verbs)} | \
        {i for aside in asides.values() for i in aside}
    order: list[int] = []
    for index in range(len(tokens)):
        if index in first_of:
            order += _noun_phrases_in_order(tokens, clause_order(tokens, first_of[index]))
        elif index not in placed:
            order.append(index)
    return [i for index in order for i in (index, *asides.get(index, ()))]


def clause_order(tokens: tuple[Token, ...], clause: Clause) -> list[int]:
    verbs = [*clause.verbs[:1], *clause.negation, *clause.verbs[1:]]
    intro, subject = list(clause.introducer), list(clause.subject)
    rest = _object_first(tokens, clause, list(clause.rest))
    if clause.kind == FRAGMENT or not verbs:
        return list(clause.tokens)
    if clause.kind == INFINITIVE:
        return intro + verbs + rest
    if clause.kind != MAIN:
        return intro + subject + verbs + rest
    vorfeld = [i for i in clause.vorfeld if i not in clause.subject]
    if not subject:
        return intro + vorfeld + verbs + [i for i in rest if i not in vorfeld]
    if not clause.vorfeld and clause.after_quote and tokens[subject[0]].pos not in PRONOUN_TAGS:
        return intro + verbs + sorted(subject + rest)
    if vorfeld and not is_adverbial(tokens, vorfeld):
        # an object opened the clause: "Die Gespräche hatten sie abgebrochen" → they had broken off the talks
        return intro + subject + verbs + vorfeld + [i for i in rest if i not in vorfeld]
    return intro + vorfeld + subject + verbs + [i for i in rest if i not in vorfeld]


def _noun_phrases_in_order(tokens: tuple[Token, ...], order: list[int]) -> list[int]:
    """Each extended attribute after its noun and the names that belong to it:
    "den von Rebellen kontrollierten Ostteil Aleppos" → den | Ostteil Aleppos | kontrollierten | von Rebellen."""
    words = tuple(order)
    result: list[int] = []
    position = 0
    while position < len(words):
        end = extended_attribute(tokens, words, position) if position and _is_determiner(tokens[words[position - 1]]) \
            else None
        if end is None:
            result.append(words[position])
            position += 1
            continue
        noun_end = end
        while noun_end < len(words) and (tokens[words[noun_end]].pos in NOUNS if noun_end == end
                                         else tokens[words[noun_end]].pos == "NE"):
            noun_end += 1
        attribute, participle = list(words[position:end - 1]), words[end - 1]
        result += [*words[end:noun_end], participle, *attribute]
        position = noun_end
    return result


def _is_determiner(token: Token) -> bool:
    return token.pos in ("ART", "PPOSAT", "PDAT", "PIAT", "APPRART")


def _object_first(tokens: tuple[Token, ...], clause: Clause, rest: list[int]) -> list[int]:
    """The noun phrase right before the clause-end verbs first among the rest: German puts the object
    last in the middle field, English right after the verb ("soll bei der Schlachtung kein Personal
    einsetzen" → use no staff at the slaughter). Not a phrase after a preposition, a pronoun or a time."""
    middle = tuple(i for i in rest if clause.finite is None or i > clause.finite)
    happened = it_came_to(tokens, clause)
    if happened is not None:   # "kam es in vielen Städten zu Zusammenstößen": there were clashes in many cities
        what = (happened, *noun_phrase(tokens, middle, middle.index(happened) + 1)) if happened in middle else ()
        first = rest.index(middle[0]) if middle else 0
        return rest[:first] + list(what) + [i for i in rest[first:] if i not in set(what)]
    closing = clause.kind != MAIN or len(clause.verbs) > 1
    if not closing or len(middle) < 3 or middle[-1] + 1 not in clause.verbs:
        return rest
    last = _last_noun_phrase(tokens, middle)
    if last is None or tokens[last[0]].pos in ("PPER", "PRF", "PDS", "PIS") or tokens[last[-1]].lemma in TIME_NOUNS \
            or any(tokens[i].text in TIME_WORDS for i in last):
        return rest
    before = middle.index(last[0]) - 1
    if tokens[middle[before]].pos == "PTKNEG":
        last = (middle[before], *last)   # "nicht die kurzfristigen Gewinne": the "not" goes with them
    first = rest.index(middle[0])
    return rest[:first] + list(last) + [i for i in rest[first:] if i not in set(last)]


SINGLE_WORDS = frozenset("ADV ADJD PROAV PAV PTKNEG".split())
DETERMINED = frozenset("ART PPOSAT PIAT PDAT CARD ADJA".split())


def _last_noun_phrase(tokens: tuple[Token, ...], words: tuple[int, ...]) -> tuple[int, ...] | None:
    """The middle field read left to right in phrases (a preposition with its noun phrase, a noun phrase,
    an adverb); the last phrase when it is a noun phrase that closes the field and is not its first.
    None when a word fits no phrase: the field is not read well enough to move anything. After a
    preposition's phrase, a noun phrase without a determiner may still be part of it ("nach Cox's Bazar")."""
    position, found, after_preposition = 0, None, False
    while position < len(words):
        token = tokens[words[position]]
        if token.pos in ("APPR", "APPRART"):
            inside = noun_phrase(tokens, words, position + 1)
            if not inside:
                return None
            position, found, after_preposition = position + 1 + len(inside), None, True
            continue
        phrase = noun_phrase(tokens, words, position)
        if phrase:
            determined = tokens[phrase[0]].pos in DETERMINED
            found = phrase if position > 0 and (determined or not after_preposition) else None
            position += len(phrase)
        elif token.pos in SINGLE_WORDS:
            position, found = position + 1, None
        else:
            return None
        after_preposition = False
    return found if found and found[-1] == words[-1] else None
