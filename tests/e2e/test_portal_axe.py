"""The directory, the map and a page of tables pass axe's WCAG checks and the best
practices of AXE_RULES (headings in order, allowed roles, landmarks told apart) at both
viewports; the map's attribution link is told from its text by more than colour."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import check_page, load_demo_data


def test_directory_map_and_tables_pass_axe(page: Page, live_server) -> None:
    load_demo_data()
    page.goto(live_server.url + "/directory/?q=spoldzielnia+socjalna+lublin")
    expect(page.locator("[data-search-notice]")).to_be_visible()
    check_page(page, "directory-search")
    page.goto(live_server.url + "/map/")
    expect(page.locator(".leaflet-control-attribution a").first).to_be_visible()
    check_page(page, "map")
    page.goto(live_server.url + "/local-governments/")
    check_page(page, "local-governments-tables")
