"""In the browser: the regional coordinator works with the registry of entities: lists and
filters it (with and without htmx), opens an entity, adds one after correcting a wrong NIP,
and looks at the edit, history, merge and delete pages. Every page passes axe-core."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect
from stdnum.pl import nip as nip_number

from koordynator.registry.models import Entity
from koordynator.registry.services import sectors_load
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory

from .conftest import check_page, load_demo_data, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NEW_NAME = "Fundacja „Przeglądarka Testowa”"


def load_registry() -> list[Entity]:
    load_demo_data()
    sectors_load()
    annopol = TerritorialUnit.objects.get(code="0607023")
    return [
        EntityFactory(
            name="Spółdzielnia Socjalna „Kwiat Lnu”",
            kind="social_cooperative",
            is_social_enterprise=True,
            has_economic_activity=True,
            employees_total=9,
        ),
        EntityFactory(
            name="Stowarzyszenie „Kwiat Paproci”",
            gmina=annopol,
            locality="Annopol",
        ),
        EntityFactory(name="Fundacja „Kwiat Jabłoni”", kind="foundation"),
    ]


def unused_nip() -> str:
    """A NIP with a valid check digit that no entity has (the demo data generates some)."""
    taken = set(Entity.objects.values_list("nip", flat=True))
    for n in range(1_000_000, 10_000_000, 7):
        candidates = (f"77{n:07d}{digit}" for digit in range(10))
        for number in candidates:
            if nip_number.is_valid(number) and number not in taken:
                return number
    raise AssertionError("no free NIP")


def test_list_filter_detail_and_create(page: Page, live_server) -> None:
    load_registry()
    url = live_server.url
    main = page.locator("main")
    log_in(page, url)

    # The list, filtered with htmx: only the results change, and the address follows.
    page.goto(f"{url}/panel/registry/")
    expect(main.get_by_role("heading", level=1)).to_have_text(re.compile("Rejestr|Registry"))
    check_page(page, "registry-list")
    results = page.locator("#entity-results")
    search = main.get_by_label(re.compile("Nazwa|Name"))
    search.fill("kwiat")
    search.press("Enter")
    # The three with the word in their names come first; entities offering flowers follow.
    rows = results.locator("tbody tr th")
    for position in range(3):
        expect(rows.nth(position)).to_contain_text("Kwiat")
    expect(page).to_have_url(re.compile(r"q=kwiat"))
    page.locator("select[name=kind]").select_option("social_cooperative")
    expect(rows.first).to_contain_text("Kwiat Lnu")
    expect(rows.nth(1)).not_to_contain_text("Kwiat")
    assert parse_qs(urlparse(page.url).query)["kind"] == ["social_cooperative"]
    check_page(page, "registry-list-filtered")

    # The same filter without htmx: a plain GET gives the whole page.
    page.goto(f"{url}/panel/registry/?q=kwiat&powiat=0607&kind=")
    for position in range(3):
        expect(rows.nth(position)).to_contain_text("Kwiat")

    # The detail.
    results.get_by_role("link", name="Spółdzielnia Socjalna „Kwiat Lnu”").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Spółdzielnia Socjalna „Kwiat Lnu”")
    expect(
        main.get_by_role("heading", level=2, name=re.compile("Identyfikatory|Identifiers"))
    ).to_be_visible()
    check_page(page, "registry-detail")

    # Create: a wrong NIP is shown next to the field and in the summary.
    page.goto(f"{url}/panel/registry/new/")
    form = main.locator("form.entity-form")
    form.locator("#id_name").fill(NEW_NAME)
    form.locator("#id_kind").select_option("foundation")
    form.locator("#id_gmina").select_option("0607011")
    form.locator("#id_locality").fill("Kraśnik")
    form.locator("#id_nip").fill("1234567890")
    form.locator("#id_description").fill("Fundacja wpisana w teście przeglądarkowym.")
    form.locator("button[type=submit]").click()
    nip = form.locator("#id_nip")
    expect(nip).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_nip_error")).to_contain_text("1234567890")
    expect(main.locator(".error-summary a[href='#id_nip']")).to_be_visible()
    expect(form.locator("#id_name")).to_have_value(NEW_NAME)
    expect(form.locator("#id_gmina")).to_have_value("0607011")
    check_page(page, "registry-create-error")

    # The summary link takes the keyboard to the field.
    main.locator(".error-summary a[href='#id_nip']").click()
    expect(nip).to_be_focused()
    nip.fill(unused_nip())
    form.locator("button[type=submit]").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(NEW_NAME)
    expect(main.locator("[role=status]").first).to_contain_text(NEW_NAME)
    assert Entity.objects.filter(name=NEW_NAME).exists()
    check_page(page, "registry-created")


def test_edit_history_merge_and_delete_pages(page: Page, live_server) -> None:
    first, _second, _third = load_registry()
    duplicate = EntityFactory(name=first.name, email="kwiat@example.org")
    url = live_server.url
    main = page.locator("main")
    log_in(page, url)

    page.goto(f"{url}/panel/registry/{first.pk}/edit/")
    check_page(page, "registry-edit")
    main.locator("#id_short_name").fill("Kwiat Lnu")
    main.locator("form.entity-form button[type=submit]").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(first.name)

    page.goto(f"{url}/panel/registry/{first.pk}/history/")
    expect(main.locator("ins")).to_contain_text(["Kwiat Lnu"])
    check_page(page, "registry-history")

    page.goto(f"{url}/panel/registry/{first.pk}/merge/")
    check_page(page, "registry-merge")
    main.get_by_label(re.compile(re.escape(first.name))).check()
    main.get_by_role("button", name=re.compile("Porównaj|Compare")).click()
    expect(main.locator("table")).to_contain_text("kwiat@example.org")
    check_page(page, "registry-merge-confirm")

    page.goto(f"{url}/panel/registry/{duplicate.pk}/delete/")
    check_page(page, "registry-delete")
