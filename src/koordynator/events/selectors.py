"""Reads of events and registrations, scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind
from koordynator.accounts.models import Organisation
from koordynator.accounts.selectors import staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.text import fold
from koordynator.registry import selectors as registry
from koordynator.registry.models import Entity
from koordynator.registry.selectors import public_entities
from koordynator.territory.models import Region, TerritorialUnit

from .enums import EventKind, OrganisationType, RegistrationStatus
from .models import Attendance, Event, EventPhoto, Programme, Registration
from .tokens import token_matches


def _attended_count() -> Any:
    """People present on at least one day of the event (a subquery, so that it does not
    multiply the other counts' rows)."""
    present = (
        Registration.objects.filter(event=OuterRef("pk"))
        .filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(present, output_field=IntegerField()), 0)


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with `confirmed_count`, `waitlist_count`, `pending_count` and
    `attended_count`."""
    return events.annotate(
        attended_count=_attended_count(),
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


def organisation_suggestions(region: Region, typed: str, *, limit: int) -> list[Entity]:
    """At most `limit` of the directory's entities of `region` that match what a person
    typed, best first (the directory's search): a participant's organisation, a host."""
    if len(typed.strip()) < 2:
        return []
    entities = public_entities().filter(region=region)
    return list(registry.entity_rows(entities, q=typed)[:limit])


def events_hosted_by(entity: Entity, *, now: datetime | None = None) -> QuerySet[Event]:
    """Published events still to come (or under way) at the entity's place, soonest first."""
    events = Event.objects.filter(
        is_published=True, host=entity, ends_at__gte=now or timezone.now()
    )
    return events.select_related("venue_gmina").order_by("starts_at", "id")


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


# --- Attendance --------------------------------------------------------------------------------


def default_day(event: Event, today: date | None = None) -> date:
    """The day the check-in screen opens on: today during the event, else its first day
    (before it) or its last (after it)."""
    today = today or timezone.localdate()
    days = event.days
    if today in days:
        return today
    return days[0] if today < days[0] else days[-1]


def attendance_counts(event: Event) -> list[tuple[date, int]]:
    """How many people were present on each day of the event, every day listed."""
    counts = dict(
        Attendance.objects.filter(registration__event=event)
        .order_by()
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return [(day, counts.get(day, 0)) for day in event.days]


def participants(event: Event) -> list[Registration]:
    """The people with a confirmed place, by last name as a Polish reader expects it
    (Ćwik after Cybulski, whatever the database's collation): the attendance list."""
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "entity"
    )
    return sorted(
        registrations, key=lambda r: (fold(r.last_name), fold(r.first_name), r.last_name, r.pk)
    )


def present_ids(event: Event, day: date) -> set[int]:
    return set(
        Attendance.objects.filter(registration__event=event, day=day).values_list(
            "registration_id", flat=True
        )
    )


def checkin_rows(event: Event, day: date, query: str = "") -> list[tuple[Registration, bool]]:
    """The attendance list for one day with who is present; `query` keeps the people whose
    name or organisation contains every typed word (Polish letters or not)."""
    present = present_ids(event, day)
    words = fold(query).split()
    rows = []
    for registration in participants(event):
        if words:
            text = fold(f"{registration.full_name} {registration.organisation_name}")
            if not all(word in text for word in words):
                continue
        rows.append((registration, registration.pk in present))
    return rows


def registration_in_event(event: Event, registration_id: int) -> Registration | None:
    return (
        event.registrations.select_related("event__region__voivodeship")
        .filter(pk=registration_id)
        .first()
    )


@dataclass
class EventReport:
    """Who came: people present on at least one day, by day, by kind of organisation
    and by powiat (of the directory entity; "unknown" without one)."""

    participants: int
    by_day: list[tuple[date, int]]
    by_organisation_type: list[tuple[str, int]] = field(default_factory=list)
    by_powiat: list[tuple[str, int]] = field(default_factory=list)


UNKNOWN = "unknown"


def event_report(event: Event) -> EventReport:
    attendees = Registration.objects.filter(event=event).filter(
        Exists(Attendance.objects.filter(registration=OuterRef("pk")))
    )
    rows = list(attendees.values_list("organisation_type", "entity__gmina__parent_id"))
    type_labels = dict(OrganisationType.choices)
    by_type: dict[str, int] = {}
    by_powiat_id: dict[int | None, int] = {}
    for organisation_type, powiat_id in rows:
        by_type[organisation_type or UNKNOWN] = by_type.get(organisation_type or UNKNOWN, 0) + 1
        by_powiat_id[powiat_id] = by_powiat_id.get(powiat_id, 0) + 1
    powiats = TerritorialUnit.objects.in_bulk([pk for pk in by_powiat_id if pk is not None])
    by_powiat = sorted(
        ((powiats[pk].display_name, count) for pk, count in by_powiat_id.items() if pk),
        key=lambda item: (-item[1], item[0]),
    )
    if None in by_powiat_id:
        by_powiat.append((UNKNOWN, by_powiat_id[None]))
    by_organisation_type = sorted(
        (
            (str(type_labels.get(key, key)) if key != UNKNOWN else UNKNOWN, count)
            for key, count in by_type.items()
            if key != UNKNOWN
        ),
        key=lambda item: (-item[1], item[0]),
    )
    if UNKNOWN in by_type:
        by_organisation_type.append((UNKNOWN, by_type[UNKNOWN]))
    return EventReport(
        participants=len(rows),
        by_day=attendance_counts(event),
        by_organisation_type=by_organisation_type,
        by_powiat=by_powiat,
    )


# --- Certificates and personal data --------------------------------------------------------------


def certificate_by_code(code: str) -> Registration | None:
    """The certificate with this code, of a published event; None when there is none."""
    if not code:
        return None
    return (
        Registration.objects.select_related("event__region__voivodeship", "event__venue_gmina")
        .filter(certificate_code=code, event__is_published=True)
        .first()
    )


def registration_personal_data(registration: Registration) -> dict[str, Any]:
    """Everything the platform keeps about the person of this registration, for them to
    download (GDPR art. 15 and 20)."""
    event = registration.event
    return {
        "event": {
            "id": event.pk,
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "ends_at": event.ends_at.isoformat(),
            "organiser": event.organiser.name if event.organiser else event.region.coordinator_name,
        },
        "registration": {
            "id": registration.pk,
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
            "status_changed_at": registration.status_changed_at.isoformat(),
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "phone": registration.phone,
            "organisation_name": registration.organisation_name,
            "organisation_type": registration.organisation_type,
            "entity_id": registration.entity_id,
            "accessibility_needs": registration.accessibility_needs,
            "dietary_needs": registration.dietary_needs,
            "needs_sign_language_interpreter": registration.needs_sign_language_interpreter,
            "consent_personal_data": registration.consent_personal_data,
            "consent_photos": registration.consent_photos,
            "language": registration.language,
            "registered_by": registration.registered_by_id,
            "certificate_code": registration.certificate_code,
        },
        "attendance": [
            day.isoformat()
            for day in registration.attendances.order_by("day").values_list("day", flat=True)
        ],
        "colleagues_registered": [
            {
                "id": colleague.pk,
                "first_name": colleague.first_name,
                "last_name": colleague.last_name,
            }
            for colleague in registration.colleagues.order_by("id")
        ],
    }


# --- Calendar and archive ------------------------------------------------------------------------


def _published(region: Region | None) -> QuerySet[Event]:
    events = Event.objects.filter(is_published=True)
    if region is not None:
        events = events.filter(region=region)
    return with_counts(_with_relations(events))


def filter_events(
    events: QuerySet[Event],
    *,
    kind: str = "",
    programme_id: int | None = None,
    powiat_code: str = "",
    month: date | None = None,
) -> QuerySet[Event]:
    """Events of a kind, a programme, with the venue in a powiat, or overlapping a month."""
    if kind:
        events = events.filter(kind=kind)
    if programme_id:
        events = events.filter(programme_id=programme_id)
    if powiat_code:
        events = events.filter(venue_gmina__code__startswith=powiat_code)
    if month is not None:
        start, end = month_bounds(month)
        events = events.filter(starts_at__lt=end, ends_at__gte=start)
    return events


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next one, in the site's time zone."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime(first.year, first.month, 1, tzinfo=zone),
        datetime(following.year, following.month, 1, tzinfo=zone),
    )


def upcoming_events(
    region: Region | None, *, now: datetime | None = None, **filters: Any
) -> QuerySet[Event]:
    events = _published(region).filter(ends_at__gte=now or timezone.now())
    return filter_events(events, **filters).order_by("starts_at", "id")


def past_events(
    region: Region | None, *, now: datetime | None = None, **filters: Any
) -> QuerySet[Event]:
    """The archive: published events that have ended, the latest first."""
    events = _published(region).filter(ends_at__lt=now or timezone.now())
    return filter_events(events, **filters).order_by("-starts_at", "-id").prefetch_related("photos")


def month_events(region: Region | None, month: date, **filters: Any) -> QuerySet[Event]:
    return filter_events(_published(region), month=month, **filters).order_by("starts_at", "id")


def calendar_weeks(month: date, events: list[Event]) -> list[list[tuple[date | None, list[Event]]]]:
    """The month as weeks from Monday: each cell a day of the month (None outside it) with
    the events on that day (an event of several days on each of them)."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    by_day: dict[date, list[Event]] = {}
    for event in events:
        for day in event.days:
            if first <= day < following:
                by_day.setdefault(day, []).append(event)
    weeks: list[list[tuple[date | None, list[Event]]]] = []
    week: list[tuple[date | None, list[Event]]] = [(None, [])] * first.weekday()
    day = first
    while day < following:
        week.append((day, by_day.get(day, [])))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [(None, [])] * (7 - len(week)))
    return weeks


def feed_events(region: Region | None, *, now: datetime | None = None) -> QuerySet[Event]:
    """The calendar feed: published events of the last year and all ahead."""
    since = (now or timezone.now()) - timedelta(days=365)
    return (
        _with_relations(Event.objects.filter(is_published=True, ends_at__gte=since))
        .filter(**({"region": region} if region is not None else {}))
        .order_by("starts_at", "id")
    )


def programmes_with_events(region: Region | None) -> QuerySet[Programme]:
    programmes = Programme.objects.filter(events__is_published=True)
    if region is not None:
        programmes = programmes.filter(region=region)
    return programmes.distinct().order_by("name")


def venue_powiats(region: Region | None) -> QuerySet[TerritorialUnit]:
    """The powiats where published events take place, for the filter."""
    gminas = Event.objects.filter(is_published=True, venue_gmina__isnull=False)
    if region is not None:
        gminas = gminas.filter(region=region)
    codes = {code[:4] for code in gminas.values_list("venue_gmina__code", flat=True)}
    return TerritorialUnit.objects.filter(level="powiat", code__in=codes).order_by("name")


EVENT_KINDS = EventKind.choices


def photo_of_visible_event(user: Any, photo_id: int) -> EventPhoto | None:
    photo = EventPhoto.objects.select_related("event").filter(pk=photo_id).first()
    if photo is None:
        return None
    if photo.event.is_published or event_for_staff(user, photo.event_id) is not None:
        return photo
    return None
