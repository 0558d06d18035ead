"""Writes to events and registrations. Callers check permissions (rules.py) first; a
public registration needs none, and a person's own cancellation is authorised by the
token of their link (tokens.py).

A registration moves through the states of `enums.REGISTRATION_WORKFLOW`; every move goes
through `_move`, which refuses a move the table does not allow (`TransitionNotAllowed`,
before anything is written) and records an audit entry ``events.registration.<new status>``.
Every service that counts places locks the event's row first, so two people cannot both
take the last place, and waiting-list numbers never repeat.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koordynator.core.actors import Actor, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.core.text import fold, one_line
from koordynator.core.uploads import delete_files_on_commit, is_document, store_photo
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

from .enums import ACTIVE_STATUSES, REGISTRATION_WORKFLOW, OrganisationType, RegistrationStatus
from .models import POLAND, Attendance, Event, EventPhoto, Programme, Registration
from .photos import prepare_photo
from .tasks import send_registration_message
from .tokens import new_secret

EVENT_FIELDS = [
    "programme",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_gmina",
    "venue_country",
    "organiser",
    "host",
    "target_groups",
    "privacy_notice",
    "is_published",
    "has_registration",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "per_organisation_limit",
    "requires_approval",
]
MAX_COLLEAGUES = 10
MAX_REGULATIONS_SIZE = 10 * 1024 * 1024
REGULATIONS_TYPES = {".pdf", ".docx", ".odt"}


# --- Input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """One person who will come."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    needs_sign_language_interpreter: bool = False


@dataclass(frozen=True)
class Application:
    """What one registration form sends: the person, their organisation, their consents
    and the colleagues of the same organisation they register with them."""

    person: Attendee
    organisation_name: str = ""
    organisation_type: str = ""
    entity: Entity | None = None
    consent_personal_data: bool = False
    consent_photos: bool = False
    colleagues: Sequence[Attendee] = field(default_factory=tuple)


# --- Helpers -----------------------------------------------------------------------------------


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("region__voivodeship").get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _send_on_commit(registration: Registration, site_url: str) -> None:
    """Tell the person (or, for a colleague without an e-mail, whoever registered them)
    about their registration's status, once the change is committed."""
    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_message.enqueue(
            registration_id=registration_id, site_url=site_url
        )
    )


def _move(
    registration: Registration,
    new: str,
    *,
    actor: Actor,
    event: Event,
    changes: dict[str, Any] | None = None,
) -> None:
    """The one place a registration's status changes (or is first set): checked against
    the workflow, saved, audited. `event` is the locked row of its event."""
    # Checked before the waiting list hands out a number, so a refused move takes none.
    REGISTRATION_WORKFLOW.check(None if registration._state.adding else registration.status, new)
    registration.status_changed_at = timezone.now()
    if new == RegistrationStatus.WAITLISTED:
        event.waitlist_counter += 1
        event.save(update_fields=["waitlist_counter"])
        registration.queue_number = event.waitlist_counter
    else:
        registration.queue_number = None
    REGISTRATION_WORKFLOW.move(
        registration,
        new,
        actor=actor,
        action=f"events.registration.{new}",
        region_code=event.region.code,
        changes={
            "event": event.pk,
            **({"queue_number": registration.queue_number} if registration.queue_number else {}),
            **(changes or {}),
        },
        update_fields=["status_changed_at", "queue_number", "decided_by", "updated_at"],
    )


def _promote_waiting(event: Event, *, actor: Actor, site_url: str) -> list[Registration]:
    """Give the free places to the first people on the waiting list, in order."""
    promoted: list[Registration] = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "queue_number"
    )
    while _has_free_place(event):
        registration = waiting.first()
        if registration is None:
            break
        _move(
            registration,
            RegistrationStatus.CONFIRMED,
            actor=actor,
            event=event,
            changes={"reason": "promoted_from_waitlist"},
        )
        _send_on_commit(registration, site_url)
        promoted.append(registration)
    return promoted


# --- Programmes and events ---------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, region: Region, name: str, description: str = "", actor: Actor
) -> Programme:
    name = one_line(name)
    if not name:
        raise DomainValidationError({"name": _("Give the programme a name.")})
    if Programme.objects.filter(region=region, name__iexact=name).exists():
        raise DomainValidationError(
            {"name": _("This region already has a programme of this name.")}
        )
    programme = Programme.objects.create(
        region=region, name=name[:200], description=description.strip()
    )
    audit_log(
        actor=actor,
        action="events.programme.created",
        target=programme,
        region_code=region.code,
        changes={"name": programme.name},
    )
    return programme


def _check_event_data(region: Region, data: dict[str, Any]) -> dict[str, Any]:
    """Validate an event's fields (the cleaned data of EventForm, or a part of it when
    updating: missing keys keep their values); return them cleaned."""
    errors: dict[str, str] = {}
    cleaned = dict(data)
    if "title" in cleaned:
        cleaned["title"] = one_line(cleaned["title"])
        if not cleaned["title"]:
            errors["title"] = _("Give the event a title.")
    starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = _("The event cannot end before it starts.")
    opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if "venue_country" in cleaned:
        cleaned["venue_country"] = (cleaned["venue_country"] or POLAND).strip().upper()
    country = cleaned.get("venue_country", POLAND)
    gmina = cleaned.get("venue_gmina")
    if gmina is not None:
        if country != POLAND:
            errors["venue_gmina"] = _("A venue abroad has no gmina.")
        elif gmina.level != "gmina":
            errors["venue_gmina"] = _("Choose a gmina.")
    programme = cleaned.get("programme")
    if programme is not None and programme.region_id != region.pk:
        errors["programme"] = _("Choose a programme of the event's region.")
    organiser = cleaned.get("organiser")
    if organiser is not None and (
        organiser.kind != "support_centre" or organiser.region_id != region.pk
    ):
        errors["organiser"] = _("Choose a support centre of the event's region.")
    host = cleaned.get("host")
    if host is not None and host.region_id != region.pk:
        errors["host"] = _("Choose an entity of the event's region.")
    if "target_groups" in cleaned:
        cleaned["target_groups"] = sorted(set(cleaned["target_groups"] or []))
    if errors:
        raise DomainValidationError(errors)
    return cleaned


def _read_regulations(upload: IO[bytes], file_name: str) -> tuple[bytes, str]:
    """The file's bytes and its extension, after checking that it is a PDF, DOCX or ODT by
    its content, not only by its name."""
    suffix = PurePath(file_name).suffix.lower()
    content = upload.read(MAX_REGULATIONS_SIZE + 1)
    if len(content) > MAX_REGULATIONS_SIZE:
        raise DomainValidationError({"regulations": _("The file is larger than 10 MB.")})
    if suffix not in REGULATIONS_TYPES or not is_document(content, suffix):
        raise DomainValidationError(
            {"regulations": _("Attach the recruitment rules as a PDF, DOCX or ODT file.")}
        )
    return content, suffix


def _store_regulations(event: Event, upload: IO[bytes], file_name: str) -> str:
    content, suffix = _read_regulations(upload, file_name)
    old = event.regulations.name or ""
    event.regulations.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    event.regulations_name = PurePath(file_name).name[:255]
    return old


@transaction.atomic
def event_create(
    *,
    region: Region,
    data: dict[str, Any],
    actor: Actor,
    regulations: IO[bytes] | None = None,
    regulations_name: str = "",
) -> Event:
    """A new event from EventForm's cleaned data."""
    cleaned = _check_event_data(region, data)
    event = Event(region=region, created_by=user_or_none(actor))
    for name in EVENT_FIELDS:
        if name in cleaned:
            setattr(event, name, cleaned[name])
    if regulations is not None:
        _store_regulations(event, regulations, regulations_name)
    event.save()
    audit_log(
        actor=actor,
        action="events.event.created",
        target=event,
        region_code=region.code,
        changes={name: getattr(event, name) for name in EVENT_FIELDS},
    )
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    data: dict[str, Any],
    actor: Actor,
    regulations: IO[bytes] | None = None,
    regulations_name: str = "",
    remove_regulations: bool = False,
    site_url: str = "",
) -> Event:
    """Change an event; records only what changed. More places (or no limit any more)
    go to the people waiting, in order; fewer places than people confirmed are refused."""
    event = _locked_event(event)
    cleaned = _check_event_data(event.region, {**_event_values(event), **data})
    capacity = cleaned.get("capacity")
    confirmed = _confirmed_count(event)
    if capacity is not None and capacity < confirmed:
        raise DomainValidationError(
            {
                "capacity": ngettext(
                    "%(count)d person is already confirmed: the number of places cannot be lower.",
                    "%(count)d people are already confirmed: the number of places cannot be lower.",
                    confirmed,
                )
                % {"count": confirmed}
            }
        )
    changes: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        old, new = getattr(event, name), cleaned.get(name)
        if old != new:
            changes[name] = [old, new]
            setattr(event, name, new)
    if regulations is not None:
        delete_files_on_commit(_store_regulations(event, regulations, regulations_name))
        changes["regulations"] = "replaced"
    elif remove_regulations and event.regulations:
        delete_files_on_commit(event.regulations.name or "")
        event.regulations.name, event.regulations_name = "", ""
        changes["regulations"] = "removed"
    if not changes:
        return event
    event.save()
    audit_log(
        actor=actor,
        action="events.event.updated",
        target=event,
        region_code=event.region.code,
        changes=changes,
    )
    if "capacity" in changes:
        _promote_waiting(event, actor=actor, site_url=site_url)
    return event


def _event_values(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


# --- Registrations -----------------------------------------------------------------------------


def _check_window(event: Event, now: datetime) -> None:
    if not event.is_published or not event.has_registration:
        raise DomainValidationError(_("This event takes no registrations on the site."))
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        opens = formats.date_format(
            timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT"
        )
        raise DomainValidationError(
            _("Registration for this event opens on %(time)s.") % {"time": opens}
        )
    if not event.registration_is_open_at(now):
        raise DomainValidationError(_("Registration for this event is closed."))


def organisation_key(entity: Entity | None, name: str) -> str:
    """How the per-organisation limit knows two registrations come from one organisation."""
    if entity is not None:
        return f"entity:{entity.pk}"
    folded = fold(name)
    return f"name:{folded}" if folded else ""


def _clean_attendee(attendee: Attendee, *, needs_email: bool, field_prefix: str) -> Attendee:
    errors: dict[str, str] = {}
    first_name, last_name = one_line(attendee.first_name), one_line(attendee.last_name)
    email = attendee.email.strip().lower()
    if not first_name:
        errors[f"{field_prefix}first_name"] = _("Give the first name.")
    if not last_name:
        errors[f"{field_prefix}last_name"] = _("Give the last name.")
    if needs_email and not email:
        errors[f"{field_prefix}email"] = _("Give an e-mail address: the confirmation goes there.")
    if errors:
        raise DomainValidationError(errors)
    return Attendee(
        first_name=first_name[:100],
        last_name=last_name[:100],
        email=email,
        phone=one_line(attendee.phone)[:30],
        accessibility_needs=attendee.accessibility_needs.strip(),
        dietary_needs=one_line(attendee.dietary_needs)[:300],
        needs_sign_language_interpreter=attendee.needs_sign_language_interpreter,
    )


def _check_application(event: Event, application: Application) -> list[Attendee]:
    """Everything about the form that needs no count of places; the attendees cleaned,
    the person first."""
    if not application.consent_personal_data:
        raise DomainValidationError(
            {
                "consent_personal_data": _(
                    "Registration needs your consent to the processing of personal data."
                )
            }
        )
    if len(application.colleagues) > MAX_COLLEAGUES:
        raise DomainValidationError(
            {
                "colleagues": _("You may register at most %(count)d colleagues at once.")
                % {"count": MAX_COLLEAGUES}
            }
        )
    organisation_name = one_line(application.organisation_name) or (
        application.entity.name if application.entity is not None else ""
    )
    if not organisation_name and application.organisation_type != OrganisationType.NONE:
        raise DomainValidationError(
            {
                "organisation_name": _(
                    "Choose your organisation from the directory or type its name."
                )
            }
        )
    people = [_clean_attendee(application.person, needs_email=True, field_prefix="")]
    people += [
        _clean_attendee(colleague, needs_email=False, field_prefix=f"colleagues.{number}.")
        for number, colleague in enumerate(application.colleagues)
    ]
    emails = [person.email for person in people if person.email]
    if len(emails) != len(set(emails)):
        raise DomainValidationError(
            {"colleagues": _("Each person needs their own e-mail address, or none.")}
        )
    return people


def _check_duplicates(event: Event, people: Iterable[Attendee]) -> None:
    emails = [person.email for person in people if person.email]
    taken = list(
        event.registrations.filter(status__in=ACTIVE_STATUSES, email__in=emails)
        .order_by("id")
        .values_list("email", flat=True)
    )
    if taken:
        raise DomainValidationError(
            {
                "email": _(
                    "The address %(email)s is already registered for this event. The e-mail we "
                    "sent to it has a link to see or cancel that registration."
                )
                % {"email": taken[0]}
            }
        )


def _check_organisation_limit(event: Event, key: str, newcomers: int) -> None:
    limit = event.per_organisation_limit
    if limit is None or not key:
        return
    taken = event.registrations.filter(status__in=ACTIVE_STATUSES, organisation_key=key).count()
    if taken + newcomers > limit:
        message = ngettext(
            "An organisation may register at most %(limit)d person for this event.",
            "An organisation may register at most %(limit)d people for this event.",
            limit,
        ) % {"limit": limit}
        if taken:
            message += " " + _("Already registered from your organisation: %(count)d.") % {
                "count": taken
            }
        raise DomainValidationError({"organisation_name": message})


@transaction.atomic
def registration_create(
    *,
    event: Event,
    application: Application,
    language: str = "pl",
    site_url: str = "",
    actor: Actor = None,
) -> Registration:
    """Register the person (and their colleagues) for the event: confirmed while places
    last, then on the waiting list; pending when the event needs approval. Answers the
    person's registration; the colleagues' are its `colleagues`."""
    event = _locked_event(event)
    _check_window(event, timezone.now())
    people = _check_application(event, application)
    _check_duplicates(event, people)
    organisation_name = one_line(application.organisation_name) or (
        application.entity.name if application.entity is not None else ""
    )
    key = organisation_key(application.entity, organisation_name)
    _check_organisation_limit(event, key, len(people))
    submitter: Registration | None = None
    for person in people:
        registration = Registration(
            event=event,
            registered_by=submitter,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone=person.phone,
            accessibility_needs=person.accessibility_needs,
            dietary_needs=person.dietary_needs,
            needs_sign_language_interpreter=person.needs_sign_language_interpreter,
            entity=application.entity,
            organisation_name=organisation_name[:300],
            organisation_type=application.organisation_type,
            organisation_key=key[:320],
            consent_personal_data=True,
            consent_photos=application.consent_photos,
            language=language[:8],
            secret=new_secret(),
        )
        if event.requires_approval:
            status = RegistrationStatus.PENDING
        elif _has_free_place(event):
            status = RegistrationStatus.CONFIRMED
        else:
            status = RegistrationStatus.WAITLISTED
        _move(
            registration,
            status,
            actor=actor,
            event=event,
            changes={"registered_by": submitter.pk} if submitter is not None else None,
        )
        if submitter is None:
            submitter = registration
        if registration.email or registration is submitter:
            _send_on_commit(registration, site_url)
    assert submitter is not None
    return submitter


def _locked_registration(registration: Registration) -> tuple[Registration, Event]:
    event = _locked_event(registration.event)
    return Registration.objects.select_related("registered_by").get(pk=registration.pk), event


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: Actor = None, site_url: str = ""
) -> Registration:
    """Cancel a registration (by the person, through their link, or by staff); a place
    it frees goes to the first person waiting."""
    registration, event = _locked_registration(registration)
    _cancel(registration, event, actor=actor, site_url=site_url, notify=True)
    return registration


def _cancel(
    registration: Registration, event: Event, *, actor: Actor, site_url: str, notify: bool
) -> None:
    before = registration.status
    _move(registration, RegistrationStatus.CANCELLED, actor=actor, event=event)
    if notify:
        _send_on_commit(registration, site_url)
    if before == RegistrationStatus.CONFIRMED:
        _promote_waiting(event, actor=actor, site_url=site_url)


def _require_pending(registration: Registration, new: str) -> None:
    if registration.status != RegistrationStatus.PENDING:
        raise REGISTRATION_WORKFLOW.refusal(registration.status, new)


@transaction.atomic
def registration_approve(
    *, registration: Registration, actor: Actor, site_url: str = ""
) -> Registration:
    """Accept a registration waiting for approval: confirmed if a place is free, else on
    the waiting list."""
    registration, event = _locked_registration(registration)
    _require_pending(registration, RegistrationStatus.CONFIRMED)
    registration.decided_by = user_or_none(actor)
    new = RegistrationStatus.CONFIRMED if _has_free_place(event) else RegistrationStatus.WAITLISTED
    _move(registration, new, actor=actor, event=event, changes={"decision": "approved"})
    _send_on_commit(registration, site_url)
    return registration


@transaction.atomic
def registration_reject(
    *, registration: Registration, actor: Actor, site_url: str = ""
) -> Registration:
    registration, event = _locked_registration(registration)
    _require_pending(registration, RegistrationStatus.REJECTED)
    registration.decided_by = user_or_none(actor)
    _move(
        registration,
        RegistrationStatus.REJECTED,
        actor=actor,
        event=event,
        changes={"decision": "rejected"},
    )
    _send_on_commit(registration, site_url)
    return registration


# --- Attendance --------------------------------------------------------------------------------


@transaction.atomic
def participants_viewed(*, event: Event, actor: Actor, view: str) -> None:
    """Record that `actor` saw the event's participants (a list, a PDF, the check-in
    screen, the API): who looked at personal data, and where."""
    audit_log(
        actor=actor,
        action="events.participants.viewed",
        target=event,
        region_code=event.region.code,
        changes={"view": view},
    )


def check_event_day(event: Event, day: date) -> None:
    if day not in event.days:
        first, last = event.days[0], event.days[-1]
        raise DomainValidationError(
            {
                "day": _("Choose a day of the event, from %(first)s to %(last)s.")
                % {"first": first.isoformat(), "last": last.isoformat()}
            }
        )


@transaction.atomic
def attendance_mark(
    *, registration: Registration, day: date, present: bool, actor: Actor
) -> Registration:
    """Mark the person present (or not) on one day of the event. Only confirmed people are
    on the list; marking twice changes nothing and records nothing."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__region__voivodeship")
        .get(pk=registration.pk)
    )
    event = registration.event
    check_event_day(event, day)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainValidationError(
            {"status": _("Only people with a confirmed place can be marked present.")}
        )
    existing = registration.attendances.filter(day=day)
    if present == existing.exists():
        return registration
    if present:
        Attendance.objects.create(
            registration=registration,
            day=day,
            marked_by=user_or_none(actor),
        )
    else:
        existing.delete()
    audit_log(
        actor=actor,
        action="events.attendance.marked" if present else "events.attendance.unmarked",
        target=registration,
        region_code=event.region.code,
        changes={"event": event.pk, "day": day},
    )
    return registration


# --- Certificates ------------------------------------------------------------------------------

CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed


def new_certificate_code() -> str:
    letters = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def normalise_certificate_code(text: str) -> str:
    """A code as typed (spaces, small letters, no dash) in its printed form."""
    letters = "".join(c for c in (text or "").upper() if c.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else letters


def _give_certificate_code(registration: Registration, actor: Actor) -> None:
    code = new_certificate_code()
    while Registration.objects.filter(certificate_code=code).exists():
        code = new_certificate_code()
    registration.certificate_code = code
    registration.certificate_issued_at = timezone.now()
    registration.save(update_fields=["certificate_code", "certificate_issued_at", "updated_at"])
    audit_log(
        actor=actor,
        action="events.certificate.issued",
        target=registration,
        region_code=registration.event.region.code,
        changes={"event": registration.event_id, "code": code},
    )


@transaction.atomic
def certificate_issue(*, registration: Registration, actor: Actor) -> Registration:
    """Give the person a certificate code if they were present at least one day; the same
    code ever after."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__region__voivodeship", "event__venue_gmina")
        .get(pk=registration.pk)
    )
    if registration.is_anonymised or not registration.attendances.exists():
        raise DomainValidationError(
            _("A certificate is only for people who were present at the event.")
        )
    if not registration.certificate_code:
        _give_certificate_code(registration, actor)
    return registration


@transaction.atomic
def certificates_issue(*, event: Event, actor: Actor) -> list[Registration]:
    """Certificates for everybody present on at least one day, by last name."""
    attendees = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__region__voivodeship", "event__venue_gmina")
        .filter(event=event, anonymised_at__isnull=True)
        .filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
        .order_by("last_name", "first_name", "id")
    )
    for registration in attendees:
        if not registration.certificate_code:
            _give_certificate_code(registration, actor)
    return sorted(attendees, key=lambda r: (fold(r.last_name), fold(r.first_name), r.pk))


# --- Personal data -----------------------------------------------------------------------------

ERASED_TEXT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "accessibility_needs",
    "dietary_needs",
]


def _anonymise(registration: Registration, *, actor: Actor, reason: str) -> None:
    """Blank what names or describes the person; keep what is counted (status, attendance,
    kind of organisation and the organisation, hence its powiat). The secret goes too, so
    the person's link stops working."""
    for name in ERASED_TEXT_FIELDS:
        setattr(registration, name, "")
    registration.needs_sign_language_interpreter = False
    registration.secret = ""
    registration.anonymised_at = timezone.now()
    registration.save(
        update_fields=[
            *ERASED_TEXT_FIELDS,
            "needs_sign_language_interpreter",
            "secret",
            "anonymised_at",
            "updated_at",
        ]
    )
    audit_log(
        actor=actor,
        action="events.registration.anonymised",
        target=registration,
        region_code=registration.event.region.code,
        changes={"event": registration.event_id, "reason": reason},
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    days = int(getattr(settings, "KOORDYNATOR_EVENT_DATA_RETENTION_DAYS", 365))
    return (now or timezone.now()) - timedelta(days=days)


@transaction.atomic
def registrations_anonymise_expired(*, now: datetime | None = None, actor: Actor = None) -> int:
    """Anonymise the registrations of events that ended longer ago than the retention
    period (setting KOORDYNATOR_EVENT_DATA_RETENTION_DAYS); answers how many."""
    expired = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__region__voivodeship")
        .filter(anonymised_at__isnull=True, event__ends_at__lt=retention_cutoff(now))
        .order_by("id")
    )
    count = 0
    for registration in expired:
        _anonymise(registration, actor=actor, reason="retention_period_over")
        count += 1
    return count


@transaction.atomic
def registration_erase(*, registration: Registration, site_url: str = "") -> Registration:
    """The person's own erasure, from their link: the place is given up if the event is
    still ahead (the next person waiting gets it), then the data are anonymised now."""
    registration, event = _locked_registration(registration)
    if registration.is_anonymised:
        return registration
    if registration.is_active and timezone.now() < event.starts_at:
        _cancel(registration, event, actor=None, site_url=site_url, notify=False)
    _anonymise(registration, actor=None, reason="erased_by_person")
    return registration


# --- Photos ------------------------------------------------------------------------------------


@transaction.atomic
def event_photo_add(
    *, event: Event, upload: IO[bytes], alt_text: str, caption: str = "", actor: Actor
) -> EventPhoto:
    """Add a photo to the event's gallery; it needs a description for people who cannot
    see it. Raises ValidationError for a file that is not a photo."""
    alt_text = one_line(alt_text)
    if not alt_text:
        raise DomainValidationError(
            {"alt_text": _("Describe the photo for people who cannot see it.")}
        )
    prepared = prepare_photo(upload)
    photo = EventPhoto(
        event=event,
        alt_text=alt_text[:300],
        caption=one_line(caption)[:300],
        width=prepared.width,
        height=prepared.height,
    )
    store_photo(prepared, image=photo.image, thumbnail=photo.thumbnail)
    photo.save()
    audit_log(
        actor=actor,
        action="events.photo.added",
        target=photo,
        region_code=event.region.code,
        changes={"event": event.pk, "alt_text": photo.alt_text},
    )
    return photo


@transaction.atomic
def event_photo_delete(*, photo: EventPhoto, actor: Actor) -> None:
    event = photo.event
    audit_log(
        actor=actor,
        action="events.photo.deleted",
        target=photo,
        region_code=event.region.code,
        changes={"event": event.pk},
    )
    for name in (photo.image.name, photo.thumbnail.name):
        delete_files_on_commit(name or "")
    photo.delete()
