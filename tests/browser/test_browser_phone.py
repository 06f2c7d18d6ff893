"""The reader on a phone (390×844, touch) and on a desktop (1366×900), light and dark, in Chromium:
the first screen is the text, tools fold into sheets, no page scrolls sideways, the dictionary dialog
leads with meanings and never shows an earlier word, and marking words updates the share at once."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, screenshot
from support import ROOT

AXE = ROOT / "tests" / "vendor" / "axe.min.js"
SCHEMES = ["light", "dark"]
LONG_TITLE = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverordnung und Bundesverfassungsgerichtsentscheidungen"
LONG_TERM = ("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz", "beef labelling supervision delegation act",
             "a long law name, of the kind that pushes a table wider than a phone")


def device(new_page, viewport, scheme):
    """A phone is a touch screen (coarse pointer); the desktop a mouse."""
    touch = {"has_touch": True, "is_mobile": True} if viewport["width"] < 600 else {}
    page = new_page(viewport=viewport, color_scheme=scheme, **touch)
    page.add_init_script(path=str(AXE))
    return page


def open_reader(page, url, path="/"):
    page.goto(url + path)
    expect(page.locator(".en.pending")).to_have_count(0, timeout=30_000)
    expect(page.locator("#unknown-share")).to_contain_text("not yet marked known")


def axe_violations(page) -> list[dict]:
    return page.evaluate("""axe.run(document, {resultTypes: ['violations']}).then(r =>
        r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""")


def word(page, text):
    """The German word itself, not every word containing it."""
    return page.locator(".de .w").filter(has_text=re.compile(f"^{re.escape(text)}$")).first


def visible_bottom(page) -> float:
    """What the phone shows of the page: the viewport above the fixed reader toolbar."""
    return page.evaluate("""innerHeight - (document.querySelector('.reader-toolbar').checkVisibility()
                                          ? document.querySelector('.reader-toolbar').getBoundingClientRect().height : 0)""")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_phone_opens_on_the_title_and_the_german_text(gloss_site, new_page, scheme):
    page = device(new_page, PHONE, scheme)
    open_reader(page, gloss_site)
    bottom = visible_bottom(page)
    for pair in ("0-0", "1-0", "2-0"):  # kicker, headline (the title), the article's first sentence
        box = page.locator(f'.de [data-pair="{pair}"]').bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= bottom, (pair, box, bottom)
    # The controls are folded into sheets until asked for.
    for folded in ("#hide-english", "#engine-status", ".glossary-panel", ".entities-panel", ".site-nav"):
        expect(page.locator(folded)).to_be_hidden()
    expect(page.locator(".reader-toolbar")).to_be_visible()
    screenshot(page, f"phone-reader-first-screen-{scheme}")
    found = {"reader": axe_violations(page)}

    for name, inside in (("reader-options", "#hide-english"), ("glossary-panel", ".term-filter"),
                         ("entities-panel", ".occurrence")):
        opener = page.locator(f'.reader-toolbar [popovertarget="{name}"]')
        opener.focus()
        page.keyboard.press("Enter")
        sheet = page.locator(f"#{name}")
        expect(sheet).to_be_visible()
        expect(sheet.locator(inside).first).to_be_visible()
        box = sheet.bounding_box()
        assert box["width"] == PHONE["width"] and box["y"] + box["height"] <= PHONE["height"] + 1
        screenshot(page, f"phone-sheet-{name}-{scheme}")
        found[name] = axe_violations(page)
        page.keyboard.press("Tab")  # focus goes on into the sheet, right after its button
        assert page.evaluate(f"document.getElementById('{name}').contains(document.activeElement)")
        page.keyboard.press("Escape")
        expect(sheet).to_be_hidden()
        expect(opener).to_be_focused()  # and comes back to the button

    page.click(".menu-button")
    expect(page.locator(".site-nav a", has_text="Library")).to_be_visible()
    screenshot(page, f"phone-menu-{scheme}")
    found["menu"] = axe_violations(page)
    page.keyboard.press("Escape")
    assert not {where: v for where, v in found.items() if v}, found


def test_phone_sheets_do_their_job_and_get_out_of_the_way(gloss_site, new_page):
    page = device(new_page, PHONE, "light")
    open_reader(page, gloss_site)
    page.click('.reader-toolbar [popovertarget="reader-options"]')
    page.check("#hide-english")
    page.click('#reader-options .sheet-close')
    expect(page.locator("#reader-options")).to_be_hidden()
    expect(page.locator('.en .sentence[data-pair="2-0"]')).to_be_hidden()  # learner mode is on
    page.click('.reader-toolbar [popovertarget="glossary-panel"]')
    page.click('.term-filter[data-term="Feuerpause"]')
    expect(page.locator("#glossary-panel")).to_be_hidden()  # the text, not the sheet, shows the term
    expect(page.locator('mark.term.selected[data-term="Feuerpause"]').first).to_be_in_viewport()
    page.click('.reader-toolbar [popovertarget="entities-panel"]')
    page.locator("#entities-panel .occurrence").first.click()
    expect(page.locator("#entities-panel")).to_be_hidden()
    # Keys reach into a folded sheet: t opens the terms and focuses the first.
    page.locator('.de [data-pair="2-0"]').focus()
    page.keyboard.press("t")
    expect(page.locator("#glossary-panel .term-filter").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#glossary-panel")).to_be_hidden()
    assert not page.problems, page.problems


def add_long_content(page, url):
    """A long title and a long glossary term: what pushed the library and glossary tables wide."""
    page.goto(url + "/documents/new")
    page.fill("#title", LONG_TITLE)
    page.fill("#text", "Die Feuerpause hält. Der Sicherheitsrat tagt.")
    page.click("form.import button[type=submit]")
    page.wait_for_url("**/documents/*")
    page.goto(url + "/glossary")
    form = page.locator("form.add-term")
    for name, value in zip(("de", "en", "note"), LONG_TERM):
        form.locator(f"input[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator("#own-terms tbody tr")).to_have_count(1)


PAGES = ("/", "/documents", "/glossary", "/search?q=Feuerpause", "/documents/new", "/models")


@pytest.mark.parametrize("width,scheme", [(360, "light"), (390, "light"), (390, "dark"), (414, "dark"),
                                          (1366, "light"), (1366, "dark")])
def test_no_page_scrolls_sideways(gloss_site, new_page, width, scheme):
    viewport = PHONE if width == 390 else DESKTOP if width == 1366 else {"width": width, "height": 800}
    page = device(new_page, viewport, scheme)
    add_long_content(page, gloss_site)
    found = {}
    for path in PAGES:
        if path == "/":
            open_reader(page, gloss_site)
        else:
            page.goto(gloss_site + path)
        # A mobile browser widens its layout viewport to fit wide content, so innerWidth alone would
        # grow with the page: it must also still be the screen's width.
        widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1] == viewport["width"], (path, widths)
        if width in (390, 1366):
            name = {"/": "reader", "/search?q=Feuerpause": "search", "/documents/new": "new"}.get(path, path.strip("/"))
            screenshot(page, f"{'phone' if width == 390 else 'desktop'}-{name}-{scheme}", full_page=path != "/")
            if path != "/":
                found[path] = axe_violations(page)
    assert not {where: v for where, v in found.items() if v}, found
    if width < 600:  # the long title is a card's heading, not a column pushing the page
        page.goto(gloss_site + "/documents")
        card = page.locator("table.library tbody tr").first.bounding_box()
        assert card["width"] <= width


def test_library_says_gloss_only_where_no_model_translated(gloss_site, new_page):
    page = device(new_page, PHONE, "light")
    page.goto(gloss_site + "/")
    page.goto(gloss_site + "/documents")
    row = page.locator("table.library tbody tr").first
    expect(row).to_contain_text("Gloss only")
    expect(row.locator("progress")).to_have_count(0)


@pytest.mark.parametrize("viewport,scheme", [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")])
def test_the_dictionary_leads_with_meanings_and_never_shows_an_earlier_word(gloss_site, new_page, viewport, scheme):
    page = device(new_page, viewport, scheme)
    device_name = "phone" if viewport is PHONE else "desktop"
    open_reader(page, gloss_site)
    dialog = page.locator("#lookup")
    word(page, "brachen").click()  # "… brachen die USA und Russland die Gespräche über Syrien ab": abbrechen
    title = dialog.locator("h2")
    expect(title).to_have_text(re.compile(r"^\s*abbrechen\s*\(verb\)\s*$"))  # short: no list of forms
    expect(dialog.locator(".clicked")).to_have_text("In the text: brachen")
    expect(title).to_be_focused()  # a screen reader starts at the headword
    status, senses, add = (dialog.locator(s).bounding_box() for s in (".word-status", ".senses", "details.add-term-box"))
    assert status["y"] < senses["y"] < add["y"], "buttons, then meanings, then the folded form"
    assert status["y"] + status["height"] <= viewport["height"], "the known/learning buttons are on the first screen"
    expect(dialog.locator(".senses li").first).to_contain_text("to break off")
    expect(dialog.locator(".senses li.in-sentence")).to_contain_text("in this sentence")
    english = dialog.locator("form.add-term input[name=en]")
    expect(english).to_be_hidden()
    screenshot(page, f"{device_name}-lookup-{scheme}")
    axe = axe_violations(page)
    dialog.locator("details.add-term-box summary").click()
    expect(english).to_be_visible()
    assert english.input_value() == "break off"  # not "to break off <> sth."
    assert dialog.locator("form.add-term input[name=de]").input_value() == "abbrechen"
    page.keyboard.press("Escape")

    # The alternatives of a sentence: nothing of the word before.
    page.locator(".en .sentence[data-alternatives]").first.click()
    expect(dialog.locator(".alternatives")).to_be_visible()
    text = dialog.inner_text()
    assert "brechen" not in text and "brachen" not in text and "Mark" not in text, text  # (ab)brechen
    page.keyboard.press("Escape")

    # A second word, then two lookups racing: the later one fills the dialog, the earlier never shows.
    word(page, "Feuerpause").click()
    expect(title).to_contain_text("die Feuerpause")
    assert "brechen" not in dialog.inner_text() and "brachen" not in dialog.inner_text()  # (ab)brechen
    page.keyboard.press("Escape")

    def slow(route):
        time.sleep(0.6)
        route.continue_()
    page.route(re.compile(r"/lookup\?q=Tagen"), slow)
    with page.expect_response(re.compile(r"/lookup\?q=Tagen")):
        page.evaluate("""() => { const w = t => [...document.querySelectorAll('.de .w')].find(e => e.textContent === t);
                                 w('Tagen').click(); w('Gespräche').click(); }""")
        expect(title).to_contain_text("Gespräch")
    page.wait_for_timeout(200)  # the slow, earlier answer has arrived by now: it must have been dropped
    expect(title).to_contain_text("Gespräch")
    assert "Tag" not in title.inner_text()
    screenshot(page, f"{device_name}-lookup-second-word-{scheme}")
    assert not axe, axe


def share_unknown(page) -> int:
    text = page.locator("#unknown-share").inner_text()
    return int(re.search(r"\(([\d,]+) of them\)", text).group(1).replace(",", ""))


@pytest.mark.parametrize("viewport,scheme", [(PHONE, "light"), (DESKTOP, "dark")])
def test_marking_words_updates_the_share_and_highlights_without_a_reload(gloss_site, new_page, viewport, scheme):
    page = device(new_page, viewport, scheme)
    open_reader(page, gloss_site)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    dialog = page.locator("#lookup")
    unknown = share_unknown(page)
    # Ten words marked known, as the reader did: the share drops after every one.
    for text in ("Tagen", "brachen", "Russland", "Gespräche", "Syrien", "Außenminister", "wieder",
                 "miteinander", "telefoniert", "Thema"):
        word(page, text).click()
        known = dialog.locator('.word-status button[data-status="known"]')
        expect(known).to_have_attribute("aria-pressed", "false")
        known.click()
        expect(known).to_have_attribute("aria-pressed", "true")
        page.wait_for_function("n => !document.getElementById('unknown-share').textContent.includes('(' + n.toLocaleString('en') + ' of them)')",
                               arg=unknown)
        now = share_unknown(page)
        assert now < unknown, (text, now, unknown)
        unknown = now
        page.keyboard.press("Escape")
    expect(word(page, "Tage")).to_have_class(re.compile(r"\bknown\b"))  # another form of a marked lemma
    # Learning and back to unknown change the share and the highlight too, by keyboard.
    word(page, "Thema").click()
    expect(dialog.locator("h2")).to_contain_text("Thema")
    page.keyboard.press("l")
    expect(word(page, "Thema")).to_have_class(re.compile(r"\blearning\b"))
    page.wait_for_function("n => !document.getElementById('unknown-share').textContent.includes('(' + n.toLocaleString('en') + ' of them)')",
                           arg=unknown)
    assert share_unknown(page) > unknown  # learning is not known
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, f"{'phone' if viewport is PHONE else 'desktop'}-share-after-marking-{scheme}")


TARGETS = """() => {
  const small = [];
  const controls = document.querySelectorAll('button, summary, select, input:not([type=hidden]):not([type=checkbox]),'
    + ' label:has(input[type=checkbox]), .site-nav a, .occurrence, .export-links a, td.actions > a, .window-loader a,'
    + ' .action-link, .brand, .card-title a, .hits li > a:first-child');
  for (const el of controls) {
    if (!el.checkVisibility() || el.closest('.visually-hidden')) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44) small.push(el.outerHTML.slice(0, 90) + ' → ' + Math.round(r.height) + 'px');
  }
  return small;
}"""


def test_tap_targets_are_44_px_on_a_touch_screen(gloss_site, new_page):
    page = device(new_page, PHONE, "light")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    add_long_content(page, gloss_site)
    small = {}
    open_reader(page, gloss_site)
    small["reader"] = page.evaluate(TARGETS)
    for name in ("reader-options", "glossary-panel", "entities-panel"):
        page.click(f'.reader-toolbar [popovertarget="{name}"]')
        small[name] = page.evaluate(TARGETS)
        page.keyboard.press("Escape")
    page.click(".menu-button")
    small["menu"] = page.evaluate(TARGETS)
    page.keyboard.press("Escape")
    word(page, "brachen").click()
    page.locator("#lookup details.add-term-box summary").click()
    small["lookup"] = page.evaluate(TARGETS)
    page.keyboard.press("Escape")
    for path in PAGES[1:]:
        page.goto(gloss_site + path)
        for details in page.locator("details").all():
            details.locator("summary").click()
        small[path] = page.evaluate(TARGETS)
    assert not {where: s for where, s in small.items() if s}, small
