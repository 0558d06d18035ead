"""The committee's pages: the public page, register and minutes PDF; the staff pages with
their permission matrix, forms and moves; the members' read-only materials; query counts."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from koordynator.accounts.enums import Role
from koordynator.committee import services
from koordynator.committee.enums import AttendanceStatus, SittingStatus
from koordynator.committee.models import Committee, Member, Minutes, Resolution, Sitting
from tests.factories import UserFactory, user_with_role
from tests.factories.committee import MemberFactory

from .builders import all_present, approved_sitting, attend, convened, plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_YEAR_DAY = date(TODAY.year, 1, 15)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def current(committee):
    """Three members whose term covers today and this year's sittings."""
    names = ("Anna Świątek", "Bartosz Łęcki", "Celina Ćwik")
    return [
        MemberFactory(
            committee=committee,
            full_name=name,
            term_starts_on=date(TODAY.year - 1, 1, 1),
            term_ends_on=date(TODAY.year + 1, 12, 31),
        )
        for name in names
    ]


@pytest.fixture
def approved(committee, current, coordinator):
    return approved_sitting(committee, current, coordinator, day=THIS_YEAR_DAY)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- Public --------------------------------------------------------------------------------------


def test_the_public_page_shows_the_composition_and_approved_minutes(
    client, committee, current, approved, coordinator
):
    services.member_end(
        member=current[2], ended_on=TODAY - timedelta(days=1), reason="resigned", actor=coordinator
    )
    MemberFactory(
        committee=committee, full_name="Zofia Przyszła", term_starts_on=TODAY + timedelta(days=30)
    )
    sitting, _resolution = approved
    html = client.get("/committee/?region=lubelskie").content.decode()
    assert "<h1>Regionalny Komitet Rozwoju Ekonomii Społecznej Województwa Lubelskiego</h1>" in html
    assert "Komitet ma obecnie 2 członków, powołanych na trzyletnią kadencję." in html
    assert "Anna Świątek" in html
    assert "Celina Ćwik" not in html
    assert "Zofia Przyszła" not in html
    assert "Organizacje pozarządowe" in html
    assert "Powołany przez: Zarząd Województwa Lubelskiego, uchwała nr CXII/2145/2024" in html
    assert reverse("committee:minutes_pdf", args=[sitting.pk]) in html


def test_the_public_page_without_a_committee(client, region):
    html = client.get("/committee/?region=lubelskie").content.decode()
    assert "Komitet tego regionu nie został jeszcze wprowadzony." in html


def test_the_register_lists_adopted_resolutions_and_filters_them(
    client, committee, current, approved, coordinator
):
    sitting, adopted = approved
    Resolution.objects.create(
        committee=committee,
        sitting=sitting,
        kind="opinion",
        year=TODAY.year,
        title="projekt opinii",
    )
    html = client.get("/committee/resolutions/?region=lubelskie").content.decode()
    assert f"Uchwała nr 1/{TODAY.year}" in html
    assert "w sprawie przyjęcia planu pracy" in html
    assert "projekt opinii" not in html
    assert "1 uchwała lub opinia." in html
    for query, found in [
        ("q=plan+prac", True),
        ("q=PLANY+PRACY", True),
        ("q=klauzule", False),
        (f"year={TODAY.year}", True),
        ("kind=opinion", False),
    ]:
        html = client.get(f"/committee/resolutions/?region=lubelskie&{query}").content.decode()
        assert ("w sprawie przyjęcia planu pracy" in html) is found, query
    detail = client.get(reverse("committee:resolution", args=[adopted.pk])).content.decode()
    assert f"<h1>Uchwała nr 1/{TODAY.year}</h1>" in detail
    assert "za: 3, przeciw: 0, wstrzymało się: 0" in detail
    draft = Resolution.objects.get(title="projekt opinii")
    assert client.get(reverse("committee:resolution", args=[draft.pk])).status_code == 404


def test_approved_minutes_are_a_public_pdf_with_polish_letters(client, approved):
    sitting, resolution = approved
    response = client.get(reverse("committee:minutes_pdf", args=[sitting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = text_of(response.content)
    assert f"Uchwała nr {resolution.reference}" in text
    assert "Protokół z posiedzenia nr I" in text
    assert "Anna Świątek" in text
    assert "Kworum było zachowane." in text
    assert "Protokół zatwierdzono" in text


def test_draft_minutes_are_for_staff_and_members_only(
    client, committee, current, coordinator, region
):
    sitting = convened(committee, coordinator, day=THIS_YEAR_DAY)
    sitting = services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)
    services.minutes_draft(sitting=sitting, actor=coordinator)
    url = reverse("committee:minutes_pdf", args=[sitting.pk])
    assert client.get(url).status_code == 404
    client.force_login(user_with_role(Role.COMMITTEE_MEMBER, region=region))
    response = client.get(url)
    assert response.status_code == 200
    assert "PROJEKT – protokół niezatwierdzony" in text_of(response.content)


def test_attachments_are_public_once_adopted(client, committee, current, coordinator, approved):
    sitting, adopted = approved
    draft = Resolution.objects.create(
        committee=committee, sitting=sitting, kind="opinion", year=TODAY.year, title="projekt"
    )
    for resolution in (adopted, draft):
        resolution.attachments.create(
            title="Załącznik", file_name="zal.pdf", file="committee/x.pdf"
        )
    from django.core.files.storage import default_storage

    default_storage.save("committee/x.pdf", io.BytesIO(PDF))
    public = adopted.attachments.get()
    private = draft.attachments.get()
    assert client.get(reverse("committee:attachment", args=[public.pk])).status_code == 200
    assert client.get(reverse("committee:attachment", args=[private.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("committee:attachment", args=[private.pk])).status_code == 200


# --- Staff pages: who sees what ------------------------------------------------------------------


def _urls(committee, sitting, member, resolution):
    return {
        "view": [
            reverse("committee:overview"),
            reverse("committee:member_list"),
            reverse("committee:member_detail", args=[member.pk]),
            reverse("committee:sitting_list"),
        ],
        "read": [
            reverse("committee:sitting_detail", args=[sitting.pk]),
            reverse("committee:resolution_detail", args=[resolution.pk]),
            reverse("committee:minutes", args=[sitting.pk]),
        ],
        "manage": [
            reverse("committee:committee_edit", args=[committee.pk]),
            reverse("committee:member_create"),
            reverse("committee:member_edit", args=[member.pk]),
            reverse("committee:member_end", args=[member.pk]),
            reverse("committee:sitting_create"),
        ],
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"view": 200, "read": 200, "manage": 200}),
        ("admin", {"view": 200, "read": 200, "manage": 200}),
        ("support", {"view": 200, "read": 200, "manage": 404}),
        ("member", {"view": 404, "read": 200, "manage": 404}),
        ("stranger", {"view": 404, "read": 404, "manage": 404}),
        ("entity", {"view": 404, "read": 404, "manage": 404}),
    ],
)
def test_staff_pages_by_role(
    client, committee, current, approved, region, other_region, who, expected
):
    sitting, resolution = approved
    users = {
        "coordinator": lambda: user_with_role(Role.REGIONAL_COORDINATOR, region=region),
        "admin": lambda: user_with_role(Role.NATIONAL_ADMIN),
        "support": lambda: user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region),
        "member": lambda: user_with_role(Role.COMMITTEE_MEMBER, region=region),
        "stranger": lambda: user_with_role(Role.REGIONAL_COORDINATOR, region=other_region),
        "entity": lambda: user_with_role(Role.ENTITY_REPRESENTATIVE, region=region),
    }
    client.force_login(users[who]())
    for kind, urls in _urls(committee, sitting, current[0], resolution).items():
        for url in urls:
            status = client.get(url).status_code
            if who == "member" and url == reverse("committee:overview"):
                assert status == 302, url  # to the materials
            elif who == "stranger" and url in (reverse("committee:overview"),):
                assert status == 200, url  # their own region, with no committee entered
            else:
                assert status == expected[kind], (kind, url)


def test_anonymous_visitors_are_sent_to_log_in(client, committee):
    response = client.get(reverse("committee:member_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_committee_members_see_their_materials_read_only(
    client, committee, current, approved, region
):
    sitting, _resolution = approved
    user = UserFactory()
    current[0].user = user
    current[0].save()
    client.force_login(user)
    html = client.get(reverse("committee:materials")).content.decode()
    assert "I posiedzenie" in html
    detail = client.get(reverse("committee:sitting_detail", args=[sitting.pk])).content.decode()
    assert "Porządek obrad" in detail
    assert "Dodaj do porządku obrad" not in detail
    assert "Zaznacz obecność" not in detail
    minutes = client.get(reverse("committee:minutes", args=[sitting.pk])).content.decode()
    assert "Treść protokołu" in minutes
    assert "<textarea" not in minutes
    assert (
        client.post(reverse("committee:minutes", args=[sitting.pk]), {"text": "x"}).status_code
        == 404
    )


# --- Staff pages: the course of a sitting --------------------------------------------------------


def test_planning_a_sitting_with_its_agenda(client, committee, current, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:sitting_create"),
        {
            "starts_at": f"{THIS_YEAR_DAY:%Y-%m-%d}T10:00",
            "ends_at": f"{THIS_YEAR_DAY:%Y-%m-%d}T13:00",
            "venue_name": "Sala Kolumnowa",
            "venue_address": "ul. Spokojna 4, Lublin",
            "agenda": "Otwarcie posiedzenia\n\nPrzyjęcie planu pracy\n",
        },
    )
    sitting = Sitting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("committee:sitting_detail", args=[sitting.pk])
    assert (sitting.number, sitting.event.venue_name) == (1, "Sala Kolumnowa")
    assert list(sitting.agenda_items.values_list("position", "title")) == [
        (1, "Otwarcie posiedzenia"),
        (2, "Przyjęcie planu pracy"),
    ]


def test_a_sitting_that_ends_before_it_starts_keeps_what_was_typed(client, committee, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:sitting_create"),
        {
            "starts_at": "2026-03-12T10:00",
            "ends_at": "2026-03-12T09:00",
            "venue_name": "Sala Kolumnowa",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Posiedzenie nie może się skończyć przed rozpoczęciem." in html
    assert 'value="Sala Kolumnowa"' in html
    assert not Sitting.objects.exists()


def test_a_forbidden_move_says_why_and_changes_nothing(client, committee, current, coordinator):
    sitting = plan(committee, coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:sitting_transition", args=[sitting.pk, "hold"]), follow=True
    )
    assert "Posiedzenie w stanie „zaplanowane” nie może przejść do stanu „odbyte”." in (
        response.content.decode()
    )
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.PLANNED


def test_agenda_documents_and_attendance_through_the_pages(client, committee, current, coordinator):
    sitting = plan(committee, coordinator)
    client.force_login(coordinator)
    client.post(reverse("committee:agenda_add", args=[sitting.pk]), {"title": "Wolne wnioski"})
    item = sitting.agenda_items.get(title="Wolne wnioski")
    assert item.position == 3
    client.post(reverse("committee:agenda_move", args=[item.pk, "up"]))
    assert [i.title for i in sitting.agenda_items.order_by("position")] == [
        "Otwarcie posiedzenia",
        "Wolne wnioski",
        "Plan pracy",
    ]
    bad = client.post(
        reverse("committee:document_add", args=[item.pk]),
        {"title": "Wniosek", "file": io.BytesIO(b"not a pdf")},
    )
    assert bad.status_code == 200
    assert "Dołącz plik PDF, DOCX, ODT lub XLSX." in bad.content.decode()
    upload = io.BytesIO(PDF)
    upload.name = "wniosek.pdf"
    client.post(
        reverse("committee:document_add", args=[item.pk]), {"title": "Wniosek", "file": upload}
    )
    document = item.documents.get()
    assert client.get(reverse("committee:document", args=[document.pk])).status_code == 200
    client.post(reverse("committee:sitting_transition", args=[sitting.pk, "convene"]))
    response = client.post(
        reverse("committee:attendance", args=[sitting.pk]),
        {
            f"member_{current[0].pk}": "present",
            f"member_{current[1].pk}": "excused",
            f"member_{current[2].pk}": "unexcused",
        },
        follow=True,
    )
    assert "Obecność zapisano. Obecnych: 1 z 3 członków" in response.content.decode()
    assert dict(sitting.attendances.values_list("member__full_name", "status")) == {
        "Anna Świątek": "present",
        "Bartosz Łęcki": "excused",
        "Celina Ćwik": "unexcused",
    }


def test_a_vote_beyond_the_members_present_is_refused_with_the_numbers_kept(
    client, committee, current, coordinator
):
    sitting = convened(committee, coordinator)
    attend(
        sitting,
        coordinator,
        {current[0]: AttendanceStatus.PRESENT, current[1]: AttendanceStatus.PRESENT},
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:resolution_create", args=[sitting.pk]),
        {"kind": "resolution", "title": "w sprawie planu pracy", "text": "Treść."},
    )
    resolution = Resolution.objects.get()
    assert response["Location"] == reverse("committee:resolution_detail", args=[resolution.pk])
    response = client.post(
        reverse("committee:resolution_vote", args=[resolution.pk]),
        {"votes_for": "2", "votes_against": "1", "votes_abstained": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Głosów: 3, a obecnych członków tylko 2." in html
    assert 'name="votes_against" value="1"' in html
    response = client.post(
        reverse("committee:resolution_vote", args=[resolution.pk]),
        {"votes_for": "2", "votes_against": "0", "votes_abstained": "0"},
        follow=True,
    )
    assert "Przyjęto: Uchwała nr 1/2026." in response.content.decode()


def test_minutes_are_drafted_edited_and_approved_through_the_pages(
    client, committee, current, coordinator
):
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, current)
    sitting = services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)
    client.force_login(coordinator)
    client.post(reverse("committee:minutes_draft", args=[sitting.pk]))
    minutes = Minutes.objects.get()
    empty = client.post(reverse("committee:minutes", args=[sitting.pk]), {"text": "  "})
    assert "To pole jest wymagane." in empty.content.decode()
    client.post(reverse("committee:minutes", args=[sitting.pk]), {"text": "Protokół poprawiony."})
    client.post(reverse("committee:minutes_transition", args=[sitting.pk, "submit"]))
    response = client.post(
        reverse("committee:minutes_transition", args=[sitting.pk, "approve"]), follow=True
    )
    assert "Protokół zatwierdzono." in response.content.decode()
    minutes.refresh_from_db()
    assert (minutes.status, minutes.text, minutes.approved_by) == (
        "approved",
        "Protokół poprawiony.\n",
        coordinator,
    )
    assert (
        client.post(reverse("committee:minutes", args=[sitting.pk]), {"text": "x"}).status_code
        == 404
    )
    client.post(reverse("committee:sitting_transition", args=[sitting.pk, "close"]))
    sitting.refresh_from_db()
    assert sitting.status == "closed"


def test_members_are_appointed_flagged_and_ended_through_the_pages(
    client, committee, current, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:member_create") + "?in=lubelskie",
        {
            "full_name": "Ewa Źródłowska",
            "sector": "science",
            "role": "member",
            "term_starts_on": "2025-03-01",
        },
    )
    member = Member.objects.get(full_name="Ewa Źródłowska")
    assert response["Location"] == reverse("committee:member_detail", args=[member.pk])
    assert member.term_ends_on == date(2028, 2, 29)
    absent = current[1]
    for day in (date(TODAY.year, 1, 10), date(TODAY.year, 1, 11), date(TODAY.year, 1, 12)):
        sitting = convened(committee, coordinator, day=day)
        attend(sitting, coordinator, {absent: AttendanceStatus.UNEXCUSED})
        services.sitting_transition(sitting=sitting, transition="hold", actor=coordinator)
    html = client.get(reverse("committee:member_list")).content.decode()
    assert f'data-member="{absent.pk}"' in html
    assert "3 nieusprawiedliwione nieobecności z rzędu" in html
    detail = client.get(reverse("committee:member_detail", args=[absent.pk])).content.decode()
    assert "według regulaminu to podstawa do odwołania" in detail
    response = client.post(
        reverse("committee:member_end", args=[absent.pk]),
        {"ended_on": TODAY.isoformat(), "reason": "dismissed", "note": "Uchwała nr 5/2026."},
    )
    absent.refresh_from_db()
    assert (absent.ended_on, absent.end_reason) == (TODAY, "dismissed")
    history = client.get(reverse("committee:member_detail", args=[absent.pk])).content.decode()
    assert "odwołanie" in history


def test_the_overview_warns_of_too_few_sittings(client, committee, current, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("committee:overview")).content.decode()
    assert f'data-year-warning="{TODAY.year}"' in html
    assert f"W {TODAY.year} r. komitet odbył 0 i zaplanował 0 posiedzeń" in html
    plan(committee, coordinator, day=date(TODAY.year, 12, 1))
    plan(committee, coordinator, day=date(TODAY.year, 12, 2))
    html = client.get(reverse("committee:overview")).content.decode()
    assert f'data-year-warning="{TODAY.year}"' not in html


def test_the_coordinator_enters_the_committee_of_a_region(client, region, coordinator):
    client.force_login(coordinator)
    upload = io.BytesIO(PDF)
    upload.name = "regulamin.pdf"
    response = client.post(
        reverse("committee:committee_create"),
        {
            "name": "Regionalny Komitet Rozwoju Ekonomii Społecznej",
            "founding_body": "Zarząd Województwa Lubelskiego",
            "quorum_percent": "50",
            "minimum_sittings_per_year": "2",
            "rules_document": upload,
        },
    )
    assert response.status_code == 302
    committee = Committee.objects.get(region=region)
    assert committee.rules_document_name == "regulamin.pdf"
    assert client.get(reverse("committee:rules", args=[committee.pk])).status_code == 200


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # the first request fills what is cached (the regions served)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_lists_read_the_same_number_of_queries_for_one_and_three(client, committee, coordinator):
    client.force_login(coordinator)
    urls = [
        reverse("committee:member_list"),
        reverse("committee:sitting_list"),
        "/committee/?region=lubelskie",
        "/committee/resolutions/?region=lubelskie",
        reverse("committee:materials"),
    ]

    def member(n):
        return MemberFactory(
            committee=committee,
            term_starts_on=date(TODAY.year - 1, 1, 1),
            term_ends_on=date(TODAY.year + 1, 12, 31),
            deputy_name=f"Zastępca {n}",
        )

    def sitting(n, members):
        approved_sitting(
            committee, members, coordinator, day=date(TODAY.year, 1, n), title=f"w sprawie nr {n}"
        )

    members = [member(1)]
    sitting(1, members)
    one = {url: _queries(client, url) for url in urls}
    members += [member(2), member(3)]
    sitting(2, members)
    sitting(3, members)
    three = {url: _queries(client, url) for url in urls}
    assert three == one


def test_attendance_and_held_before_the_sittings_day_are_refused_on_the_pages(
    client, committee, current, coordinator
):
    day = TODAY + timedelta(days=7)
    sitting = convened(committee, coordinator, day=day)
    client.force_login(coordinator)
    response = client.post(
        reverse("committee:attendance", args=[sitting.pk]),
        {f"member_{current[0].pk}": "present"},
        follow=True,
    )
    assert f"Obecność zaznacza się od dnia posiedzenia, {day:%d.%m.%Y}." in (
        response.content.decode()
    )
    held = client.post(
        reverse("committee:sitting_transition", args=[sitting.pk, "hold"]), follow=True
    )
    assert f"Posiedzenie można oznaczyć jako odbyte od dnia posiedzenia, {day:%d.%m.%Y}." in (
        held.content.decode()
    )
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    assert not sitting.attendances.exists()
