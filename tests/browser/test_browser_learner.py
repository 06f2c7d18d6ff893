"""Keyboard reading, learner mode, known words, listening and accessibility in Chromium."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, screenshot
from support import ROOT

AXE = ROOT / "tests" / "vendor" / "axe.min.js"


@pytest.fixture
def site(gloss_site):
    """A fresh app for every test: no test sees the words another one marked."""
    return gloss_site


def open_reader(page, url):
    page.goto(url + "/")
    expect(page.locator(".en.pending")).to_have_count(0, timeout=30_000)


def test_keyboard_reads_sentence_by_sentence_and_word_by_word(site, page):
    open_reader(page, site)
    page.keyboard.press("j")
    expect(page.locator('.de [data-pair="0-0"]')).to_be_focused()
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.dataset.pair")
    assert second != "0-0"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("k")
    expect(page.locator(f'.de [data-pair="{second}"]')).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    cursor = page.locator(".de .sentence.current .w.cursor")
    expect(cursor).to_have_count(1)
    assert cursor.inner_text() == page.locator('.de [data-pair="0-0"] .w').nth(1).inner_text()  # "im"
    page.keyboard.press("ArrowLeft")
    expect(cursor).to_have_text("Bewegung")
    expect(page.locator(".de .w.cursor")).to_have_css("outline-style", "solid")  # visible cursor
    page.keyboard.press("Enter")
    dialog = page.locator("#lookup")
    expect(dialog).to_be_visible()
    expect(page.locator("#lookup-body h2")).to_contain_text("Bewegung")
    page.keyboard.press("g")
    english = page.locator("#lookup form.add-term input[name=en]")
    expect(english).to_be_focused()
    english.fill("movement")
    page.keyboard.press("j")  # typing: no key fires
    expect(english).to_have_value("movementj")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator('.de [data-pair="0-0"]')).to_be_focused()  # the dialog hands focus back
    page.keyboard.press("t")
    expect(page.locator(".glossary-panel .term-filter").first).to_be_focused()
    page.keyboard.press("?")
    help_dialog = page.locator("#keys-help")
    expect(help_dialog).to_be_visible()
    for key in ("j", "k", "e", "p", "h", "n", "l", "u", "s", "w", "t", "g", "?"):
        expect(help_dialog.locator("kbd", has_text=key).first).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()
    assert not page.problems, page.problems


def test_learner_mode_hides_reveals_and_remembers(site, page):
    open_reader(page, site)
    page.check("#hide-english")
    hidden = page.locator('.en .sentence[data-pair="2-0"]')
    expect(hidden).to_be_hidden()
    page.click('.reveal[data-reveal="2-0"]')
    expect(hidden).to_be_visible()
    expect(page.locator('.en .sentence[data-pair="2-1"]')).to_be_hidden()
    page.focus('.de [data-pair="6-1"]')
    page.keyboard.press("e")
    expect(page.locator('.en .sentence[data-pair="6-1"]')).to_be_visible()
    expect(page.locator('.en .sentence[data-pair="6-0"]')).to_be_hidden()
    expect(page.locator("#reader-status")).to_contain_text("English:")
    page.click("#en-7 .reveal-paragraph")
    expect(page.locator("#en-7 .sentence:visible")).to_have_count(page.locator("#en-7 .sentence").count())

    page.reload()
    expect(page.locator(".en.pending")).to_have_count(0, timeout=30_000)
    expect(page.locator("#hide-english")).to_be_checked()
    expect(page.locator('.de [data-pair="6-1"]')).to_be_focused()  # the reading position
    expect(page.locator('.en .sentence[data-pair="2-0"]')).to_be_hidden()
    page.click("#reveal-all")
    expect(page.locator(".en .sentence:not(.error):visible")).to_have_count(page.locator(".en .sentence:not(.error)").count())
    page.keyboard.press("h")
    expect(page.locator("#hide-english")).not_to_be_checked()
    stored = json.loads(page.evaluate("localStorage.getItem('lesepult:document:' + document.querySelector('.document').dataset.document)"))
    assert stored == {"hidden": False, "position": "6-1"}


def test_marking_words_by_lemma_highlights_every_form(site, page):
    open_reader(page, site)
    page.focus('.de [data-pair="2-0"]')  # "Vor zwei Tagen brachen die USA …"; 6-0 "Zwei Tage nach …"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".de .w.cursor")).to_have_text("Tagen")
    page.keyboard.press("l")
    learning = page.locator(".de .w.learning")
    expect(learning.first).to_be_visible()
    forms = set(learning.all_inner_texts())
    assert {"Tagen", "Tage"} <= forms and forms <= {"Tag", "Tage", "Tagen", "Tages"}, forms
    words = page.evaluate("fetch('/api/words').then(r => r.json())")
    assert words["words"] == {"tag": "learning"}
    page.keyboard.press("n")
    expect(learning).to_have_count(0)
    expect(page.locator(".de .w.known", has_text="Tagen").first).to_be_attached()
    page.reload()
    share = page.locator("#unknown-share")
    expect(share).to_contain_text("not yet marked known")
    assert "100%" not in share.inner_text()
    page.keyboard.press("j")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("u")
    expect(page.locator("#reader-status")).to_contain_text("unknown")


def test_listen_shows_a_note_without_a_german_voice(site, page):
    open_reader(page, site)
    has_german_voice = page.evaluate(
        "speechSynthesis.getVoices().some(v => /^de/i.test(v.lang))")
    note = page.locator("#listen-note")
    expect(note).to_be_hidden()
    page.focus('.de [data-pair="2-0"]')
    page.keyboard.press("s")
    if has_german_voice:
        expect(note).to_be_hidden()
    else:
        expect(note).to_be_visible()
        expect(note).to_contain_text("no German voice")
        page.click("#listen")
        expect(note).to_be_visible()


def axe_violations(page) -> list[dict]:
    assert page.evaluate("axe.version") == "4.14.1"
    return page.evaluate("""axe.run(document, {resultTypes: ['violations']}).then(r =>
        r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_and_screenshots(site, new_page, scheme):
    found = {}
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = new_page(viewport=viewport, color_scheme=scheme)
        page.add_init_script(path=str(AXE))
        open_reader(page, site)
        expect(page.locator("#unknown-share")).to_contain_text("not yet marked known")
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == {"light": "rgb(253, 252, 249)", "dark": "rgb(23, 24, 26)"}[scheme]
        screenshot(page, f"learner-reader-{name}-{scheme}")
        if name == "desktop":
            found["reader"] = axe_violations(page)
            page.check("#hide-english")
            found["reader, English hidden"] = axe_violations(page)
            page.locator(".de .w", has_text="Feuerpause").first.click()
            expect(page.locator("#lookup")).to_be_visible()
            expect(page.locator("#lookup-body h2")).to_be_visible()
            found["lookup dialog"] = axe_violations(page)
            page.keyboard.press("Escape")
            page.keyboard.press("?")
            found["help dialog"] = axe_violations(page)
            for path in ("/documents", "/glossary", "/documents/new"):
                page.goto(site + path)
                found[path] = axe_violations(page)
    assert not {where: v for where, v in found.items() if v}, found
