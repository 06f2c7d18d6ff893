"""The reader's panels, navigation, selection button and theme in Chromium, at 1366×900 and 390×844."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, screenshot
from test_browser_phone import AXE, axe_violations, open_reader, visible_bottom


def device(new_page, viewport, **options):
    touch = {"has_touch": True, "is_mobile": True} if viewport["width"] < 600 else {}
    page = new_page(viewport=viewport, **touch, **options)
    page.add_init_script(path=str(AXE))
    return page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_german_text_starts_on_the_first_screen(gloss_site, new_page, viewport):
    """Kicker, title and the article's first sentence show before any option or notice."""
    page = device(new_page, viewport)
    open_reader(page, gloss_site)
    bottom = visible_bottom(page)
    screenshot(page, f"reader-first-screen-{viewport['width']}")
    for pair in ("0-0", "1-0", "2-0"):
        box = page.locator(f'.de [data-pair="{pair}"]').bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= bottom, (pair, box, bottom)
    if viewport is DESKTOP:  # the options are beside the text, not above it
        assert page.locator(".de .sentence").first.bounding_box()["y"] < 200
        options, text = page.locator("#reader-options").bounding_box(), page.locator(".document").bounding_box()
        assert options["x"] >= text["x"] + text["width"], (options, text)


CHAPTER_NAMES = {1: "Der Außenminister reiste nach Moskau.", 2: "Der Außenminister reiste nach Erfurt in Thüringen.",
                 3: "Der Außenminister reiste nach Paris."}


def chaptered_docx(tmp_path, paragraphs: int = 25) -> bytes:
    """Three chapters, each naming its own place: the panels must change with the chapter read."""
    import docx

    document = docx.Document()
    document.add_heading("Reisebericht", level=1)
    for number, names in CHAPTER_NAMES.items():
        document.add_heading(f"Kapitel {number}", level=2)
        for n in range(paragraphs):
            document.add_paragraph(f"Absatz {number}-{n + 1}. {names} Die Feuerpause hält.")
    path = tmp_path / "reise.docx"
    document.save(path)
    return path.read_bytes()


def import_docx(page, url: str, data: bytes) -> str:
    page.goto(url + "/documents/new")
    page.set_input_files("#file", files=[{"name": "reise.docx", "buffer": data,
                                          "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    page.click("button[type=submit]")
    page.wait_for_url("**/documents/*")
    expect(page.locator(".de .sentence").first).to_be_visible(timeout=30_000)
    return page.url.split("?")[0].split("#")[0]


def places(page) -> list[str]:
    return page.locator("#entities-panel .occurrence > span:not(.visually-hidden)").all_inner_texts()


def test_the_panels_and_the_position_follow_the_chapter_being_read(gloss_site, new_page, tmp_path):
    page = device(new_page, DESKTOP)
    import_docx(page, gloss_site, chaptered_docx(tmp_path))
    assert "Moscow" in places(page) and "Erfurt" not in places(page)
    expect(page.locator("#glossary-title")).to_contain_text("Terms in this part of the document (¶1–27, Reisebericht)")
    expect(page.locator("#reading-position")).to_have_text("you are at ¶1 (1%)")
    page.locator(".window-loader").scroll_into_view_if_needed()
    expect(page.locator("#p40")).to_be_attached(timeout=10_000)  # chapter 2 came in
    page.locator("#p40").evaluate("row => window.scrollTo(0, row.getBoundingClientRect().top + scrollY - 10)")
    expect(page.locator("#reading-position")).to_have_text("you are at ¶41 (52%)")
    expect(page.locator("#glossary-title")).to_contain_text("(¶28–53, Kapitel 2)")
    assert {"Erfurt", "Thuringia"} <= set(places(page)) and "Moscow" not in places(page)
    assert page.locator("#entities-count").inner_text() == str(len(places(page)))
    screenshot(page, "reader-panels-second-chapter")
    first = page.locator("#entities-panel .occurrence").filter(has_text="Thuringia")
    assert first.get_attribute("href") == "#s28-1"  # its first mention in this chapter ("Absatz 2-1." is s28-0)
    page.locator("#p2").evaluate("row => window.scrollTo(0, row.getBoundingClientRect().top + scrollY - 10)")
    expect(page.locator("#glossary-title")).to_contain_text("(¶1–27, Reisebericht)")
    assert "Moscow" in places(page)
    assert page.problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_go_to_lands_on_the_paragraph_with_that_number(gloss_site, new_page, tmp_path, viewport):
    page = device(new_page, viewport)
    reader = import_docx(page, gloss_site, chaptered_docx(tmp_path))
    if viewport is PHONE:
        page.click('.reader-toolbar [popovertarget="reader-options"]')
    page.fill("#position", "50")
    page.click(".book-nav button[type=submit]")
    page.wait_for_url(f"{reader}?from=49#p49")
    row = page.locator("#p49")
    expect(row).to_have_attribute("aria-label", "Paragraph 50")
    expect(row.locator(".de")).to_contain_text("Absatz 2-22.")
    expect(page.locator(".de [data-pair='49-0']")).to_be_in_viewport()
    at = int(re.search(r"you are at ¶(\d+)", page.locator("#reading-position").inner_text()).group(1))
    assert 46 <= at <= 50, at  # ¶50 at the top, or a few above where the page ends too soon to scroll it there
    screenshot(page, f"reader-go-to-50-{viewport['width']}")


def test_the_add_to_glossary_button_appears_beside_the_selection(gloss_site, new_page):
    page = device(new_page, DESKTOP)
    open_reader(page, gloss_site)
    row = page.locator("section.row.kind-body").nth(4)  # well down the page
    row.evaluate("row => window.scrollTo(0, row.getBoundingClientRect().top + scrollY - 200)")
    before = row.bounding_box()
    row.locator(".de .sentence").first.evaluate("""sentence => {
        const words = sentence.querySelectorAll('.w'), range = document.createRange();
        range.setStart(words[1].firstChild, 0); range.setEnd(words[2].firstChild, words[2].textContent.length);
        getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    button = page.locator("#add-selection")
    expect(button).to_be_visible()
    selected = page.evaluate("(() => { const r = getSelection().getRangeAt(0).getBoundingClientRect(); return {x: r.x, y: r.y, bottom: r.bottom}; })()")
    box = button.bounding_box()
    assert selected["bottom"] <= box["y"] <= selected["bottom"] + 30, (selected, box)
    assert abs(box["x"] - selected["x"]) < 300
    assert row.bounding_box() == before  # nothing moved
    screenshot(page, "reader-selection-button")
    button.click()
    expect(page.locator("#lookup")).to_be_visible()
    expect(page.locator("#lookup-body")).to_contain_text("Militär")
    assert page.problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_theme_switch_is_remembered_and_both_themes_pass_axe(gloss_site, new_page, viewport):
    page = device(new_page, viewport, color_scheme="light")
    open_reader(page, gloss_site)
    background = "getComputedStyle(document.documentElement).backgroundColor"
    light = page.evaluate(background)
    found = {"light": axe_violations(page)}
    if viewport is PHONE:  # the switch is in the menu
        page.click(".menu-button")
    page.select_option("#theme", "dark")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate(background)
    assert dark != light
    page.reload()
    # Applied before the first paint: theme.js runs in <head>, before the body exists.
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) == dark and page.locator("#theme").input_value() == "dark"
    open_reader(page, gloss_site)
    found["dark"] = axe_violations(page)
    screenshot(page, f"reader-dark-{viewport['width']}")
    page.goto(gloss_site + "/search?q=Feuerpause")
    found["search, dark"] = axe_violations(page)
    if viewport is PHONE:
        page.click(".menu-button")
    page.select_option("#theme", "system")  # back to the system's, which is light here
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") is None and page.evaluate(background) == light
    assert all(not v for v in found.values()), found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_new_text_page_and_the_library_keep_their_shape(gloss_site, new_page, viewport):
    page = device(new_page, viewport)
    page.goto(gloss_site + "/documents/new")
    hint, text = page.locator("#text-limit").bounding_box(), page.locator("#text").bounding_box()
    assert text["y"] >= hint["y"] + hint["height"] and abs(text["x"] - hint["x"]) < 2, (hint, text)
    screenshot(page, f"new-text-{viewport['width']}")
    page.fill("#title", "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverordnung")
    page.fill("#text", "Die Feuerpause hält.")
    page.click("button[type=submit]")
    page.wait_for_url("**/documents/*")
    page.goto(gloss_site + "/documents")
    lines = """element => { const range = document.createRange(); range.selectNodeContents(element.firstChild);
        return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size; }"""  # its visible word
    words = page.locator(".library td.actions summary, .library td.actions > a")
    if viewport is DESKTOP:
        words = page.locator(".library td.actions summary, .library td.actions > a, .library th")
    assert words.count() >= 3
    for element in words.all():
        assert element.evaluate(lines) == 1, element.inner_text()  # "Renam e" and "Word s" were two lines
    screenshot(page, f"library-{viewport['width']}")
    assert axe_violations(page) == []
