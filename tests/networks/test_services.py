"""Writes of networks and partnerships: members join, leave and join again; duplicates,
bad dates and agreements without an entity or a partner are refused and write nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind
from koordynator.core.api import DomainValidationError
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.events.enums import EventKind
from koordynator.events.models import Event
from koordynator.networks import services
from koordynator.networks.enums import MemberKind, NetworkKind, PartyKind
from koordynator.networks.models import (
    Network,
    NetworkDocument,
    NetworkMeeting,
    NetworkMember,
    Partnership,
    PartnershipParty,
)
from tests.factories import EntityFactory, OrganisationFactory
from tests.factories.events import EventFactory
from tests.factories.municipalities import local_government
from tests.factories.networks import PDF, PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def network_data(**changes):
    return {
        "name": "Sieć OWES województwa lubelskiego",
        "kind": NetworkKind.SUPPORT_CENTRE_NETWORK,
        "purpose": "Wymiana doświadczeń ośrodków wsparcia.",
        "description": "",
        "coordinator": None,
        "coordinator_organisation": None,
        "is_public": True,
        "active_from": date(2016, 2, 1),
        "active_to": None,
        **changes,
    }


# --- Networks ----------------------------------------------------------------------------------


def test_network_create_writes_the_network_and_its_audit_entry(region, coordinator):
    network = services.network_create(region=region, data=network_data(), actor=coordinator)
    assert network.name == "Sieć OWES województwa lubelskiego"
    entry = AuditEntry.objects.get(action="networks.network.created")
    assert (entry.actor, entry.object_id, entry.region_code) == (coordinator, str(network.pk), "06")


def test_network_names_are_unique_in_a_region_whatever_the_case(region, coordinator):
    services.network_create(region=region, data=network_data(), actor=coordinator)
    with pytest.raises(DomainValidationError) as error:
        services.network_create(
            region=region,
            data=network_data(name="sieć owes województwa LUBELSKIEGO"),
            actor=coordinator,
        )
    assert error.value.errors == {"name": "W tym regionie jest już sieć o tej nazwie."}
    assert Network.objects.count() == 1


def test_network_cannot_end_before_it_begins(region, coordinator):
    with pytest.raises(DomainValidationError) as error:
        services.network_create(
            region=region,
            data=network_data(active_to=date(2015, 12, 31), purpose=" "),
            actor=coordinator,
        )
    assert error.value.errors == {
        "purpose": "Napisz, jaki jest cel sieci.",
        "active_to": "Sieć nie może zakończyć działania przed jego rozpoczęciem.",
    }
    assert not Network.objects.exists()


def test_network_coordinating_organisation_must_be_of_its_region(region, other_region):
    elsewhere = OrganisationFactory(kind=OrganisationKind.SUPPORT_CENTRE, region=other_region)
    with pytest.raises(DomainValidationError) as error:
        services.network_create(
            region=region, data=network_data(coordinator_organisation=elsewhere), actor=None
        )
    assert error.value.errors == {
        "coordinator_organisation": "Wybierz organizację z regionu sieci."
    }


def test_network_update_records_only_what_changed(network, coordinator):
    services.network_update(
        network=network, data={"purpose": "Nowy cel.", "is_public": False}, actor=coordinator
    )
    network.refresh_from_db()
    assert (network.purpose, network.is_public) == ("Nowy cel.", False)
    entry = AuditEntry.objects.get(action="networks.network.updated")
    assert set(entry.changes) == {"purpose", "is_public"}
    services.network_update(network=network, data={"purpose": "Nowy cel."}, actor=coordinator)
    assert AuditEntry.objects.filter(action="networks.network.updated").count() == 1


# --- Members -----------------------------------------------------------------------------------


def test_entity_joins_leaves_and_joins_again_keeping_the_history(network, coordinator):
    entity = EntityFactory(kind="kis")
    first = services.member_add(
        network=network,
        kind=MemberKind.ENTITY,
        entity=entity,
        joined_on=date(2020, 1, 1),
        actor=coordinator,
    )
    services.member_leave(member=first, left_on=date(2022, 6, 30), actor=coordinator)
    second = services.member_add(
        network=network,
        kind=MemberKind.ENTITY,
        entity=entity,
        joined_on=date(2023, 1, 1),
        actor=coordinator,
    )
    periods = list(
        NetworkMember.objects.filter(network=network, entity=entity)
        .order_by("joined_on")
        .values_list("joined_on", "left_on")
    )
    assert periods == [(date(2020, 1, 1), date(2022, 6, 30)), (date(2023, 1, 1), None)]
    assert second.is_active
    assert list(
        AuditEntry.objects.filter(object_type="networks.networkmember")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["networks.member.joined", "networks.member.left", "networks.member.joined"]


def test_an_active_member_cannot_join_twice(network, coordinator):
    entity = EntityFactory()
    services.member_add(network=network, kind=MemberKind.ENTITY, entity=entity, actor=coordinator)
    with pytest.raises(DomainValidationError) as error:
        services.member_add(
            network=network, kind=MemberKind.ENTITY, entity=entity, actor=coordinator
        )
    assert error.value.errors == {"entity": "Ta organizacja jest już członkiem sieci."}
    assert NetworkMember.objects.count() == 1


def test_a_named_business_cannot_join_twice_whatever_the_case(network):
    services.member_add(
        network=network, kind=MemberKind.BUSINESS, name="Drukarnia Lubelska sp. z o.o.", actor=None
    )
    with pytest.raises(DomainValidationError) as error:
        services.member_add(
            network=network,
            kind=MemberKind.BUSINESS,
            name="  drukarnia   LUBELSKA sp. z o.o. ",
            actor=None,
        )
    assert error.value.errors == {"name": "Ta organizacja jest już członkiem sieci."}


def test_rejoining_before_the_day_of_leaving_is_refused(network):
    entity = EntityFactory()
    member = services.member_add(
        network=network,
        kind=MemberKind.ENTITY,
        entity=entity,
        joined_on=date(2020, 1, 1),
        actor=None,
    )
    services.member_leave(member=member, left_on=date(2022, 6, 30), actor=None)
    with pytest.raises(DomainValidationError) as error:
        services.member_add(
            network=network,
            kind=MemberKind.ENTITY,
            entity=entity,
            joined_on=date(2022, 1, 1),
            actor=None,
        )
    assert error.value.errors == {
        "joined_on": "Organizacja wystąpiła z sieci po tej dacie: może przystąpić ponownie "
        "od dnia wystąpienia."
    }


def test_leaving_twice_is_a_state_error_and_changes_nothing(network):
    member = services.member_add(
        network=network, kind=MemberKind.ENTITY, entity=EntityFactory(), actor=None
    )
    services.member_leave(member=member, actor=None)
    with pytest.raises(TransitionNotAllowed) as error:
        services.member_leave(member=member, left_on=TODAY - timedelta(days=1), actor=None)
    assert error.value.errors == {"left_on": "Ta organizacja już wystąpiła z sieci."}
    member.refresh_from_db()
    assert member.left_on == TODAY


def test_leaving_before_joining_or_in_the_future_is_refused(network):
    member = services.member_add(
        network=network,
        kind=MemberKind.ENTITY,
        entity=EntityFactory(),
        joined_on=date(2024, 5, 1),
        actor=None,
    )
    with pytest.raises(DomainValidationError) as error:
        services.member_leave(member=member, left_on=date(2024, 4, 30), actor=None)
    assert error.value.errors == {
        "left_on": "Członek nie może wystąpić z sieci przed przystąpieniem do niej."
    }
    with pytest.raises(DomainValidationError) as error:
        services.member_leave(member=member, left_on=TODAY + timedelta(days=1), actor=None)
    assert error.value.errors == {"left_on": "Data wystąpienia nie może być w przyszłości."}
    member.refresh_from_db()
    assert member.left_on is None


def test_members_must_be_of_the_networks_region(network, other_region):
    outside = EntityFactory(region=other_region)
    with pytest.raises(DomainValidationError) as error:
        services.member_add(network=network, kind=MemberKind.ENTITY, entity=outside, actor=None)
    assert error.value.errors == {"entity": "Wybierz podmiot z regionu sieci."}
    organisation = OrganisationFactory(region=other_region)
    with pytest.raises(DomainValidationError) as error:
        services.member_add(
            network=network, kind=MemberKind.ORGANISATION, organisation=organisation, actor=None
        )
    assert error.value.errors == {"organisation": "Wybierz organizację z regionu sieci."}


def test_kinds_need_their_own_field_and_a_valid_nip(network):
    with pytest.raises(DomainValidationError) as error:
        services.member_add(network=network, kind=MemberKind.ENTITY, actor=None)
    assert error.value.errors == {"entity": "Wybierz podmiot z rejestru."}
    with pytest.raises(DomainValidationError) as error:
        services.member_add(
            network=network,
            kind=MemberKind.SCIENCE,
            name="Uniwersytet Marii Curie-Skłodowskiej",
            nip="7120104652",
            website="umcs pl",
            actor=None,
        )
    assert error.value.errors == {
        "nip": "NIP 7120104652 ma błędną cyfrę kontrolną.",
        "website": "Wpisz adres strony internetowej, np. https://example.pl.",
    }
    assert not NetworkMember.objects.exists()


def test_local_government_and_named_members(network):
    lg = local_government("0607052")
    member = services.member_add(
        network=network, kind=MemberKind.LOCAL_GOVERNMENT, local_government=lg, actor=None
    )
    assert member.display_name == "Kraśnik (gmina wiejska)"
    business = services.member_add(
        network=network,
        kind=MemberKind.BUSINESS,
        name="Piekarnia Roztocze sp. z o.o.",
        nip="712-010-46-51",
        website="piekarnia.example.pl",
        actor=None,
    )
    assert (business.nip, business.website) == ("7120104651", "https://piekarnia.example.pl")


def test_the_database_refuses_a_member_whose_kind_does_not_match_its_link(network):
    entity = EntityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMember.objects.create(
            network=network, kind=MemberKind.BUSINESS, entity=entity, joined_on=TODAY
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMember.objects.create(network=network, kind=MemberKind.OTHER, joined_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMember.objects.create(
            network=network,
            kind=MemberKind.ENTITY,
            entity=entity,
            joined_on=TODAY,
            left_on=TODAY - timedelta(days=1),
        )


def test_the_database_refuses_the_same_entity_active_twice(network):
    entity = EntityFactory()
    NetworkMember.objects.create(
        network=network, kind=MemberKind.ENTITY, entity=entity, joined_on=date(2020, 1, 1)
    )
    NetworkMember.objects.create(
        network=network,
        kind=MemberKind.ENTITY,
        entity=entity,
        joined_on=date(2018, 1, 1),
        left_on=date(2019, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMember.objects.create(
            network=network, kind=MemberKind.ENTITY, entity=entity, joined_on=TODAY
        )


# --- Meetings and documents --------------------------------------------------------------------


def meeting_data(**changes):
    starts_at = timezone.now() + timedelta(days=20)
    return {
        "kind": EventKind.THEMATIC_GROUP_MEETING,
        "title": "III spotkanie Grupy Tematycznej",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=4),
        "venue_name": "CIS w Kraśniku",
        "is_published": True,
        "has_registration": True,
        **changes,
    }


def test_meeting_create_makes_an_event_through_the_events_context(
    network,
    coordinator,
    immediate_tasks,
    mailoutbox,
    member_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_create(
            network=network,
            data=meeting_data(),
            notify_members=True,
            site_url="https://koordynator.example/",
            actor=coordinator,
        )
    event = Event.objects.get()
    assert (meeting.event, event.region, event.kind) == (
        event,
        network.region,
        EventKind.THEMATIC_GROUP_MEETING,
    )
    assert AuditEntry.objects.filter(action="events.event.created").count() == 1
    assert AuditEntry.objects.filter(action="networks.meeting.created").count() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.bcc == [member_user.email]
    assert message.subject.startswith("Spotkanie sieci „Grupa Tematyczna")
    assert f"https://koordynator.example/events/{event.pk}/" in message.body


def test_meeting_must_be_a_networking_or_thematic_meeting(network):
    with pytest.raises(DomainValidationError) as error:
        services.meeting_create(network=network, data=meeting_data(kind=EventKind.FAIR), actor=None)
    assert error.value.errors == {
        "kind": "Sieć spotyka się na spotkaniu sieciującym lub spotkaniu grupy tematycznej."
    }
    assert not Event.objects.exists()


def test_meeting_with_bad_dates_writes_no_event(network):
    data = meeting_data()
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    with pytest.raises(DomainValidationError):
        services.meeting_create(network=network, data=data, actor=None)
    assert not Event.objects.exists()
    assert not NetworkMeeting.objects.exists()


def test_link_an_existing_event_once_and_only_of_the_region(network, other_region):
    event = EventFactory(region=network.region)
    services.meeting_link(network=network, event=event, actor=None)
    with pytest.raises(DomainValidationError) as error:
        services.meeting_link(network=network, event=event, actor=None)
    assert error.value.errors == {"event": "To wydarzenie jest już spotkaniem tej sieci."}
    with pytest.raises(DomainValidationError) as error:
        services.meeting_link(network=network, event=EventFactory(region=other_region), actor=None)
    assert error.value.errors == {"event": "Wybierz wydarzenie z regionu sieci."}


def test_unlinking_keeps_the_event(network):
    meeting = services.meeting_link(network=network, event=EventFactory(), actor=None)
    services.meeting_unlink(meeting=meeting, actor=None)
    assert not NetworkMeeting.objects.exists()
    assert Event.objects.count() == 1


def test_document_add_checks_the_content_and_stores_a_random_name(network, coordinator):
    document = services.document_add(
        network=network,
        title="Notatka z II spotkania",
        upload=SimpleUploadedFile("Notatka Kowalskiej.pdf", PDF),
        file_name="Notatka Kowalskiej.pdf",
        actor=coordinator,
    )
    assert document.original_name == "Notatka Kowalskiej.pdf"
    assert "Kowalskiej" not in document.file.name
    assert document.file.name.endswith(".pdf")
    with pytest.raises(DomainValidationError) as error:
        services.document_add(
            network=network,
            title="",
            upload=SimpleUploadedFile("wirus.pdf", b"MZ\x90\x00 not a pdf"),
            file_name="wirus.pdf",
            actor=coordinator,
        )
    assert error.value.errors == {
        "title": "Podaj tytuł dokumentu.",
        "file": "Załącz dokument PDF, DOCX, ODT lub XLSX.",
    }
    assert NetworkDocument.objects.count() == 1


def test_document_delete_removes_the_row_and_audits(network, django_capture_on_commit_callbacks):
    document = services.document_add(
        network=network,
        title="Prezentacja",
        upload=SimpleUploadedFile("p.pdf", PDF),
        file_name="p.pdf",
        actor=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, actor=None)
    assert not NetworkDocument.objects.exists()
    assert AuditEntry.objects.filter(action="networks.document.deleted").count() == 1


# --- Partnerships ------------------------------------------------------------------------------


def partnership_data(**changes):
    return {
        "title": "Porozumienie o praktykach zawodowych",
        "subject": "Praktyki dla uczestników CIS.",
        "signed_on": date(2024, 2, 1),
        "starts_on": date(2024, 3, 1),
        "ends_on": None,
        "network": None,
        "is_public": True,
        **changes,
    }


def test_partnership_with_an_entity_and_a_business(region, coordinator):
    entity = EntityFactory()
    partnership = services.partnership_create(
        region=region,
        data=partnership_data(),
        parties=[
            services.Party(kind=PartyKind.ENTITY, entity=entity),
            services.Party(kind=PartyKind.BUSINESS, name="Hurtownia Zamojska sp. z o.o."),
        ],
        actor=coordinator,
    )
    assert list(partnership.parties.order_by("id").values_list("kind", "entity", "name")) == [
        ("entity", entity.pk, ""),
        ("business", None, "Hurtownia Zamojska sp. z o.o."),
    ]
    entry = AuditEntry.objects.get(action="networks.partnership.created")
    assert len(entry.changes["parties"]) == 2


def test_partnership_needs_an_entity(region):
    with pytest.raises(DomainValidationError) as error:
        services.partnership_create(
            region=region,
            data=partnership_data(),
            parties=[
                services.Party(kind=PartyKind.BUSINESS, name="Firma A"),
                services.Party(kind=PartyKind.SCIENCE, name="Politechnika Lubelska"),
            ],
            actor=None,
        )
    assert error.value.errors == {
        "parties": "Stroną porozumienia musi być co najmniej jeden podmiot ekonomii społecznej."
    }
    assert not Partnership.objects.exists()


def test_partnership_needs_a_partner(region):
    with pytest.raises(DomainValidationError) as error:
        services.partnership_create(
            region=region,
            data=partnership_data(),
            parties=[services.Party(kind=PartyKind.ENTITY, entity=EntityFactory())],
            actor=None,
        )
    assert error.value.errors == {
        "parties": "Porozumienie wymaga partnera oprócz podmiotu ekonomii społecznej: "
        "przedsiębiorstwa, uczelni, JST lub innej organizacji."
    }
    assert not Partnership.objects.exists()


def test_two_entities_make_a_partnership_but_the_same_one_twice_does_not(region):
    first, second = EntityFactory(), EntityFactory()
    services.partnership_create(
        region=region,
        data=partnership_data(),
        parties=[
            services.Party(kind=PartyKind.ENTITY, entity=first),
            services.Party(kind=PartyKind.ENTITY, entity=second),
        ],
        actor=None,
    )
    with pytest.raises(DomainValidationError) as error:
        services.partnership_create(
            region=region,
            data=partnership_data(),
            parties=[
                services.Party(kind=PartyKind.ENTITY, entity=first),
                services.Party(kind=PartyKind.ENTITY, entity=first),
            ],
            actor=None,
        )
    assert error.value.errors == {"parties.1.kind": "Ta strona jest już na liście."}
    assert Partnership.objects.count() == 1


def test_partnership_cannot_end_before_it_starts(region):
    with pytest.raises(DomainValidationError) as error:
        services.partnership_create(
            region=region,
            data=partnership_data(ends_on=date(2024, 2, 28)),
            parties=[services.Party(kind=PartyKind.ENTITY, entity=EntityFactory())],
            actor=None,
        )
    # Every problem at once: the dates and the missing partner.
    assert error.value.errors == {
        "ends_on": "Porozumienie nie może wygasnąć przed wejściem w życie.",
        "parties": "Porozumienie wymaga partnera oprócz podmiotu ekonomii społecznej: "
        "przedsiębiorstwa, uczelni, JST lub innej organizacji.",
    }
    assert not Partnership.objects.exists()
    assert not PartnershipParty.objects.exists()


def test_partnership_update_replaces_the_parties_and_audits_them(region):
    partnership = PartnershipFactory(region=region)
    entity = EntityFactory()
    PartyFactory(partnership=partnership, entity=entity)
    PartyFactory(partnership=partnership, business=True)
    lg = local_government("0607052")
    services.partnership_update(
        partnership=partnership,
        data={"title": "Porozumienie z gminą"},
        parties=[
            services.Party(kind=PartyKind.ENTITY, entity=entity),
            services.Party(kind=PartyKind.LOCAL_GOVERNMENT, local_government=lg),
        ],
        actor=None,
    )
    partnership.refresh_from_db()
    assert partnership.title == "Porozumienie z gminą"
    assert sorted(partnership.parties.values_list("kind", flat=True)) == [
        "entity",
        "local_government",
    ]
    entry = AuditEntry.objects.get(action="networks.partnership.updated")
    assert set(entry.changes) == {"title", "parties"}


def test_partnership_end_and_its_state_errors(region):
    active = PartnershipFactory(region=region, starts_on=date(2023, 1, 1))
    services.partnership_end(partnership=active, ends_on=date(2024, 12, 31), actor=None)
    active.refresh_from_db()
    assert (active.ends_on, active.status) == (date(2024, 12, 31), "ended")
    with pytest.raises(TransitionNotAllowed) as error:
        services.partnership_end(partnership=active, actor=None)
    assert error.value.errors == {"ends_on": "Porozumienie już wygasło."}
    future = PartnershipFactory(region=region, starts_on=TODAY + timedelta(days=30))
    with pytest.raises(TransitionNotAllowed) as error:
        services.partnership_end(partnership=future, actor=None)
    assert error.value.errors == {
        "ends_on": "Porozumienie jeszcze nie obowiązuje: zmień raczej jego daty."
    }
    future.refresh_from_db()
    assert future.ends_on is None
    assert AuditEntry.objects.filter(action="networks.partnership.ended").count() == 1


def test_partnership_status_follows_the_dates(region):
    partnership = PartnershipFactory(
        region=region, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31)
    )
    assert partnership.status_on(date(2023, 12, 31)) == "not_started"
    assert partnership.status_on(date(2024, 12, 31)) == "active"
    assert partnership.status_on(date(2025, 1, 1)) == "ended"


def test_the_database_refuses_a_party_without_its_link(region):
    partnership = PartnershipFactory(region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipParty.objects.create(partnership=partnership, kind=PartyKind.ENTITY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            region=region,
            title="Zła data",
            signed_on=date(2024, 1, 1),
            starts_on=date(2024, 1, 1),
            ends_on=date(2023, 1, 1),
        )
