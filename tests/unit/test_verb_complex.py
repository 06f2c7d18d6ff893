"""German verb complexes read into tense, voice and mood, and written as English verb phrases."""
from __future__ import annotations

import pytest

from lesepult.tagging import tag
from lesepult.translation.clauses import clauses
from lesepult.translation.verb_complex import (CONDITIONAL, PAST_TENSE, PRESENT_TENSE, REPORTED, Grammar, analyse,
                                               english)


def _complexes(sentence: str):
    tokens = tag(sentence)
    return [analyse(tokens, c.verbs, c.negation, c.subject) for c in clauses(tokens) if c.verbs]


# (German sentence, the content verb's English in base form, the English verb phrase of its last clause)
@pytest.mark.parametrize("sentence, lexical, wanted", [
    ("Die Firma baut ein Werk.", "build", "builds"),
    ("Die Arbeiter bauten ein Werk.", "build", "built"),
    ("Die Firma hat ein Werk gebaut.", "build", "built"),                  # Perfekt: simple past
    ("Die Firma hatte das Werk gebaut.", "build", "had built"),            # Plusquamperfekt
    ("Das Werk wurde gebaut.", "build", "was built"),                      # passive
    ("Die Werke werden gebaut.", "build", "are built"),
    ("Das Werk war gebaut worden.", "build", "had been built"),
    ("Das Werk ist gebaut worden.", "build", "was built"),
    ("Die Firma wird ein Werk bauen.", "build", "will build"),
    ("Die Firma würde ein Werk bauen.", "build", "would build"),
    ("Die Firma kann ein Werk bauen.", "build", "can build"),
    ("Die Firma konnte kein Werk bauen.", "build", "could build"),
    ("Die Firmen wollen ein Werk bauen.", "build", "want to build"),
    ("Die Firma musste das Werk bauen.", "build", "had to build"),
    ("Das Werk soll gebaut werden.", "build", "is to be built"),
    ("Das Werk könnte gebaut werden.", "build", "could be built"),
    ("Die Firma soll kein Werk mehr bauen dürfen.", "build", "is to be allowed to build"),   # two modals
    ("Die Firma muss das Werk bauen können.", "build", "must be able to build"),
    ("Die Firma wird das Werk bauen können.", "build", "will be able to build"),           # future of a modal
    ("Der Minister sagte, die Firma baue ein Werk.", "build", "built"),    # Konjunktiv I, reported
    ("Der Minister sagte, das Werk werde gebaut.", "build", "was built"),
    ("Der Minister sagte, die Firma werde ein Werk bauen.", "build", "would build"),
    ("Der Minister sagte, die Firma habe ein Werk gebaut.", "build", "built"),
    ("Der Minister sagte, ein Kind sei verletzt worden.", "injure", "was injured"),
    ("Der Minister sagte, die Firma könne ein Werk bauen.", "build", "could build"),
    ("Der Zug ist angekommen.", "arrive", "arrived"),                      # sein-Perfekt
    ("Der Zug war angekommen.", "arrive", "had arrived"),
    ("Das Werk ist geschlossen.", "close", "is closed"),                  # a state
    ("Das Werk wäre geschlossen worden.", "close", "would have been closed"),
    ("Die Firma baut das Werk nicht.", "build", "does not build"),         # do-support
    ("Die Firmen bauten das Werk nicht.", "build", "did not build"),
    ("Die Firma hat das Werk nicht gebaut.", "build", "did not build"),
    ("Die Firma hatte das Werk nicht gebaut.", "build", "had not built"),
    ("Die Firma will das Werk nicht bauen.", "build", "does not want to build"),
    ("Das Werk wird nicht gebaut.", "build", "is not built"),
    ("Die Firma baut nicht mehr.", "build", "no longer builds"),
    ("Die Stadt plant, das Werk zu bauen.", "build", "to build"),
    ("Die Stadt plant, das Werk nicht zu bauen.", "build", "not to build"),
    ("Ich baue ein Haus.", "build", "build"),
    # a participle that looks like its infinitive: haben takes no bare infinitive
    ("Die Firma hat davon erfahren.", "learn", "learned"),
    ("Die Firma hatte das Werk verlassen.", "leave", "had left"),
    # sein + zu is a passive that can or must be, haben + zu an obligation
    ("Am Ufer war das Werk zu sehen.", "see", "was to be seen"),
    ("Das Werk ist nicht zu retten.", "save", "is not to be saved"),
    ("Die Firma hat eine Strafe zu zahlen.", "pay", "has to pay"),
    ("Das Werk ist noch nicht fertig.", "be", "is not yet"),
    ("Die Firma baute noch nicht.", "build", "did not yet build"),
])
def test_english_verb_phrase(sentence, lexical, wanted):
    complex_ = _complexes(sentence)[-1]
    assert english(complex_.grammar, lexical) == wanted


def test_the_copula_and_its_moods_in_english():
    assert english(_complexes("Die Lage wäre schwierig gewesen.")[-1].grammar, "be") == "would have been"
    assert english(_complexes("Die Lage sei schwierig.")[-1].grammar, "be") == "was"
    assert english(_complexes("Die Gespräche seien schwierig.")[-1].grammar, "be") == "were"
    assert english(_complexes("Ich bin müde.")[-1].grammar, "be") == "am"
    assert english(_complexes("Die Lage ist nicht schwierig.")[-1].grammar, "be") == "is not"


@pytest.mark.parametrize("sentence, tense, mood", [
    ("Er hält das Versprechen.", PRESENT_TENSE, "indicative"),
    ("Er hielt das Versprechen.", PAST_TENSE, "indicative"),
    ("Sie gibt nach.", PRESENT_TENSE, "indicative"),
    ("Sie gab nach.", PAST_TENSE, "indicative"),
    ("Der Kurs stieg.", PAST_TENSE, "indicative"),
    ("Er nimmt teil.", PRESENT_TENSE, "indicative"),
    ("Er meldete den Schaden.", PAST_TENSE, "indicative"),
    # a strong past with i or ie is no stem-changed present: that one ends in -t
    ("Er ging nach Hause.", PAST_TENSE, "indicative"),
    ("Die Gespräche gingen weiter.", PAST_TENSE, "indicative"),
    ("Sie fing den Ball.", PAST_TENSE, "indicative"),
    ("Er trifft den Minister.", PRESENT_TENSE, "indicative"),
    ("Sie hilft den Nachbarn.", PRESENT_TENSE, "indicative"),
    ("Er sagt, dass die Frist bald abläuft.", PRESENT_TENSE, "indicative"),   # the stem's vowel, not the particle's
    ("Er fährt morgen ab.", PRESENT_TENSE, "indicative"),
    ("Er sagte, sie rüste auf.", PRESENT_TENSE, REPORTED),
    ("Das könnte helfen.", PRESENT_TENSE, CONDITIONAL),
    ("Das ergibt sich aus den Zahlen.", PRESENT_TENSE, "indicative"),   # an inseparable prefix: e → i is present
    ("Die Stadt erhält neue Mittel.", PRESENT_TENSE, "indicative"),
    ("Die Stadt erhielt neue Mittel.", PAST_TENSE, "indicative"),
])
def test_tense_and_mood_of_the_finite_verb(sentence, tense, mood):
    grammar = _complexes(sentence)[-1].grammar
    assert (grammar.tense, grammar.mood) == (tense, mood)


def test_the_content_verb_is_the_deepest_of_the_chain():
    complex_ = _complexes("Das Urteil war gestern verkündet worden.")[0]
    assert complex_.lemma == "verkünden" and complex_.grammar.perfect and complex_.grammar.passive


def test_an_english_phrase_verb_keeps_its_particle_and_object():
    assert english(Grammar(tense=PAST_TENSE), "break off") == "broke off"
    assert english(Grammar(passive=True, plural=True), "put to a vote") == "are put to a vote"
    assert english(Grammar(negation="not"), "take part") == "does not take part"


def test_there_stands_before_the_auxiliaries():
    assert english(Grammar(tense=PAST_TENSE, perfect=True), "there be") == "there had been"
    assert english(Grammar(), "there is") == "there is"
