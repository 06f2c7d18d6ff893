"""Clauses and their fields, read from the real tagger's tags (HanTa)."""
from __future__ import annotations

import pytest

from lesepult.tagging import tag
from lesepult.translation.clauses import FRAGMENT, INFINITIVE, MAIN, RELATIVE, SUBORDINATE, clauses


def _read(sentence: str) -> list[dict]:
    tokens = tag(sentence)

    def words(indexes):
        return " ".join(tokens[i].text for i in indexes)

    return [{"kind": c.kind, "intro": words(c.introducer), "subject": words(c.subject), "verbs": words(c.verbs),
             "negation": words(c.negation), "rest": words(c.rest)} for c in clauses(tokens)]


@pytest.mark.parametrize("sentence, kinds", [
    ("Der Ausschuss tagte gestern.", [MAIN]),
    ("Sie glaubt, dass die Preise weiter steigen.", [MAIN, SUBORDINATE]),
    ("Das Werk, das im Mai schloss, wird verkauft.", [FRAGMENT, RELATIVE, MAIN]),
    ("Die Stadt plant, die Brücke im Sommer abzureißen.", [MAIN, INFINITIVE]),
    ("Er reiste ab, um den Streit zu beenden.", [MAIN, INFINITIVE]),
    ("Der Vorstand trat zurück und der Aufsichtsrat suchte einen Nachfolger.", [MAIN, MAIN]),
    ("Weil es regnete, fiel das Konzert aus.", [SUBORDINATE, MAIN]),
    ("Sie fragte, ob der Zug pünktlich ankomme.", [MAIN, SUBORDINATE]),
    ("Die Firma, mit der wir verhandelten, lehnte ab.", [FRAGMENT, RELATIVE, MAIN]),
])
def test_clause_kinds(sentence, kinds):
    assert [c["kind"] for c in _read(sentence)] == kinds


def test_main_clause_subject_after_a_fronted_adverbial():
    [clause] = _read("Am Freitag unterschrieb der Bürgermeister den Vertrag.")
    assert clause["subject"] == "der Bürgermeister" and clause["verbs"] == "unterschrieb"
    assert clause["rest"] == "Am Freitag den Vertrag"


def test_verb_complex_gathers_finite_verb_participles_and_particle():
    [clause] = _read("Die Verhandlungen waren gestern von beiden Seiten abgebrochen worden.")
    assert clause["verbs"] == "waren abgebrochen worden" and clause["subject"] == "Die Verhandlungen"
    [clause] = _read("Der Konzern stellte die Produktion im Werk ein.")
    assert clause["verbs"] == "stellte ein"


def test_verb_final_clause_has_its_finite_verb_first_in_the_complex():
    _, clause = _read("Man weiß, dass der Antrag abgelehnt worden ist.")
    assert clause["intro"] == "dass" and clause["subject"] == "der Antrag"
    assert clause["verbs"] == "ist abgelehnt worden"


def test_relative_pronoun_is_the_subject_unless_another_follows():
    _, relative, _ = _read("Der Plan, der bis 2030 reicht, ist gut.")
    assert relative["intro"] == "der" and relative["subject"] == ""
    _, relative, _ = _read("Das Gesetz, das die Regierung vorlegte, scheiterte.")
    assert relative["subject"] == "die Regierung"


def test_main_clause_after_its_subject_and_a_relative_clause_has_no_subject_of_its_own():
    fragment, _, main = _read("Die Bauern, die seit Wochen protestiert hatten, blockierten Straßen.")
    assert fragment["kind"] == FRAGMENT and main["subject"] == "" and main["verbs"] == "blockierten"
    *_, main = _read("Die Stadt und der Kreis (beide im Süden des Freistaats Bayern, nahe der Grenze zu Österreich) haben neue Pläne.")
    assert main["subject"] == "" and main["verbs"] == "haben"


def test_a_short_parenthesis_is_an_aside_and_the_clause_goes_on_around_it():
    [main] = _read("Die Stadt und der Kreis (beide in Bayern) haben neue Pläne.")
    assert main["subject"] == "Die Stadt und der Kreis" and main["verbs"] == "haben" and "beide" not in main["rest"]
    [main] = _read("Gestern ist in Ulm (Baden-Württemberg) ein Zug entgleist.")
    assert main["subject"] == "ein Zug" and main["verbs"] == "ist entgleist"


def test_a_verb_first_clause_after_und_shares_the_subject_before():
    first, second = _read("Ein Junge ist in den Kiosk eingestiegen und hat Zigaretten mitgenommen.")
    assert first["verbs"] == "ist eingestiegen" and first["subject"] == "Ein Junge"
    assert second["verbs"] == "hat mitgenommen" and second["subject"] == "" and second["rest"] == "Zigaretten"


def test_participles_in_a_list_hang_on_the_auxiliary_before_them():
    first, second, third = _read("Die Täter hätten Reifen zerstochen, Scheiben beschmiert und Spiegel abgebrochen.")
    assert first["verbs"] == "hätten zerstochen"
    assert (second["kind"], second["verbs"], second["subject"]) == (MAIN, "beschmiert", "")
    assert (third["kind"], third["verbs"], third["subject"], third["intro"]) == (MAIN, "abgebrochen", "", "und")
    # a passive: each part has a subject of its own
    _, second = _read("In Bremen wurden zwei Autos beschädigt, in Kiel drei Fahrräder gestohlen.")
    assert (second["kind"], second["verbs"], second["subject"]) == (MAIN, "gestohlen", "drei Fahrräder")


def test_a_main_clause_interrupted_by_a_subordinate_clause_gets_its_verbs_where_it_goes_on():
    main, _, rest = _read("Am Montag hat der Trainer, wie der Verein mitteilte, seinen Vertrag verlängert.")
    assert main["verbs"] == "" and rest["kind"] == MAIN and rest["verbs"] == "hat verlängert"


def test_commas_in_a_list_of_nouns_do_not_end_a_clause():
    [main] = _read("Die Firma darf bei Transport, Lagerung und Verkauf keine Leiharbeiter einsetzen.")
    assert main["verbs"] == "darf einsetzen" and main["subject"] == "Die Firma"
    main, relative = _read("Er kaufte Äpfel, die er mochte.")
    assert relative["kind"] == RELATIVE   # no "und" closes it: no list


def test_commas_between_adjectives_and_ordinal_points_do_not_end_a_clause():
    [main] = _read("Damit war der knappe, aber verdiente Sieg perfekt.")
    assert main["subject"] == "der knappe , aber verdiente Sieg"
    [main] = _read("Die Messe findet vom 3. bis 6. Mai statt.")
    assert main["verbs"] == "findet statt"


def test_object_first_clause_takes_the_pronoun_or_the_agreeing_noun_as_subject():
    [clause] = _read("Den Vorschlag lehnte er ab.")
    assert clause["subject"] == "er"
    [clause] = _read("Weitere Hinweise nimmt die Polizei entgegen.")
    assert clause["subject"] == "die Polizei"
    # a title whose lemma HanTa writes in other case ("Spd-landesvorsitzende") is no plural
    [clause] = _read("Die CDU-Bundesvorsitzende Anna Berg schrieb ihrer Partei einen Brief.")
    assert clause["subject"] == "Die CDU-Bundesvorsitzende Anna Berg"


def test_negation_of_the_clause_but_not_of_a_word():
    [clause] = _read("Die Gewerkschaft rechnet nicht mit einer Einigung.")
    assert clause["negation"] == "nicht"
    [clause] = _read("Nicht nur die Bahn streikt.")
    assert clause["negation"] == ""
    [clause] = _read("Der Minister ist nicht mehr im Amt.")
    assert clause["negation"] == "nicht mehr"


def test_a_comparison_is_no_verb_and_a_name_after_a_title_stays_in_its_phrase():
    [clause] = _read("Der Umsatz fiel höher aus als erwartet.")
    assert "erwartet" not in clause["verbs"]
    [clause] = _read("Präsident Macron empfing den Gast.")
    assert clause["subject"] == "Präsident Macron"


def test_an_article_after_a_comma_is_no_relative_pronoun():
    _, infinitive = _read("Er versprach, die Schulden bald zu tilgen.")
    assert infinitive["kind"] == INFINITIVE and infinitive["intro"] == ""
    assert infinitive["verbs"] == "zu tilgen"


def test_subject_after_prepositional_phrases_times_and_quantities():
    [clause] = _read("Im Sommer wurde bei allen Schülern zwei Tage vor der Prüfung ein Test gemacht.")
    assert clause["subject"] == "ein Test"
    [clause] = _read("Vom Hochwasser sind mehr als 9 Millionen Menschen betroffen.")
    assert clause["subject"] == "mehr als 9 Millionen Menschen"
    # a number between the adjectives and the noun of a time; an adverb that counts the subject
    _, clause = _read("Die Preise fielen, weil in den letzten drei Wochen viele Händler aufgaben.")
    assert clause["subject"] == "viele Händler"
    [clause] = _read("Dort waren etwa zwei Millionen Euro verloren gegangen.")
    assert clause["subject"] == "etwa zwei Millionen Euro"
    [clause] = _read("Am Abend standen einige Dutzend Menschen vor dem Rathaus.")
    assert clause["subject"] == "einige Dutzend Menschen"


def test_a_time_or_a_measure_before_the_verb_is_an_adverbial():
    [clause] = _read("Ende Mai hatte Argentinien die Zinsen nicht bezahlt.")
    assert clause["subject"] == "Argentinien"
    [clause] = _read("300 Meter vor dem Ziel zog er davon.")
    assert clause["subject"] == "er"


def test_a_short_quotation_inside_a_clause_stays_in_it():
    [clause] = _read("Der Verband werde „schnell, aber gründlich“ verhandeln.")
    assert clause["verbs"] == "werde verhandeln" and clause["subject"] == "Der Verband"
    quoted, speech = _read("„Wir bleiben“, sagte sie.")   # a quotation with its own verb is a clause
    assert quoted["verbs"] == "bleiben" and speech["subject"] == "sie"
