"""The clauses of a tagged German sentence and their topological fields.

German puts the finite verb second in a main clause ("Am Dienstag *traf*
sich der Minister …"), last in a subordinate or relative clause ("…, dass
der Konflikt bald *endet*"), and the rest of the verb complex at the clause
end ("hatten … *abgebrochen*"). English wants subject, verb complex, rest.

A clause here is a stretch of tokens between punctuation (or a coordinating
conjunction before a new finite verb), read from the tagger's STTS tags:

- `MAIN`: a finite verb that does not close the clause (verb second or first);
- `SUBORDINATE`: a conjunction ("dass", "weil", "als") and the finite verb last;
- `RELATIVE`: a relative pronoun, perhaps after a preposition ("…, mit dem …");
- `INFINITIVE`: no finite verb, a "zu" infinitive at the end;
- `FRAGMENT`: no verb (an apposition, a list): its words keep their order.

Each clause knows its introducer, its verb tokens (finite verb, the verbs at
the clause end, a separated particle, "zu", the clause's "nicht") and its
subject, which is all reorder.py needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..dictionary.function_words import WEEKDAYS

from ..tagging import FINITE_VERBS, Token, comma_between_adjectives, comma_in_list
from .numbers import MONTHS
from .verb_complex import AUXILIARIES, MODALS, finite_plural

MAIN, SUBORDINATE, RELATIVE, INFINITIVE, FRAGMENT = "main", "subordinate", "relative", "infinitive", "fragment"
BOUNDARIES = frozenset(",;:()–—\"„“”«»")
SENTENCE_END = frozenset(".!?")
NONFINITE_VERBS = frozenset("VVINF VAINF VMINF VVPP VAPP VMPP VVIZU".split())
# The end of a clause: its non-finite verbs, a separated particle, "zu" and (in a verb-final clause) the finite verb.
RIGHT_BRACKET = NONFINITE_VERBS | {"PTKVZ", "PTKZU", *FINITE_VERBS}
COORDINATORS = frozenset("und oder aber sowie sondern denn doch".split())
RELATIVE_TAGS = ("PRELS", "PRELAT")
QUESTION_TAGS = ("PWS", "PWAV", "PWAT")
DETERMINERS = frozenset("ART PPOSAT PDAT PIAT PIDAT CARD PWAT".split())
NOUNS = frozenset("NN NE NNE NNA".split())
PRONOUN_SUBJECTS = frozenset("PPER PIS PDS".split())
# Words that mark a dative or accusative noun phrase: never the subject.
OBJECT_MARKERS = frozenset("""dem den des einem einen eines ihm ihn ihnen mir mich dir dich uns euch seinem seinen
    seines ihrem ihren ihres diesem diesen dieses keinem keinen jedem jeden allen unserem unseren""".split())
# Pronouns right after the finite verb that are the subject when an object opened the clause:
# "Die Gespräche hatten *sie* abgebrochen", "Nähere Angaben machte *sie* nicht".
NOMINATIVE_PRONOUNS = frozenset("ich du er wir man sie".split())
# "nicht" before these negates the word after it, not the clause: "nicht nur", "nicht einmal".
CONSTITUENT_NEGATION = frozenset("nur einmal zuletzt erst so ganz alle immer jeder jede jedes".split())
NEGATION_TAKES = frozenset("mehr".split())   # "nicht mehr": no longer


@dataclass(frozen=True)
class Clause:
    kind: str
    tokens: tuple[int, ...]         # every token of the clause, in German order (punctuation excluded)
    introducer: tuple[int, ...]     # conjunction, relative pronoun (with its preposition) or "um"
    verbs: tuple[int, ...]          # the verb complex, finite verb first when there is one
    finite: int | None
    subject: tuple[int, ...]
    negation: tuple[int, ...]       # "nicht" (and "mehr" of "nicht mehr") when it negates the clause
    after_quote: bool               # a quotation came right before: "„…“, sagte Pistorius" may keep verb first
    borrowed: int | None = None     # an earlier clause's finite verb that this one's verbs hang on (_gapped)

    @property
    def rest(self) -> tuple[int, ...]:
        """What is neither introducer, verb complex nor subject, in German order."""
        taken = set(self.introducer) | set(self.verbs) | set(self.subject) | set(self.negation)
        return tuple(i for i in self.tokens if i not in taken)

    @property
    def vorfeld(self) -> tuple[int, ...]:
        """In a main clause, what stands before the finite verb."""
        if self.finite is None:
            return ()
        return tuple(i for i in self.tokens if i < self.finite and i not in self.introducer)


def clauses(tokens: tuple[Token, ...]) -> list[Clause]:
    """The sentence's clauses, in order; punctuation belongs to none."""
    found: list[Clause] = []
    previous_kind = None
    after_quote = False
    for segment, closing in _segments(tokens):
        clause = _clause(tokens, segment, previous_kind, after_quote)
        if clause.kind == MAIN and clause.finite == clause.tokens[0] and previous_kind in (RELATIVE, FRAGMENT) and \
                any(earlier.kind == FRAGMENT for earlier in found):
            # "Die Grünen, die … regiert hatten, wiesen Vorwürfe zurück", "X und Y (…) haben …": the subject
            # stood before the relative clause or the parenthesis; what follows the verb is its object
            clause = replace(clause, subject=())
        elif clause.kind == MAIN and found and found[-1].kind == MAIN and found[-1].subject and \
                _starts_with_coordinator(tokens, clause.introducer) and clause.introducer == clause.tokens[:1] and \
                clause.finite == clause.tokens[1]:
            # "Ein Mann ist … eingebrochen und hat Bargeld gestohlen": the second verb shares the subject
            clause = replace(clause, subject=())
        elif clause.kind == FRAGMENT:
            clause = _gapped(tokens, clause, found)
        found.append(clause)
        previous_kind = clause.kind
        after_quote = _is_quote(tokens, closing)
    return found


def _gapped(tokens: tuple[Token, ...], fragment: Clause, found: list[Clause]) -> Clause:
    """A verbless run that ends in a participle or infinitive, its verbs hanging on the auxiliary or modal of
    the main clause before it (perhaps across a subordinate clause):

    - "habe Fenster eingeschlagen, Feuerwerkskörper abgeschossen und …": a list sharing "habe", its
      subject too (smashed windows, fired fireworks); "wurden drei Menschen verletzt, in Seattle 16
      Menschen festgenommen": a passive, each with its own subject (16 people were arrested);
    - "hat "Sweet Lou", wie er genannt wird, bereits seine Liebe geäußert": the main clause goes on after
      the interruption, and the verb complex, finite verb too, is read and written there.
    Changes `found` (the main clause loses its verb) in the second case."""
    bracket = _right_bracket(tokens, fragment.tokens)
    if not bracket or any(tokens[i].pos not in NONFINITE_VERBS for i in bracket):
        return fragment
    position = len(found) - 1
    while position >= 0 and found[position].kind in (SUBORDINATE, RELATIVE, INFINITIVE):
        position -= 1
    if position < 0 or found[position].kind != MAIN:
        return fragment
    main = found[position]
    finite = main.finite if main.finite is not None else main.borrowed
    if finite is None or tokens[finite].lemma not in (*AUXILIARIES, *MODALS):
        return fragment
    if main.borrowed is None and main.verbs == (finite,):
        if position == len(found) - 1:
            return fragment   # nothing interrupted the clause: a run of its own ("Sein Mandat sei "…"")
        found[position] = replace(main, tokens=tuple(i for i in main.tokens if i != finite), verbs=(), finite=None,
                                  subject=(), negation=())
        return replace(fragment, kind=MAIN, verbs=(finite, *bracket), finite=finite)
    if main.borrowed is None and not any(tokens[i].pos in NONFINITE_VERBS for i in main.verbs):
        return fragment
    shares_subject = tokens[finite].lemma not in ("werden", "sein")
    own = tuple(i for i in fragment.tokens if i not in bracket and i not in fragment.introducer)
    subject = () if shares_subject else _first_subject(tokens, own)
    return replace(fragment, kind=MAIN, verbs=bracket, subject=subject, borrowed=finite)


def conditionals(tokens: tuple[Token, ...], sentence_clauses: list[Clause]) -> set[int]:
    """The positions of verb-first clauses that say "if", before the main clause they condition:
    "Sollte der Verein aufsteigen, trifft er …", "Kommt es zu keiner Einigung, droht …". Only at the start
    of the sentence (or after a colon), where nothing else explains the verb first; not in a question."""
    if tokens and tokens[-1].text == "?":
        return set()
    found = set()
    for position, (clause, following) in enumerate(zip(sentence_clauses, sentence_clauses[1:])):
        if clause.kind == MAIN and not clause.introducer and not clause.after_quote and \
                clause.finite == clause.tokens[0] and following.kind == MAIN and \
                following.finite is not None and following.finite == following.tokens[len(following.introducer)] and \
                (all(not t.is_word for t in tokens[:clause.tokens[0]]) or tokens[clause.tokens[0] - 1].text == ":"):
            found.add(position)
    return found


def it_came_to(tokens: tuple[Token, ...], clause: Clause) -> int | None:
    """The "zu" of "es kam zu …", "ist es zu Zusammenstößen gekommen" (something happened: there was,
    there were), or None."""
    if len(clause.subject) != 1 or tokens[clause.subject[0]].text.lower() != "es" or \
            not any(tokens[i].lemma == "kommen" for i in clause.verbs):
        return None
    return next((i for i in clause.rest if tokens[i].text.lower() in ("zu", "zum", "zur")
                 and tokens[i].pos in ("APPR", "APPRART")), None)


def _is_quote(tokens: tuple[Token, ...], closing: int | None) -> bool:
    """Whether the segment closed with a quotation mark (then a comma): "„…“, sagte er"."""
    return closing is not None and tokens[closing].text in "“”\"»«" or (
        closing is not None and closing > 0 and tokens[closing].text == "," and tokens[closing - 1].text in "“”\"»«")


def _segments(tokens: tuple[Token, ...]) -> list[tuple[tuple[int, ...], int | None]]:
    """Runs of words between boundaries, and coordinated clauses split at their conjunction.

    Each run comes with the index of the punctuation that closed it (None at the end).
    """
    runs, current = [], []
    embedded = _embedded_quotations(tokens)
    inserted = {i for inside in parentheses(tokens).values() for i in inside}
    for index, token in enumerate(tokens):
        if index in inserted:
            continue   # a short parenthesis belongs to no clause: reorder.py keeps it after its word
        if index in embedded or _ordinal_point(tokens, index) or comma_between_adjectives(tokens, index) or \
                comma_in_list(tokens, index):
            current.append(index)
        elif token.text in BOUNDARIES or token.text in SENTENCE_END:
            if current:
                runs.append((tuple(current), index))
            elif runs and token.text == ",":
                runs[-1] = (runs[-1][0], index)   # "“," after a quote: the comma closes the same run
            current = []
        else:
            current.append(index)
    if current:
        runs.append((tuple(current), None))
    split = []
    for run, closing in runs:
        parts = _coordinated(tokens, run)
        split += [(part, None) for part in parts[:-1]] + [(parts[-1], closing)]
    return split


def _ordinal_point(tokens: tuple[Token, ...], index: int) -> bool:
    """The point of an ordinal the tagger split off ("dem 11. und 14. September"): no sentence end."""
    return tokens[index].text == "." and 0 < index < len(tokens) - 1 and tokens[index - 1].pos == "CARD" and \
        tokens[index - 1].end == tokens[index].start and tokens[index + 1].is_word


OPENING_QUOTES = frozenset("„\"»«‚")
CLOSING_QUOTES = frozenset("“”\"«»‘")
MAX_EMBEDDED_QUOTATION = 12


def _embedded_quotations(tokens: tuple[Token, ...]) -> set[int]:
    """Tokens of a short quotation inside a clause, quote marks and commas too: "Ihre Partei werde
    „konstruktiv, aber hart“ arbeiten" is one clause. A quotation with a finite verb is a clause of its own."""
    inside: set[int] = set()
    for start, token in enumerate(tokens):
        if token.text not in OPENING_QUOTES or start == 0 or not tokens[start - 1].is_word or start in inside:
            continue
        end = next((i for i in range(start + 1, min(len(tokens), start + MAX_EMBEDDED_QUOTATION))
                    if tokens[i].text in CLOSING_QUOTES), None)
        if end is not None and not any(t.pos in FINITE_VERBS for t in tokens[start + 1:end]) and \
                not any(t.text in SENTENCE_END for t in tokens[start + 1:end]):
            inside.update(range(start, end + 1))
    return inside


MAX_PARENTHESIS = 10


def parentheses(tokens: tuple[Token, ...]) -> dict[int, tuple[int, ...]]:
    """Short parentheses inside a clause, by the word they follow: "in Rohrdorf (Kreis Calw) in einen
    Imbiss eingebrochen", "Melanie Huml (CSU) hat". Brackets included. Without a finite verb inside,
    they are an aside on that word, and the clause goes on around them; a longer one or one with a
    finite verb ("(eine Person ist genesen)") stays a clause of its own."""
    found: dict[int, tuple[int, ...]] = {}
    for start, token in enumerate(tokens):
        if token.text != "(" or start == 0 or not tokens[start - 1].is_word:
            continue
        end = next((i for i in range(start + 1, min(len(tokens), start + MAX_PARENTHESIS + 2))
                    if tokens[i].text in "()"), None)
        if end is None or tokens[end].text != ")" or end + 1 >= len(tokens) or not tokens[end + 1].is_word:
            continue
        inside = tokens[start + 1:end]
        if inside and not any(t.pos in FINITE_VERBS or t.text in SENTENCE_END for t in inside):
            found[start - 1] = tuple(range(start, end + 1))
    return found


def _coordinated(tokens: tuple[Token, ...], run: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Split "A traf B und C lehnte D ab" before "und" when both sides have a finite verb of their own."""
    for position, index in enumerate(run[1:], start=1):
        if tokens[index].pos == "KON" and tokens[index].text.lower() in COORDINATORS:
            before, after = run[:position], run[position:]
            if _finite_count(tokens, before) and _finite_count(tokens, after) or _participles(tokens, before, after):
                return [before, *_coordinated(tokens, after)]
    return [run]


def _participles(tokens: tuple[Token, ...], before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """ "… Fenster eingeschlagen und Polizisten geblendet": each side ends in its own participle or
    infinitive, the right one without a finite verb; it hangs on the left one's auxiliary (_gapped)."""
    return len(after) > 1 and tokens[before[-1]].pos in NONFINITE_VERBS and \
        tokens[after[-1]].pos in NONFINITE_VERBS and not _finite_count(tokens, after)


def _finite_count(tokens: tuple[Token, ...], run: tuple[int, ...]) -> int:
    return sum(1 for i in run if tokens[i].pos in FINITE_VERBS)


def _clause(tokens: tuple[Token, ...], run: tuple[int, ...], previous_kind: str | None, after_quote: bool) -> Clause:
    introducer = _introducer(tokens, run)
    body = tuple(i for i in run if i not in introducer)
    bracket = _right_bracket(tokens, body)
    finites = [i for i in body if tokens[i].pos in FINITE_VERBS]
    verb_final = bool(finites) and finites[-1] in bracket and (
        _introduces_verb_final(tokens, introducer) or (previous_kind in (SUBORDINATE, RELATIVE)
                                                      and _starts_with_coordinator(tokens, introducer)))
    if verb_final:
        kind = RELATIVE if any(tokens[i].pos in RELATIVE_TAGS for i in introducer) else SUBORDINATE
        finite = finites[-1]
        verbs = (finite, *[i for i in bracket if i != finite])
    elif finites:
        kind, finite = MAIN, finites[0]
        if finite in bracket:   # a one-word clause "…, sagte er" or a verb at the end: "Die Feuerpause hält."
            bracket = tuple(i for i in bracket if i != finite)
        verbs = (finite, *bracket)
    elif any(tokens[i].pos in ("VVIZU", "PTKZU") for i in bracket):
        kind, finite, verbs = INFINITIVE, None, bracket
    else:
        kind, finite, verbs = FRAGMENT, None, ()
    negation = _negation(tokens, body, verbs) if kind != FRAGMENT else ()
    subject = _subject(tokens, kind, introducer, body, finite, set(verbs) | set(negation))
    return Clause(kind, run, introducer, verbs, finite, subject, negation, after_quote)


def _introducer(tokens: tuple[Token, ...], run: tuple[int, ...]) -> tuple[int, ...]:
    """The clause's first words that say what kind of clause it is."""
    first = tokens[run[0]]
    if first.pos == "KON" and len(run) > 1:
        return (run[0], *_introducer(tokens, run[1:]))
    if first.pos in ("KOUS", "KOUI") and len(run) > 1 and tokens[run[1]].text.lower() in ("des", "eines"):
        return ()   # "Während des Spiels regnete es": a preposition with its genitive, though tagged KOUS
    if first.pos in ("KOUS", "KOUI") or (first.pos == "KOKOM" and _ends_with_finite(tokens, run)):
        return (run[0],)
    if first.pos in RELATIVE_TAGS or (first.pos in QUESTION_TAGS and _ends_with_finite(tokens, run)):
        return (run[0], run[1]) if first.pos == "PRELAT" and len(run) > 1 else (run[0],)
    if first.pos in ("APPR", "APPRART") and len(run) > 1 and tokens[run[1]].pos in RELATIVE_TAGS:
        return (run[0], run[1])
    return ()


def _ends_with_finite(tokens: tuple[Token, ...], run: tuple[int, ...]) -> bool:
    return tokens[run[-1]].pos in FINITE_VERBS or any(tokens[i].pos in FINITE_VERBS for i in _right_bracket(tokens, run))


def _introduces_verb_final(tokens: tuple[Token, ...], introducer: tuple[int, ...]) -> bool:
    return any(tokens[i].pos in ("KOUS", "KOKOM", *RELATIVE_TAGS, *QUESTION_TAGS) for i in introducer)


def _starts_with_coordinator(tokens: tuple[Token, ...], introducer: tuple[int, ...]) -> bool:
    return bool(introducer) and tokens[introducer[0]].pos == "KON"


def _right_bracket(tokens: tuple[Token, ...], body: tuple[int, ...]) -> tuple[int, ...]:
    """The verbs (and particle, and "zu") that close the clause, in German order.

    "als erwartet" is a comparison, not a verb: a participle after "als"/"wie" stays out.
    """
    bracket: list[int] = []
    for position in range(len(body) - 1, -1, -1):
        index = body[position]
        if tokens[index].pos not in RIGHT_BRACKET:
            break
        if position > 0 and tokens[body[position - 1]].pos == "KOKOM" and tokens[index].pos == "VVPP":
            break
        bracket.insert(0, index)
        if tokens[index].pos in FINITE_VERBS and position > 0 and tokens[body[position - 1]].pos not in RIGHT_BRACKET:
            break
    return tuple(bracket)


def _negation(tokens: tuple[Token, ...], body: tuple[int, ...], verbs: tuple[int, ...]) -> tuple[int, ...]:
    """The clause's "nicht" when it negates the verb ("rechnen nicht damit"), not a word ("nicht nur")."""
    for position, index in enumerate(body):
        if tokens[index].pos != "PTKNEG":
            continue
        following = tokens[body[position + 1]] if position + 1 < len(body) else None
        if following is not None and following.text.lower() in NEGATION_TAKES:
            return index, body[position + 1]
        if position > 0 and tokens[body[position - 1]].text.lower() == "noch" and (
                following is None or following.pos not in ("ART", "ADJA", "CARD", "PIAT", "NN", "NE")):
            return body[position - 1], index   # "noch nicht": not yet
        if following is None or following.text.lower() not in CONSTITUENT_NEGATION and \
                following.pos not in ("ART", "ADJA", "CARD", "PIAT", "PIDAT", "NN", "NE"):
            return (index,)
    return ()


def _subject(tokens: tuple[Token, ...], kind: str, introducer: tuple[int, ...], body: tuple[int, ...],
             finite: int | None, verbs: set[int]) -> tuple[int, ...]:
    """The subject's tokens: the first noun phrase that can be nominative (the first of the clause in a
    verb-final clause, the first after the finite verb when the main clause starts with something else)."""
    if kind in (INFINITIVE, FRAGMENT):
        return ()
    if kind == RELATIVE and tokens[introducer[-1]].pos == "PRELS" and len(introducer) == 1 \
            and tokens[introducer[0]].text.lower() in ("der", "die", "das", "welche", "welcher"):
        # "der Plan, der bis 2030 reicht": the pronoun is the subject, unless another one follows it
        following = noun_phrase(tokens, body, 0)
        if not following or not _can_be_subject(tokens, following[0]):
            return ()
    words = [i for i in body if i not in verbs]
    if kind == MAIN and finite is not None:
        before = tuple(i for i in words if i < finite)
        after = tuple(i for i in words if i > finite)
        if before and not is_adverbial(tokens, before) and not _is_object(tokens, before, finite):
            pronoun = after[0] if after and tokens[after[0]].text.lower() in NOMINATIVE_PRONOUNS else None
            return (pronoun,) if pronoun is not None else before
        return _first_subject(tokens, after)
    subject = _first_subject(tokens, tuple(words))
    if subject and finite is not None and _disagrees(tokens, subject, finite):
        return ()   # "…, wer die Angriffe verübt hatte": "wer" is the subject, the attacks the object
    return subject


def _is_object(tokens: tuple[Token, ...], phrase: tuple[int, ...], finite: int) -> bool:
    """Whether the phrase before the finite verb is an object: a dative or accusative ("Den Antrag
    lehnte sie ab") or a noun that disagrees with the verb in number."""
    return tokens[phrase[0]].text.lower() in OBJECT_MARKERS or _disagrees(tokens, phrase, finite)


SINGULAR_DETERMINERS = frozenset("der das ein eine einer dieser dieses jeder jedes".split())


def _disagrees(tokens: tuple[Token, ...], phrase: tuple[int, ...], finite: int) -> bool:
    """Whether a noun phrase cannot be the subject of the finite verb by number: "Weitere
    Zeugenhinweise nimmt die Polizei entgegen" (plural noun, singular verb)."""
    simple = phrase[:_simple_noun_phrase(tokens, phrase, 0) or len(phrase)]
    nouns = [i for i in simple if tokens[i].pos in ("NN", "NNA")]
    if not nouns or any(tokens[i].pos == "KON" for i in phrase):
        return False
    # the head is the last noun before a genitive: "Der 50 Jahre alte Österreicher" is one man
    head, verb_plural = tokens[nouns[-1]], finite_plural(tokens[finite].text)
    # a noun made of an adjective ("die Vorsitzende", lemma Vorsitzender) is plural only in -en
    noun_plural = head.text.endswith("en") if head.pos == "NNA" else \
        head.text.lower() != head.lemma.lower() and not head.text.endswith("s")   # "SPD-Chef": lemma "Spd-chef"
    singular = tokens[phrase[0]].text.lower() in SINGULAR_DETERMINERS and head.text.lower() == head.lemma.lower()
    return (noun_plural and not verb_plural) or (singular and verb_plural)


# A month, a weekday or a year makes a time adverbial of a noun phrase: "Ende Mai hatte Argentinien …".
TIME_WORDS = MONTHS | WEEKDAYS
YEAR = re.compile(r"(?:19|20)\d\d")
ADVERBIAL_START = frozenset("APPR APPRART ADV PROAV ADJD PWAV PTKNEG KOUS PAV".split())


# Adverbs that single out the noun phrase after them: "Auch die Polizei wurde gerufen" has its subject first.
FOCUS_ADVERBS = frozenset("auch nur sogar selbst gerade besonders ausgerechnet allein".split())


def is_adverbial(tokens: tuple[Token, ...], vorfeld: tuple[int, ...] | list[int]) -> bool:
    """Whether what stands before the finite verb is an adverbial ("Am Dienstag", "Zwei Tage später",
    "Dafür"): it stays first in English, and the subject follows the verb in German."""
    first, last = tokens[vorfeld[0]], tokens[vorfeld[-1]]
    if first.text.lower() in FOCUS_ADVERBS and len(vorfeld) > 1 and \
            noun_phrase(tokens, tuple(vorfeld), 1) == tuple(vorfeld[1:]):
        return False
    return first.pos in ADVERBIAL_START or (len(vorfeld) > 1 and last.pos in ("ADV", "ADJD")) or \
        (first.pos == "CARD" and len(vorfeld) > 2) or \
        any(tokens[i].text in TIME_WORDS or YEAR.fullmatch(tokens[i].text) for i in vorfeld)


def _first_subject(tokens: tuple[Token, ...], words: tuple[int, ...]) -> tuple[int, ...]:
    """The first noun phrase among words that can be nominative, past "sich", adverbs and prepositional
    phrases ("wurde bei allen Teilnehmern *ein Test* vorgenommen"); () at the first object."""
    position = 0
    while position < len(words):
        token = tokens[words[position]]
        if token.pos in ("PRF", "ADV", "PTKNEG", "ADJD", "PROAV") and not _counts(tokens, words, position):
            position += 1
            continue
        if token.pos in ("APPR", "APPRART") and not _counts(tokens, words, position):
            inside = noun_phrase(tokens, words, position + 1)
            end = position + 1 + len(inside) if inside else position + 1
            later = _first_subject(tokens, words[end:])
            return later or _swallowed_subject(tokens, words, position + 1, end)
        phrase = noun_phrase(tokens, words, position)
        if phrase and tokens[phrase[-1]].lemma in TIME_NOUNS:
            position += len(phrase)   # "sechs Tage vor Rennbeginn": a time, not the subject
            continue
        return phrase if phrase and _can_be_subject(tokens, phrase[0]) else ()
    return ()


def _swallowed_subject(tokens: tuple[Token, ...], words: tuple[int, ...], start: int, end: int) -> tuple[int, ...]:
    """A subject the preposition's noun phrase took for its genitive, when no other follows: "da nach einem
    Verkehrsunfall *der Rettungshubschrauber* im Einsatz war"."""
    simple = _simple_noun_phrase(tokens, words, start)
    if simple is None or simple >= end or tokens[words[simple]].text.lower() != "der":
        return ()
    phrase = noun_phrase(tokens, words, simple)
    head = tokens[phrase[-1]].text.rpartition("-")[2]
    # "der" before a feminine noun (or an acronym, mostly a party: "der SPD") is a genitive, not a subject
    return () if head.endswith(FEMININE_ENDINGS) or head.isupper() else phrase


FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ei", "ie", "in", "enz", "anz", "ur")


def _counts(tokens: tuple[Token, ...], words: tuple[int, ...], position: int) -> bool:
    """Whether an adverb opens a counted noun phrase: "rund vier Millionen Euro", "über 100 Menschen"."""
    return tokens[words[position]].text.lower() in QUANTITY_WORDS and position + 1 < len(words) \
        and tokens[words[position + 1]].pos == "CARD"


def _can_be_subject(tokens: tuple[Token, ...], first: int) -> bool:
    token = tokens[first]
    if token.text.lower() in QUANTITY_WORDS and first + 1 < len(tokens) and tokens[first + 1].pos == "CARD":
        return True
    return token.text.lower() not in OBJECT_MARKERS and token.pos not in ("APPR", "APPRART", "PRF", "ADV", "PROAV")


def noun_phrase(tokens: tuple[Token, ...], words: tuple[int, ...], position: int) -> tuple[int, ...]:
    """The noun phrase starting at words[position] (determiner, adjectives, nouns, a genitive after them,
    "und" another), or () when none starts there."""
    end = _simple_noun_phrase(tokens, words, position)
    if end is None:
        return ()
    if tokens[words[position]].pos == "PPER":
        return tuple(words[position:end])   # "ist es der erste Test": no genitive after "es" ("einer der" has one)
    while end < len(words):   # a genitive ("der Rat der Union") or a coordinated phrase ("die USA und Russland")
        token = tokens[words[end]]
        if token.pos == "ART" and token.text.lower() in ("des", "der") or token.text.lower() in GENITIVE_QUANTIFIERS or \
                token.pos == "NE" and tokens[words[end - 1]].pos in NOUNS or \
                token.pos == "PPOSAT" and token.text.lower().endswith(("er", "es")) and \
                tokens[words[end - 1]].pos in NOUNS:
            # "eine Fortsetzung seiner Karriere": a possessive's genitive too
            following = _simple_noun_phrase(tokens, words, end)
        elif token.pos == "KON" and token.text.lower() in ("und", "oder", "sowie"):
            following = _simple_noun_phrase(tokens, words, end + 1)
        else:
            break
        if following is None:
            break
        end = following
    return tuple(words[position:end])


def _simple_noun_phrase(tokens: tuple[Token, ...], words: tuple[int, ...], position: int) -> int | None:
    """The end (exclusive position in words) of a noun phrase without a genitive, or None."""
    if position >= len(words):
        return None
    if tokens[words[position]].pos in PRONOUN_SUBJECTS:
        return position + 1
    index = position
    while index + 1 < len(words) and tokens[words[index]].text.lower() in QUANTITY_WORDS:
        index += 1   # "mehr als 9 Millionen Menschen"
    while index < len(words) and tokens[words[index]].pos in DETERMINERS:
        index += 1
    if 0 < index < len(words) - 1 and tokens[words[index - 1]].pos == "CARD" and \
            tokens[words[index]].pos == "NN" and tokens[words[index + 1]].pos == "ADJA":
        index += 1   # a measure before an adjective: "der 50 Jahre alte Österreicher"
    index = _attributes(tokens, words, index, determined=index > position)
    if index >= len(words) or tokens[words[index]].pos not in NOUNS:
        return None
    index += 1
    # German writes compounds closed, so a second noun is a name after a title ("Präsident Putin"),
    # more of a name, or what a measure counts ("einige Dutzend Menschen"); "Europa Waffen" is two phrases.
    while index < len(words) and (tokens[words[index]].pos == "NE" or tokens[words[index]].pos == "NN" and (
            tokens[words[index - 1]].lemma in MEASURE_NOUNS or _measured(tokens, words, position, index)) or
            _numbered(tokens, words, index)):
        index += 1
    return index


def _numbered(tokens: tuple[Token, ...], words: tuple[int, ...], index: int) -> bool:
    """A number that names the thing before it: "die Autobahn A 45", "die Bundesstraße 83" (not a year)."""
    return tokens[words[index]].pos == "CARD" and tokens[words[index]].text.isdigit() and \
        not YEAR.fullmatch(tokens[words[index]].text) and \
        tokens[words[index - 1]].pos in ("NN", "NE") and (
            index + 1 >= len(words) or tokens[words[index + 1]].pos not in ("NN", "NE", "ADJA", "CARD"))


def _measured(tokens: tuple[Token, ...], words: tuple[int, ...], position: int, index: int) -> bool:
    """What a number and its unit measure: "6,7 Gigawatt Strom", "zwei Liter Milch"."""
    return index - position == 2 and tokens[words[position]].pos == "CARD" and tokens[words[index - 1]].pos == "NN"


# Quantifiers that open a genitive after a noun: "die Daten aller Bürger".
GENITIVE_QUANTIFIERS = frozenset("aller vieler einiger mehrerer weiterer zahlreicher sämtlicher beider".split())
TIME_NOUNS = frozenset("Sekunde Minute Stunde Tag Woche Monat Jahr Jahrzehnt Abend Morgen Nacht Mal".split())
QUANTITY_WORDS = frozenset("mehr weniger als rund etwa fast knapp ungefähr nahezu insgesamt über bis".split())
MEASURE_NOUNS = frozenset("Dutzend Hundert Tausend Million Milliarde Prozent Hälfte Drittel Viertel Reihe Zahl".split())


def _attributes(tokens: tuple[Token, ...], words: tuple[int, ...], index: int, determined: bool) -> int:
    """Past the adjectives before a noun ("die neuen Regeln"), and after a determiner an extended
    attribute that ends in one: "der *von Rebellen kontrollierte* Ostteil"."""
    extended = extended_attribute(tokens, words, index) if determined else None
    if extended is not None:
        return extended
    start = index
    while index < len(words) and (tokens[words[index]].pos == "ADJA" or (
            # "der glanzlose, aber entscheidende Erfolg": a comma, and a conjunction, between the adjectives
            tokens[words[index]].text == "," and comma_between_adjectives(tokens, words[index])) or (
            index > start and tokens[words[index]].pos == "KON" and index + 1 < len(words)
            and tokens[words[index + 1]].pos in ("ADJA", "ADV")) or (
            tokens[words[index]].pos in ("ADV", "ADJD") and index + 1 < len(words)
            and tokens[words[index + 1]].pos == "ADJA") or (
            # a number after the adjectives: "in den vergangenen zwölf Monaten", "die ersten drei Vereine"
            tokens[words[index]].pos == "CARD" and index > start and index + 1 < len(words)
            and tokens[words[index + 1]].pos in NOUNS)):
        index += 1
    return index


EXTENDED_START = frozenset("APPR APPRART ADV ADJD".split())
EXTENDED_INSIDE = frozenset("APPR APPRART ART NN NE CARD ADV ADJD PPOSAT KON".split())
MAX_EXTENDED = 7


def extended_attribute(tokens: tuple[Token, ...], words: tuple[int, ...], index: int) -> int | None:
    """The end of an extended attribute starting at words[index] (a phrase, then the adjective or
    participle right before the noun), or None."""
    if index >= len(words) or tokens[words[index]].pos not in EXTENDED_START:
        return None
    for end in range(index + 1, min(index + MAX_EXTENDED, len(words) - 1)):
        pos = tokens[words[end]].pos
        if pos == "ADJA" and tokens[words[end + 1]].pos in NOUNS:
            return end + 1
        if pos not in EXTENDED_INSIDE:
            return None
    return None
