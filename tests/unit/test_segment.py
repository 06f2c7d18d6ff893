"""Paragraph and sentence segmentation of German news text."""
from pathlib import Path

import pytest

import lesepult
from lesepult.segment import split_paragraphs, split_sentences

SAMPLE = Path(lesepult.__file__).parent / "data/sample/handelsblatt-syrien-2016.txt"


def test_paragraphs_are_blank_line_separated_and_whitespace_normalised():
    text = "Erste Zeile\nnoch   dieselbe.\r\n\r\nZweiter\tAbsatz.\n \t \n\n\nDritter."
    assert split_paragraphs(text) == ["Erste Zeile noch dieselbe.", "Zweiter Absatz.", "Dritter."]


def test_no_paragraphs_in_blank_text():
    assert split_paragraphs("  \n\n \t\n") == []
    assert split_sentences("  \n ") == []


def test_sentences_rejoin_to_the_paragraph_for_every_sample_paragraph():
    paragraphs = split_paragraphs(SAMPLE.read_text(encoding="utf-8"))
    assert len(paragraphs) == 10
    for paragraph in paragraphs:
        sentences = split_sentences(paragraph)
        assert " ".join(sentences) == paragraph
        assert all(sentence == sentence.strip() and sentence for sentence in sentences)


def test_sentences_of_a_sample_paragraph():
    paragraph = split_paragraphs(SAMPLE.read_text(encoding="utf-8"))[5]
    assert split_sentences(paragraph) == [
        "Nach Angaben des russischen Außenministeriums kam das Telefongespräch zwischen Kerry und Lawrow "
        "auf Bitten der USA zustande.",
        "Syrien sei dabei nicht das einzige Thema gewesen.",
        "Das französische Außenministerium erklärte, Ayrault werde am Donnerstag nach Moskau und am "
        "Freitag nach Washington reisen.",
        "Die Regierung in Paris hatte zusammen mit Spanien am Montag einen Resolutionsentwurf in den "
        "UN-Sicherheitsrat eingebracht, der einen sofortigen Waffenstillstand für Aleppo vorsieht.",
    ]


def test_lines_inside_a_paragraph_are_joined():
    assert split_sentences("Der Satz geht\nüber zwei Zeilen.\nDer nächste\tauch.") == [
        "Der Satz geht über zwei Zeilen.", "Der nächste auch."]


@pytest.mark.parametrize("text", [
    "Das gilt z. B. für Dr. Müller und Prof. Schmidt.",
    "Es kamen u. a. Vertreter der Länder, d. h. fast alle.",
    "Es kamen u.a. Vertreter, z.B. aus Bayern bzw. Sachsen.",
    "Das kostet ca. 3 Mio. Euro und 2 Mrd. Dollar.",
    "Die Sitzung findet in St. Gallen statt, vgl. Nr. 5 der Tagesordnung.",
    "Er lebte im 18. Jh. in Wien, etc. pp.",
    "Siehe Art. 5 Abs. 3 des Grundgesetzes.",
])
def test_abbreviations_do_not_end_sentences(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize("text", [
    "Am 3. Oktober feiert Deutschland.",
    "Der 2. Weltkrieg endete im Mai 1945.",
    "Im 19. Jahrhundert wuchs die Stadt.",
    "Der Verein spielt in der 3. Liga.",
    "Sie feierte ihren 80. Geburtstag und zum 3. Mal den Titel.",
    "1. Die Regierung muss handeln.",
])
def test_ordinals_and_dates_do_not_end_sentences(text):
    assert split_sentences(text) == [text]


def test_a_number_can_end_a_sentence():
    assert split_sentences("Der Verein belegte Platz 3. Die Fans jubelten. Das war 2016. Danach kam 2017.") == [
        "Der Verein belegte Platz 3.", "Die Fans jubelten.", "Das war 2016.", "Danach kam 2017."]


def test_etc_and_usw_end_a_sentence_only_before_a_sentence_opener():
    assert split_sentences("Äpfel, Birnen usw. Die Liste ist lang. Er kam im 19. Jh. Danach nicht mehr. "
                           "Das war 27 v. Chr. Die Römer bauten.") == [
        "Äpfel, Birnen usw.", "Die Liste ist lang.", "Er kam im 19. Jh.", "Danach nicht mehr.",
        "Das war 27 v. Chr.", "Die Römer bauten."]
    assert split_sentences("Äpfel, Birnen usw. Früchte gab es viele.") == ["Äpfel, Birnen usw. Früchte gab es viele."]


def test_initials_do_not_end_sentences():
    assert split_sentences("John F. Kennedy traf H. Müller. Danach reiste er ab.") == [
        "John F. Kennedy traf H. Müller.", "Danach reiste er ab."]


def test_a_quotation_followed_by_a_comma_stays_in_its_sentence():
    text = '"Das ist alles, was wir noch haben", verlautete aus französischen Diplomatenkreisen.'
    assert split_sentences(text) == [text]


def test_the_closing_quote_belongs_to_the_sentence_it_ends():
    text = ('"Die Bilder sind an Grausamkeit kaum noch zu übertreffen", erklärte Steinmeier. '
            '"Dieser Wahnsinn kann und darf nicht ewig weitergehen." Dann ging er.')
    assert split_sentences(text) == [
        '"Die Bilder sind an Grausamkeit kaum noch zu übertreffen", erklärte Steinmeier.',
        '"Dieser Wahnsinn kann und darf nicht ewig weitergehen."',
        "Dann ging er."]


def test_sentences_inside_a_quotation_are_split():
    text = '"Wir sind keine Idioten. Aber wir haben sonst nichts." Der Kreml schwieg.'
    assert split_sentences(text) == ['"Wir sind keine Idioten.', 'Aber wir haben sonst nichts."',
                                      "Der Kreml schwieg."]


@pytest.mark.parametrize("text, expected", [
    ("Er sagte: „Das ist gut.“ Dann ging er.", ["Er sagte: „Das ist gut.“", "Dann ging er."]),
    ("„Das ist gut“, sagte er. „Wirklich?“ Sie nickte.", ["„Das ist gut“, sagte er.", "„Wirklich?“", "Sie nickte."]),
    ("Er rief: »Wir kommen.« Sie blieb.", ["Er rief: »Wir kommen.«", "Sie blieb."]),
    ("»Wir kommen«, rief er. »Sofort!« Dann lief er.", ["»Wir kommen«, rief er.", "»Sofort!«", "Dann lief er."]),
])
def test_german_quotes_and_guillemets(text, expected):
    assert split_sentences(text) == expected


def test_a_question_in_quotes_continued_in_lower_case_is_one_sentence():
    assert split_sentences('"Warum?" fragte er. "Warum?", fragte sie.') == ['"Warum?" fragte er.',
                                                                             '"Warum?", fragte sie.']


def test_parentheses():
    text = ("Es gab Gefechte mit der Miliz Islamischer Staat (IS). Soldaten rückten vor. "
            "(Das war erwartet worden.) Danach wurde es still.")
    assert split_sentences(text) == ["Es gab Gefechte mit der Miliz Islamischer Staat (IS).",
                                     "Soldaten rückten vor.", "(Das war erwartet worden.)",
                                     "Danach wurde es still."]


def test_question_exclamation_and_ellipsis():
    assert split_sentences("Er wartete … Dann kam er. Was nun?! Wirklich! Ja... Nein.") == [
        "Er wartete …", "Dann kam er.", "Was nun?!", "Wirklich!", "Ja...", "Nein."]
    assert split_sentences("Er wartete … und wartete.") == ["Er wartete … und wartete."]


def test_numbers_times_and_urls_are_not_split():
    text = ("Das Wachstum lag bei 3,5 Prozent. 1.000 Menschen kamen am 3.10.2016 um 14.30 Uhr. "
            "Mehr unter www.example.de/seite.html und https://example.com/a.b?c=1. Gut.")
    assert split_sentences(text) == [
        "Das Wachstum lag bei 3,5 Prozent.", "1.000 Menschen kamen am 3.10.2016 um 14.30 Uhr.",
        "Mehr unter www.example.de/seite.html und https://example.com/a.b?c=1.", "Gut."]


def test_text_cut_off_mid_sentence_is_kept():
    assert split_sentences("Er kam. Dann sagte er, dass die") == ["Er kam.", "Dann sagte er, dass die"]
