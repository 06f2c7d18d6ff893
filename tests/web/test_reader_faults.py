"""Small faults of the reader and its pages, each through the Flask client on a real SQLite file."""
from __future__ import annotations

import io
import re

from lesepult import models
from lesepult.english import percent, quote_hugs
from support import ROOT, csrf_token, document_id, post_text

NUMBERS_AND_DASHES = "Am 3. März stiegen die Preise um 19,6 Prozent – so das Amt. Die Zahl: 1.200 (vorläufig)."


def test_every_page_counts_the_same_words(client):
    """The library, the reader and the share of unknown words count running words one way."""
    document = document_id(post_text(client, NUMBERS_AND_DASHES, title="Preise"))
    reader = client.get(f"/documents/{document}").get_data(as_text=True)
    share = client.get(f"/words/unknown-share/{document}").get_data(as_text=True)
    page = client.get("/documents").get_data(as_text=True)
    words = len(re.findall(r"[^\W\d_][\w-]*", NUMBERS_AND_DASHES))   # 13: no number is a word
    assert f"· {words} words<" in reader and f"of the {words} words in this text" in share
    row = page[page.index(">Preise<"):]
    assert f">{words} words<" in row[:600], row[:600]


def test_a_share_is_never_rounded_to_all_or_none():
    assert percent(573, 574) == "99.8%" and percent(574, 574) == "100%" and percent(0, 574) == "0%"
    assert percent(1, 574) == "0.2%" and percent(3, 7) == "43%" and percent(1, 100_000) == "0.1%"
    assert percent(99_999, 100_000) == "99.9%" and percent(0, 0) == "0%"


def test_quotation_marks_keep_to_their_words():
    def join(pieces):
        text = ""
        for piece in pieces:
            text += ("" if not text or quote_hugs(text, piece) else " ") + piece
        return text
    assert join(['the', '"', 'terrorists', '"', 'abused']) == 'the "terrorists" abused'
    assert join(['"', 'The', 'pictures', 'top', '"']) == '"The pictures top"'
    assert join(['said', '„', 'no', '“', 'and', '»', 'yes', '«']) == "said „no“ and »yes«"
    assert join(['a', '"', 'b', '"', 'c', '"', 'd', '"']) == 'a "b" c "d"'


def test_one_sentence_paragraphs_offer_one_show_button(client):
    document = document_id(post_text(client, "Ein Satz allein.\n\nZwei Sätze hier. Und noch einer."))
    one = client.get(f"/documents/{document}/paragraphs/0").get_data(as_text=True)
    two = client.get(f"/documents/{document}/paragraphs/1").get_data(as_text=True)
    assert "reveal-paragraph" not in one and one.count('class="reveal"') == 1
    assert "Show this paragraph's English" in two and two.count('class="reveal"') == 2


def test_the_model_file_has_one_name_everywhere(client):
    name = models.ARGOS_DE_EN_FILE
    assert name == f"translate-de_en-{models.ARGOS_DE_EN_VERSION.replace('.', '_')}.argosmodel"
    reader = client.get("/").get_data(as_text=True)
    page = client.get("/models").get_data(as_text=True)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"--file {name})" in reader and f"--file {name} [--sha256 HEX]" in page
    mentioned = set(re.findall(r"translate-de_en-[\w.]*?\.argosmodel", reader + page + readme))
    assert mentioned == {name}, mentioned
    assert re.search(rf'<a href="https://argos-net.com/v1/{re.escape(name)}"><code>', page)


def test_a_refused_model_upload_is_named_as_the_reader_named_it(app_factory, packages_dir):
    client = app_factory(TRANSLATION_ENGINE="auto").test_client()
    form = {"file": (io.BytesIO(b"PK\x03\x04 no archive"), "mein-modell.argosmodel"), "csrf_token": csrf_token(client)}
    html = client.post("/models", data=form, content_type="multipart/form-data").get_data(as_text=True)
    assert "mein-modell.argosmodel" in html and "upload.argosmodel" not in html


def test_the_footer_credits_the_engine_in_use(client, argos_app):
    gloss = client.get("/").get_data(as_text=True)
    footer = gloss[gloss.index('<footer class="site">'):]
    assert "Argos" not in footer and "dictionary gloss" in footer
    argos = argos_app.test_client().get("/").get_data(as_text=True)
    assert "Argos Translate</a> with CTranslate2" in argos[argos.index('<footer class="site">'):]


def test_pasted_english_is_flagged_not_refused(client):
    english = document_id(post_text(client, "The pictures were at the top of the page, and they said it is over."))
    html = client.get(f"/documents/{english}").get_data(as_text=True)
    assert "looks like <strong>English, not German</strong>" in html
    german = document_id(post_text(client, 'Der Präsident sagte: "We will win." Dann ging er nach Hause, und die Minister blieben.'))
    assert "not German" not in client.get(f"/documents/{german}").get_data(as_text=True)
