"""A long book in the browser: windows that load as you scroll, the navigation, links into a late window."""
from __future__ import annotations


from playwright.sync_api import expect

from conftest import screenshot

CHAPTERS = 6
PARAGRAPHS = 30  # per chapter


def book() -> str:
    """Markdown with chapter headings: each chapter is a window of its own."""
    parts = []
    for chapter in range(1, CHAPTERS + 1):
        parts.append(f"## Kapitel {chapter}")
        parts += [f"Absatz {chapter}-{n}: Die Feuerpause hält seit Montag. Der Sicherheitsrat tagt erneut."
                  for n in range(1, PARAGRAPHS + 1)]
    return "\n\n".join(parts)


def import_book(page, url: str) -> str:
    page.goto(url + "/documents/new")
    page.set_input_files("#file", files=[{"name": "buch.md", "mimeType": "text/markdown",
                                          "buffer": book().encode()}])
    page.click("button[type=submit]")
    page.wait_for_url("**/documents/*")
    expect(page.locator(".de .sentence").first).to_be_visible(timeout=30_000)
    return page.url.split("?")[0]


def test_windows_load_as_the_reader_scrolls(gloss_site, page):
    reader = import_book(page, gloss_site)
    rows = page.locator("section.row")
    expect(rows).to_have_count(PARAGRAPHS + 1)  # the first chapter: its heading and paragraphs
    nav = page.locator("nav.book-nav")
    expect(nav.locator("#chapter option")).to_have_count(CHAPTERS)
    page.locator(".window-loader").scroll_into_view_if_needed()
    expect(rows).to_have_count(2 * (PARAGRAPHS + 1), timeout=10_000)  # the next chapter came in
    expect(page.locator("#p31 h2")).to_contain_text("Kapitel 2")
    expect(page.locator("#en-31.done")).to_have_count(1, timeout=20_000)  # and its English with it
    screenshot(page, "book-second-window")
    page.goto(reader)
    page.select_option("#chapter", label="Kapitel 5")  # the navigation jumps to a chapter
    page.wait_for_url("**from=124*")
    expect(page.locator("#p124 h2")).to_contain_text("Kapitel 5")
    expect(page.locator("#p1")).to_have_count(0)  # the early chapters are not on the page


def test_a_search_hit_in_a_late_chapter_opens_its_window(gloss_site, page):
    import_book(page, gloss_site)
    page.goto(gloss_site + '/search?q="Absatz 6-17"')
    hit = page.locator("ol.hits a").first
    paragraph = 5 * (PARAGRAPHS + 1) + 17  # five chapters before, then the heading and 16 paragraphs
    assert f"from={paragraph}" in hit.get_attribute("href")
    hit.click()
    expect(page.locator(f'.de [data-pair="{paragraph}-0"]')).to_be_focused()
    expect(page.locator(f'.de [data-pair="{paragraph}-0"]')).to_contain_text("Absatz 6-17")


def test_continue_reading_reopens_the_window_where_the_reader_was(gloss_site, page):
    reader = import_book(page, gloss_site)
    page.goto(reader + "?from=100")
    page.focus('.de [data-pair="100-1"]')
    page.goto(reader)  # no position in the link: the remembered one wins
    expect(page.locator('.de [data-pair="100-1"]')).to_be_focused(timeout=10_000)
    assert "from=100" in page.url
