"""In the browser: the public map shows the entities (clusters and markers) although the test
machine can load no map tiles, works by keyboard, keeps its filters in step with the list
link, and the profile's one-place map shows its marker. Every page passes axe-core."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from koordynator.portal import mapping
from tests.factories import EntityFactory

from .conftest import check_page, load_demo_data, screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def data_zoom(url: str) -> int:
    return int(parse_qs(urlparse(url).query)["zoom"][0])


def is_map_data(response) -> bool:
    return "/map/data/" in response.url and response.status == 200


def settled(page: Page) -> None:
    """Wait until the map has drawn the data of where it is now (a resize moves it)."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(page.locator("#entity-map")).to_have_attribute("aria-busy", "false")


def tab_until(page: Page, selector: str, presses: int = 15) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector!r}")


def test_map_shows_clusters_without_tiles_and_zooms_by_keyboard(
    page: Page, live_server, monkeypatch
) -> None:
    load_demo_data()
    monkeypatch.setattr(mapping, "POINTS_LIMIT", 20)  # the demo region's ~300: clusters
    loaded: list[str] = []
    page.on(
        "response", lambda response: loaded.append(response.url) if is_map_data(response) else None
    )
    page.goto(live_server.url + "/map/")
    clusters = page.locator("#entity-map .map-cluster")
    expect(clusters.first).to_be_visible()
    # No tile server in the test settings: the note says so, the clusters are there anyway.
    expect(page.locator("#map-tiles-note")).to_be_visible()
    expect(page.locator("#map-status")).to_contain_text(re.compile(r"\d"))
    settled(page)
    check_page(page, "map")

    # Keyboard: from the list link, Tab reaches the map and then a cluster; Enter zooms in.
    settled(page)  # the checks above resized the window: the clusters are drawn anew
    list_link = page.locator("#map-list-link")
    expect(list_link).to_have_attribute("href", "/directory/")
    list_link.focus()
    tab_until(page, ".map-cluster")
    label = page.evaluate("() => document.activeElement.textContent")
    assert re.search(r"\d", label), label
    zoom_before = data_zoom(loaded[-1])
    # The checks above resized the window, and the map may still be reloading its data at
    # the same zoom: wait for the data of a closer zoom, not for any answer.
    with page.expect_response(
        lambda response: is_map_data(response) and data_zoom(response.url) > zoom_before
    ):
        page.keyboard.press("Enter")
    settled(page)
    # After zooming the focus is back on the map, so Tab goes on from there.
    expect(page.locator("#entity-map")).to_be_focused()


def test_map_marker_popup_by_keyboard_links_to_the_profile(page: Page, live_server) -> None:
    load_demo_data()
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Mapa Lnu”", kind="social_cooperative", latitude=50.93
    )
    page.goto(live_server.url + "/map/?q=mapa+lnu")
    marker = page.locator("#entity-map img.leaflet-marker-icon")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("alt", entity.name)
    settled(page)

    page.locator("#map-list-link").focus()
    tab_until(page, "img.leaflet-marker-icon")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    link = popup.get_by_role("link", name=entity.name)
    expect(link).to_have_attribute("href", f"/directory/{entity.pk}/")
    expect(link).to_be_focused()  # the popup's link takes the focus
    expect(popup.locator(".map-popup-kind")).to_have_text(re.compile(r"spółdzielnia socjalna"))
    expect(popup).to_have_css("opacity", "1")  # faded in
    check_page(page, "map-popup")

    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(marker).to_be_focused()  # and gives it back when the popup closes

    page.locator("#map-list-link").focus()
    tab_until(page, "img.leaflet-marker-icon")
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # on the focused link
    expect(page).to_have_url(f"{live_server.url}/directory/{entity.pk}/")


def test_filters_reload_the_map_and_the_list_link_keeps_the_query(page: Page, live_server) -> None:
    load_demo_data()
    EntityFactory(name="Fundacja „Mapa Lnu”", kind="foundation")
    EntityFactory(
        name="Stowarzyszenie „Mapa Lnu”", kind="association", latitude=None, longitude=None
    )
    page.goto(live_server.url + "/map/?q=mapa+lnu")
    list_link = page.locator("#map-list-link")
    expect(list_link).to_have_attribute("href", "/directory/?q=mapa+lnu")
    status = page.locator("#map-status")
    expect(status).to_contain_text("2")
    expect(status).to_contain_text("1")  # one of them has no location

    settled(page)
    with page.expect_response(is_map_data) as filtered:
        page.get_by_label(re.compile("Rodzaj|Kind")).select_option("foundation")
    assert parse_qs(urlparse(filtered.value.url).query)["kind"] == ["foundation"]
    expect(list_link).to_have_attribute("href", "/directory/?q=mapa+lnu&kind=foundation")
    expect(page).to_have_url(re.compile(r"/map/\?q=mapa\+lnu&kind=foundation$"))
    expect(page.locator("#entity-map img.leaflet-marker-icon")).to_have_count(1)
    check_page(page, "map-filtered")

    list_link.click()
    expect(page).to_have_url(re.compile(r"/directory/\?q=mapa\+lnu&kind=foundation$"))
    expect(page.locator(".directory-list h3")).to_have_text(["Fundacja „Mapa Lnu”"])


def test_map_keeps_its_markers_when_tiles_fail(page: Page, live_server, settings) -> None:
    # An address where nothing listens: every tile fails, as on an intranet without internet.
    settings.KOORDYNATOR_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    load_demo_data()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(live_server.url + "/map/")
    expect(page.locator("#map-tiles-note")).to_be_visible()
    expect(page.locator("#entity-map .map-cluster").first).to_be_visible()
    assert errors  # the browser reports the tiles it could not load, and nothing else
    assert all("Failed to load resource" in error for error in errors), errors


def test_profile_shows_its_place_on_a_small_map(page: Page, live_server) -> None:
    load_demo_data()
    entity = EntityFactory(name="Fundacja „Punkt na Mapie”", kind="foundation")
    page.goto(f"{live_server.url}/directory/{entity.pk}/")
    point_map = page.locator(".point-map.leaflet-container")
    expect(point_map).to_be_visible()
    expect(point_map.locator("img.leaflet-marker-icon")).to_have_attribute("alt", entity.name)
    expect(page.locator("#point-map-note")).to_be_visible()
    check_page(page, "entity-point-map")


def test_map_without_javascript_points_to_the_list(browser, live_server) -> None:
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/map/?kind=cis")
        expect(page.locator("noscript")).to_have_count(1)
        expect(page.locator("#map-list-link")).to_have_attribute("href", "/directory/?kind=cis")
        assert page.locator("#entity-map").bounding_box()["height"] == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 640])
def test_map_fits_narrow_screens_and_200_percent_zoom(page: Page, live_server, width) -> None:
    """320 px is a phone, and 1280 px at 400% zoom; 640 px is 1280 px at 200% zoom."""
    load_demo_data()
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(live_server.url + "/map/?kind=cis")
    expect(page.locator("#entity-map.leaflet-container")).to_be_visible()
    expect(page.locator("#map-status")).to_contain_text(re.compile(r"\d"))
    settled(page)
    page.screenshot(path=str(screenshot_path("map", f"{width}px")), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    box = page.locator("#entity-map").bounding_box()
    assert box is not None
    assert box["width"] >= min(width - 40, 500)  # Bootstrap's container is 540 px at 640
    assert box["height"] >= 250
