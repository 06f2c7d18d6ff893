"""Learners in Chromium: word levels coloured in the text with their legend (axe, light and dark, desktop and
phone), the review page by keyboard and by touch, and the statistics page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, screenshot
from test_browser_learner import AXE, axe_violations, open_reader

# Sentence 2-0 of the sample: "Vor zwei Tagen brachen die USA und Russland die Gespräche über Syrien ab – …"
# (word cursor positions from 0). Each gets a mark by key, as a reader gives it.
MARKS = [(2, "Tagen", "1"), (5, "USA", "2"), (6, "und", "n"), (7, "Russland", "3"), (9, "Gespräche", "4"),
         (11, "Syrien", "5")]

# A colour as the screen shows it, over the page's background: drawn on a canvas and read back, so any CSS
# colour syntax (color-mix gives color(srgb …)) becomes the same [r, g, b].
PAINTED = """([color, under]) => {
    const canvas = document.createElement('canvas'); canvas.width = canvas.height = 1;
    const c = canvas.getContext('2d');
    c.fillStyle = under; c.fillRect(0, 0, 1, 1); c.fillStyle = color; c.fillRect(0, 0, 1, 1);
    return Array.from(c.getImageData(0, 0, 1, 1).data.slice(0, 3));
}"""


def luminance(rgb) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mark_by_keys(page):
    page.focus('.de [data-pair="2-0"]')
    at = -1
    for position, word, key in MARKS:
        for _ in range(position - at):
            page.keyboard.press("ArrowRight")
        at = position
        cursor = page.locator(".de .w.cursor")
        expect(cursor).to_have_text(word)
        page.keyboard.press(key)
        expect(cursor).to_have_class(re.compile(r"\bknown\b" if key == "n" else rf"\blevel-{key}\b"))
    page.keyboard.press("Escape")   # the cursor off, so every word shows its own mark
    expect(page.locator(".de .w.cursor")).to_have_count(0)


def word_look(page, selector: str) -> dict:
    element = page.locator(selector).first
    style = element.evaluate("""e => { const s = getComputedStyle(e);
        return {background: s.backgroundColor, color: s.color, border: s.borderBottomStyle + ' ' + s.borderBottomWidth,
                decoration: s.textDecorationLine + ' ' + s.textDecorationStyle}; }""")
    page_background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    style["painted"] = page.evaluate(PAINTED, [style["background"], page_background])
    style["text"] = page.evaluate(PAINTED, [style["color"], page_background])
    return style


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_levels_colour_the_text_with_a_legend_and_pass_axe(gloss_site, new_page, scheme, viewport, name):
    page = new_page(viewport=viewport, color_scheme=scheme)
    page.add_init_script(path=str(AXE))
    open_reader(page, gloss_site)
    mark_by_keys(page)
    words = page.evaluate("fetch('/api/words').then(r => r.json())")
    assert words["levels"] == {"tag": 1, "usa": 2, "russland": 3, "gespräch": 4, "syrien": 5}
    assert words["words"]["und"] == "known"

    looks = {f"level {n}": word_look(page, f".de .w.level-{n}") for n in range(1, 6)}
    looks["known"] = word_look(page, ".de .w.known")
    looks["unknown"] = word_look(page, ".de [data-pair='2-0'] .w:not(.known):not(.learning)")
    # Every kind looks different, and not by colour alone: the marks differ in line style or width too.
    assert len({(l["painted"][0], l["painted"][1], l["painted"][2], l["border"], l["decoration"])
                for l in looks.values()}) == 7, looks
    assert len({l["border"] + l["decoration"] for l in looks.values()}) == 7, looks
    assert looks["known"]["decoration"].startswith("none") and looks["unknown"]["decoration"].startswith("underline")
    tints = [luminance(looks[f"level {n}"]["painted"]) for n in range(1, 6)]
    assert tints == (sorted(tints) if scheme == "light" else sorted(tints, reverse=True)), tints  # fading by level
    for kind, look in looks.items():
        assert contrast(look["text"], look["painted"]) >= 4.5, (kind, look)

    if name == "phone":
        page.click(".reader-toolbar button[popovertarget='reader-options']")
    legend = page.locator(".word-legend")
    expect(legend).to_be_visible()
    expect(legend.locator(".legend-word")).to_have_text(
        ["unknown", "learning 1", "learning 2", "learning 3", "learning 4", "learning 5", "known"])
    for n in range(1, 6):   # the legend shows what the text shows
        assert word_look(page, f".legend-word.level-{n}")["painted"] == looks[f"level {n}"]["painted"]
    legend.scroll_into_view_if_needed()
    screenshot(page, f"learner-levels-{name}-{scheme}")
    assert axe_violations(page) == []
    assert not page.problems, page.problems


def test_review_by_keyboard_space_reveals_and_1_to_4_grade(gloss_site, new_page):
    page = new_page(viewport=DESKTOP)
    page.add_init_script(path=str(AXE))
    open_reader(page, gloss_site)
    # Saved from the dictionary dialog: the word is clicked in its sentence and marked learning there.
    page.locator('.de [data-pair="2-0"] .w', has_text="brachen").click()
    expect(page.locator("#lookup-body h2")).to_contain_text("abbrechen")
    page.keyboard.press("l")
    expect(page.locator("#lookup .word-status button[data-status='learning']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#lookup .level-buttons button[data-level='1']")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("2")
    expect(page.locator("#lookup .level-buttons button[data-level='2']")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    page.locator('.de [data-pair="2-0"] .w', has_text="Gespräche").click()
    expect(page.locator("#lookup-body h2")).to_contain_text("Gespräch")
    page.keyboard.press("l")
    expect(page.locator("#lookup .word-status button[data-status='learning']")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")

    page.click("nav#site-nav a[href='/review']")
    expect(page.locator(".review-count")).to_have_text("2 words to review now.")
    card = page.locator("#review-card")
    expect(card.locator(".review-prompt")).to_contain_text("brachen")
    expect(card.locator(".review-sentence .review-word")).to_have_text("brachen")
    assert card.locator(".review-sentence").get_attribute("lang") == "de"
    assert card.locator(".review-sentence").inner_text().startswith("Vor zwei Tagen brachen die USA")
    answer = card.locator(".review-meaning")
    expect(answer).to_be_hidden()
    page.keyboard.press(" ")
    expect(answer).to_be_visible()
    expect(answer.locator("strong[lang=de]")).to_have_text("abbrechen")
    expect(card.locator(".review-en")).to_have_attribute("lang", "en")
    screenshot(page, "learner-review-desktop-answer")
    assert axe_violations(page) == []
    page.keyboard.press("3")                                      # good: tomorrow or later
    expect(page.locator(".review-count")).to_have_text("1 word to review now.")
    expect(card.locator(".review-word")).to_have_text("Gespräche")
    page.wait_for_load_state("domcontentloaded")                  # grading loads the next page: its keys with it
    page.keyboard.press("1")                                      # nothing before the answer is shown
    expect(page.locator(".review-count")).to_have_text("1 word to review now.")
    page.keyboard.press(" ")
    expect(answer).to_be_visible()
    page.keyboard.press("1")                                      # again: back in ten minutes
    expect(page.locator(".review-count")).to_contain_text("Nothing to review now")
    expect(page.locator(".review-count time")).to_be_visible()
    cards = page.evaluate("fetch('/api/review').then(r => r.json())")
    assert cards == {"due": 0, "cards": []}
    assert not page.problems, page.problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_and_statistics_on_a_phone(gloss_site, new_page, scheme):
    page = new_page(viewport=PHONE, color_scheme=scheme, has_touch=True, is_mobile=True)
    page.add_init_script(path=str(AXE))
    open_reader(page, gloss_site)
    page.locator('.de [data-pair="2-0"] .w', has_text="Tagen").tap()
    expect(page.locator("#lookup-body h2")).to_contain_text("Tag")
    page.locator("#lookup .level-buttons button[data-level='3']").tap()
    expect(page.locator("#lookup .level-buttons button[data-level='3']")).to_have_attribute("aria-pressed", "true")
    page.goto(gloss_site + "/review")
    page.locator(".review-answer summary").tap()
    good = page.locator(".grade-buttons button[value='good']")
    expect(good).to_be_visible()
    box = good.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"learner-review-phone-{scheme}")
    assert axe_violations(page) == []
    good.tap()
    expect(page.locator(".review-count")).to_contain_text("Nothing to review now")

    # Reading is recorded while paragraphs stay on screen; the statistics page shows it.
    with page.expect_response(lambda r: r.url.endswith("/api/reading") and r.ok, timeout=20_000):
        open_reader(page, gloss_site)          # paragraphs 3 s on screen are sent within 5 s
    expect(page.locator("body[data-paragraphs-read]")).to_be_attached()
    page.goto(gloss_site + "/stats")
    expect(page.locator("#read-title + p")).to_have_text(re.compile(r"^[1-9][\d,]* words? read in the last 30 days"))
    expect(page.locator("#read-chart rect.bar")).to_have_count(30)
    expect(page.locator(".stats-table.cards a[lang=de]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"learner-stats-phone-{scheme}", full_page=True)
    assert axe_violations(page) == []
    assert not page.problems, page.problems
