"""A sitting of the regional committee run through the pages by the regional coordinator:
planned with its agenda, convened, attended, a resolution voted and passed with quorum,
the minutes drafted and approved; then an anonymous visitor finds the resolution in the
public register and opens the minutes as a PDF. Every page passes axe-core."""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from koordynator.accounts.enums import Role
from koordynator.committee.models import Member, Resolution, Sitting
from tests.factories import region_for, user_with_role
from tests.factories.committee import CommitteeFactory, MemberFactory

from .conftest import check_page

PASSWORD = "correct-horse-battery"
TITLE = "w sprawie przyjęcia planu pracy Komitetu"


def _members(committee, today: date) -> list[Member]:
    names = ["Anna Świątek", "Bartosz Łęcki", "Celina Ćwik", "Dariusz Źrebak"]
    return [
        MemberFactory(
            committee=committee,
            full_name=name,
            deputy_name="Józef Żółkiewski" if number == 0 else "",
            term_starts_on=date(today.year - 1, 1, 1),
            term_ends_on=date(today.year + 1, 12, 31),
        )
        for number, name in enumerate(names)
    ]


def test_a_sitting_from_its_agenda_to_the_public_register_and_minutes(
    page: Page, live_server, committed_territory
) -> None:
    base = live_server.url
    today = timezone.localdate()
    region = region_for("06", slug="lubelskie")
    committee = CommitteeFactory(region=region)
    members = _members(committee, today)
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)

    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/panel/")
    page.get_by_role("link", name="Regionalny komitet (RKRES): członkowie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(committee.name)
    check_page(page, "committee-overview")

    # Plan the sitting with its agenda.
    page.get_by_role("link", name="Zaplanuj posiedzenie").first.click()
    check_page(page, "committee-sitting-form")
    page.locator("#id_starts_at").fill(f"{today:%Y-%m-%d}T10:00")
    page.locator("#id_ends_at").fill(f"{today:%Y-%m-%d}T13:00")
    page.locator("#id_venue_name").fill("Sala Kolumnowa Urzędu Marszałkowskiego")
    page.locator("#id_venue_address").fill("ul. Spokojna 4, Lublin")
    page.locator("#id_agenda").fill("Otwarcie posiedzenia\nPrzyjęcie planu pracy")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I posiedzenie")
    sitting = Sitting.objects.get()

    # Build the agenda: one more item, moved above the work plan.
    page.locator("#id_title").fill("Informacja o sytuacji ekonomii społecznej")
    page.get_by_role("button", name="Dodaj do porządku obrad").click()
    expect(page.locator("[data-agenda-item='3'] h3")).to_have_text(
        "3. Informacja o sytuacji ekonomii społecznej"
    )
    page.locator("[data-agenda-item='3']").get_by_role("button", name="W górę").click()
    expect(page.locator("[data-agenda-item='2'] h3")).to_have_text(
        "2. Informacja o sytuacji ekonomii społecznej"
    )
    check_page(page, "committee-sitting-planned")

    # Convene it: every member is invited.
    page.locator("button[data-move=convene]").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Posiedzenie zwołano. Zaproszenie trafi do 4 członków."
    )
    expect(page.locator("#status-heading")).to_have_text("Status: zwołane")

    # Mark the attendance on one form.
    page.get_by_role("link", name="Zaznacz obecność").click()
    check_page(page, "committee-attendance")
    statuses = ["deputy", "present", "present", "unexcused"]
    for member, status in zip(members, statuses, strict=True):
        page.locator(f"#id_member_{member.pk}").select_option(status)
    page.get_by_role("button", name="Zapisz obecność").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Obecnych: 3 z 4 członków (osobiście lub przez zastępcę); kworum wynosi 2. "
        "Kworum było zachowane."
    )

    # A resolution, voted and passed with quorum.
    page.get_by_role("link", name="Nowa uchwała lub opinia").click()
    check_page(page, "committee-resolution-form")
    page.locator("#id_kind").select_option("resolution")
    page.locator("#id_agenda_item").select_option(label="3. Przyjęcie planu pracy")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_text").fill("Komitet przyjmuje plan pracy na rok stanowiący załącznik.")
    page.locator("main form button[type=submit]").click()
    check_page(page, "committee-resolution-vote")
    page.locator("#id_votes_for").fill("4")
    page.get_by_role("button", name="Zapisz głosowanie").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Głosów: 4, a obecnych członków tylko 3."
    )
    expect(page.locator("#id_votes_for")).to_have_value("4")
    page.locator("#id_votes_for").fill("2")
    page.locator("#id_votes_abstained").fill("1")
    page.get_by_role("button", name="Zapisz głosowanie").click()
    reference = f"Uchwała nr 1/{today.year}"
    expect(page.locator(".alert-success")).to_have_text(f"Przyjęto: {reference}.")
    expect(page.locator("[data-vote-result]")).to_have_text(
        "za: 2, przeciw: 0, wstrzymało się: 1 – przyjęta"
    )
    check_page(page, "committee-resolution-passed")
    resolution = Resolution.objects.get()
    assert resolution.reference == f"1/{today.year}"

    # Held; the minutes drafted, corrected, submitted and approved.
    page.get_by_role("link", name="I posiedzenie").click()
    page.locator("button[data-move=hold]").click()
    expect(page.locator("#status-heading")).to_have_text("Status: odbyte")
    page.get_by_role("button", name="Sporządź projekt protokołu").click()
    expect(page.locator("#id_text")).to_contain_text(f"{reference} – {TITLE}")
    check_page(page, "committee-minutes-draft")
    text = page.locator("#id_text").input_value()
    page.locator("#id_text").fill(text + "\nPosiedzenie zamknięto o godzinie 13:00.")
    page.get_by_role("button", name="Zapisz protokół").click()
    page.get_by_role("button", name="Przekaż do zatwierdzenia").click()
    page.get_by_role("button", name="Zatwierdź protokół").click()
    expect(page.locator(".alert-success")).to_have_text("Protokół zatwierdzono.")
    expect(page.locator("[data-minutes-status]")).to_contain_text("zatwierdzony (ostateczny)")
    check_page(page, "committee-minutes-approved")
    page.get_by_role("link", name="I posiedzenie").click()
    page.locator("button[data-move=close]").click()
    expect(page.locator("#status-heading")).to_have_text(
        "Status: zamknięte (protokół zatwierdzony)"
    )
    check_page(page, "committee-sitting-closed")

    # Anyone: the register, the resolution's page, the committee page and the PDF.
    page.locator("header form[action$='/logout/'] button").click()
    page.goto(f"{base}/committee/resolutions/?region=lubelskie")
    row = page.locator(f"tr[data-resolution='{resolution.pk}']")
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text(TITLE)
    check_page(page, "committee-register")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    check_page(page, "committee-resolution-public")
    page.get_by_role("navigation", name="Menu główne").get_by_role(
        "link", name="RKRES", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(committee.name)
    check_page(page, "committee-public")
    href = f"/committee/sittings/{sitting.pk}/minutes.pdf"
    link = page.locator(f"main a[href='{href}']")
    expect(link).to_have_text("Protokół (PDF): I posiedzenie")
    response = page.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert reference in text
    assert "Protokół z posiedzenia nr I" in text
    assert "Posiedzenie zamknięto o godzinie 13:00." in text
    assert "Józef Żółkiewski" in text
