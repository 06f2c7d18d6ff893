"""The reader's side panels describe the window shown: terms and names of a chaptered document."""
from __future__ import annotations

import re

import docx

from support import document_id, post_text, upload

CHAPTER_TEXT = ("Der Sicherheitsrat der Vereinten Nationen fordert eine Feuerpause in Syrien. "
                "Der Außenminister reiste nach Moskau und dann nach Erfurt in Thüringen.")


def chaptered_docx(tmp_path, chapters: int = 3, paragraphs: int = 4) -> bytes:
    """A report with a title, a top heading and chapters, as Word users write one."""
    document = docx.Document()
    document.core_properties.title = "Bericht zur Lage"
    document.add_heading("Der Krieg in Syrien", level=1)
    for number in range(1, chapters + 1):
        document.add_heading(f"Kapitel {number}", level=2)
        for _ in range(paragraphs):
            document.add_paragraph(CHAPTER_TEXT)
    path = tmp_path / "bericht.docx"
    document.save(path)
    return path.read_bytes()


def panel(html: str, element_id: str) -> str:
    found = re.search(rf'<(aside|section)[^>]*id="{element_id}".*?</\1>', html, re.S)
    assert found, f"no #{element_id} on the page"
    return found.group(0)


def test_a_chaptered_document_opens_with_its_terms_and_names(client, tmp_path):
    reader = f"/documents/{document_id(upload(client, 'bericht.docx', chaptered_docx(tmp_path)))}"
    html = client.get(reader).get_data(as_text=True)
    side = html[html.index('<div class="side"'):]
    assert 'id="p2"' in html, "a heading alone is no window: the first chapter's text is on the first screen"
    marks = set(re.findall(r'<mark class="term"[^>]*data-term="([^"]+)"', html))
    assert {"Sicherheitsrat", "Feuerpause", "Außenminister"} <= marks
    terms = panel(side, "glossary-panel")
    assert "No glossary terms" not in terms and "this part of the document" in terms
    assert all(f'data-term="{term}"' in terms for term in marks)
    names = panel(side, "entities-panel")
    listed = re.findall(r'<a href="#s(\d+-\d+)" class="occurrence"[^>]*><span[^>]*>([^<]+)</span>', names)
    english = [name for _, name in listed]
    assert {"Syria", "Moscow", "Erfurt", "Thuringia", "United Nations"} <= set(english), english
    assert len(english) == len(set(english)), "each name once"
    first = dict((name, pair) for pair, name in listed)
    assert first["Thuringia"] == "2-1" and first["Syria"] == "0-0"   # the first mention in the window
    assert re.search(r'>Thuringia</span>.*?lang="de">Thüringen</span>\s*<span class="count">×4</span>', names, re.S)


def test_each_window_carries_the_panels_of_what_it_shows(client, tmp_path):
    """Scrolling loads the next chapter; its panels come with it for the page to show there."""
    reader = f"/documents/{document_id(upload(client, 'bericht.docx', chaptered_docx(tmp_path)))}"
    html = client.get(reader).get_data(as_text=True)
    following = re.search(r'class="window-loader" hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
    fragment = client.get(following).get_data(as_text=True)
    template = re.search(r'<template class="window-panels" data-start="(\d+)" data-end="(\d+)"\s+'
                         r'data-terms="(\d+)" data-entities="(\d+)">(.*?)</template>', fragment, re.S)
    start, end, terms, entities, panels = template.groups()
    assert int(start) > 2 and int(terms) >= 3 and int(entities) >= 5
    assert f'id="p{start}"' in fragment and "Moscow" in panels and "Feuerpause" in panels
    assert f"(¶{int(start) + 1}–{end}, <span lang=\"de\">Kapitel 2</span>)" in panels


def test_go_to_a_paragraph_by_the_number_the_page_shows(client):
    """Paragraphs are numbered from 1 on the page: "Go to 150" opens the window holding ¶150, at it."""
    text = "\n\n".join(f"Absatz {n} steht hier." for n in range(1, 161))
    reader = f"/documents/{document_id(post_text(client, text))}"
    response = client.get(f"{reader}?paragraph=150")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{reader}?from=149#p149")
    html = client.get(f"{reader}?from=149").get_data(as_text=True)
    row = re.search(r'<section class="row kind-body" id="p149" aria-label="Paragraph 150">.*?</section>', html, re.S)
    assert row and "Absatz 150 steht hier." in re.sub(r"<[^>]+>", "", row.group(0))
    assert 'name="paragraph" type="number" min="1" max="160" value="121"' in html
    assert "you are at ¶121 (76%)" in html and "of 160" in html
    assert client.get(f"{reader}?paragraph=99999").headers["Location"].endswith("?from=159#p159")
    assert client.get(f"{reader}?paragraph=0").headers["Location"].endswith("?from=0#p0")
    assert client.get(f"{reader}?paragraph=150&enforce=0").headers["Location"].endswith("from=149&enforce=0#p149")
