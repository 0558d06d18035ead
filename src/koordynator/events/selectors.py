"""Reads of events and registrations, scoped to what the reader may see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind
from koordynator.accounts.models import Organisation
from koordynator.accounts.selectors import staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.registry.models import Entity
from koordynator.registry.selectors import public_entities
from koordynator.territory.models import Region, TerritorialUnit

from .enums import RegistrationStatus
from .models import Event, Programme, Registration
from .tokens import token_matches


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with `confirmed_count`, `waitlist_count` and `pending_count`."""
    return events.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
        pending_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.PENDING)
        ),
    )


def _with_relations(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("region__voivodeship", "venue_gmina", "organiser", "programme")


def public_events(region: Region | None = None, *, now: datetime | None = None) -> QuerySet[Event]:
    """Published events that have not ended yet, soonest first."""
    events = Event.objects.filter(is_published=True, ends_at__gte=now or timezone.now())
    if region is not None:
        events = events.filter(region=region)
    return with_counts(_with_relations(events)).order_by("starts_at", "id")


def public_event(event_id: int) -> Event | None:
    return (
        with_counts(_with_relations(Event.objects.filter(is_published=True)))
        .filter(pk=event_id)
        .first()
    )


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Published events for everybody; staff also see every event of their regions."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        events = Event.objects.all()
    elif region_ids:
        events = Event.objects.filter(Q(is_published=True) | Q(region_id__in=region_ids))
    else:
        events = Event.objects.filter(is_published=True)
    return with_counts(_with_relations(events)).order_by("starts_at", "id")


def event_visible_to(user: Any, event_id: int) -> Event | None:
    return events_visible_to(user).filter(pk=event_id).first()


def events_for_staff(user: Any) -> QuerySet[Event]:
    """Every event of the regions the user works on as staff (none for other roles),
    the latest first."""
    events = scope_to_regions(Event.objects.all(), staff_region_ids(user))
    return with_counts(_with_relations(events)).order_by("-starts_at", "-id")


def event_for_staff(user: Any, event_id: int) -> Event | None:
    return events_for_staff(user).filter(pk=event_id).first()


STATUS_ORDER = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
]


def registrations_by_status(event: Event) -> list[tuple[str, list[Registration]]]:
    """The event's registrations grouped by status, in STATUS_ORDER; the waiting list in
    its order, the others in the order they came."""
    registrations = list(
        event.registrations.select_related("entity", "registered_by").order_by("created_at", "id")
    )
    groups: list[tuple[str, list[Registration]]] = []
    for status in STATUS_ORDER:
        rows = [r for r in registrations if r.status == status]
        if status == RegistrationStatus.WAITLISTED:
            rows.sort(key=lambda r: r.queue_number or 0)
        groups.append((status, rows))
    return groups


def registration_for_staff(user: Any, registration_id: int) -> Registration | None:
    registrations = Registration.objects.select_related("event__region__voivodeship")
    region_ids = staff_region_ids(user)
    if region_ids is not None:
        registrations = registrations.filter(event__region_id__in=region_ids)
    return registrations.filter(pk=registration_id).first()


def registration_by_token(registration_id: int, token: str) -> Registration | None:
    """The registration whose link carries `token`; None for a wrong token or id alike."""
    registration = (
        Registration.objects.select_related(
            "event__region__voivodeship", "event__venue_gmina", "entity"
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not token_matches(registration, token):
        return None
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """The person's place in the queue (1 = next to get a place), or None if not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED or registration.queue_number is None:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        queue_number__lte=registration.queue_number,
    ).count()


# --- Choices of the forms ----------------------------------------------------------------------


def entities_for_registration(event: Event) -> QuerySet[Entity]:
    """The directory's entities of the event's region, to choose one's organisation from."""
    return public_entities().filter(region_id=event.region_id).order_by("name", "id")


def programmes_for_staff(user: Any) -> QuerySet[Programme]:
    return scope_to_regions(Programme.objects.all(), staff_region_ids(user)).order_by("name")


def support_centres_for_staff(user: Any) -> QuerySet[Organisation]:
    return scope_to_regions(
        Organisation.objects.filter(kind=OrganisationKind.SUPPORT_CENTRE),
        staff_region_ids(user),
    ).order_by("name")


def gminas_for_staff(user: Any) -> QuerySet[TerritorialUnit]:
    """The gminas of the regions the user works on, for the venue."""
    gminas = TerritorialUnit.objects.filter(level="gmina", is_active=True)
    region_ids = staff_region_ids(user)
    if region_ids is None:
        gminas = gminas.filter(parent__parent__region__isnull=False)
    else:
        gminas = gminas.filter(parent__parent__region__in=region_ids)
    return gminas.select_related("parent").order_by("parent__name", "name", "code")
