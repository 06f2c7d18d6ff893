"""The reader's panels, navigation, selection button and theme in Chromium, at 1366×900 and 390×844."""
from __future__ import annotations

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
