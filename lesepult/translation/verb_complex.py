"""A clause's verbs read as one German verb complex, and written as one English verb phrase.

German spreads tense, voice and mood over a finite verb and the verbs at the
clause end, each governing the one before it: in "verurteilt worden war",
*war* (past of sein) + participle is a pluperfect, *worden* (of werden) +
participle a passive, so "had been sentenced". `analyse` reads that chain
into a `Grammar`; `english` writes the English auxiliaries around the
lexical verb's English (a dictionary sense in base form), inflected by
lemminflect: "had been sentenced", "would have been", "do not expect".

Reported speech (Konjunktiv I: "sei", "werde", "könne") is shifted back the
English way: "was", "would", "could". The German Perfekt of a finished
event reads as the English simple past ("hat angekündigt" → announced).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..english import BASE, GERUND, PARTICIPLE, PAST, PRESENT, PRESENT_3SG, verb_form
from ..tagging import FINITE_VERBS, PARTICLES, Token, morphemes

PRESENT_TENSE, PAST_TENSE = "present", "past"
INDICATIVE, REPORTED, CONDITIONAL = "indicative", "reported", "conditional"
PARTICIPLES = ("VVPP", "VAPP", "VMPP")
INFINITIVES = ("VVINF", "VAINF", "VMINF", "VVIZU")
AUXILIARIES = ("sein", "haben", "werden")
MODALS = ("können", "müssen", "sollen", "wollen", "dürfen", "mögen")
# The English of a German modal: present, past, conditional (Konjunktiv II). "be"/"have"/"want" agree.
MODAL_ENGLISH = {
    "können": ("can", "could", "could"),
    "müssen": ("must", "have to", "would have to"),
    "sollen": ("be to", "be to", "should"),
    "wollen": ("want to", "want to", "would want to"),
    "dürfen": ("may", "be allowed to", "might"),
    "mögen": ("like to", "like to", "would like to"),
    "sein zu": ("be to", "be to", "would be to"),
    "haben zu": ("have to", "have to", "would have to"),
}
# A modal governed by another ("soll … einsetzen dürfen"): its English in base form, after the other's.
INNER_MODAL_ENGLISH = {"können": "be able to", "müssen": "have to", "sollen": "be supposed to",
                       "wollen": "want to", "dürfen": "be allowed to", "mögen": "like to"}
INVARIANT_MODALS = frozenset("can could must should would will may might".split())
# The English of the auxiliaries when they are the clause's only verb.
AUXILIARY_ENGLISH = {"sein": "be", "haben": "have", "werden": "become"}
# English words after which "not" stands and no "do" is needed.
ENGLISH_AUXILIARIES = frozenset("can could must should would will may might have be had".split())
# German forms of the auxiliaries and modals: which tense and mood they carry.
AUXILIARY_FORMS = {
    **dict.fromkeys("ist sind bin bist seid hat haben habt hast wird werden wirst werdet".split(),
                    (PRESENT_TENSE, INDICATIVE)),
    **dict.fromkeys("war waren warst wart hatte hatten hattest wurde wurden wurdest ward".split(),
                    (PAST_TENSE, INDICATIVE)),
    **dict.fromkeys("sei seien seiest habe werde".split(), (PRESENT_TENSE, REPORTED)),
    **dict.fromkeys("wäre wären wärst hätte hätten hättest würde würden würdest".split(),
                    (PRESENT_TENSE, CONDITIONAL)),
}
# Verbs that form the perfect with "sein" (a change of place or state): "ist gestorben" is a perfect,
# "ist geschlossen" a state. Their particle and prefix forms count too ("aufbrechen", "zurückgehen").
SEIN_PERFECT = ("kommen", "gehen", "fahren", "fallen", "steigen", "sinken", "sterben", "bleiben", "werden", "sein",
                "geschehen", "passieren", "gelingen", "scheitern", "reisen", "fliegen", "laufen", "wachsen",
                "brechen", "fliehen", "folgen", "entstehen", "erscheinen", "treten", "ziehen", "rücken", "eilen",
                "springen", "stürzen", "landen", "ankommen", "explodieren", "eskalieren", "weichen", "schwinden")


PARTICLES_LONGEST_FIRST = sorted(PARTICLES, key=len, reverse=True)
INSEPARABLE_PREFIXES = ("miss", "emp", "ent", "ver", "zer", "be", "er", "ge")
PRESENT_VOWELS = {"e": ("i", "ie"), "a": ("ä",), "au": ("äu",), "o": ("ö",)}


@dataclass(frozen=True)
class Grammar:
    tense: str = PRESENT_TENSE
    mood: str = INDICATIVE
    perfect: bool = False
    passive: bool = False
    future: bool = False
    modal: str | None = None
    inner_modal: str | None = None   # "sollen … einsetzen dürfen": dürfen, under sollen (are to be allowed to use)
    infinitive: bool = False     # a "zu" infinitive: "to …"
    gerund: bool = False         # … that English writes as a gerund: "accused him of *abandoning* Ukraine"
    plural: bool = False
    first_person: bool = False
    negation: str = ""           # "not", "not yet" or "no longer"


@dataclass(frozen=True)
class VerbComplex:
    lexical: int | None          # the token of the content verb (None when an auxiliary stands alone)
    lemma: str                   # the content verb's German lemma ("abbrechen", "sein")
    grammar: Grammar


def analyse(tokens: tuple[Token, ...], verbs: tuple[int, ...], negation: tuple[int, ...] = (),
            subject: tuple[int, ...] = (), intransitive=lambda lemma: False) -> VerbComplex:
    """Read the clause's verbs (finite first, then the clause-end verbs in German order).

    `intransitive(lemma)` says whether a verb takes no object (the dictionary knows): then "sein" and
    its participle are a perfect ("ist gerutscht"), not a state ("ist geschlossen")."""
    finite = verbs[0] if verbs and tokens[verbs[0]].pos in FINITE_VERBS else None
    particle = next((tokens[i].text.lower() for i in verbs if tokens[i].pos == "PTKVZ"), "")
    # HanTa may tag a clause-end infinitive finite ("werde … arbeiten"): a second finite form in -en is one
    chain = [i for i in verbs if i != finite and (tokens[i].pos in (*PARTICIPLES, *INFINITIVES) or
                                                  tokens[i].pos == "VVFIN" and tokens[i].text.endswith("n"))]
    if finite is not None:
        chain.append(finite)   # the finite verb governs the last of the others
    grammar = Grammar(infinitive=finite is None, negation=_negation(tokens, negation))
    if finite is not None:
        tense, mood = _tense_and_mood(tokens[finite], subject_person(tokens, subject))
        grammar = replace(grammar, tense=tense, mood=mood, plural=finite_plural(tokens[finite].text),
                          first_person=subject_person(tokens, subject) == "ich")
    if not chain:
        return VerbComplex(None, "", grammar)
    for governed, governor in zip(chain, chain[1:]):
        grammar = _governs(grammar, tokens[governor], tokens[governed], intransitive, _with_zu(tokens, governed))
    lexical = chain[0]
    lemma = tokens[lexical].lemma
    if particle and lexical == finite:
        lemma = particle + lemma
    return VerbComplex(lexical, lemma, grammar)


def _with_zu(tokens: tuple[Token, ...], index: int) -> bool:
    """An infinitive with "zu": "zu sehen", "anzurechnen"."""
    return tokens[index].pos == "VVIZU" or (index > 0 and tokens[index - 1].pos == "PTKZU")


def _governs(grammar: Grammar, governor: Token, governed: Token, intransitive, zu: bool = False) -> Grammar:
    """What an auxiliary or modal adds to the verb it governs."""
    lemma = governor.lemma
    participle = governed.pos in PARTICIPLES
    if zu and lemma in ("sein", "haben"):
        # "war zu sehen" → was to be seen (a passive that can or must be); "hat zu zahlen" → has to pay
        return replace(grammar, modal="sein zu", passive=True) if lemma == "sein" else replace(grammar, modal="haben zu")
    if lemma == "haben" and (participle or governed.pos == "VVINF"):
        # "hat erfahren", "hat verlassen": a participle that looks like the infinitive (haben takes no bare one)
        return replace(grammar, perfect=True)
    if lemma == "sein" and participle:
        if governed.lemma == "werden" or _takes_sein(governed.lemma) or intransitive(governed.lemma):
            return replace(grammar, perfect=True)   # "war verurteilt worden", "ist gestorben"
        return replace(grammar, passive=True)       # "ist geschlossen": a state
    if lemma == "werden" and participle:
        return replace(grammar, passive=True)
    if lemma == "werden":
        return replace(grammar, future=True)
    if lemma in MODALS:
        inner = grammar.modal if grammar.modal in INNER_MODAL_ENGLISH else None
        return replace(grammar, modal=lemma, inner_modal=inner)
    return grammar


def _takes_sein(lemma: str) -> bool:
    return lemma.endswith(SEIN_PERFECT)


def _tense_and_mood(finite: Token, person: str) -> tuple[str, str]:
    text = finite.text.lower()
    if text in AUXILIARY_FORMS:
        tense, mood = AUXILIARY_FORMS[text]
        if text in ("habe", "werde") and person == "ich":
            return PRESENT_TENSE, INDICATIVE
        return tense, mood
    if finite.lemma in MODALS:
        return _modal_tense(text)
    suffix = next((piece for piece, kind in morphemes(finite.text) if kind == "SUF_FIN"), "")
    if suffix in ("te", "ten", "test", "tet", "ete", "eten", "etest", "etet"):
        return PAST_TENSE, INDICATIVE
    if suffix == "e" and person != "ich":
        return PRESENT_TENSE, REPORTED   # "Russland rüste auf": Konjunktiv I of reported speech
    variant = next((piece for piece, kind in morphemes(finite.text) if "_VAR" in kind), None)
    if variant is not None and not _present_variant(text, variant.lower(), finite.lemma):
        return PAST_TENSE, INDICATIVE    # "traf", "hielt", "brachen": a strong past
    return PRESENT_TENSE, INDICATIVE


def _present_variant(form: str, variant: str, lemma: str) -> bool:
    """Whether a strong verb's changed stem is a present one ("gibt", "hält", "nimmt") rather than a past
    ("gab", "hielt", "nahm"): the present changes the stem's e to i or ie, or umlauts a, au or o, and
    only in the second and third person singular, which end in -t ("ging" of gehen is a past)."""
    if not form.endswith("t"):
        return False
    particle = next((p for p in PARTICLES_LONGEST_FIRST if lemma.startswith(p) and not variant.startswith(p)), "")
    lemma = lemma[len(particle):]   # "abläuft" of ablaufen: the stem's vowel, not the particle's
    prefix = next((p for p in INSEPARABLE_PREFIXES if lemma.startswith(p) and variant.startswith(p)), "")
    lemma, variant = lemma[len(prefix):], variant[len(prefix):]   # "ergibt" of ergeben: the stem's e → i
    vowels = re.search(r"[aeiouäöü]+", lemma)
    if vowels is None:
        return False
    before, group = lemma[:vowels.start()], vowels.group()
    return any(variant.startswith(before + new) for new in PRESENT_VOWELS.get(group, ()))


def _modal_tense(text: str) -> tuple[str, str]:
    """kann/können → present, konnte → past, könnte/möchte → conditional, könne → reported."""
    umlaut = any(vowel in text for vowel in "äöü")
    if text.endswith(("te", "ten", "test", "tet")):
        return (PRESENT_TENSE, CONDITIONAL) if umlaut or text.startswith("möcht") else (PAST_TENSE, INDICATIVE)
    if text.endswith("e"):
        return PRESENT_TENSE, REPORTED
    return PRESENT_TENSE, INDICATIVE


def finite_plural(finite: str) -> bool:
    """Whether a finite verb form is plural: "rechnen", "sind", "wären" (and the rare 1st person plural)."""
    return finite.endswith(("en", "ern", "eln")) or finite in ("sind", "seid")


def subject_person(tokens: tuple[Token, ...], subject: tuple[int, ...]) -> str:
    """The subject's pronoun when it is one ("ich", "wir" …), else ""."""
    if len(subject) == 1 and tokens[subject[0]].pos == "PPER":
        return tokens[subject[0]].text.lower()
    return ""


def _negation(tokens: tuple[Token, ...], negation: tuple[int, ...]) -> str:
    if not negation:
        return ""
    if len(negation) == 1:
        return "not"
    return "not yet" if tokens[negation[0]].text.lower() == "noch" else "no longer"


# ---------------------------------------------------------------- English

def english(grammar: Grammar, lexical: str) -> str:
    """The English verb phrase: `lexical` (base form, "break off") with the auxiliaries the grammar asks."""
    if lexical.startswith("there "):   # "there be" (es gibt): "there" stands before the auxiliaries
        verb, _, rest = lexical.removeprefix("there ").partition(" ")
        return "there " + english(grammar, " ".join(filter(None, ["be" if verb in ("is", "are") else verb, rest])))
    chain = _english_chain(grammar, lexical)
    first_tag = _finite_tag(grammar)
    words, tag = [], None if chain[0] in INVARIANT_MODALS else first_tag
    for verb in chain:
        words.append(verb_form(verb, tag, grammar.plural, grammar.first_person) if tag else verb)
        tag = _next_tag(verb)
    return _negated(grammar, chain, words, first_tag)


def _english_chain(grammar: Grammar, lexical: str) -> list[str]:
    """The English verbs in order, each in base form: ["would", "have", "be", "sentence"]."""
    chain: list[str] = []
    shifted = grammar.tense == PAST_TENSE
    if grammar.modal and grammar.future and grammar.modal in INNER_MODAL_ENGLISH:
        # "wird … umsetzen können": will be able to implement
        chain.append("would" if grammar.mood != INDICATIVE or shifted else "will")
        chain.append(INNER_MODAL_ENGLISH[grammar.modal])
    elif grammar.modal:
        present, past, conditional = MODAL_ENGLISH[grammar.modal]
        chain.append(conditional if grammar.mood == CONDITIONAL else
                     past if shifted or grammar.mood == REPORTED else present)
        if grammar.inner_modal:
            chain.append(INNER_MODAL_ENGLISH[grammar.inner_modal])
    elif grammar.future:
        chain.append("would" if grammar.mood != INDICATIVE or grammar.tense == PAST_TENSE else "will")
    elif grammar.mood == CONDITIONAL:
        chain.append("would")
    if grammar.perfect and (chain or shifted):
        # "hatten abgebrochen": had broken off; after a modal: "could have". A Perfekt, told or
        # reported ("hat/habe gebaut"), is the English simple past.
        chain.append("have")
    if grammar.passive:
        chain.append("be")
    chain.append(lexical)
    return chain


def _finite_tag(grammar: Grammar) -> str | None:
    """The Penn tag of the first English verb, or None when it is a modal word that does not inflect."""
    if grammar.infinitive:
        return GERUND if grammar.gerund else BASE
    past = grammar.tense == PAST_TENSE or grammar.mood == REPORTED or (grammar.perfect and not grammar.modal)
    if past:
        return PAST
    return PRESENT if grammar.plural or grammar.first_person else PRESENT_3SG


def _next_tag(verb: str) -> str:
    """The form of the verb after this one: a participle after have and be, else the base form."""
    head = verb.split()[0]
    if head in ("have", "be") and " " not in verb:
        return PARTICIPLE
    return BASE


def _negated(grammar: Grammar, chain: list[str], words: list[str], first_tag: str | None) -> str:
    """ "not" after the first auxiliary, or with "do" ("do not expect"); "to" before an infinitive."""
    if grammar.infinitive and grammar.gerund:
        return " ".join([grammar.negation, *words] if grammar.negation else words)
    if grammar.infinitive:
        return " ".join(["not", "to", *words] if grammar.negation == "not" else
                        [grammar.negation, "to", *words] if grammar.negation else ["to", *words])
    if not grammar.negation:
        return " ".join(words)
    head = chain[0].split()[0]
    if head == "be" or (" " not in chain[0] and head in ENGLISH_AUXILIARIES and len(chain) > 1):
        first, _, rest = words[0].partition(" ")
        return " ".join([first, grammar.negation, *filter(None, [rest]), *words[1:]])
    if grammar.negation == "no longer":
        return " ".join([grammar.negation, *words])
    do = verb_form("do", first_tag or PRESENT_3SG, grammar.plural, grammar.first_person)
    return " ".join([do, grammar.negation, chain[0], *words[1:]])
