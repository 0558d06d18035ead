"""A regional coordinator builds a thematic group: creates it, adds members, schedules a
meeting and shares a document; the representative of a member entity logs in, finds the
network under "Moje sieci współpracy" and downloads the document; the public page lists
the network. Every page passes axe-core."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from koordynator.accounts.enums import OrganisationKind, Role
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role
from tests.factories.networks import PDF

from .conftest import check_page

PASSWORD = "correct-horse-battery"


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/panel/")


def test_coordinator_builds_a_network_and_a_member_downloads_its_document(
    page: Page, live_server, committed_territory, tmp_path
) -> None:
    region = region_for("06", slug="lubelskie")
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    organisation = OrganisationFactory(
        name="CIS „Przystań” (konto)", kind=OrganisationKind.ENTITY, region=region
    )
    member_entity = EntityFactory(name="Centrum Integracji Społecznej „Przystań”", kind="cis")
    member_entity.organisation = organisation
    member_entity.save()
    EntityFactory(name="Klub Integracji Społecznej „Razem”", kind="kis")
    representative = user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation)

    # The coordinator creates the network.
    log_in(page, live_server, coordinator.email)
    page.goto(live_server.url + "/panel/networks/")
    check_page(page, "networks-staff-list")
    page.get_by_role("link", name="Nowa sieć").click()
    page.locator("#id_name").fill("Grupa Tematyczna ds. podmiotów reintegracyjnych")
    page.locator("#id_kind").select_option("thematic_group")
    page.locator("#id_purpose").fill("Współpraca CIS, KIS, ZAZ i WTZ w regionie.")
    page.locator("#id_active_from").fill("2016-02-23")
    check_page(page, "networks-network-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Grupa Tematyczna ds. podmiotów reintegracyjnych")

    # Members: an entity found by its name, and a business.
    page.get_by_role("link", name="Dodaj członka").click()
    page.get_by_label("podmiot ekonomii społecznej (PES)", exact=True).check()
    page.locator("#id_entity_name").fill(member_entity.name)
    check_page(page, "networks-member-form")
    page.get_by_role("button", name="Dodaj i dodaj kolejnego").click()
    expect(page.locator(".alert-success")).to_contain_text("jest teraz członkiem sieci")
    page.get_by_label("przedsiębiorstwo", exact=True).check()
    page.locator("#id_name").fill("Piekarnia Roztocze sp. z o.o.")
    page.get_by_role("button", name="Dodaj członka", exact=True).click()
    expect(page.locator("#members-heading")).to_have_text("2 członków")

    # A meeting, created as an event of the region.
    page.get_by_role("link", name="Zaplanuj spotkanie").click()
    starts = (timezone.localtime() + timedelta(days=30)).replace(hour=10, minute=0)
    page.locator("#id_title").fill("III spotkanie Grupy Tematycznej")
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((starts + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_venue_name").fill("CIS w Kraśniku")
    check_page(page, "networks-meeting-form")
    page.get_by_role("button", name="Zaplanuj spotkanie").click()
    expect(page.locator("main")).to_contain_text("III spotkanie Grupy Tematycznej")

    # A shared document.
    document = tmp_path / "notatka-z-ii-spotkania.pdf"
    document.write_bytes(PDF)
    page.get_by_role("link", name="Udostępnij dokument").click()
    page.locator("#id_title").fill("Notatka z II spotkania")
    page.locator("#id_file").set_input_files(str(document))
    check_page(page, "networks-document-form")
    page.get_by_role("button", name="Udostępnij dokument").click()
    expect(page.get_by_role("link", name="Notatka z II spotkania")).to_be_visible()
    check_page(page, "networks-detail-staff")

    # The member entity's representative sees the network and gets the document.
    page.context.clear_cookies()
    log_in(page, live_server, representative.email)
    page.get_by_role("link", name="Moje sieci współpracy").click()
    expect(page.locator("h1")).to_have_text("Moje sieci współpracy")
    expect(page.locator("main")).to_contain_text("Grupa Tematyczna ds. podmiotów reintegracyjnych")
    expect(page.locator("main")).to_contain_text("III spotkanie Grupy Tematycznej")
    expect(page.get_by_role("link", name="Zapisz się")).to_be_visible()
    check_page(page, "networks-mine")
    link = page.get_by_role("link", name="Notatka z II spotkania")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.body() == PDF
    page.get_by_role("link", name="Grupa Tematyczna ds. podmiotów reintegracyjnych").click()
    expect(page.get_by_role("link", name="Dodaj członka")).to_have_count(0)
    check_page(page, "networks-detail-member")

    # The public page names the network and its members.
    page.context.clear_cookies()
    page.goto(live_server.url + "/networks/")
    expect(page.locator("main")).to_contain_text("Grupa Tematyczna ds. podmiotów reintegracyjnych")
    expect(page.get_by_role("link", name=member_entity.name)).to_have_attribute(
        "href", f"/directory/{member_entity.pk}/"
    )
    check_page(page, "networks-public")
