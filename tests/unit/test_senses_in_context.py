"""The sense of a word as its sentence uses it: constructions first, then collocation, word class
and the news' subjects (lesepult/dictionary/constructions.py, context.sense_in_context), against
the real Ding index and the real tagger. The sentences are written for these tests."""

import pytest

from lesepult.dictionary.constructions import find_constructions
from lesepult.dictionary.context import sense_in_context
from lesepult.dictionary.senses import HeadwordSense, cognate_bonus, content_stems, context_cost, rendering_text
from lesepult.tagging import tag


def sense_of(dictionary, sentence: str, word: str) -> str | None:
    tokens = tag(sentence)
    index = next(i for i, token in enumerate(tokens) if token.text == word)
    return sense_in_context(dictionary, tokens, index)


def constructions(dictionary, sentence: str) -> list[tuple[list[str], str, str]]:
    tokens = tag(sentence)
    return [([tokens[i].text for i in c.tokens], tokens[c.verb].text, c.english)
            for c in find_constructions(dictionary, tokens)]


@pytest.mark.parametrize("sentence, words, verb, english", [
    # the parts far apart: fixed words before a zu-infinitive after the main clause
    ("Die Opposition warf dem Kanzler vor, die Ukraine im Stich zu lassen.", ["im", "Stich", "lassen"], "lassen", "abandon"),
    # finite verb second, its particle at the clause end, the noun in between
    ("Moskau übte am Montag erneut Druck auf die Regierung in Kiew aus.", ["übte", "Druck", "aus"], "übte", "exert pressure"),
    ("Der Ausschuss will den Entwurf im Herbst zur Abstimmung vorlegen.", ["zur", "Abstimmung", "vorlegen"], "vorlegen", "put to a vote"),
    ("Helfer brachten die Bewohner rasch in Sicherheit.", ["brachten", "in", "Sicherheit"], "brachten", "bring to safety"),
    # from Ding's own entries (not in the news list)
    ("Unbekannte setzten in der Nacht eine Scheune in Brand.", ["setzten", "in", "Brand"], "setzten", "set on fire"),
    ("Das Auto war auf der Autobahn in Brand geraten.", ["in", "Brand", "geraten"], "geraten", "catch fire"),
    ("Viele Beobachter rechnen nicht damit.", ["rechnen", "damit"], "rechnen", "expect"),
    ("Bei dem Brand sind zwei Menschen ums Leben gekommen.", ["ums", "Leben", "gekommen"], "gekommen", "die"),
])
def test_a_construction_is_found_with_its_parts_apart(dictionary, sentence, words, verb, english):
    assert (words, verb, english) in constructions(dictionary, sentence)


@pytest.mark.parametrize("sentence", [
    "Die Opposition lässt den Stich nicht gelten.",           # the words, but not the idiom
    "Der Druck im Kessel stieg, dann übte das Team.",         # noun and verb in different clauses
    "Sie haben keine Zeit.",                                  # a general verb with a noun is compositional
])
def test_no_construction_without_its_fixed_words_in_one_clause(dictionary, sentence):
    found = constructions(dictionary, sentence)
    assert not [c for c in found if c[2] in ("abandon", "exert pressure")], found
    assert all(verb not in ("haben", "hat") for _, verb, _ in found), found


def test_construction_parts_other_than_the_verb_carry_no_english(dictionary):
    sentence = "Die Partei warf der Regierung vor, die Bauern im Stich zu lassen."
    assert sense_of(dictionary, sentence, "lassen") == "abandon"
    assert sense_of(dictionary, sentence, "Stich") == ""
    assert sense_of(dictionary, sentence, "vor") == ""          # the particle of vorwerfen
    assert sense_of(dictionary, sentence, "warf") == "accuse of"


@pytest.mark.parametrize("sentence, word, wanted", [
    ("Das Gericht verurteilte ihn zu sieben Jahren Haft.", "sieben", "seven"),            # a number, not "sieve"
    ("Das Gericht verurteilte ihn zu sieben Jahren Haft.", "Haft", "imprisonment"),
    ("Die türkische Regierung protestierte.", "türkische", "Turkish"),                    # geography, not "Ottoman"
    ("Die Union kritisierte den Haushalt scharf.", "Union", "union"),                     # the cognate, not "association"
    ("Die Rebellen kontrollieren den Osten der Stadt.", "kontrollieren", "control"),
    ("Zunächst blieb die Lage ruhig.", "Zunächst", "at first"),
    ("Nach dem Abbruch der Gespräche reiste die Delegation ab.", "Abbruch", "breaking-off"),
    ("Die Regierung lehnte den Vorschlag ab.", "lehnte", "reject"),
    ("Der Konzern will die Produktion zurückfahren.", "zurückfahren", "cut back"),
    ("Die Firma rechnet mit einem Gewinn.", "rechnet", "expect"),                         # governed "mit"
])
def test_the_sense_fits_the_sentence(dictionary, sentence, word, wanted):
    assert sense_of(dictionary, sentence, word) == wanted


@pytest.mark.parametrize("sentence, word, wanted", [
    ("Häufig hatten die Helfer keine Pause.", "Häufig", "often"),          # modifies the verb: Ding's adverb
    ("Die Pausen waren kurz und das Wetter schlecht.", "schlecht", "bad"),  # after a copula: the adjective
    ("Bisher sind nur wenige Mieter eingezogen.", "eingezogen", "move in"),  # perfect with sein: intransitive
    ("Das Ergebnis war schwächer als erwartet.", "schwächer", "weak"),
])
def test_the_use_in_the_clause_picks_adverb_adjective_or_intransitive_verb(dictionary, sentence, word, wanted):
    assert sense_of(dictionary, sentence, word) == wanted


def test_dings_note_of_an_irregular_form_is_no_part_of_the_rendering():
    assert rendering_text("bad ~worse (of a low standard, unpleasant, adverse)") == "bad"


def test_a_reflexive_headword_needs_sich_in_the_clause(dictionary):
    assert sense_of(dictionary, "Die Firma rechnet mit einem Gewinn.", "rechnet") == "expect"
    assert sense_of(dictionary, "Die neue Anlage rechnet sich schon nach drei Jahren.", "rechnet") != "expect"


def line(headword: str, tags=(), labels=(), examples: str = "") -> HeadwordSense:
    return HeadwordSense(headword, tuple(tags), tuple(labels), 0.0, "rendering", content_stems(examples))


def test_context_cost_weighs_class_reflexive_preposition_subject_and_examples():
    clause = frozenset({"die", "firma", "mit", "einem", "gewinn"})

    def cost(sense, wanted=None, words=clause):
        return context_cost(sense, wanted, words, False)
    assert cost(line("sieben", ["vt"]), "number") > cost(line("sieben", ["num"]), "number")
    assert cost(line("sich rechnen"), "verb") > cost(line("rechnen"), "verb")
    assert cost(line("mit etw. rechnen"), "verb") < cost(line("rechnen"), "verb")
    assert cost(line("mit etw. rechnen"), "verb", frozenset({"damit"})) < 0
    assert cost(line("x", labels=["pol."])) < cost(line("x", labels=["bot."]))
    # a word of the clause in one of the line's examples, in another inflection
    assert cost(line("Gewinn", examples="Die Firmen machen Gewinne.")) < cost(line("Gewinn"))


@pytest.mark.parametrize("english, german, bonus", [
    ("union", "Union", True), ("production", "Produktion", True), ("rebel", "Rebell", True),
    ("control", "Kontrolle", True), ("association", "Union", False), ("cut", "Kurt", False),
])
def test_a_cognate_is_the_german_word_in_english_spelling(english, german, bonus):
    assert (cognate_bonus(english, german) > 0) is bonus


@pytest.mark.parametrize("sentence, words, english", [
    # Ding's line for the verb with the preposition it governs
    ("Die Bürgermeisterin dachte an die Familien der Opfer.", ["dachte", "an"], "think about"),
    ("Die Behörden reagierten gestern auf die Warnung.", ["reagierten", "auf"], "react to"),
    ("Ein Sprecher bestätigte, dass der Verein zur Liga gehört.", ["zur", "gehört"], "belong to"),
    # the news list before Ding, for the preposition's own form: "zu" in "zum"
    ("Der Streit hat zum Rücktritt des Ministers geführt.", ["zum", "geführt"], "lead to"),
])
def test_a_verb_governs_its_preposition(dictionary, sentence, words, english):
    assert (words, english) in [(w, e) for w, _, e in constructions(dictionary, sentence)]


@pytest.mark.parametrize("sentence, preposition", [
    ("Mit einem neuen Plan versuchte die Stadt, Geld zu sparen.", "Mit"),   # opens the clause: an adverbial
    ("Sie kündigten Sanktionen wegen der Angriffe auf Schulen an.", "auf"),  # after a noun: the noun's
    ("Das Auto kam auf die Gegenfahrbahn.", "auf"),                          # a verb of motion: where
    ("Die Ministerin denkt am Montag nach.", "am"),                          # a time
])
def test_a_preposition_the_verb_does_not_govern(dictionary, sentence, preposition):
    assert not [w for w, _, _ in constructions(dictionary, sentence) if preposition in w]


def test_governed_english_skips_narrowed_and_rare_lines(dictionary):
    # Ding's "auf jdn. warten; jdm. bevorstehen (Sache)" is lie in store for: a thing's sense, left out
    assert dictionary.governed("warten", "auf") != "lie in store for"
    assert dictionary.governed("denken", "an") == "think about"
    assert dictionary.governed("erinnern", "an", reflexive=True) == "remember"
    assert dictionary.governed("denken", "zwischen") is None


def test_collocations_count_content_words_only(engine):
    # Ding's example "jdn. in seinem Stolz treffen" (strike) must not win through "seinem"
    english = engine.translate(["Am Dienstag traf sich der Minister mit seinem Kollegen."])[0].text
    assert "met with his colleague" in english and "struck" not in english
    assert "council" in engine.translate(["Der Rat verurteilte die Angriffe."])[0].text

