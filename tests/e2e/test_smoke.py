"""Browser smoke tests: the main pages load without JavaScript errors, pass axe-core's
WCAG 2.1 A/AA rules at a desktop and a phone width, and their key interactions work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import check_page, load_demo_data, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_home_page_shows_demo_region(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("lubelskie")
    expect(main.get_by_role("link", name=re.compile("lubelskie"))).to_be_visible()
    check_page(page, "home")


def test_login_page(page: Page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    expect(page.locator("input[name=login]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    check_page(page, "login")


def test_log_in_lands_on_dashboard(page: Page, live_server) -> None:
    load_demo_data()
    log_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robert")
    expect(page.locator("main table")).to_contain_text("Regionalny Ośrodek Polityki Społecznej")
    check_page(page, "dashboard")


def test_profile_issues_api_token_shown_once(page: Page, live_server) -> None:
    load_demo_data()
    log_in(page, live_server.url)
    profile_url = f"{live_server.url}/profile/"
    page.goto(profile_url)
    form = page.locator("main form", has=page.locator("input[name=name]"))
    form.locator("input[name=name]").fill("Skrypt raportowy OWES")
    form.locator("button").click()

    new_key = page.locator("main [role=status] code")
    expect(new_key).to_have_text(re.compile(r"^kdn_\S+$"))
    key = new_key.inner_text().strip()
    expect(page.locator("main table")).to_contain_text("Skrypt raportowy OWES")
    check_page(page, "profile-new-token")

    # Shown once: the next visit lists the token but never shows the key again.
    page.goto(profile_url)
    expect(page.locator("main table")).to_contain_text("Skrypt raportowy OWES")
    expect(page.locator("main [role=status] code")).to_have_count(0)
    assert key not in page.content()


def test_keyboard_skip_link_moves_focus_to_main(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}, focused
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # visible once focused, not only to screen readers

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    expect(page).to_have_url(re.compile(r"#main$"))


def test_text_size_and_high_contrast(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/")
    html = page.locator("html")
    expect(html).to_have_class(re.compile(r"\btext-size-normal\b"))

    larger = page.locator("button[name=text][value=larger]")
    expect(larger).to_have_text(re.compile(r"A\+\+"))
    larger.click()
    expect(html).to_have_class(re.compile(r"\btext-size-larger\b"))
    expect(page.locator("button[name=text][value=larger]")).to_have_attribute(
        "aria-pressed", "true"
    )
    check_page(page, "home-text-larger")

    page.locator("button[name=contrast]").click()
    expect(html).to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(html).to_have_class(re.compile(r"\btext-size-larger\b"))
    expect(page.locator("button[name=contrast]")).to_have_attribute("aria-pressed", "true")
    check_page(page, "home-high-contrast")


def test_directory_search_without_polish_letters(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/directory/")
    check_page(page, "directory")
    page.get_by_role("searchbox").fill("spoldzielnia socjalna")
    page.get_by_role("button", name="Szukaj").click()
    expect(page).to_have_url(re.compile(r"q=spoldzielnia(\+|%20)socjalna"))
    results = page.locator(".directory-list h3")
    expect(results.first).to_contain_text("Spółdzielnia Socjalna")
    check_page(page, "directory-search")
