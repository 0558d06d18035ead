"""Staff pages, the members' pages and the public page."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.events.models import Event
from koordynator.networks.models import (
    Network,
    NetworkDocument,
    NetworkMeeting,
    NetworkMember,
    Partnership,
)
from tests.factories import EntityFactory, OrganisationFactory, user_with_role
from tests.factories.events import (
    AttendanceFactory,
    EventFactory,
    PastEventFactory,
    RegistrationFactory,
)
from tests.factories.municipalities import local_government
from tests.factories.networks import (
    PDF,
    DocumentFactory,
    MeetingFactory,
    MemberFactory,
    NetworkFactory,
    PartnershipFactory,
    PartyFactory,
    partnership_with,
)

pytestmark = pytest.mark.django_db

STAFF_ROLES = [
    (Role.REGIONAL_COORDINATOR, 200),
    (Role.SUPPORT_CENTRE_STAFF, 200),
    (Role.NATIONAL_ADMIN, 200),
    (Role.ENTITY_REPRESENTATIVE, 404),
    (Role.LOCAL_GOVERNMENT_OFFICER, 404),
    (Role.COMMITTEE_MEMBER, 404),
]


def html(response):
    return response.content.decode()


# --- Public page -------------------------------------------------------------------------------


def test_public_page_lists_public_networks_members_and_partnerships(client, region):
    owes = OrganisationFactory(
        name="OWES „Lubelska Sieć”", kind=OrganisationKind.SUPPORT_CENTRE, region=region
    )
    network = NetworkFactory(
        region=region,
        name="Sieć OWES województwa lubelskiego",
        purpose="Wspólne standardy wsparcia.",
        coordinator_organisation=owes,
    )
    entity = EntityFactory(name="Centrum Integracji Społecznej „Przystań”")
    MemberFactory(network=network, entity=entity)
    MemberFactory(network=network, entity=EntityFactory(name="Ukryty Podmiot", is_public=False))
    MemberFactory(network=network, business=True, name="Piekarnia Roztocze sp. z o.o.")
    MemberFactory(
        network=network, entity=EntityFactory(name="Były Członek"), left_on=date(2024, 1, 1)
    )
    NetworkFactory(region=region, name="Sieć robocza", is_public=False)
    partnership = partnership_with("business", region=region, title="Porozumienie o praktykach")
    PartnershipFactory(region=region, title="Porozumienie poufne", is_public=False)
    page = html(client.get("/networks/"))
    assert "Sieć OWES województwa lubelskiego" in page
    assert "Wspólne standardy wsparcia." in page
    assert "OWES „Lubelska Sieć”" in page
    assert f'href="/directory/{entity.pk}/"' in page
    assert "Piekarnia Roztocze sp. z o.o." in page
    assert "Ukryty Podmiot" not in page
    assert "i 1 inny członek" in page
    assert "Były Członek" not in page
    assert "Sieć robocza" not in page
    assert "Porozumienie o praktykach" in page
    assert "Drukarnia Testowa sp. z o.o." in page
    assert "Porozumienie poufne" not in page
    assert partnership.get_status_display() == "obowiązuje"


def test_public_page_query_count_does_not_grow_with_networks(client, region):
    def build():
        network = NetworkFactory(region=region)
        MemberFactory(network=network)
        MemberFactory(network=network, business=True)
        partnership_with("business", region=region)

    build()
    client.get("/networks/")  # the region is remembered in the session
    one = _count_queries(client, "/networks/")
    build()
    build()
    assert _count_queries(client, "/networks/") == one
    assert html(client.get("/networks/")).count("<article") == 3


def _count_queries(client, url):
    client.get(url)  # the first request fills what is cached (the regions served)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Staff list and forms ----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), STAFF_ROLES)
def test_network_list_permissions(client, region, role, status):
    client.force_login(user_with_role(role, region=region))
    assert client.get(reverse("networks:network_list")).status_code == status


def test_network_list_needs_a_login(client):
    response = client.get(reverse("networks:network_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_coordinator_creates_a_network(client, region, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:network_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Regionalna Platforma Współpracy",
            "kind": "cooperation_platform",
            "purpose": "Sieć JST i instytucji wsparcia.",
            "active_from": "2016-02-18",
            "is_public": "on",
        },
    )
    network = Network.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:detail", args=[network.pk])
    assert (network.region, network.kind, network.is_public) == (
        region,
        "cooperation_platform",
        True,
    )


def test_bad_network_form_keeps_what_was_typed(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:network_create"),
        {
            "name": network.name.upper(),
            "kind": "thematic_group",
            "purpose": "Cel wpisany przez użytkownika",
            "active_from": "2024-05-01",
            "active_to": "2024-04-01",
        },
    )
    page = html(response)
    assert response.status_code == 200
    assert "W tym regionie jest już sieć o tej nazwie." in page
    assert "Cel wpisany przez użytkownika" in page
    assert Network.objects.count() == 1


def test_support_centre_staff_cannot_create_networks(client, region):
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region))
    assert client.get(reverse("networks:network_create")).status_code == 404


def test_network_list_query_count_does_not_grow(client, region, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:network_list")
    NetworkFactory(region=region)
    one = _count_queries(client, url)
    for _ in range(2):
        network = NetworkFactory(region=region)
        MemberFactory(network=network)
        MeetingFactory(network=network)
        DocumentFactory(network=network)
    assert _count_queries(client, url) == one
    assert html(client.get(url)).count('<th scope="row">') == 3


# --- The network's page ------------------------------------------------------------------------


def test_detail_for_staff_members_and_others(
    client, region, other_region, network, member_user, outsider
):
    url = reverse("networks:detail", args=[network.pk])
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    assert "Dodaj członka" in html(client.get(url))
    client.force_login(member_user)
    page = html(client.get(url))
    assert "Centrum Integracji Społecznej „Przystań”" in page
    assert "Dodaj członka" not in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=other_region))
    assert client.get(url).status_code == 404


def test_detail_lists_meetings_with_attendance_counts(client, network, coordinator):
    upcoming = EventFactory(title="Trzecie spotkanie grupy", capacity=30)
    RegistrationFactory.create_batch(2, event=upcoming)
    past = PastEventFactory(title="Drugie spotkanie grupy")
    registration = RegistrationFactory(event=past)
    AttendanceFactory(registration=registration)
    MeetingFactory(network=network, event=upcoming)
    MeetingFactory(network=network, event=past)
    client.force_login(coordinator)
    page = html(client.get(reverse("networks:detail", args=[network.pk])))
    assert "2 osoby zapisane / 30 miejsc" in page
    assert "1 osoba obecna" in page
    assert (
        page.index("Trzecie spotkanie grupy")
        < page.index("Minione spotkania")
        < page.index("Drugie spotkanie grupy")
    )


def test_detail_query_count_does_not_grow(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:detail", args=[network.pk])

    def add():
        MemberFactory(network=network)
        MemberFactory(network=network, business=True)
        MeetingFactory(network=network)
        DocumentFactory(network=network)
        partnership_with("business", region=network.region, network=network)

    add()
    one = _count_queries(client, url)
    add()
    add()
    assert _count_queries(client, url) == one


# --- Members -----------------------------------------------------------------------------------


def test_add_an_entity_by_its_name_then_refuse_it_twice(client, network, coordinator):
    entity = EntityFactory(name="Klub Integracji Społecznej w Janowie")
    client.force_login(coordinator)
    url = reverse("networks:member_add", args=[network.pk])
    data = {
        "kind": "entity",
        "entity_name": "klub integracji społecznej w janowie",
        "joined_on": "2024-02-01",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert NetworkMember.objects.get().entity == entity
    response = client.post(url, data)
    page = html(response)
    assert "Ta organizacja jest już członkiem sieci." in page
    assert 'value="klub integracji społecznej w janowie"' in page
    assert NetworkMember.objects.count() == 1


def test_add_an_unknown_entity_says_so(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:member_add", args=[network.pk]),
        {"kind": "entity", "entity_name": "Nie ma takiego", "joined_on": "2024-02-01"},
    )
    assert "w rejestrze regionu nie ma podmiotu o tej nazwie ani o tym NIP" in html(response)


def test_add_a_local_government_and_a_business(client, network, coordinator):
    lg = local_government("0607052")
    client.force_login(coordinator)
    url = reverse("networks:member_add", args=[network.pk])
    client.post(
        url, {"kind": "local_government", "local_government": lg.pk, "joined_on": "2024-01-01"}
    )
    client.post(
        url,
        {"kind": "business", "name": "Piekarnia Roztocze", "nip": "", "joined_on": "2024-01-01"},
    )
    assert sorted(NetworkMember.objects.values_list("kind", flat=True)) == [
        "business",
        "local_government",
    ]


def test_member_leaves_through_the_page(client, network, coordinator):
    member = MemberFactory(network=network, joined_on=date(2020, 1, 1))
    client.force_login(coordinator)
    url = reverse("networks:member_leave", args=[network.pk, member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"left_on": "2024-06-30"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == date(2024, 6, 30)
    response = client.post(url, {"left_on": "2024-06-30"}, follow=True)
    assert "Ta organizacja już wystąpiła z sieci." in html(response)


@pytest.mark.parametrize(
    "url_name", ["member_add", "meeting_create", "meeting_link", "document_add", "edit"]
)
def test_members_and_other_staff_cannot_manage(client, network, member_user, region, url_name):
    url = reverse(f"networks:{url_name}", args=[network.pk])
    client.force_login(member_user)
    assert client.get(url).status_code == 404
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region))
    assert client.get(url).status_code == 404


# --- Meetings ----------------------------------------------------------------------------------


def test_schedule_a_meeting_creates_a_published_event(client, network, coordinator):
    client.force_login(coordinator)
    starts = (timezone.localtime() + timedelta(days=30)).replace(hour=10, minute=0)
    response = client.post(
        reverse("networks:meeting_create", args=[network.pk]),
        {
            "kind": "thematic_group_meeting",
            "title": "IV spotkanie Grupy Tematycznej",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
            "venue_name": "CIS w Skarżysku",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title, event.is_published, event.has_registration, event.region) == (
        "IV spotkanie Grupy Tematycznej",
        True,
        True,
        network.region,
    )
    assert NetworkMeeting.objects.get().event == event


def test_meeting_form_refuses_an_end_before_the_start(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:meeting_create", args=[network.pk]),
        {
            "kind": "networking_meeting",
            "title": "Spotkanie",
            "starts_at": "2030-05-01T10:00",
            "ends_at": "2030-05-01T09:00",
        },
    )
    assert "Spotkanie nie może się skończyć przed rozpoczęciem." in html(response)
    assert not Event.objects.exists()


def test_link_and_unlink_an_event(client, network, coordinator):
    event = EventFactory(title="Targi Ekonomii Społecznej")
    client.force_login(coordinator)
    response = client.post(reverse("networks:meeting_link", args=[network.pk]), {"event": event.pk})
    assert response.status_code == 302
    meeting = NetworkMeeting.objects.get()
    response = client.post(reverse("networks:meeting_unlink", args=[network.pk, meeting.pk]))
    assert response.status_code == 302
    assert not NetworkMeeting.objects.exists()
    assert Event.objects.filter(pk=event.pk).exists()


# --- Documents ---------------------------------------------------------------------------------


def test_upload_a_document_and_refuse_a_fake_one(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:document_add", args=[network.pk])
    response = client.post(
        url, {"title": "Notatka", "file": SimpleUploadedFile("notatka.pdf", PDF)}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"title": "Fałszywka", "file": SimpleUploadedFile("x.pdf", b"not a pdf")}
    )
    page = html(response)
    assert "Załącz dokument PDF, DOCX, ODT lub XLSX." in page
    assert 'value="Fałszywka"' in page
    assert NetworkDocument.objects.count() == 1


def test_document_file_only_for_members_and_staff_of_the_region(
    client, network, member_user, outsider, other_region, coordinator
):
    document = DocumentFactory(network=network, original_name="Notatka z II spotkania.pdf")
    url = reverse("networks:document_file", args=[network.pk, document.pk])
    client.force_login(member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="Notatka z II spotkania.pdf"'
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=other_region))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    other_network = NetworkFactory(region=network.region)
    client.force_login(member_user)
    wrong_pair = reverse("networks:document_file", args=[other_network.pk, document.pk])
    assert client.get(wrong_pair).status_code == 404


def test_delete_a_document(client, network, coordinator, member_user):
    document = DocumentFactory(network=network)
    url = reverse("networks:document_delete", args=[network.pk, document.pk])
    client.force_login(member_user)
    assert client.post(url).status_code == 404
    client.force_login(coordinator)
    assert client.post(url).status_code == 302
    assert not NetworkDocument.objects.exists()


# --- My networks -------------------------------------------------------------------------------


def test_member_sees_their_networks_meetings_and_documents(client, network, member_user):
    event = EventFactory(title="Spotkanie sieciujące CIS i KIS w Lublinie")
    MeetingFactory(network=network, event=event)
    past = MeetingFactory(network=network, event=PastEventFactory(title="Dawne spotkanie"))
    document = DocumentFactory(network=network, title="Regulamin grupy")
    NetworkFactory(region=network.region, name="Sieć, do której nie należy")
    client.force_login(member_user)
    page = html(client.get(reverse("networks:mine")))
    assert network.name in page
    assert "Sieć, do której nie należy" not in page
    assert "Spotkanie sieciujące CIS i KIS w Lublinie" in page
    assert f'href="/events/{event.pk}/#registration"' in page
    assert past.event.title not in page
    assert reverse("networks:document_file", args=[network.pk, document.pk]) in page
    assert "Centrum Integracji Społecznej „Przystań”" in page


def test_my_networks_for_someone_without_networks(client, outsider):
    client.force_login(outsider)
    assert "Twoja organizacja nie należy jeszcze do żadnej sieci współpracy." in html(
        client.get(reverse("networks:mine"))
    )


def test_my_networks_query_count_does_not_grow(client, region, member_entity):
    user = user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=member_entity.organisation)
    client.force_login(user)
    url = reverse("networks:mine")

    def join():
        network = NetworkFactory(region=region)
        MemberFactory(network=network, entity=member_entity)
        MemberFactory(network=network, business=True)
        MeetingFactory(network=network)
        DocumentFactory(network=network)

    join()
    one = _count_queries(client, url)
    join()
    join()
    assert _count_queries(client, url) == one
    assert html(client.get(url)).count("<section") == 3


# --- Entity suggestions ------------------------------------------------------------------------


def test_entity_suggestions_for_staff_only(client, region, coordinator, member_user):
    EntityFactory(name="Zakład Aktywności Zawodowej w Kraśniku", kind="zaz")
    url = reverse("networks:entity_suggestions")
    client.force_login(coordinator)
    response = client.get(url, {"region": region.pk, "parties-0-entity_name": "zakład aktywności"})
    assert '<option value="Zakład Aktywności Zawodowej w Kraśniku">' in html(response)
    client.force_login(member_user)
    assert client.get(url, {"region": region.pk, "entity_name": "zakład"}).status_code == 404


# --- Partnerships ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), STAFF_ROLES)
def test_partnership_list_permissions(client, region, role, status):
    client.force_login(user_with_role(role, region=region))
    assert client.get(reverse("networks:partnership_list")).status_code == status


def test_partnership_list_shows_the_yearly_counts(client, region, coordinator):
    partnership_with(
        "business", region=region, starts_on=date(2023, 6, 1), ends_on=date(2024, 5, 31)
    )
    partnership_with(
        "science", region=region, signed_on=date(2024, 1, 5), starts_on=date(2024, 2, 1)
    )
    client.force_login(coordinator)
    page = html(client.get(reverse("networks:partnership_list")))
    row_2024 = page[
        page.index('data-year="2024"') : page.index("</tr>", page.index('data-year="2024"'))
    ]
    assert '<td data-count="active">2</td>' in row_2024
    assert '<td data-count="business">1</td>' in row_2024
    assert '<td data-count="science">1</td>' in row_2024
    assert '<td data-count="entities">2</td>' in row_2024
    assert '<td data-count="signed">1</td>' in row_2024


def test_partnership_list_query_count_does_not_grow(client, region, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:partnership_list")
    partnership_with("business", region=region)
    one = _count_queries(client, url)
    partnership_with("science", region=region)
    partnership_with(local_government(), region=region)
    assert _count_queries(client, url) == one


def party_rows(*rows, extra=3):
    data = {"parties-TOTAL_FORMS": str(len(rows) + extra), "parties-INITIAL_FORMS": "0"}
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"parties-{number}-{key}"] = value
    return data


def test_coordinator_registers_a_partnership(client, region, coordinator):
    entity = EntityFactory(name="Spółdzielnia Socjalna „Zielony Zakątek”")
    client.force_login(coordinator)
    url = reverse("networks:partnership_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Porozumienie o praktykach zawodowych",
            "signed_on": "2024-02-01",
            "starts_on": "2024-03-01",
            "is_public": "on",
            **party_rows(
                {"kind": "entity", "entity_name": entity.name},
                {"kind": "science", "name": "Uniwersytet Przyrodniczy w Lublinie"},
            ),
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert sorted(partnership.parties.values_list("kind", flat=True)) == ["entity", "science"]


def test_partnership_without_a_partner_is_refused_and_keeps_the_input(client, region, coordinator):
    entity = EntityFactory(name="Spółdzielnia Socjalna „Zielony Zakątek”")
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:partnership_create"),
        {
            "title": "Porozumienie bez partnera",
            "signed_on": "2024-02-01",
            "starts_on": "2024-03-01",
            "ends_on": "2024-01-01",
            **party_rows({"kind": "entity", "entity_name": entity.name}),
        },
    )
    page = html(response)
    assert "Porozumienie wymaga partnera oprócz podmiotu ekonomii społecznej" in page
    assert "Porozumienie nie może wygasnąć przed wejściem w życie." in page
    assert 'value="Porozumienie bez partnera"' in page
    assert not Partnership.objects.exists()


def test_edit_and_end_a_partnership(client, region, coordinator):
    partnership = partnership_with("business", region=region, starts_on=date(2023, 1, 1))
    client.force_login(coordinator)
    url = reverse("networks:partnership_edit", args=[partnership.pk])
    page = html(client.get(url))
    assert 'name="parties-0-entity_name"' in page
    response = client.post(
        reverse("networks:partnership_end", args=[partnership.pk]), {"ends_on": "2024-12-31"}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.ends_on == date(2024, 12, 31)


def test_support_centre_staff_read_partnerships_but_do_not_change_them(client, region):
    partnership = partnership_with("business", region=region)
    client.force_login(user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region))
    url = reverse("networks:partnership_edit", args=[partnership.pk])
    page = html(client.get(url))
    assert '<form method="post" enctype' not in page
    assert client.post(url, {"title": "x"}).status_code == 404
    assert client.get(reverse("networks:partnership_end", args=[partnership.pk])).status_code == 404


def test_partnership_of_another_region_is_404(client, other_region, region):
    partnership = PartnershipFactory(region=region)
    PartyFactory(partnership=partnership)
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=other_region))
    assert (
        client.get(reverse("networks:partnership_edit", args=[partnership.pk])).status_code == 404
    )


# --- Links from the shared pages and the members' PDF ------------------------------------------


def test_dashboard_links_staff_and_members(client, coordinator, member_user, outsider):
    client.force_login(coordinator)
    page = html(client.get(reverse("accounts:dashboard")))
    assert 'href="/panel/networks/">Sieci współpracy, grupy tematyczne i partnerstwa<' in page
    assert 'href="/panel/networks/mine/"' not in page
    client.force_login(member_user)
    page = html(client.get(reverse("accounts:dashboard")))
    assert 'href="/panel/networks/mine/">Moje sieci współpracy<' in page
    assert 'href="/panel/networks/"' not in page
    client.force_login(outsider)
    assert "/panel/networks/" not in html(client.get(reverse("accounts:dashboard")))


def test_the_footer_links_the_public_page(client, region):
    assert 'href="/networks/">Sieci współpracy i partnerstwa<' in html(client.get("/networks/"))


def test_members_pdf_for_members_only(client, network, member_user, outsider):
    MemberFactory(network=network, business=True, name="Piekarnia Roztocze sp. z o.o.")
    url = reverse("networks:members_pdf", args=[network.pk])
    client.force_login(member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
