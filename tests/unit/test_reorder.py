"""English word order as an order of the German tokens (the real tagger, no dictionary needed)."""
from __future__ import annotations

import pytest

from lesepult.tagging import tag
from lesepult.translation.clauses import clauses
from lesepult.translation.reorder import english_order


def _reordered(sentence: str) -> str:
    tokens = tag(sentence)
    order = english_order(tokens, clauses(tokens))
    assert sorted(order) == list(range(len(tokens))), "every token once"
    return " ".join(tokens[i].text for i in order)


@pytest.mark.parametrize("sentence, wanted", [
    # subject before the verb after a fronted adverbial
    ("Am Montag eröffnete der Bürgermeister die Messe.", "Am Montag der Bürgermeister eröffnete die Messe ."),
    ("Seit Jahren wächst die Stadt.", "Seit Jahren die Stadt wächst ."),
    # the verb complex together after the subject
    ("Der Verein hatte den Trainer im Mai entlassen.", "Der Verein hatte entlassen den Trainer im Mai ."),
    ("Die Brücke wird im Herbst gesperrt.", "Die Brücke wird gesperrt im Herbst ."),
    ("Die Bank stellte den Betrieb ein.", "Die Bank stellte ein den Betrieb ."),
    # verb-final clauses: the verbs after the subject
    ("Sie sagt, dass die Mieten stark gestiegen sind.", "Sie sagt , dass die Mieten sind gestiegen stark ."),
    ("Das Haus, das der Architekt entworfen hat, steht leer.",
     "Das Haus , das der Architekt hat entworfen , steht leer ."),
    # a zu-infinitive: "to" and its verb first
    ("Die Stadt plant, den Park zu erweitern.", "Die Stadt plant , zu erweitern den Park ."),
    # negation joins the verb complex
    ("Die Mieter rechnen nicht mit einer Erhöhung.", "Die Mieter rechnen nicht mit einer Erhöhung ."),
    ("Die Mieter haben nicht mit einer Erhöhung gerechnet.", "Die Mieter haben nicht gerechnet mit einer Erhöhung ."),
    # an object that opened the clause goes after the verb
    ("Den Antrag lehnte sie ab.", "sie lehnte ab Den Antrag ."),
    # after a subordinate clause the main clause starts with its verb: the subject goes first
    ("Als der Regen begann, brach der Veranstalter das Fest ab.",
     "Als der Regen begann , der Veranstalter brach ab das Fest ."),
    # an extended attribute after its noun
    ("Die Polizei durchsuchte die von Anwohnern gemeldete Wohnung.",
     "Die Polizei durchsuchte die Wohnung gemeldete von Anwohnern ."),
    # the object German puts last in the middle field comes right after the verbs, its "nicht" with it
    ("Der Verein hat in den vergangenen Jahren viele Spiele gewonnen.",
     "Der Verein hat gewonnen viele Spiele in den vergangenen Jahren ."),
    ("Wir können leider nicht die hohen Kosten tragen.", "Wir können tragen nicht die hohen Kosten leider ."),
    # … not a time, not a pronoun, and not when a word of the field is not read
    ("Die Firma hat im Mai den ganzen Sonntag gearbeitet.", "Die Firma hat gearbeitet im Mai den ganzen Sonntag ."),
    ("Der Arzt hat nach der Operation ihn besucht.", "Der Arzt hat besucht nach der Operation ihn ."),
    # a short parenthesis stays after its word
    ("Der Zug ist bei Ulm (Baden-Württemberg) entgleist.", "Der Zug ist entgleist bei Ulm ( Baden-Württemberg ) ."),
])
def test_english_order(sentence, wanted):
    assert _reordered(sentence) == wanted


def test_a_name_after_a_quotation_may_keep_the_verb_first():
    assert _reordered("„Wir kommen“, sagte Müller.").endswith("sagte Müller .")
    assert _reordered("„Wir kommen“, sagte er.").endswith("er sagte .")
