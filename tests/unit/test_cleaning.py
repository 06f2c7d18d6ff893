"""Cleaning scraped pages and pasted texts into typed paragraphs."""
import dataclasses
import random
import re
import time
from pathlib import Path

import pytest

import lesepult
from lesepult.cleaning import KINDS, Block, _is_soft_break, _unwrap, clean_article
from lesepult.segment import split_sentences

SAMPLE = Path(lesepult.__file__).parent / "data/sample/handelsblatt-syrien-2016.txt"
NOISE_MARKERS = ("Teilen per", "©", "Zur Startseite", "%")


@pytest.fixture(scope="module")
def raw() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(raw):
    return clean_article(raw)


def kinds(document) -> list[str]:
    return [block.kind for block in document.blocks]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def all_text(document) -> str:
    return " ".join(block.text for block in document.blocks)


# --- the sample article --------------------------------------------------------------

def test_sample_paragraph_kinds(sample):
    assert kinds(sample) == ["kicker", "headline", "lead", "caption", "credit", "dateline"] + ["body"] * 6
    assert set(kinds(sample)) <= set(KINDS)


def test_sample_kicker_headline_and_title(sample):
    assert sample.blocks[0] == Block("kicker", "Bewegung im Syrien-Konflikt")
    assert sample.blocks[1] == Block("headline", "USA und Russland sprechen wieder")
    assert sample.title == "USA und Russland sprechen wieder"


def test_sample_lead_caption_credit_and_dateline(sample):
    lead, caption, credit, dateline, first_body = sample.blocks[2:7]
    assert lead.text.startswith("Vor zwei Tagen brachen") and lead.text.endswith("das einzige Thema gewesen.")
    assert caption.text.startswith("Der Außenminister von Russland") and caption.text.endswith("Kontakt aufgenommen.")
    assert credit.text == "Quelle: dpa"
    assert dateline.text == "Moskau"
    assert first_body.text.startswith("Zwei Tage nach dem Abbruch der Syrien-Gespräche")


def test_sample_has_no_noise_left(sample):
    for block in sample.blocks:
        assert not any(marker in block.text for marker in NOISE_MARKERS), block
        assert "Rechte vorbehalten" not in block.text and "•" not in block.text


def test_sample_keeps_every_line_of_prose_in_order(raw, sample):
    # Every line of the page except the share buttons and the footer, in order, word for word.
    prose_lines = [line for line in raw.splitlines()
                   if line.strip() and not any(marker in line for marker in NOISE_MARKERS)]
    assert len(prose_lines) == 9
    assert words(all_text(sample)) == words(" ".join(prose_lines))


def test_sample_sentence_counts(sample):
    assert [len(split_sentences(block.text)) for block in sample.blocks] == [1, 1, 2, 1, 1, 1, 5, 6, 4, 8, 5, 4]


def test_sample_quotations(sample):
    sentences = [sentence for block in sample.blocks for sentence in split_sentences(block.text)]
    assert '"Das ist alles, was wir noch haben", verlautete aus französischen Diplomatenkreisen.' in sentences
    steinmeier = sentences.index('"Die Bilder und Nachrichten aus Ost-Aleppo sind an Grausamkeit kaum noch zu '
                                 'übertreffen", erklärte Steinmeier.')
    assert sentences[steinmeier + 1] == '"Dieser Wahnsinn kann und darf nicht ewig weitergehen."'
    assert any(sentence.endswith("Islamischer Staat (IS).") for sentence in sentences)


def test_blocks_are_frozen(sample):
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.blocks[0].text = "anders"


# --- another site, other layouts -------------------------------------------------------

OTHER_SITE = """Anzeige
Menü

Streit um Pkw-Maut
Dobrindt verteidigt seine Pläne

Der Verkehrsminister hält an der Maut fest. Die Opposition spricht von einem Debakel.

Von Max Mustermann
Stand: 05.10.2016, 14:23 Uhr
Lesezeit: 3 Min.

Alexander Dobrindt im Bundestag (Foto: dpa)

Berlin (dpa) - Die Pläne für eine Pkw-Maut sorgen weiter für Streit. Der Minister sagte am Mittwoch, er halte daran fest.

Artikel teilen
Facebook Twitter E-Mail
•

Die EU-Kommission hatte Bedenken angemeldet. Eine Entscheidung wird im Frühjahr erwartet.

Mehr zum Thema
Maut-Debatte: Was Autofahrer wissen müssen
EU-Kommission prüft Gesetz

Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten. Mit der Nutzung dieser Website stimmen Sie der Verwendung von Cookies zu.
Alle akzeptieren
Jetzt abonnieren
© SPIEGEL ONLINE 2016 - Alle Rechte vorbehalten
"""


def test_other_site_layout_and_noise():
    document = clean_article(OTHER_SITE)
    assert kinds(document) == ["kicker", "headline", "lead", "caption", "credit", "dateline", "body", "body"]
    assert [block.text for block in document.blocks[:6]] == [
        "Streit um Pkw-Maut", "Dobrindt verteidigt seine Pläne",
        "Der Verkehrsminister hält an der Maut fest. Die Opposition spricht von einem Debakel.",
        "Alexander Dobrindt im Bundestag", "(Foto: dpa)", "Berlin (dpa)"]
    text = all_text(document)
    for noise in ("Anzeige", "Menü", "Mustermann", "14:23", "Lesezeit", "teilen", "Twitter", "Mehr zum Thema",
                  "Autofahrer", "prüft Gesetz", "Cookies", "akzeptieren", "abonnieren", "SPIEGEL"):
        assert noise not in text


def test_a_site_with_one_paragraph_per_line_and_a_section_name_above_the_kicker():
    document = clean_article("ZEIT ONLINE\nSyrien\nWaffenruhe in Aleppo gescheitert\n"
                             "Die Kämpfe gehen weiter. Hilfskonvois kommen nicht durch.\n"
                             "5. Oktober 2016, 14:23 Uhr Quelle: ZEIT ONLINE, dpa, AFP\n"
                             "Aleppo Die Waffenruhe ist gescheitert. Das teilten Aktivisten mit.\n"
                             "Seite 1/2\nNächste Seite\nDie UN forderten ein Ende der Angriffe.\nKommentare\n")
    assert document.title == "Waffenruhe in Aleppo gescheitert"
    assert [(block.kind, block.text) for block in document.blocks] == [
        ("body", "ZEIT ONLINE"), ("kicker", "Syrien"), ("headline", "Waffenruhe in Aleppo gescheitert"),
        ("lead", "Die Kämpfe gehen weiter. Hilfskonvois kommen nicht durch."),
        ("credit", "Quelle: ZEIT ONLINE, dpa, AFP"), ("dateline", "Aleppo"),
        ("body", "Die Waffenruhe ist gescheitert. Das teilten Aktivisten mit."),
        ("body", "Die UN forderten ein Ende der Angriffe.")]


@pytest.mark.parametrize("sentence", [
    "Viele Seiten verwenden Cookies, kritisieren Datenschützer.",
    "Der Verlag hat sich alle Rechte vorbehalten.",
    "Folgen Sie den Anweisungen der Polizei, sagte der Sprecher.",
    "Auch interessant ist, dass niemand widersprach.",
    "Jetzt lesen wieder mehr Menschen Zeitung.",
    "Die Nutzungsrechte an den Filmen liegen bei Netflix.",
    "Copyright-Verletzungen nehmen zu.",
])
def test_real_sentences_about_noise_topics_are_kept(sentence):
    text = f"Die Lage ist ernst.\n\n{sentence}\n\nDie Regierung beriet am Montag."
    assert [block.text for block in clean_article(text).blocks] == [
        "Die Lage ist ernst.", sentence, "Die Regierung beriet am Montag."]


@pytest.mark.parametrize("noise", ["Video", "Zur Startseite", "Seite 2 von 3", "3 Kommentare", "Drucken",
                                   "Lesezeit: 4 Minuten", "Aktualisiert am 5. Oktober 2016", "Von Max Mustermann",
                                   "Folgen Sie uns auf Twitter", "Alle Rechte vorbehalten.", "-", "|"])
def test_page_furniture_lines_are_dropped(noise):
    text = f"Die Lage ist ernst.\n{noise}\nDie Regierung beriet am Montag."
    assert [block.text for block in clean_article(text).blocks] == [
        "Die Lage ist ernst.", "Die Regierung beriet am Montag."]


def test_a_long_line_of_prose_is_never_noise():
    line = ("Teilen per: So beschreiben Nutzer das, was sie am Montag auf der Startseite des Portals sahen, "
            "nachdem die Redaktion über Nacht die Navigation, das Menü und die Kommentare umgebaut hatte.")
    assert [block.text for block in clean_article(f"Erster Satz.\n\n{line}").blocks] == ["Erster Satz.", line]


def test_kicker_on_its_own_line():
    document = clean_article("Syrien-Konflikt\nUSA und Russland sprechen wieder\n\n"
                             "Die Außenminister telefonierten. Mehr wurde nicht bekannt.\n\nDanach war Ruhe.")
    assert kinds(document) == ["kicker", "headline", "lead", "body"]
    assert document.blocks[0].text == "Syrien-Konflikt"
    assert document.title == "USA und Russland sprechen wieder"


def test_a_short_line_under_the_headline_is_no_headline():
    document = clean_article("Syrien-Konflikt\nUSA und Russland sprechen wieder\nKerry telefoniert mit Lawrow\n\n"
                             "Die Minister telefonierten. Mehr wurde nicht bekannt.\n\nDanach war Ruhe.")
    assert kinds(document) == ["kicker", "headline", "body", "lead", "body"]
    assert document.title == "USA und Russland sprechen wieder"


def test_kicker_before_a_colon():
    document = clean_article("Syrien-Konflikt: USA und Russland sprechen wieder\n\nDie Minister telefonierten.")
    assert document.blocks[:2] == [Block("kicker", "Syrien-Konflikt"),
                                   Block("headline", "USA und Russland sprechen wieder")]


@pytest.mark.parametrize("line, kicker", [
    ("Anschlag in Nizza Frankreich trauert um die Opfer", "Anschlag in Nizza"),
    ("Nach dem Anschlag in Berlin Polizei fahndet nach Tunesier", "Nach dem Anschlag in Berlin"),
    ("Streit in der Großen Koalition Union und SPD sind uneins", "Streit in der Großen Koalition"),
    ("Merkel trifft Macron in Paris", None),
    ("Kritik an der Deutschen Bahn wächst weiter", None),
    ("Wie die Welt Trump sieht", None),
    ("Deutsche Bank Chef Sewing tritt zurück", None),
    ("Merkel sagt: Wir schaffen das", None),
])
def test_kicker_run_into_the_headline(line, kicker):
    document = clean_article(f"{line}\n\nDie Lage ist ernst. Viele sind besorgt.\n\nMehr wurde nicht bekannt.")
    header = [block for block in document.blocks if block.kind in ("kicker", "headline")]
    if kicker is None:
        assert header == [Block("headline", line)]
    else:
        assert header == [Block("kicker", kicker), Block("headline", line[len(kicker) + 1:])]


def test_a_given_title_names_the_document_and_marks_the_kicker():
    document = clean_article("Neues aus Berlin Die Koalition streitet\n\nDie Lage ist ernst.\n\nMehr nicht.",
                             title="Die Koalition streitet")
    assert document.title == "Die Koalition streitet"
    assert document.blocks[:2] == [Block("kicker", "Neues aus Berlin"), Block("headline", "Die Koalition streitet")]


@pytest.mark.parametrize("paragraph, dateline, body", [
    ("Berlin (dpa) - Die Regierung hat beschlossen.", "Berlin (dpa)", "Die Regierung hat beschlossen."),
    ("WASHINGTON. Der Präsident reiste ab.", "WASHINGTON", "Der Präsident reiste ab."),
    ("Frankfurt/Main – Die Börse reagierte gelassen.", "Frankfurt/Main", "Die Börse reagierte gelassen."),
    ("Kiew/Moskau Die Gespräche wurden abgebrochen.", "Kiew/Moskau", "Die Gespräche wurden abgebrochen."),
    ("Bad Homburg Die Firma meldete Gewinne.", "Bad Homburg", "Die Firma meldete Gewinne."),
    ("Frankfurt am Main Am Montag stieg der Dax.", "Frankfurt am Main", "Am Montag stieg der Dax."),
    ("Berlin, 5. Oktober 2016 (AFP) – Die Koalition tagte.", "Berlin, 5. Oktober 2016 (AFP)", "Die Koalition tagte."),
    ("Moskau Zwei Tage nach dem Abbruch telefonierten sie.", "Moskau", "Zwei Tage nach dem Abbruch telefonierten sie."),
])
def test_dateline_variants(paragraph, dateline, body):
    document = clean_article(f"Die Koalition streitet\n\n{paragraph}\n\nDanach war Ruhe.")
    assert document.blocks[1:3] == [Block("dateline", dateline), Block("body", body)]


@pytest.mark.parametrize("paragraph", [
    "Angela Merkel sagte am Montag, sie komme.",
    "Die Regierung hat beschlossen.",
    "UN Generalsekretär Guterres warnte.",
    "Fazit: Die Lage ist ernst.",
    "Syrien sei dabei nicht das Thema gewesen.",
])
def test_sentence_starts_are_not_datelines(paragraph):
    document = clean_article(f"Die Koalition streitet\n\n{paragraph}\n\nDanach war Ruhe.")
    assert "dateline" not in kinds(document)
    assert paragraph in [block.text for block in document.blocks]


def test_a_text_without_headline_starting_with_a_dateline():
    document = clean_article("Berlin (dpa) - Die Koalition tagte bis spät. Ergebnisse gab es nicht.\n\n"
                             "Am Dienstag geht es weiter.")
    assert kinds(document) == ["dateline", "body", "body"]
    assert document.title == ""


# --- captions and credits --------------------------------------------------------------

@pytest.mark.parametrize("photo, caption, credit", [
    ("Merkel in Paris. Foto: Reuters", "Merkel in Paris.", "Foto: Reuters"),
    ("Merkel und Macron in Paris Bild: AFP", "Merkel und Macron in Paris", "Bild: AFP"),
    ("Merkel in Paris. (Foto: dpa)", "Merkel in Paris.", "(Foto: dpa)"),
    ("Merkel in Paris.\nFoto: REUTERS/Fabrizio Bensch", "Merkel in Paris.", "Foto: REUTERS/Fabrizio Bensch"),
    ("Merkel in Paris.\n© dpa", "Merkel in Paris.", "© dpa"),
])
def test_caption_and_credit(photo, caption, credit):
    document = clean_article(f"Die Koalition streitet\n\n{photo}\n\nDie Regierung beriet. Es gab Streit.")
    assert [block for block in document.blocks if block.kind in ("caption", "credit")] == [
        Block("caption", caption), Block("credit", credit)]


def test_a_short_line_over_a_credit_is_a_caption_not_a_headline():
    document = clean_article("Merkel in Paris\nFoto: dpa\n\nDie Regierung beriet. Es gab Streit.")
    assert kinds(document) == ["caption", "credit", "body"]


def test_a_copyright_line_away_from_a_photo_is_a_footer():
    document = clean_article("Die Regierung beriet. Es gab Streit.\n\nDanach war Ruhe.\n\n© Spiegel Online")
    assert [block.text for block in document.blocks] == ["Die Regierung beriet. Es gab Streit.", "Danach war Ruhe."]


def test_a_colon_inside_prose_is_not_a_credit():
    line = "Die Zahlen nennt eine Quelle: Statistisches Bundesamt"
    assert [block.text for block in clean_article(f"Die Lage ist ernst.\n\n{line}").blocks][-1] == line


# --- plain texts -----------------------------------------------------------------------

def test_plain_paragraphs_are_body_without_title():
    text = "Ich ging gestern in den Park. Es war schön.\n\nDann kam der Regen.\nWir gingen nach Hause."
    document = clean_article(text)
    assert document.title == ""
    assert document.blocks == [Block("body", "Ich ging gestern in den Park. Es war schön."),
                               Block("body", "Dann kam der Regen."), Block("body", "Wir gingen nach Hause.")]


def test_a_heading_like_first_line_becomes_the_title():
    document = clean_article("Mein Urlaub am Meer\n\nIch ging in den Park. Es war schön.\n\nDann kam der Regen.")
    assert document.title == "Mein Urlaub am Meer"
    assert kinds(document) == ["headline", "lead", "body"]


def test_a_lone_line_is_text_not_a_headline():
    assert clean_article("Mein Urlaub am Meer").blocks == [Block("body", "Mein Urlaub am Meer")]


def test_text_cut_off_mid_sentence_is_kept():
    text = "Die Regierung beriet. Es gab Streit.\n\nSollte Russland sich dem entgegenstellen, werde man den Entwurf"
    assert clean_article(text).blocks[-1] == Block(
        "body", "Sollte Russland sich dem entgegenstellen, werde man den Entwurf")


def test_hard_wrapped_text_is_rejoined():
    text = ("USA und Russland sprechen wieder\n\n"
            "Vor zwei Tagen brachen die USA und Russland die Gespräche über Syrien\n"
            "ab – nun haben die Außenminister wieder miteinander telefoniert. Syrien\n"
            "sei Medienberichten zufolge aber nicht das einzige Thema gewesen.\n\n"
            "Zwei Tage nach dem Abbruch der Syrien-Gespräche haben die Außen-\n"
            "minister der USA und Russland wieder Kontakt aufgenommen.\n")
    document = clean_article(text)
    assert kinds(document) == ["headline", "lead", "body"]
    assert document.blocks[1].text.startswith("Vor zwei Tagen brachen die USA und Russland die Gespräche über Syrien ab")
    assert document.blocks[2].text.startswith("Zwei Tage nach dem Abbruch der Syrien-Gespräche haben die Außenminister")


def test_empty_input():
    assert clean_article("  \n\n ") == clean_article("") == lesepult.cleaning.CleanDocument("", [])


# --- hard-wrapped text in linear time --------------------------------------------------
#
# `_reference_unwrap` is `_unwrap` as it was before (commit 14d76b8), an oracle: it joined
# each wrapped line onto the growing paragraph and searched all of it for a hyphen at the
# end, quadratic in the length of a hard-wrapped paragraph.

def _reference_unwrap(lines: list[str], width: int | None) -> list[str]:
    if width is None:
        return lines
    paragraphs: list[str] = []
    last_line = ""
    for line in lines:
        if paragraphs and _is_soft_break(last_line, line, width):
            paragraphs[-1] = _reference_join_wrapped(paragraphs[-1], line)
        else:
            paragraphs.append(line)
        last_line = line
    return paragraphs


def _reference_join_wrapped(text: str, line: str) -> str:
    if re.search(r"[^\W\d_]-$", text):
        keeps_hyphen = line[0].isupper() or line.split()[0] in ("und", "oder", "bzw.", "sowie")
        return text + line if keeps_hyphen else text[:-1] + line
    return f"{text} {line}"


WRAP_WORDS = ["Außen-", "minister", "Nord-", "und", "oder", "bzw.", "sowie", "Süd-", "Amerika", "a-", "x", "3-",
              "Ende.", "ab", "die", "Russland", "telefoniert.", "Syrien-", "Gespräche", "UN-", "-", "b"]


def _random_wrapped_lines(rng: random.Random) -> tuple[list[str], int]:
    """Greedily wrapped random words; a word may be hyphenated at a line end."""
    width = rng.randint(40, 100)
    words = [rng.choice(WRAP_WORDS) for _ in range(rng.randint(1, 200))]
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            if rng.random() < 0.3 and len(word) > 3 and len(line) + 3 <= width:
                line, word = f"{line} {word[:2]}-", word[2:]
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if rng.random() < 0.2:  # a short line: a paragraph end
        lines.append(line)
        line = rng.choice(WRAP_WORDS)
    lines.append(line)
    # `_unwrap` sees lines after `_drop_noise`: each has a letter.
    return [line for line in lines if any(character.isalpha() for character in line)], width


def test_unwrap_joins_lines_as_before():
    rng = random.Random(1234)
    for _ in range(3000):
        lines, width = _random_wrapped_lines(rng)
        assert _unwrap(lines, width) == _reference_unwrap(lines, width), (lines, width)


@pytest.mark.slow
def test_a_hard_wrapped_two_megabyte_paragraph_takes_about_as_long_as_ordinary_text(raw):
    size = 2_000_000
    paragraphs = [" ".join(block.split()) for block in raw.split("\n\n") if len(block) > 300 and "©" not in block]
    ordinary = "\n\n".join(paragraphs * (size // len("\n\n".join(paragraphs)) + 1))[:size]
    words, lines, line = " ".join(paragraphs * (size // len(" ".join(paragraphs)))).split(), [], ""
    for word in words:  # one paragraph, wrapped at 72 characters
        if line and len(line) + 1 + len(word) > 72:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    wrapped = "\n".join(lines + [line])
    assert kinds(clean_article(wrapped)) == ["dateline", "body"]  # "Moskau", then one long paragraph

    def best_time(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            clean_article(text)
            best = min(best, time.perf_counter() - started)
        return best

    assert best_time(wrapped) <= 10 * best_time(ordinary)
