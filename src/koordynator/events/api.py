"""/api/v1/events and /api/v1/registrations: events over HTTP. Validation is the web
forms' (EventForm, RegistrationForm), so an error reads the same everywhere."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.accounts.rules import require_perm
from koordynator.accounts.selectors import regions_for_staff
from koordynator.core.api import (
    DateTimeIn,
    DomainValidationError,
    Id,
    Page,
    Quantity,
    SmallQuantity,
)
from koordynator.core.http import site_url

from . import selectors, services
from .forms import ColleagueForm, EventForm, RegistrationForm, event_form_data
from .models import Event, Registration
from .rules import (
    ADD_EVENT_IN_REGION,
    CANCEL_REGISTRATION,
    CHANGE_EVENT,
    LIST_EVENTS,
    MARK_ATTENDANCE,
    REGISTER,
    VIEW_REGISTRATIONS,
)
from .tokens import token_matches

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    region: str = Field(description="TERYT code of the region's voivodeship")
    kind: str
    kind_label: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str
    venue_gmina: str | None = Field(None, description="TERYT code of the gmina")
    venue_country: str
    organiser: str | None = Field(None, description="A support centre; null: the region's centre")
    host_id: int | None = Field(description="The directory entity at whose place it is held")
    programme: str | None
    target_groups: list[str]
    is_published: bool
    has_registration: bool
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    registration_is_open: bool
    capacity: int | None
    per_organisation_limit: int | None
    requires_approval: bool
    confirmed_count: int
    waitlist_count: int
    pending_count: int
    attended_count: int = Field(description="People present on at least one day")
    url: str


def event_out(event: Event) -> EventOut:
    return EventOut(
        id=event.pk,
        region=event.region.code,
        kind=event.kind,
        kind_label=event.get_kind_display(),
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        venue_gmina=event.venue_gmina.code if event.venue_gmina else None,
        venue_country=event.venue_country,
        organiser=event.organiser.name if event.organiser else None,
        host_id=event.host_id,
        programme=event.programme.name if event.programme else None,
        target_groups=list(event.target_groups),
        is_published=event.is_published,
        has_registration=event.has_registration,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        registration_is_open=event.registration_is_open,
        capacity=event.capacity,
        per_organisation_limit=event.per_organisation_limit,
        requires_approval=event.requires_approval,
        confirmed_count=getattr(event, "confirmed_count", 0),
        waitlist_count=getattr(event, "waitlist_count", 0),
        pending_count=getattr(event, "pending_count", 0),
        attended_count=getattr(event, "attended_count", 0),
        url=f"/events/{event.pk}/",
    )


class EventFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$", description="TERYT code of a region")
    upcoming: bool = Field(True, description="Only events that have not ended")


class EventIn(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="Needed when the token's user works in several"
    )
    kind: str
    title: str
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    description: str = ""
    programme: Id | None = None
    venue_name: str = ""
    venue_address: str = ""
    venue_gmina: str | None = Field(None, pattern=r"^\d{7}$")
    venue_country: str = "PL"
    organiser: Id | None = None
    target_groups: list[str] = []
    is_published: bool = False
    has_registration: bool = True
    registration_opens_at: DateTimeIn | None = None
    registration_closes_at: DateTimeIn | None = None
    capacity: Quantity | None = None
    per_organisation_limit: SmallQuantity | None = None
    requires_approval: bool = False
    privacy_notice: str = ""


class EventPatch(Schema):
    kind: str | None = None
    title: str | None = None
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    description: str | None = None
    programme: Id | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    venue_gmina: str | None = Field(None, pattern=r"^\d{7}$")
    venue_country: str | None = None
    organiser: Id | None = None
    target_groups: list[str] | None = None
    is_published: bool | None = None
    has_registration: bool | None = None
    registration_opens_at: DateTimeIn | None = None
    registration_closes_at: DateTimeIn | None = None
    capacity: Quantity | None = None
    per_organisation_limit: SmallQuantity | None = None
    requires_approval: bool | None = None
    privacy_notice: str | None = None


class ColleagueIn(Schema):
    first_name: str
    last_name: str
    email: str = ""


class RegistrationIn(Schema):
    first_name: str
    last_name: str
    email: str
    organisation_name: str = Field(description="Typed, or empty with entity_id")
    consent_personal_data: bool = Field(description="Must be true")
    entity_id: Id | None = Field(None, description="The organisation's id in the directory")
    organisation_type: str = ""
    phone: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    needs_sign_language_interpreter: bool = False
    consent_photos: bool = False
    colleagues: list[ColleagueIn] = Field([], description="Colleagues of the same organisation")


class ColleagueOut(Schema):
    id: int
    status: str
    waitlist_position: int | None


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str = Field(description="confirmed, waitlisted, pending, rejected or cancelled")
    waitlist_position: int | None = Field(None, description="1 = the next to get a place")
    colleagues: list[ColleagueOut] = []


class CancelIn(Schema):
    token: str = Field("", description="The secret of the person's link; not needed by staff")


def _registration_out(registration: Registration) -> RegistrationOut:
    return RegistrationOut(
        id=registration.pk,
        event_id=registration.event_id,
        status=registration.status,
        waitlist_position=selectors.waitlist_position(registration),
        colleagues=[
            ColleagueOut(
                id=colleague.pk,
                status=colleague.status,
                waitlist_position=selectors.waitlist_position(colleague),
            )
            for colleague in registration.colleagues.order_by("id")
        ],
    )


def _form_payload(values: dict[str, Any]) -> dict[str, Any]:
    """API values in the shape of a form's POST data."""
    payload: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            if value:
                payload[key] = "on"
        elif isinstance(value, list):
            payload[key] = [str(item) for item in value]
        elif isinstance(value, datetime):
            payload[key] = value.isoformat()
        elif value is None:
            payload[key] = ""
        else:
            payload[key] = str(value)
    return payload


def _form_errors(form: Any, prefix: str = "") -> dict[str, str]:
    return {
        f"{prefix}{field}": " ".join(str(e) for e in errors)
        for field, errors in form.errors.items()
    }


def _event_form(request: HttpRequest, payload: dict[str, Any], event: Event | None) -> EventForm:
    form = EventForm(
        data=payload,
        event=event,
        programmes=selectors.programmes_for_staff(request.user),
        gminas=selectors.gminas_for_staff(request.user),
        organisers=selectors.support_centres_for_staff(request.user),
    )
    if not form.is_valid():
        raise DomainValidationError(_form_errors(form))
    return form


@router.get("/events", response=list[EventOut], auth=[public_or_token])
@paginate
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Page[EventOut]:
    """Published events for everybody; a staff token adds its regions' unpublished ones."""
    events = selectors.events_visible_to(request.user)
    if filters.region:
        events = events.filter(region__voivodeship__code=filters.region)
    if filters.upcoming:
        events = events.filter(ends_at__gte=timezone.now())
    return Page(events, event_out)


def _visible_event(request: HttpRequest, event_id: int) -> Event:
    event = selectors.event_visible_to(request.user, event_id)
    if event is None:
        raise Http404
    return event


@router.get("/events/{event_id}", response=EventOut, auth=[public_or_token])
def get_event(request: HttpRequest, event_id: int) -> EventOut:
    return event_out(_visible_event(request, event_id))


@router.post("/events", response={201: EventOut}, auth=token_auth)
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    if not request.user.has_perm(LIST_EVENTS):
        raise PermissionDenied
    values = payload.dict()
    region_code = values.pop("region")
    regions = list(regions_for_staff(request.user))
    if region_code:
        region = next((r for r in regions if r.code == region_code), None)
    else:
        region = regions[0] if len(regions) == 1 else None
    if region is None or not request.user.has_perm(ADD_EVENT_IN_REGION, region):
        raise DomainValidationError(
            {"region": _("Give the code of a region you work in, e.g. “06”.")}
        )
    form = _event_form(request, _form_payload(values), None)
    event = services.event_create(region=region, data=form.service_data(), actor=request.user)
    return Status(201, event_out(_visible_event(request, event.pk)))


@router.patch("/events/{event_id}", response=EventOut, auth=token_auth)
def update_event(request: HttpRequest, event_id: int, payload: EventPatch) -> EventOut:
    event = _visible_event(request, event_id)
    if not request.user.has_perm(CHANGE_EVENT, event):
        raise PermissionDenied
    given = _form_payload(payload.dict(exclude_unset=True))
    form = _event_form(request, {**event_form_data(event), **given}, event)
    services.event_update(
        event=event, data=form.service_data(), actor=request.user, site_url=site_url(request)
    )
    return event_out(_visible_event(request, event_id))


@router.post(
    "/events/{event_id}/registrations", response={201: RegistrationOut}, auth=[public_or_token]
)
def create_registration(
    request: HttpRequest, event_id: int, payload: RegistrationIn
) -> Status[RegistrationOut]:
    """Register for a published event; no token needed. The person gets an e-mail with
    the link to see or cancel the registration."""
    event = _visible_event(request, event_id)
    require_perm(request, REGISTER, event)
    values = payload.dict()
    colleagues_in = values.pop("colleagues")
    values["entity"] = values.pop("entity_id")
    form = RegistrationForm(
        data=_form_payload(values), entities=selectors.entities_for_registration(event)
    )
    errors = {} if form.is_valid() else _form_errors(form)
    colleague_forms = [ColleagueForm(data=_form_payload(item)) for item in colleagues_in]
    for number, colleague_form in enumerate(colleague_forms):
        if not colleague_form.is_valid():
            errors.update(_form_errors(colleague_form, f"colleagues.{number}."))
    if errors:
        raise DomainValidationError(errors)
    attendees = [a for a in (f.attendee() for f in colleague_forms) if a is not None]
    registration = services.registration_create(
        event=event,
        application=form.application(attendees),
        language=translation.get_language() or "pl",
        site_url=site_url(request),
    )
    return Status(201, _registration_out(registration))


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut},
    auth=[public_or_token],
)
def cancel_registration(
    request: HttpRequest, registration_id: int, payload: CancelIn
) -> RegistrationOut:
    """Cancel with the token of the person's link, or with a staff token of the event's
    region. A wrong token answers 404, like a missing registration."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    if not (
        request.user.has_perm(CANCEL_REGISTRATION, registration)
        or token_matches(registration, payload.token)
    ):
        raise Http404
    registration = services.registration_cancel(
        registration=registration,
        actor=request.user,
        site_url=site_url(request),
    )
    return _registration_out(registration)


class ParticipantOut(Schema):
    id: int
    status: str
    queue_number: int | None
    first_name: str
    last_name: str
    email: str
    phone: str
    organisation_name: str
    organisation_type: str
    entity_id: int | None
    registered_by: int | None = Field(description="The registration of whoever sent the form")
    registered_at: datetime
    attended_days: list[date] = Field(description="The days the person was marked present")
    certificate_code: str
    is_anonymised: bool


class AttendanceIn(Schema):
    present: bool


class AttendanceOut(Schema):
    registration_id: int
    day: date
    present: bool
    attended_days: list[date]


def _staff_event(request: HttpRequest, event_id: int, perm: str) -> Event:
    event = selectors.event_for_staff(request.user, event_id)
    if event is None or not request.user.has_perm(perm, event):
        raise Http404
    return event


def _attended_days(registration: Registration) -> list[date]:
    return sorted(attendance.day for attendance in registration.attendances.all())


def _participant_out(registration: Registration) -> ParticipantOut:
    return ParticipantOut(
        id=registration.pk,
        status=registration.status,
        queue_number=registration.queue_number,
        first_name=registration.first_name,
        last_name=registration.last_name,
        email=registration.email,
        phone=registration.phone,
        organisation_name=registration.organisation_name,
        organisation_type=registration.organisation_type,
        entity_id=registration.entity_id,
        registered_by=registration.registered_by_id,
        registered_at=registration.created_at,
        attended_days=_attended_days(registration),
        certificate_code=registration.certificate_code,
        is_anonymised=registration.is_anonymised,
    )


@router.get("/events/{event_id}/registrations", response=list[ParticipantOut], auth=token_auth)
@paginate
def list_registrations(request: HttpRequest, event_id: int) -> Page[ParticipantOut]:
    """Every registration of the event, in the order they came (staff of its region).
    Each call is recorded in the audit log: it shows personal data."""
    event = _staff_event(request, event_id, VIEW_REGISTRATIONS)
    services.participants_viewed(event=event, actor=request.user, view="api")
    registrations = event.registrations.prefetch_related("attendances").order_by("created_at", "id")
    return Page(registrations, _participant_out)


@router.put(
    "/registrations/{registration_id}/attendance/{day}",
    response={200: AttendanceOut},
    auth=token_auth,
)
def mark_attendance(
    request: HttpRequest, registration_id: int, day: date, payload: AttendanceIn
) -> AttendanceOut:
    """Mark a person with a confirmed place present (or not) on one day of the event
    (YYYY-MM-DD). Marking twice is the same as once."""
    registration = selectors.registration_for_staff(request.user, registration_id)
    if registration is None or not request.user.has_perm(MARK_ATTENDANCE, registration.event):
        raise Http404
    services.attendance_mark(
        registration=registration, day=day, present=payload.present, actor=request.user
    )
    days = sorted(registration.attendances.values_list("day", flat=True))
    return AttendanceOut(
        registration_id=registration.pk,
        day=day,
        present=day in days,
        attended_days=days,
    )
