"""The support centres' desk with the demo: the coordinator sees the network of three
centres, every powiat covered and the previous year's 186 jobs created; the OWES login
sees its own centre. Every page passes axe-core."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from .conftest import check_page, load_demo_data, log_in


def test_the_coordinator_and_the_owes_staff_read_the_desk(page: Page, live_server) -> None:
    load_demo_data()
    year = timezone.localdate().year - 1
    log_in(page, live_server.url)
    page.get_by_role("link", name="Ośrodki wsparcia (OWES)").click()
    expect(page.locator("h1")).to_have_text("Ośrodki wsparcia ekonomii społecznej (OWES)")
    expect(page.locator('[data-figure="jobs_created"]')).to_have_text("186")
    expect(page.get_by_text("Każdy powiat jest obsługiwany przez ośrodek.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Dane za {year} rok")).to_be_visible()
    check_page(page, "support-desk-coordinator")

    page.context.clear_cookies()
    log_in(page, live_server.url, "owes@demo.example")
    page.goto(live_server.url + "/panel/support/")
    centres = page.get_by_role("table", name="Ośrodki wsparcia regionu lubelskie")
    expect(centres.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_text("Pokrycie powiatów")).to_have_count(0)
    check_page(page, "support-desk-owes")
