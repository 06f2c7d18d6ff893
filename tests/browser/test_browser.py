"""The reader in a real browser: Playwright driving Debian's Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import screenshot


@pytest.fixture(params=["argos", "gloss"])
def site(request, live_server):
    if request.param == "argos":
        request.getfixturevalue("argos_model")
    return live_server(TRANSLATION_ENGINE=request.param), request.param


@pytest.fixture
def page(new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    # Record when each English paragraph arrives (init scripts are not subject to the page's CSP).
    page.add_init_script("""
        window.__swaps = [];
        document.addEventListener('htmx:afterSwap', (e) => {
            if (e.detail.target && e.detail.target.classList.contains('en')) window.__swaps.push(performance.now());
        });
        document.addEventListener('DOMContentLoaded', () => {
            window.__germanAt = performance.now();
            window.__germanShown = document.querySelectorAll('.de .sentence').length;
            window.__pendingAtStart = document.querySelectorAll('.en.pending').length;
        });
    """)
    return page


def test_english_fills_in_paragraph_by_paragraph(site, page):
    url, engine = site
    page.goto(url + "/")
    total = page.locator(".row").count()
    assert total >= 10
    expect(page.locator(".en.done")).to_have_count(total, timeout=60_000)
    german_shown, pending, swaps, german_at = page.evaluate(
        "[window.__germanShown, window.__pendingAtStart, window.__swaps, window.__germanAt]")
    assert german_shown > 30, "the German is on the page before any English arrives"
    assert pending == total, "every English paragraph starts as a placeholder"
    assert len(swaps) == total and min(swaps) >= german_at, "one htmx swap per paragraph, after the German"
    sentences = page.locator(".de .sentence").count()
    done = "glossed" if engine == "gloss" else "translated"
    expect(page.locator("#progress")).to_contain_text(f"all {sentences} sentences {done}", timeout=10_000)
    if engine == "gloss":
        assert page.locator(".en .badge", has_text="dictionary gloss").count() == total
        assert "No translation model installed" in page.locator("#engine-status").inner_text()
    else:
        assert "translate-de_en 1.0" in page.locator("#engine-status").inner_text()
    assert page.locator('.en [data-pair="3-0"]').inner_text().strip()
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
    screenshot(page, f"reader-{engine}-desktop", full_page=True)


def test_hover_and_focus_link_the_counterpart(site, page):
    url, _ = site
    page.goto(url + "/")
    # Hover only once every paragraph has been swapped in: a later swap replaces the hovered element.
    expect(page.locator(".en.done")).to_have_count(page.locator(".row").count(), timeout=60_000)
    page.hover('.de [data-pair="6-1"]')
    assert "linked" in page.get_attribute('.en [data-pair="6-1"]', "class")
    assert "linked" not in page.get_attribute('.en [data-pair="6-0"]', "class")
    page.hover('.en [data-pair="7-0"]')
    assert "linked" in page.get_attribute('.de [data-pair="7-0"]', "class")
    assert "linked" not in page.get_attribute('.de [data-pair="6-1"]', "class")
    page.focus('.de [data-pair="2-0"]')
    assert "linked" in page.get_attribute('.en [data-pair="2-0"]', "class")


def test_narrow_screen_stacks_the_columns(site, page):
    url, engine = site
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/")
    expect(page.locator(".en.done")).to_have_count(page.locator(".row").count(), timeout=60_000)
    german = page.locator("#p3 .de").bounding_box()
    english = page.locator("#p3 .en").bounding_box()
    assert english["y"] >= german["y"] + german["height"] - 1, "English below German on a phone"
    screenshot(page, f"reader-{engine}-phone")


def test_paste_a_text_look_up_a_word_and_select_a_term(gloss_site, page):
    url = gloss_site
    page.goto(url + "/documents/new")
    page.fill("#title", "Mein Text")
    page.fill("#text", "Der UN-Sicherheitsrat fordert eine Feuerpause. Die Feuerpause soll sofort gelten.")
    page.click("button[type=submit]")
    page.wait_for_url("**/documents/*")
    assert page.title().startswith("Mein Text")
    expect(page.locator("h1.doc-title")).to_have_text("Mein Text")
    page.locator(".de .w", has_text="fordert").first.click()
    dialog = page.locator("dialog#lookup")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".meanings .senses li").first).to_be_visible()
    assert "fordern" in dialog.inner_text()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.click('.term-filter[data-term="Feuerpause"]')
    expect(page.locator('mark.term.selected[data-term="Feuerpause"]')).to_have_count(2)
    page.locator(".en .sentence").first.click()
    expect(dialog.locator(".alternatives li")).to_have_count(1)
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems


def test_selected_words_can_be_added_to_the_glossary(gloss_site, page):
    page.goto(gloss_site + "/")
    expect(page.locator("#add-selection")).to_be_hidden()
    page.evaluate("""() => {
        const mark = [...document.querySelectorAll('.de mark.term')].find(m => m.textContent.includes('Schutzschilde'));
        const range = document.createRange();
        range.selectNodeContents(mark);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    button = page.locator("#add-selection")
    expect(button).to_be_visible()
    button.click()
    dialog = page.locator("dialog#lookup")
    expect(dialog).to_be_visible()
    assert "menschliche Schutzschilde" in dialog.inner_text()


def test_selection_added_through_the_lookup_form(gloss_site, page):
    page.goto(gloss_site + "/")
    page.evaluate("""() => {
        const words = [...document.querySelectorAll('.de .w')];
        const first = words.findIndex((w, i) => w.textContent === 'gemeinsame' && words[i + 1].textContent === 'Sache');
        const range = document.createRange();
        range.setStart(words[first].firstChild, 0);
        range.setEnd(words[first + 1].firstChild, 5);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.locator("#add-selection").click()
    form = page.locator("dialog#lookup form.add-term")
    expect(form).to_be_visible()
    assert form.locator("input[name=de]").input_value() == "gemeinsame Sache"
    form.locator("input[name=en]").fill("common cause")
    form.locator("button[type=submit]").click()
    expect(page.locator("dialog#lookup .added")).to_contain_text("common cause")
    terms = page.request.get(gloss_site + "/api/glossary?source=user").json()["terms"]
    assert [(t["de"], t["en"]) for t in terms] == [("gemeinsame Sache", "common cause")]


def test_glossary_page_add_edit_delete(gloss_site, page):
    page.goto(gloss_site + "/glossary")
    form = page.locator("form.add-term")
    form.locator("input[name=de]").fill("Waffengang")
    form.locator("input[name=en]").fill("armed clash")
    form.locator("input[name=note]").fill('<script>alert("x")</script> stays text')
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("markup")  # refused with a reason, nothing stored
    page.goto(gloss_site + "/glossary")
    expect(page.locator("#own-terms tbody tr")).to_have_count(0)
    form = page.locator("form.add-term")
    form.locator("input[name=de]").fill("Waffengang")
    form.locator("input[name=en]").fill("armed clash")
    form.locator("button[type=submit]").click()
    row = page.locator("#own-terms tbody tr", has_text="Waffengang")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Edit").click()
    page.locator("#own-terms input[name=en]").fill("armed confrontation")
    page.locator("#own-terms").get_by_role("button", name="Save").click()
    expect(page.locator("#own-terms tbody tr", has_text="armed confrontation")).to_have_count(1)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#own-terms tbody tr", has_text="Waffengang").get_by_role("button", name="Delete").click()
    expect(page.locator("#own-terms tbody tr", has_text="Waffengang")).to_have_count(0)
    terms = page.request.get(gloss_site + "/api/glossary?source=user").json()["terms"]
    assert terms == []


def test_a_sentence_link_opens_the_reader_there(gloss_site, page):
    page.goto(gloss_site + "/")
    page.goto(gloss_site + "/documents/1#s9-2")
    expect(page.locator('.de [data-pair="9-2"]')).to_be_focused()
