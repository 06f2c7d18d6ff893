"""Tests for lesepult.importers: every test file is built here, in memory or in tmp_path."""
from __future__ import annotations

import io
import time
import zipfile

import docx
import pypdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from ebooklib import epub

from lesepult import importers
from support.zips import declare_size, sparse_block, streamed_member_zip
from lesepult.importers import MAX_UPLOAD_BYTES, ImportFailed, decode_text, read_upload

GERMAN = "Größere Straßenbahnen fahren über die Brücke; Ärger, Öl und Übermut."


# --- helpers that build real files ----------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")  # the fonts below use WinAnsiEncoding, i.e. cp1252
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_stream(lines: list[tuple[float, float, str]]) -> bytes:
    """A page content stream showing each (y, font size, text) line in Helvetica at x=72."""
    return b"".join(b"BT /F1 %g Tf 72 %g Td %s Tj ET\n" % (size, y, _pdf_string(text)) for y, size, text in lines)


def make_pdf(streams: list[bytes]) -> bytes:
    """A minimal valid PDF, written by hand: one page per content stream, Helvetica as /F1."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for stream in streams:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def article_pdf() -> bytes:
    """Two pages: running header, a large heading, hyphenated lines, a paragraph running on, page numbers."""
    page_one = text_stream([
        (800, 9, "Bericht zur Lage in Syrien"),
        (750, 18, "Die Verhandlungen in Genf"),
        (720, 11, "Die Verhandlungen in Genf sind ins Stocken geraten, weil die Verhand-"),
        (706, 11, "lungen über eine Resolution im UN-"),
        (692, 11, "Sicherheitsrat scheiterten. Die Ein- und Ausfuhr von Waffen bleibt ver-"),
        (678, 11, "boten."),
        (650, 11, "Ein neuer Absatz beginnt hier mit „Zitat“ – und kostet 5 €. Er läuft über"),
        (636, 11, "das Ende der Seite hinaus und wird auf der nächsten Seite"),
        (40, 9, "1"),
    ])
    page_two = text_stream([
        (800, 9, "Bericht zur Lage in Syrien"),
        (750, 11, "fortgesetzt, bis der Satz endet."),
        (722, 11, "Der letzte Absatz steht allein und ist kurz."),
        (40, 9, "2"),
    ])
    return make_pdf([page_one, page_two])


def build_docx(tmp_path, *, title: str | None = None) -> bytes:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Der Bericht", level=1)
    document.add_paragraph("Die Regierung legte am Montag ihren Bericht vor.")
    document.add_heading("Zahlen und Fakten", level=2)
    document.add_paragraph("Die wichtigsten Zahlen stehen in der Tabelle.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Jahr", "Flüchtlinge"
    table.cell(1, 0).text, table.cell(1, 1).text = "2016", "4,8 Millionen"
    document.add_paragraph("Ein Schlusswort folgt nach der Tabelle.")
    path = tmp_path / "bericht.docx"
    document.save(path)
    return path.read_bytes()


def build_epub(*, with_heading_in_second: bool = True) -> bytes:
    book = epub.EpubBook()
    book.set_identifier("lesepult-test")
    book.set_title("Zwei Kapitel")
    book.set_language("de")
    first = epub.EpubHtml(title="Erstes Kapitel", file_name="kap1.xhtml", lang="de")
    first.content = ("<html><body><h1>Erstes Kapitel</h1><p>Es war einmal ein <em>kleiner</em> Ort.</p>"
                     "<p>Dort lebten viele Menschen.</p><script>alert(1)</script></body></html>")
    second = epub.EpubHtml(title="Zweites Kapitel", file_name="kap2.xhtml", lang="de")
    heading = "<h2>Zweites Kapitel</h2>" if with_heading_in_second else ""
    second.content = f"<html><body>{heading}<p>Im Winter fiel Schnee.</p><p>Die Kinder spielten draußen.</p></body></html>"
    for chapter in (first, second):
        book.add_item(chapter)
    book.toc = [epub.Link("kap1.xhtml", "Erstes Kapitel", "kap1"), epub.Link("kap2.xhtml", "Zweites Kapitel", "kap2")]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", first, second]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


def kinds_and_texts(imported) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in imported.blocks]


# --- decode_text ------------------------------------------------------------------------------


def test_utf8_without_bom():
    assert decode_text(GERMAN.encode("utf-8")) == GERMAN


def test_utf8_with_bom_drops_the_bom():
    assert decode_text(b"\xef\xbb\xbf" + GERMAN.encode("utf-8")) == GERMAN


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(encoding):
    data = GERMAN.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + GERMAN.encode(encoding)
    assert decode_text(data) == GERMAN


def test_cp1252_german_keeps_quotes_dash_euro_and_sharp_s():
    text = "„Das kostet 5 €“ – sagte er. Straße, Größe, Übel."
    data = text.encode("cp1252")
    assert any(0x80 <= byte <= 0x9F for byte in data)  # the bytes that latin-1 would turn into controls
    assert decode_text(data) == text


def test_latin1_german_umlauts():
    data = GERMAN.encode("latin-1")
    assert decode_text(data) == GERMAN


def test_iso_8859_15_euro_sign():
    text = "Der Preis stieg auf 12 € pro Stück, schätzte die Behörde."
    assert decode_text(text.encode("iso8859-15")) == text


def test_mac_roman_german():
    text = "Über die Brücke gehen Männer, Frauen und Kinder; es heißt Größe."
    assert decode_text(text.encode("mac_roman")) == text


def test_double_encoded_utf8_is_repaired():
    garbled = GERMAN.encode("utf-8").decode("cp1252").encode("utf-8")
    assert "Ã" in garbled.decode("utf-8")
    assert decode_text(garbled) == GERMAN


def test_partly_double_encoded_text_is_rejected_as_mojibake():
    garbled = "Ã¤rger und Ã¶l, aber echtes ä".encode("utf-8")
    with pytest.raises(ImportFailed) as failure:
        decode_text(garbled)
    assert "converted to UTF-8 twice" in str(failure.value)


def test_large_legacy_file_decodes_completely():
    text = "„Größe“ – Straße für 5 €.\n" * 40_000  # larger than the sample that picks the encoding
    assert decode_text(text.encode("cp1252")) == text


def test_nul_bytes_are_rejected_as_binary():
    with pytest.raises(ImportFailed) as failure:
        decode_text(b"Hallo\x00Welt\x00" * 10)
    assert failure.value.status == 400
    assert "not contain plain text" in str(failure.value)


# --- read_upload: checks -----------------------------------------------------------------------


def test_png_renamed_to_txt_is_rejected():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(ImportFailed) as failure:
        read_upload("bild.txt", png)
    assert failure.value.status == 400
    assert "PNG image" in str(failure.value)


def test_zip_renamed_to_txt_is_rejected(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Hallo")
    with pytest.raises(ImportFailed) as failure:
        read_upload("archiv.txt", buffer.getvalue())
    assert failure.value.status == 400
    assert "ZIP archive" in str(failure.value)


def test_unknown_binary_renamed_to_txt_is_rejected():
    with pytest.raises(ImportFailed) as failure:
        read_upload("daten.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 50)
    assert failure.value.status == 400


def test_text_that_starts_like_a_signature_is_still_text():
    imported = read_upload("notiz.txt", "MZ steht für Marktzentrum, schrieb er.".encode())
    assert imported.text == "MZ steht für Marktzentrum, schrieb er."


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n", "   \n".encode("utf-16")])
def test_empty_file_is_rejected(data):
    with pytest.raises(ImportFailed) as failure:
        read_upload("leer.txt", data)
    assert failure.value.status == 400
    assert "The file is empty" in str(failure.value)


@pytest.mark.parametrize("filename", ["programm.exe", "README", "bild.png"])
def test_unsupported_type_lists_supported_types(filename):
    with pytest.raises(ImportFailed) as failure:
        read_upload(filename, b"MZ\x90\x00 something")
    assert failure.value.status == 415
    assert ".txt, .md, .html, .htm, .docx, .epub, .pdf" in str(failure.value)


def test_too_large_upload_is_rejected_before_reading():
    with pytest.raises(ImportFailed) as failure:
        read_upload("gross.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert failure.value.status == 413
    assert f"{MAX_UPLOAD_BYTES // 2**20} MB" in str(failure.value)


def test_import_failed_is_a_value_error():
    assert issubclass(ImportFailed, ValueError)


# --- .txt and .md ------------------------------------------------------------------------------


def test_txt_keeps_paragraphs_and_names_the_source():
    data = "Erster Absatz,\nüber zwei Zeilen.\r\n\r\nZweiter Absatz.\r\n".encode("cp1252")
    imported = read_upload("C:\\Users\\leser\\Artikel.TXT", data)
    assert imported.text == "Erster Absatz,\nüber zwei Zeilen.\n\nZweiter Absatz."
    assert imported.source == "Artikel.TXT"
    assert imported.title is None and imported.blocks is None


def test_txt_without_blank_lines_has_one_paragraph_per_line():
    imported = read_upload("a.txt", "Eins ist hier.\nZwei ist dort.\nDrei.".encode())
    assert imported.text.split("\n\n") == ["Eins ist hier.", "Zwei ist dort.", "Drei."]


def test_markdown_is_stripped_to_plain_paragraphs():
    markdown = """---
title: "Die Lage in Aleppo"
---
# Waffenruhe gebrochen

Die **Waffenruhe** hält *nicht*: [Aktivisten](https://example.org/a) melden `neue` Kämpfe,
sagte ein Sprecher.

## Hintergrund
Zweite Überschrift
------------------

- Erster Punkt mit __Betonung__
- Zweiter Punkt ![Karte](karte.png)

> Ein Zitat aus Genf.

***
Preis: 5 \\* 3 Euro, snake_case bleibt.
"""
    imported = read_upload("artikel.MD", markdown.encode())
    assert imported.title == "Die Lage in Aleppo"
    assert imported.text.split("\n\n") == [
        "Waffenruhe gebrochen",
        "Die Waffenruhe hält nicht: Aktivisten melden neue Kämpfe, sagte ein Sprecher.",
        "Hintergrund",
        "Zweite Überschrift",
        "Erster Punkt mit Betonung",
        "Zweiter Punkt Karte",
        "Ein Zitat aus Genf.",
        "Preis: 5 * 3 Euro, snake_case bleibt.",
    ]
    assert [block.kind for block in imported.blocks][:4] == ["heading", "body", "heading", "heading"]


def test_markdown_without_headings_is_cleaned_like_a_paste():
    assert read_upload("notiz.md", b"Erster Absatz.\n\nZweiter Absatz.").blocks is None


def test_markdown_title_falls_back_to_first_level_one_heading():
    imported = read_upload("notiz.md", b"Einleitung ohne Titel.\n\n# Der Titel\n\nText.")
    assert imported.title == "Der Titel"


# --- .html -------------------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Waffenruhe in Aleppo gebrochen | Tageszeitung Online</title>
<meta property="og:title" content="Waffenruhe in Aleppo gebrochen">
<style>body { font-family: Arial; } .cookie { position: fixed; }</style>
<script>alert(1)</script>
</head><body>
<div class="cookie-banner" id="cookie-consent">Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.
<button>Alle akzeptieren</button></div>
<header><a href="/">Tageszeitung Online</a>
<nav><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">Wirtschaft</a></li></ul></nav></header>
<main><article>
<h1>Waffenruhe in Aleppo gebrochen</h1>
<p class="lead">Nur wenige Stunden nach Beginn der Feuerpause melden Beobachter neue Kämpfe im Osten der Stadt.</p>
<div class="share"><a href="#">Auf Facebook teilen</a> <a href="#">Twittern</a> <a href="#">Per E-Mail senden</a></div>
<p>Die zwischen Russland und den Vereinigten Staaten ausgehandelte Waffenruhe für Syrien ist nach Angaben von
Aktivisten bereits am ersten Tag gebrochen worden. In mehreren Vierteln von Aleppo seien Geschosse eingeschlagen.</p>
<p>Die Syrische Beobachtungsstelle für Menschenrechte berichtete von mindestens zwölf Toten. Unabhängig überprüfen
ließen sich diese Angaben zunächst nicht, da Journalisten kaum Zugang zu den umkämpften Gebieten haben.</p>
<p>Der UN-Sondergesandte rief alle Konfliktparteien dazu auf, die Vereinbarung einzuhalten. Humanitäre Hilfe müsse
die eingeschlossenen Menschen endlich erreichen, sagte er in Genf vor Journalisten.</p>
<p>Nach Schätzungen der Vereinten Nationen leben im Ostteil der Stadt noch immer rund 250.000 Menschen. Die
Versorgung mit Lebensmitteln, Wasser und Medikamenten ist seit Wochen unterbrochen.</p>
<p>Russland warf den Rebellen vor, die Feuerpause für eine Umgruppierung ihrer Kräfte zu nutzen. Washington
wiederum forderte Moskau auf, mäßigend auf die Regierung in Damaskus einzuwirken.</p>
<p>Beobachter halten es für fraglich, ob die Vereinbarung die kommenden Tage übersteht. Ein Scheitern würde
die ohnehin schwierigen Verhandlungen über eine politische Lösung weiter belasten.</p>
<script>document.write("Werbung lädt");</script>
</article>
<aside><h2>Mehr zum Thema</h2><ul><li><a href="/a">Syrien: Die wichtigsten Fragen</a></li></ul></aside>
</main>
<footer><p>© 2016 Tageszeitung Online</p><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>
"""


def test_html_news_page_keeps_the_article_and_drops_the_rest():
    imported = read_upload("artikel.html", NEWS_PAGE.encode("utf-8"))
    paragraphs = imported.text.split("\n\n")
    assert imported.title == "Waffenruhe in Aleppo gebrochen"
    assert paragraphs[1].startswith("Nur wenige Stunden nach Beginn der Feuerpause")
    assert paragraphs[-1].endswith("über eine politische Lösung weiter belasten.")
    assert "Aktivisten bereits am ersten Tag gebrochen worden." in imported.text  # wrapped line rejoined
    assert len([p for p in paragraphs if len(p) > 100]) == 6
    for unwanted in ("alert(1)", "Werbung", "font-family", "Cookies", "Politik", "Facebook", "Twittern",
                     "Impressum", "Mehr zum Thema", "©"):
        assert unwanted not in imported.text


def test_short_xhtml_page_keeps_its_paragraphs_apart():
    # Short pages go through trafilatura's fallback, which flattens blocks into one element.
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title/>'
            "</head><body><h1>Titel</h1><p>Satz eins hier.</p><p>Satz zwei hier.</p></body></html>")
    assert read_upload("kurz.html", page.encode()).text == "Titel\n\nSatz eins hier.\n\nSatz zwei hier."


def test_html_declared_windows_1252_charset():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            "<title>Über Straßen</title></head><body><article><p>„Größere Brücken“ – sagte er.</p>"
            "</article></body></html>")
    imported = read_upload("seite.HTM", page.encode("cp1252"))
    assert imported.title == "Über Straßen"
    assert "„Größere Brücken“ – sagte er." in imported.text


def test_html_fallback_takes_body_text_without_scripts(monkeypatch):
    # Simulate trafilatura finding no article: the plain <body> extraction must take over.
    monkeypatch.setattr(importers.webpage.trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    page = ("<html><head><title>Liste</title><style>p { color: red }</style></head><body>"
            "<nav>Menü</nav><h1>Termine</h1><p>Montag: Sitzung<br>Dienstag: Reise</p>"
            "<script>alert(1)</script><table><tr><td>Ort</td><td>Genf</td></tr></table></body></html>")
    imported = read_upload("liste.html", page.encode())
    assert imported.title == "Liste"
    assert imported.text == "Termine\n\nMontag: Sitzung\nDienstag: Reise\n\nOrt | Genf"


def test_html_with_only_a_script_has_no_text():
    with pytest.raises(ImportFailed) as failure:
        read_upload("leer.html", b"<html><body><script>alert(1)</script></body></html>")
    assert failure.value.status == 400
    assert "alert" not in str(failure.value)


# --- .docx -------------------------------------------------------------------------------------


def test_docx_headings_paragraphs_and_table(tmp_path):
    imported = read_upload("bericht.docx", build_docx(tmp_path))
    assert kinds_and_texts(imported) == [
        ("heading", "Der Bericht"),
        ("body", "Die Regierung legte am Montag ihren Bericht vor."),
        ("heading", "Zahlen und Fakten"),
        ("body", "Die wichtigsten Zahlen stehen in der Tabelle."),
        ("body", "Jahr | Flüchtlinge"),
        ("body", "2016 | 4,8 Millionen"),
        ("body", "Ein Schlusswort folgt nach der Tabelle."),
    ]
    assert imported.title == "Der Bericht"
    assert imported.text.split("\n\n")[4] == "Jahr | Flüchtlinge"


def test_docx_title_comes_from_document_properties(tmp_path):
    imported = read_upload("bericht.docx", build_docx(tmp_path, title="Jahresbericht 2016"))
    assert imported.title == "Jahresbericht 2016"


def test_docx_custom_style_with_outline_level_is_a_heading(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("Kapitel", WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(level)
    document.add_paragraph("Erstes Kapitel", style="Kapitel")
    document.add_paragraph("Der Text beginnt.")
    path = tmp_path / "kapitel.docx"
    document.save(path)
    imported = read_upload("kapitel.docx", path.read_bytes())
    assert kinds_and_texts(imported) == [("heading", "Erstes Kapitel"), ("body", "Der Text beginnt.")]


def test_corrupt_docx_is_rejected(tmp_path):
    data = build_docx(tmp_path)
    with pytest.raises(ImportFailed) as failure:
        read_upload("kaputt.docx", data[: len(data) // 2])
    assert failure.value.status == 400
    assert "damaged" in str(failure.value)


def test_zip_without_word_content_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notiz.txt", "kein Word")
    with pytest.raises(ImportFailed) as failure:
        read_upload("falsch.docx", buffer.getvalue())
    assert "not a .docx file" in str(failure.value)


@pytest.mark.parametrize("name", ["bombe.docx", "bombe.epub"])
def test_an_archive_inflating_to_290_mb_is_refused_quickly(name):
    bomb = streamed_member_zip("word/document.xml", sparse_block(), 290)  # under 1 MB, about 340:1
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as failure:
        read_upload(name, bomb)
    assert failure.value.status == 413 and "MB" in str(failure.value)
    assert time.perf_counter() - started < 2, "refused while counting, not after parsing"


def test_an_archive_whose_headers_lie_about_its_sizes_is_refused(tmp_path):
    liar = declare_size(streamed_member_zip("word/document.xml", sparse_block(), 100), 1000)
    with pytest.raises(ImportFailed) as failure:
        read_upload("klein.docx", liar)
    assert failure.value.status in (400, 413)


# --- .epub -------------------------------------------------------------------------------------


def test_epub_chapters_in_spine_order_with_headings():
    imported = read_upload("buch.epub", build_epub())
    assert imported.title == "Zwei Kapitel"
    assert kinds_and_texts(imported) == [
        ("heading", "Erstes Kapitel"),
        ("body", "Es war einmal ein kleiner Ort."),
        ("body", "Dort lebten viele Menschen."),
        ("heading", "Zweites Kapitel"),
        ("body", "Im Winter fiel Schnee."),
        ("body", "Die Kinder spielten draußen."),
    ]


def test_epub_chapter_without_heading_takes_its_toc_title():
    imported = read_upload("buch.epub", build_epub(with_heading_in_second=False))
    assert kinds_and_texts(imported)[3] == ("heading", "Zweites Kapitel")


def test_corrupt_epub_is_rejected():
    data = build_epub()
    with pytest.raises(ImportFailed) as failure:
        read_upload("kaputt.epub", data[: len(data) // 3])
    assert failure.value.status == 400
    assert "damaged" in str(failure.value)


def test_drm_protected_epub_is_rejected():
    buffer = io.BytesIO(build_epub())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("META-INF/encryption.xml",
                         '<encryption><EncryptedData><CipherData><CipherReference URI="EPUB/kap1.xhtml"/>'
                         "</CipherData></EncryptedData></encryption>")
    with pytest.raises(ImportFailed) as failure:
        read_upload("drm.epub", buffer.getvalue())
    assert "DRM" in str(failure.value)


# --- .pdf --------------------------------------------------------------------------------------


def test_pdf_text_layer_becomes_paragraphs():
    imported = read_upload("bericht.pdf", article_pdf())
    assert kinds_and_texts(imported) == [
        ("heading", "Die Verhandlungen in Genf"),
        ("body", "Die Verhandlungen in Genf sind ins Stocken geraten, weil die Verhandlungen über eine "
                 "Resolution im UN-Sicherheitsrat scheiterten. Die Ein- und Ausfuhr von Waffen bleibt verboten."),
        ("body", "Ein neuer Absatz beginnt hier mit „Zitat“ – und kostet 5 €. Er läuft über das Ende der Seite "
                 "hinaus und wird auf der nächsten Seite fortgesetzt, bis der Satz endet."),
        ("body", "Der letzte Absatz steht allein und ist kurz."),
    ]
    assert imported.title == "Die Verhandlungen in Genf"
    assert "Bericht zur Lage" not in imported.text  # running header on every page


def test_pdf_title_from_metadata():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(article_pdf())))
    writer.add_metadata({"/Title": "Lagebericht Syrien"})
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read_upload("bericht.pdf", buffer.getvalue()).title == "Lagebericht Syrien"


def test_scanned_pdf_without_text_layer():
    # A page that only paints a 2×2 grey image, like a scan.
    image_page = b"q 400 0 0 400 100 200 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q\n"
    with pytest.raises(ImportFailed) as failure:
        read_upload("scan.pdf", make_pdf([image_page, image_page]))
    assert failure.value.status == 400
    assert str(failure.value).startswith("This PDF has no text layer (it is probably scanned)")


def _encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(article_pdf())))
    writer.encrypt(user_password=user_password, owner_password="eigentümer", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_password_protected_pdf_is_rejected():
    with pytest.raises(ImportFailed) as failure:
        read_upload("geheim.pdf", _encrypted("geheim"))
    assert failure.value.status == 400
    assert "password-protected" in str(failure.value)


def test_pdf_encrypted_with_empty_user_password_is_read():
    imported = read_upload("offen.pdf", _encrypted(""))
    assert imported.blocks[0].text == "Die Verhandlungen in Genf"


def test_truncated_pdf_is_rejected():
    data = article_pdf()
    with pytest.raises(ImportFailed) as failure:
        read_upload("halb.pdf", data[: len(data) // 2])
    assert failure.value.status == 400
    assert "damaged" in str(failure.value)


def test_file_named_pdf_that_is_not_a_pdf():
    with pytest.raises(ImportFailed) as failure:
        read_upload("text.pdf", "Nur Text, kein PDF.".encode())
    assert "not a valid PDF" in str(failure.value)
