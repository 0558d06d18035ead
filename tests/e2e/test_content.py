"""In the browser: the public reads the news, opens the post with a photo gallery and walks
through its photos by keyboard, and reads the accessibility statement; the regional
coordinator opens the same post in the staff form. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koordynator.content.models import Post
from koordynator.demo.data import DEMO_PASSWORD

from .conftest import check_page, load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

GALLERY_POST = "Spotkanie sieciujące Centrów i Klubów Integracji Społecznej"
SCHEDULED_POST = "Targi Ekonomii Społecznej – zapraszamy wystawców"


def wait_for_images(page: Page, selector: str) -> None:
    """Wait until every image the selector finds has loaded (and fail if one never does)."""
    page.wait_for_function(
        """(selector) => [...document.querySelectorAll(selector)].every(
            (img) => img.complete && img.naturalWidth > 0)""",
        arg=selector,
    )


def test_news_post_with_gallery_and_accessibility_statement(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu główne").get_by_role(
        "link", name="Aktualności"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/news/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Aktualności")
    expect(main.get_by_role("link", name=GALLERY_POST)).to_be_visible()
    expect(main.get_by_text(SCHEDULED_POST)).to_have_count(0)
    feed = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    expect(feed).to_have_attribute("href", "/news/lubelskie/feed/")
    page.locator(".news-item-image").first.scroll_into_view_if_needed()
    check_page(page, "news-list")

    main.get_by_role("link", name=GALLERY_POST).click()
    expect(main.get_by_role("heading", level=1)).to_have_text(GALLERY_POST)
    gallery = main.get_by_role("region", name="Galeria zdjęć")
    photos = gallery.get_by_role("img")
    expect(photos).to_have_count(6)
    for index in range(6):
        expect(photos.nth(index)).to_have_attribute("alt", re.compile(r"^Ilustracja: \S"))
    expect(gallery.locator("figcaption").first).to_have_text("Sesja otwierająca")
    documents = main.get_by_role("region", name="Dokumenty")
    expect(documents.get_by_role("link")).to_have_accessible_name(
        re.compile(r"^Regulamin rekrutacji .* \(PDF, [\d,]+\s(bajtów|KB)\)")
    )
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    wait_for_images(page, "main img")
    check_page(page, "news-post-gallery")

    # The gallery works by keyboard alone: focus the first photo, Enter opens it large.
    gallery.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Zdjęcie 1 z 6")
    expect(main.get_by_role("link", name="Następne zdjęcie")).to_be_visible()
    expect(main.get_by_role("link", name="Poprzednie zdjęcie")).to_have_count(0)
    wait_for_images(page, "main img")
    main.get_by_role("link", name="Następne zdjęcie").focus()
    page.keyboard.press("Enter")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Zdjęcie 2 z 6")
    check_page(page, "news-photo")

    page.locator("footer").get_by_role("link", name="Deklaracja dostępności").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Deklaracja dostępności")
    for heading in [
        "Wstęp",
        "Data publikacji i aktualizacji",
        "Status pod względem zgodności z ustawą",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Dostępność architektoniczna",
    ]:
        expect(main.get_by_role("heading", level=2, name=heading)).to_be_visible()
    check_page(page, "accessibility-statement")


def test_coordinator_edits_the_gallery_post(page: Page, live_server) -> None:
    load_demo_data()
    post = Post.objects.get(title=GALLERY_POST)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill("rops@demo.example")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/panel/news/")
    expect(page.locator("main table")).to_contain_text(SCHEDULED_POST)
    check_page(page, "news-staff-list")
    page.goto(f"{live_server.url}/panel/news/{post.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(GALLERY_POST)
    expect(page.locator(".staff-photo")).to_have_count(6)
    check_page(page, "news-staff-edit")
