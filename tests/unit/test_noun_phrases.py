"""Noun phrases in the gloss: degree, number words, articles, participles, plural (real Ding, real tagger)."""
from __future__ import annotations

import pytest

from lesepult.tagging import tag
from lesepult.translation.noun_phrases import english_in_phrase


def _word(dictionary, sentence: str, word: str, places=frozenset()) -> str | None:
    tokens = tag(sentence)
    index = next(i for i, token in enumerate(tokens) if token.text == word)
    return english_in_phrase(tokens, index, dictionary.gloss, places)


@pytest.mark.parametrize("sentence, word, wanted", [
    ("Die Ernte fiel kleiner aus als im Vorjahr.", "kleiner", "smaller"),
    ("Das war der kälteste Winter.", "kälteste", "coldest"),
    ("Die Ernte fiel kleiner aus als im Vorjahr.", "als", "than"),
    ("Er arbeitet als Lehrer.", "als", None),
    ("Sie wohnt im dritten Stock.", "dritten", "third"),
    ("Er blieb acht Tage.", "acht", "eight"),
    ("Sie kam im Januar.", "im", "in"),
    ("Sie kam im Winter.", "im", None),
])
def test_words_the_noun_phrase_decides(dictionary, sentence, word, wanted):
    assert _word(dictionary, sentence, word) == wanted


def test_no_article_before_a_country_but_before_a_plural_name(dictionary):
    sentence = "Die Hilfe für die Slowakei kam aus den Niederlanden."
    tokens = tag(sentence)
    slovakia, netherlands = (next(i for i, t in enumerate(tokens) if t.text == name)
                             for name in ("Slowakei", "Niederlanden"))
    places = frozenset({slovakia, netherlands})
    assert english_in_phrase(tokens, slovakia - 1, dictionary.gloss, places) == ""
    assert english_in_phrase(tokens, netherlands - 1, dictionary.gloss, places) is None


def test_extended_attribute_participle_and_its_agent(dictionary):
    sentence = "Die Polizei durchsuchte die von Nachbarn gemeldete Wohnung."
    assert _word(dictionary, sentence, "gemeldete") == "reported"
    assert _word(dictionary, sentence, "von") == "by"


@pytest.mark.parametrize("sentence, wanted", [
    ("Die Ernte war höher als erwartet.", ["er than expected"]),
    ("Im Oktober stiegen die Preise.", ["In October"]),
    ("Die Polizei durchsuchte die von Nachbarn gemeldete Wohnung.", ["flat reported by neighbours"]),
    ("Er wurde zu neun Jahren Haft verurteilt.", ["nine years"]),
    ("Die Kinder spielten im zweiten Hof.", ["second"]),
    ("Der Präsident der Ukraine reiste ab.", ["of Ukraine"]),
])
def test_noun_phrases_in_the_gloss(engine, sentence, wanted):
    english = engine.translate([sentence])[0].text
    assert all(w in english for w in wanted), english


@pytest.mark.parametrize("sentence, wanted, unwanted", [
    # quantifiers in every form, not an adjective's comparative ("weitere" is not "more way")
    ("Einige Abgeordnete forderten weitere Gespräche.", ["Some", "further"], ["united", "way"]),
    ("Mehrere Lehrer streikten, viele Eltern halfen.", ["Several teachers", "many parents"], ["much"]),
    ("Die Stimmen aller Mitglieder wurden gezählt.", ["The votes of all members were"], ["Were", "tally"]),
    ("Zu einem Treffen der beiden Gruppen kam es.", ["the two groups"], ["both groups"]),
    # the determiner says the number of a noun alike in singular and plural, or in the dative singular
    ("Der Minister sprach mit seinem Kollegen.", ["his colleague."], ["colleagues"]),
    ("Die Firma entließ die Arbeiter.", ["workers"], ["worker."]),
])
def test_quantifiers_and_the_number_the_determiner_says(engine, sentence, wanted, unwanted):
    english = engine.translate([sentence])[0].text
    assert all(w in english for w in wanted), english
    assert not any(u in english for u in unwanted), english


def test_a_noun_alike_in_both_numbers_is_plural_when_its_verb_is(engine):
    singular = engine.translate(["Der Lehrer streikte."])[0].text.split()[1]
    plural = engine.translate(["Die Lehrer streikten."])[0].text.split()[1]
    assert plural != singular and plural.startswith(singular[:-1])


@pytest.mark.parametrize("sentence, wanted", [
    # an English verb in "of" takes its object first, and the infinitive after it is a gerund
    ("Die Opposition warf dem Minister vor, die Wähler zu täuschen.", ["accused the minister of", "ing the"]),
    # a direction before a place's name
    ("Die Kämpfe in Ost-Aleppo dauern an.", ["East Aleppo"]),
])
def test_phrases_around_the_verb(engine, sentence, wanted):
    english = engine.translate([sentence])[0].text
    assert all(w in english for w in wanted), english


@pytest.mark.parametrize("sentence, wanted", [
    ("Es gibt keine Einigung.", ["There is no"]),
    ("Es gab Proteste, wie die Zeitung berichtet.", ["There were protests", "as the newspaper"]),
    ("Es gab einen Protest.", ["There was a protest"]),
    ("Derzeit gibt es keine Hinweise auf einen Anschlag.", ["there are no"]),
    # "es gibt" is there is, never an idiom of "geben" ("jdm. Hoffnung geben": hold out hope to)
    ("Es gibt keine Hoffnung.", ["There is no hope"]),
    ("Es gibt keine Hoffnung mehr.", ["There is no more hope"]),
    ("Länder wie Polen protestierten.", ["like Poland"]),
])
def test_there_is_and_as(engine, sentence, wanted):
    english = engine.translate([sentence])[0].text
    assert all(w in english for w in wanted), english


def test_an_adjective_that_says_how_is_an_english_adverb_but_not_after_the_copula(engine):
    assert "clearly" in engine.translate(["Er sagte das deutlich."])[0].text
    assert "clear" in engine.translate(["Die Lage ist klar."])[0].text.split()[-1]
