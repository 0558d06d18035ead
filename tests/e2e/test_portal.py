"""The public portal as a newcomer uses it: find a social cooperative typed without Polish
letters, open its profile, see it on the map, download the directory as CSV; every page
readable at 320 px and at 200% zoom."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import check_page, load_demo_data

COOPERATIVE = "Spółdzielnia Socjalna „Zielony Zakątek”"


def test_find_a_cooperative_open_its_profile_and_download_the_directory(
    page: Page, live_server
) -> None:
    load_demo_data()
    page.goto(live_server.url + "/directory/?q=spoldzielnia+socjalna+zielony+zakatek")
    page.get_by_role("link", name=re.compile(COOPERATIVE)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COOPERATIVE)
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    expect(page.locator("[data-map=point] .leaflet-marker-icon")).to_have_count(1)
    check_page(page, "entity-profile")

    page.goto(live_server.url + "/directory/?q=zielony+zakatek")
    page.get_by_role("link", name="Pokaż te podmioty na mapie").click()
    expect(page).to_have_url(re.compile(r"/map/\?q=zielony"))

    page.goto(live_server.url + "/open-data/")
    check_page(page, "open-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("ID w koordynatorze;Nazwa;")
    assert COOPERATIVE in content


def test_public_pages_fit_320_px_and_200_percent_zoom(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/directory/")
    profile = page.locator(".directory-list h3 a").first.get_attribute("href")
    pages = ["/", "/directory/?q=spoldzielnia", profile, "/map/", "/open-data/", "/news/"]
    # 320 CSS px is a phone; 640 CSS px is a 1280 px window zoomed to 200%.
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 800})
        for path in pages:
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways at {width} px"
