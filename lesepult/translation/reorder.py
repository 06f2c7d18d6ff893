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
from .clauses import FRAGMENT, INFINITIVE, MAIN, NOUNS, Clause, extended_attribute, is_adverbial, parentheses

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
    rest = list(clause.rest)
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
