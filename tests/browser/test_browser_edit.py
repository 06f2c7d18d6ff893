"""Correcting the English in the reader, as an analyst does it: keyboard and mouse on a desktop, taps on a phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, screenshot
from test_browser_phone import axe_violations, device

TEXT = "Der Sicherheitsrat tagt am Montag. „Wir fordern eine Feuerpause“, sagte der Sprecher."
AGAIN = 'Keine Sitzung heute.\n\n"Wir fordern eine Feuerpause", sagte der Sprecher.'
MINE = "“We demand a ceasefire,” the spokesman said."


def paste(page, url, title, text) -> str:
    page.goto(url + "/documents/new")
    page.fill("#title", title)
    page.fill("#text", text)
    page.click("form.import button[type=submit]")
    page.wait_for_url("**/documents/*")
    expect(page.locator(".en.pending")).to_have_count(0, timeout=30_000)
    return page.url


def english(page, pair):
    return page.locator(f'.en .sentence[data-pair="{pair}"]')


def api_sentences(page, reader_url) -> list[dict]:
    data = page.request.get(reader_url.replace("/documents/", "/api/documents/")).json()
    return [s for p in data["paragraphs"] for s in p["sentences"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desktop_keyboard_and_double_click_editing(gloss_site, new_page, scheme):
    page = device(new_page, DESKTOP, scheme)
    first = paste(page, gloss_site, "Sitzung", TEXT)
    machine = english(page, "0-1").inner_text()
    # Enter on the English sentence opens its editor, with the English in it and the focus there.
    english(page, "0-1").focus()
    page.keyboard.press("Enter")
    box = page.locator("form.edit-english textarea")
    expect(box).to_be_focused()
    assert box.input_value() == machine and box.get_attribute("lang") == "en"
    expect(page.locator("#lookup")).to_be_hidden()
    assert not axe_violations(page), "the open editor"
    screenshot(page, f"edit-desktop-open-{scheme}")
    # Escape cancels: nothing changed, back on the sentence.
    box.fill("something else")
    page.keyboard.press("Escape")
    expect(page.locator("form.edit-english")).to_have_count(0)
    expect(english(page, "0-1")).to_be_focused()
    expect(english(page, "0-1")).to_have_text(machine)
    # Empty English is refused on the page, with a reason.
    page.keyboard.press("Enter")
    box.fill("   ")
    page.keyboard.press("Enter")
    expect(page.locator(".edit-english-error")).to_contain_text("empty")
    # Enter saves with htmx; the sentence is marked edited, distinct from the gloss.
    box.fill(MINE)
    page.keyboard.press("Enter")
    expect(page.locator(f'.en .sentence.edited[data-pair="0-1"]')).to_have_text(MINE)
    expect(page.locator("#en-0 .origin-mark.edited")).to_have_text("edited")
    expect(english(page, "0-1")).to_be_focused()
    expect(page.locator("#reader-status")).to_contain_text("Saved")
    assert [s["edited"] for s in api_sentences(page, first)] == [False, True]
    assert not axe_violations(page), "edited English"
    screenshot(page, f"edit-desktop-saved-{scheme}")
    # A double click edits too; a single click still opens the other translations.
    english(page, "0-0").dblclick()
    expect(page.locator("form.edit-english textarea")).to_be_focused()
    page.keyboard.press("Escape")
    english(page, "0-0").click()
    expect(page.locator("#lookup .alternatives")).to_be_visible()
    assert not axe_violations(page), "the other translations, with their buttons"
    alternative = page.locator("#lookup .alternatives li").first
    start_from = alternative.locator(".edit-english-button").get_attribute("data-english")
    alternative.locator(".edit-english-button").click()   # "Start from this"
    expect(page.locator("#lookup")).to_be_hidden()
    expect(page.locator("form.edit-english textarea")).to_have_value(start_from)
    page.keyboard.press("Escape")
    # Kept after a reload, and reused as memory where the same German comes again.
    page.reload()
    expect(english(page, "0-1")).to_have_text(MINE)
    second = paste(page, gloss_site, "Wieder", AGAIN)
    expect(page.locator('.en .sentence.memory[data-pair="1-0"]')).to_have_text(MINE)
    expect(page.locator("#en-1 .origin-mark.memory")).to_have_text("from memory")
    assert [s["memory"] for s in api_sentences(page, second)] == [False, True]
    screenshot(page, f"edit-desktop-memory-{scheme}")
    # The exports are reachable from the reader, and carry the human English.
    page.goto(first)
    page.locator(".reader-exports summary").click()
    link = page.locator(".reader-exports a", has_text="TSV")
    expect(link).to_be_visible()
    assert MINE in page.request.get(gloss_site + link.get_attribute("href")).text()
    # Back to the machine's English.
    english(page, "0-1").focus()
    page.keyboard.press("Enter")
    page.locator("form.edit-english .edit-revert").click()
    expect(page.locator(".en .sentence.edited")).to_have_count(0)
    expect(english(page, "0-1")).to_have_text(machine)
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_taps_to_correct_the_english(gloss_site, new_page, scheme):
    page = device(new_page, PHONE, scheme)
    paste(page, gloss_site, "Sitzung", TEXT)
    # A tap opens the other translations, which offer the correction: the way in without a double click.
    english(page, "0-1").tap()
    dialog = page.locator("dialog#lookup")
    correct = dialog.get_by_role("button", name="Correct this English")
    expect(correct).to_be_visible()
    correct.tap()
    expect(dialog).to_be_hidden()
    box = page.locator("form.edit-english textarea")
    expect(box).to_be_focused()
    box.fill(MINE)
    buttons = page.locator("form.edit-english button")
    assert all(b.bounding_box()["height"] >= 44 for b in buttons.all()), "touch targets"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the editor does not push the page sideways"
    assert not axe_violations(page)
    screenshot(page, f"edit-phone-open-{scheme}")
    page.locator("form.edit-english button[type=submit]").tap()
    expect(page.locator('.en .sentence.edited[data-pair="0-1"]')).to_have_text(MINE)
    expect(page.locator("#en-0 .origin-mark")).to_be_visible()
    assert not axe_violations(page)
    screenshot(page, f"edit-phone-saved-{scheme}")
    # The exports, from the reader's options sheet.
    page.locator('.reader-toolbar [popovertarget="reader-options"]').tap()
    page.locator(".reader-exports summary").tap()
    expect(page.locator(".reader-exports a", has_text="Word")).to_be_visible()
    screenshot(page, f"edit-phone-exports-{scheme}")
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems
    # The HTML export reads on the phone too (opened as a file: no app page around it, nor its CSP).
    href = page.locator(".reader-exports a", has_text="HTML").get_attribute("href")
    exported = page.request.get(gloss_site + href).text()
    page.goto("about:blank")
    page.set_content(exported)
    expect(page.locator("table.bilingual td[lang=en]", has_text=MINE)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    screenshot(page, f"edit-phone-html-export-{scheme}")
