"""The local governments' indicators as the public and the regional centre see them:
20 of 100 answers with social clauses reads 20%, on pages with no accessibility errors."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from koordynator.accounts.enums import Role
from koordynator.municipalities.models import LocalGovernment
from koordynator.municipalities.services import local_governments_sync
from tests.factories import region_for, user_with_role
from tests.factories.municipalities import SurveyAnswerFactory, SurveyFactory

from .conftest import check_page


def test_indicator_pages_show_twenty_percent_without_accessibility_errors(
    page: Page, live_server, committed_territory
) -> None:
    region = region_for("06", slug="lubelskie")
    local_governments_sync(region=region, actor=None)
    survey = SurveyFactory(region=region, year=2017)
    local_governments = list(LocalGovernment.objects.filter(region=region).order_by("unit__code"))
    for number, local_government in enumerate(local_governments[:100]):
        SurveyAnswerFactory(
            survey=survey, local_government=local_government, with_clauses=number < 20
        )
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)

    page.goto(live_server.url + "/local-governments/")
    expect(page.locator("[data-indicator=share]")).to_have_text("20%")
    expect(page.locator("td[data-year='2017']")).to_have_text("20%")
    check_page(page, "local-governments-public")

    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/panel/")
    page.goto(live_server.url + "/panel/municipalities/indicators/")
    expect(page.locator("td[data-year='2017']")).to_have_text("20%")
    check_page(page, "local-governments-indicators")
