"""Registrations as a state machine: places, the waiting list, limits, approval, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.core.api import DomainValidationError
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.events import selectors, services
from koordynator.events.enums import REGISTRATION_WORKFLOW, RegistrationStatus
from koordynator.events.models import Event, Registration
from koordynator.events.services import Application, Attendee
from tests.factories import EntityFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def application(n: int, *, organisation: str = "", colleagues=(), entity=None) -> Application:
    return Application(
        person=Attendee(first_name="Jan", last_name=f"Nowak {n}", email=f"jan{n}@example.org"),
        organisation_name=organisation or f"Stowarzyszenie {n}",
        organisation_type="entity",
        entity=entity,
        consent_personal_data=True,
        colleagues=tuple(colleagues),
    )


def register(event: Event, n: int, **kwargs) -> Registration:
    return services.registration_create(event=event, application=application(n, **kwargs))


def statuses(event: Event) -> list[str]:
    return list(event.registrations.order_by("id").values_list("status", flat=True))


def actions(registration: Registration) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="events.registration", object_id=str(registration.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_places_are_confirmed_then_the_rest_wait_in_order(region):
    event = EventFactory(capacity=2)
    people = [register(event, n) for n in range(4)]
    assert [p.status for p in people] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [selectors.waitlist_position(p) for p in people] == [None, None, 1, 2]
    assert actions(people[0]) == ["events.registration.confirmed"]
    assert actions(people[2]) == ["events.registration.waitlisted"]
    entry = AuditEntry.objects.get(action="events.registration.waitlisted", object_id=people[3].pk)
    assert entry.region_code == "06"
    assert entry.changes["status"] == [None, "waitlisted"]


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(region):
    event = EventFactory(capacity=1)
    first, second, third = (register(event, n) for n in range(3))
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.CONFIRMED
    assert second.queue_number is None
    assert third.status == S.WAITLISTED
    assert selectors.waitlist_position(third) == 1
    assert actions(second) == ["events.registration.waitlisted", "events.registration.confirmed"]
    promoted = AuditEntry.objects.filter(object_id=str(second.pk)).order_by("id").last()
    assert promoted.changes["reason"] == "promoted_from_waitlist"


def test_cancelling_from_the_waiting_list_promotes_nobody(region):
    event = EventFactory(capacity=1)
    _first, second, third = (register(event, n) for n in range(3))
    services.registration_cancel(registration=second)
    third.refresh_from_db()
    assert statuses(event) == [S.CONFIRMED, S.CANCELLED, S.WAITLISTED]
    assert selectors.waitlist_position(third) == 1


def test_more_places_promote_the_waiting_in_order(region, coordinator):
    event = EventFactory(capacity=1)
    for n in range(4):
        register(event, n)
    services.event_update(event=event, data={"capacity": 3}, actor=coordinator)
    assert statuses(event) == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert AuditEntry.objects.filter(action="events.event.updated").get().changes == {
        "capacity": [1, 3]
    }


def test_no_limit_any_more_promotes_everybody(region, coordinator):
    event = EventFactory(capacity=1)
    for n in range(3):
        register(event, n)
    services.event_update(event=event, data={"capacity": None}, actor=coordinator)
    assert statuses(event) == [S.CONFIRMED] * 3


def test_fewer_places_than_confirmed_is_refused(region, coordinator):
    event = EventFactory(capacity=3)
    for n in range(2):
        register(event, n)
    with pytest.raises(DomainValidationError) as error:
        services.event_update(event=event, data={"capacity": 1}, actor=coordinator)
    assert list(error.value.errors) == ["capacity"]
    event.refresh_from_db()
    assert event.capacity == 3


def test_per_organisation_limit_counts_the_whole_form_and_earlier_ones(region):
    event = EventFactory(per_organisation_limit=2)
    colleague = Attendee(first_name="Ewa", last_name="Zielińska")
    register(event, 1, organisation="Fundacja Pod Lipą", colleagues=[colleague])
    with pytest.raises(DomainValidationError) as error:
        register(event, 2, organisation="fundacja pod lipa")  # the same, typed differently
    assert list(error.value.errors) == ["organisation_name"]
    assert len(statuses(event)) == 2
    register(event, 3, organisation="Spółdzielnia Socjalna Razem")


def test_per_organisation_limit_by_the_directory_entry(region):
    entity = EntityFactory()
    event = EventFactory(per_organisation_limit=1)
    register(event, 1, entity=entity, organisation="")
    with pytest.raises(DomainValidationError):
        register(event, 2, entity=entity, organisation="Inna nazwa")


def test_colleagues_are_registered_together_and_fill_places_in_order(region):
    event = EventFactory(capacity=2)
    colleagues = [
        Attendee(first_name="Ewa", last_name="Zielińska", email="ewa@example.org"),
        Attendee(first_name="Piotr", last_name="Wiśniewski"),
    ]
    submitter = register(event, 1, colleagues=colleagues)
    rows = list(submitter.colleagues.order_by("id"))
    assert submitter.status == S.CONFIRMED
    assert [(r.first_name, r.status) for r in rows] == [
        ("Ewa", S.CONFIRMED),
        ("Piotr", S.WAITLISTED),
    ]
    assert all(r.organisation_name == submitter.organisation_name for r in rows)


def test_colleague_with_the_submitters_e_mail_is_refused_and_nothing_is_written(region):
    event = EventFactory()
    colleague = Attendee(first_name="Ewa", last_name="Zielińska", email="JAN1@example.org")
    with pytest.raises(DomainValidationError) as error:
        register(event, 1, colleagues=[colleague])
    assert list(error.value.errors) == ["colleagues"]
    assert not Registration.objects.exists()


def test_the_same_e_mail_twice_is_refused_with_a_clear_message(region):
    event = EventFactory()
    register(event, 1)
    with pytest.raises(DomainValidationError) as error:
        register(event, 1)
    assert error.value.errors == {
        "email": _(
            "The address %(email)s is already registered for this event. The e-mail we "
            "sent to it has a link to see or cancel that registration."
        )
        % {"email": "jan1@example.org"}
    }
    assert len(statuses(event)) == 1


def test_after_cancelling_one_may_register_again(region):
    event = EventFactory()
    first = register(event, 1)
    services.registration_cancel(registration=first)
    again = register(event, 1)
    assert again.status == S.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "opens"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
        ({"is_published": False}, "no registrations"),
        ({"has_registration": False}, "no registrations"),
    ],
)
def test_registration_outside_the_window_is_refused(region, changes, message):
    event = EventFactory(**changes)
    with pytest.raises(DomainValidationError) as error:
        register(event, 1)
    expected = {
        "opens": _("Registration for this event opens on %(time)s.").split("%")[0],
        "closed": _("Registration for this event is closed."),
        "no registrations": _("This event takes no registrations on the site."),
    }[message]
    assert error.value.errors["__all__"].startswith(expected)
    assert not Registration.objects.exists()


def test_an_event_that_has_begun_takes_no_registrations(region):
    event = EventFactory(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    with pytest.raises(DomainValidationError):
        register(event, 1)


def test_consent_is_required(region):
    event = EventFactory()
    app = application(1)
    refused = Application(person=app.person, organisation_name="X", consent_personal_data=False)
    with pytest.raises(DomainValidationError) as error:
        services.registration_create(event=event, application=refused)
    assert list(error.value.errors) == ["consent_personal_data"]


def test_approval_flow_pending_then_confirmed_or_waitlisted_or_rejected(region, coordinator):
    event = EventFactory(capacity=1, requires_approval=True)
    first, second, third = (register(event, n) for n in range(3))
    assert statuses(event) == [S.PENDING] * 3
    services.registration_approve(registration=first, actor=coordinator)
    services.registration_approve(registration=second, actor=coordinator)
    services.registration_reject(registration=third, actor=coordinator)
    assert statuses(event) == [S.CONFIRMED, S.WAITLISTED, S.REJECTED]
    first.refresh_from_db()
    assert first.decided_by == coordinator
    entry = AuditEntry.objects.get(action="events.registration.rejected")
    assert entry.actor == coordinator
    assert entry.changes["status"] == ["pending", "rejected"]
    services.registration_cancel(registration=first)
    assert statuses(event) == [S.CANCELLED, S.CONFIRMED, S.REJECTED]


@pytest.mark.parametrize(
    ("status", "operation"),
    [
        (S.CONFIRMED, "approve"),
        (S.CONFIRMED, "reject"),
        (S.CANCELLED, "cancel"),
        (S.REJECTED, "cancel"),
        (S.CANCELLED, "approve"),
        (S.WAITLISTED, "reject"),
    ],
)
def test_forbidden_transitions_are_refused_and_change_nothing(
    region, coordinator, status, operation
):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(
        event=event, status=status, queue_number=1 if status == S.WAITLISTED else None
    )
    audit_before = AuditEntry.objects.count()
    service = {
        "approve": services.registration_approve,
        "reject": services.registration_reject,
        "cancel": services.registration_cancel,
    }[operation]
    with pytest.raises(TransitionNotAllowed) as error:
        service(registration=registration, actor=coordinator)
    assert list(error.value.errors) == ["status"]
    registration.refresh_from_db()
    assert registration.status == status
    assert AuditEntry.objects.count() == audit_before


def test_transition_table_allows_only_what_the_services_do():
    assert REGISTRATION_WORKFLOW.targets(None) == {S.PENDING, S.CONFIRMED, S.WAITLISTED}
    assert REGISTRATION_WORKFLOW.targets(S.CANCELLED) == frozenset()
    assert REGISTRATION_WORKFLOW.targets(S.REJECTED) == frozenset()
    assert S.WAITLISTED not in REGISTRATION_WORKFLOW.targets(S.CONFIRMED)
    with pytest.raises(TransitionNotAllowed):
        REGISTRATION_WORKFLOW.check(S.CONFIRMED, S.WAITLISTED)


def test_event_create_checks_and_audits(region, coordinator):
    start = timezone.now() + timedelta(days=3)
    data = {
        "kind": "workshop",
        "title": "  Warsztat   powiatowy ",
        "starts_at": start,
        "ends_at": start - timedelta(hours=1),
    }
    with pytest.raises(DomainValidationError) as error:
        services.event_create(region=region, data=data, actor=coordinator)
    assert list(error.value.errors) == ["ends_at"]
    data["ends_at"] = start + timedelta(days=1)
    event = services.event_create(region=region, data={**data, "capacity": 20}, actor=coordinator)
    assert event.title == "Warsztat powiatowy"
    assert event.is_multi_day
    entry = AuditEntry.objects.get(action="events.event.created")
    assert entry.changes["capacity"] == 20
    assert entry.region_code == "06"


def test_a_venue_abroad_has_no_gmina(region, coordinator):
    from koordynator.territory.models import TerritorialUnit

    start = timezone.now() + timedelta(days=30)
    data = {
        "kind": "study_visit",
        "title": "Wizyta studyjna we Włoszech",
        "starts_at": start,
        "ends_at": start + timedelta(days=4),
        "venue_country": "it",
        "venue_gmina": TerritorialUnit.objects.get(code="0607011"),
    }
    with pytest.raises(DomainValidationError) as error:
        services.event_create(region=region, data=data, actor=coordinator)
    assert list(error.value.errors) == ["venue_gmina"]
    del data["venue_gmina"]
    event = services.event_create(region=region, data=data, actor=coordinator)
    assert event.venue_country == "IT"
    assert event.is_abroad
