"""Logging in through the real form on a live server that requires accounts, in Chromium."""
from __future__ import annotations

from playwright.sync_api import expect

from conftest import PHONE, screenshot
from support import add_account
from test_browser_learner import AXE, axe_violations


def test_log_in_read_and_log_out_through_the_form(live_server, new_page, tmp_path):
    database = tmp_path / "exposed.sqlite"
    add_account(database, "anna", "anna-passwort", admin=True)
    site = live_server(LOGIN_REQUIRED="1", DATABASE=str(database))
    page = new_page(viewport=PHONE)
    page.add_init_script(path=str(AXE))
    found = {}

    page.goto(site + "/glossary")
    expect(page).to_have_url(site + "/login?next=/glossary")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)  # its links would all lead here
    found["login"] = axe_violations(page)

    page.get_by_label("Name").fill("anna")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("name or password is wrong")
    expect(page.get_by_label("Name")).to_have_value("anna")
    found["login, refused"] = axe_violations(page)
    screenshot(page, "login-refused-phone")
    assert page.problems == ["Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"]
    page.problems.clear()  # the refused login is a 401, which Chromium logs; nothing else may be

    page.get_by_label("Password").fill("anna-passwort")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(site + "/glossary")
    expect(page.get_by_role("heading", name="Glossary", exact=True)).to_be_visible()

    # On a phone the site's links fold into the menu; the account stays in the header, nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Sample article").click()
    expect(page.locator(".en.pending")).to_have_count(0, timeout=30_000)   # htmx requests carry the session
    expect(page.locator("mark.term", has_text="Feuerpause").first).to_be_visible()

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("cell", name="anna", exact=True)).to_be_visible()
    found["accounts"] = axe_violations(page)
    screenshot(page, "accounts-phone", full_page=True)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(site + "/login")
    page.goto(site + "/documents")
    expect(page).to_have_url(site + "/login?next=/documents")
    assert not {where: v for where, v in found.items() if v}, found
    assert page.problems == []
