"""Writes of the committee context. Callers check permissions (rules.py) first.

Every write is one transaction with its audit entry. A sitting moves through
`enums.SITTING_WORKFLOW` and its minutes through `enums.MINUTES_WORKFLOW`; a move the
table does not allow, like any change the status forbids, raises `TransitionNotAllowed`
(409 in the API) before anything is written. Each sitting is an event of the events
context (kind ``committee_sitting``), created and changed through `events.services`. A member is never deleted: the membership
ends and stays in the history (audit entries and django-simple-history versions).
Approved minutes freeze the sitting: its attendance, agenda and votes no longer change.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koordynator.core.actors import Actor, record_history_user, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.core.text import one_line
from koordynator.core.uploads import delete_files_on_commit
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.events import services as events
from koordynator.events.enums import EventKind
from koordynator.territory.models import Region

from . import selectors
from .enums import (
    IN_SESSION,
    MINUTES_WORKFLOW,
    PRESENT_STATUSES,
    SINGLE_ROLES,
    SITTING_WORKFLOW,
    AttendanceStatus,
    EndReason,
    MemberRole,
    MinutesStatus,
    MinutesTransition,
    RejectionReason,
    ResolutionKind,
    ResolutionStatus,
    Sector,
    SittingStatus,
    SittingTransition,
    VoteChoice,
)
from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Committee,
    Member,
    MemberVote,
    Minutes,
    Resolution,
    ResolutionAttachment,
    Sitting,
)
from .tasks import send_sitting_invitations
from .uploads import Upload, read_document

TERM_YEARS = 3
COMMITTEE_FIELDS = [
    "name",
    "founding_body",
    "founding_resolution_number",
    "founding_resolution_date",
    "description",
    "quorum_percent",
    "named_votes",
    "minimum_sittings_per_year",
]
MEMBER_FIELDS = [
    "full_name",
    "organisation",
    "sector",
    "role",
    "email",
    "user",
    "appointment_act",
    "term_starts_on",
    "term_ends_on",
    "deputy_name",
    "deputy_organisation",
    "deputy_email",
]
SITTING_EVENT_FIELDS = [
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_gmina",
    "description",
]
EVENT_TITLE_LENGTH = 200


class CommitteeError(DomainValidationError):
    """A rule of the committee refused the change; nothing was written."""


# --- Helpers -------------------------------------------------------------------------------------


def _region_code(committee: Committee) -> str:
    return str(committee.region.code)


def _store(field: Any, upload: Upload, *, form_field: str) -> tuple[str, str]:
    """Check `upload` and put it in the file field under a random name; answers the old
    file's name (to delete once committed) and the name the file came with."""
    try:
        content, suffix = read_document(upload, field=form_field)
    except DomainValidationError as error:
        raise CommitteeError(error.errors) from error
    old = field.name or ""
    field.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    return old, PurePath(upload.name).name[:255]


def _locked_committee(committee_id: int) -> Committee:
    return (
        Committee.objects.select_for_update()
        .select_related("region__voivodeship")
        .get(pk=committee_id)
    )


def _locked_sitting(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update()
        .select_related("committee__region__voivodeship", "event")
        .get(pk=sitting.pk)
    )


def _minutes_approved(sitting: Sitting) -> bool:
    return Minutes.objects.filter(sitting=sitting, status=MinutesStatus.APPROVED).exists()


def _check_changeable(sitting: Sitting) -> None:
    """Refuse changes to a sitting that is over: closed, cancelled, or whose minutes are
    approved (they record it as it was)."""
    if sitting.status == SittingStatus.CANCELLED:
        raise TransitionNotAllowed({"status": _("The sitting was cancelled; it cannot change.")})
    if sitting.status == SittingStatus.CLOSED or _minutes_approved(sitting):
        raise TransitionNotAllowed(
            {"status": _("The minutes of this sitting are approved; the sitting cannot change.")}
        )


# --- Committee -----------------------------------------------------------------------------------


def _check_sitting_day(sitting: Sitting, message: str) -> None:
    """What happens at a sitting (attendance, votes, being held) cannot be recorded
    before its day: a sitting convened a week ahead has neither yet."""
    if timezone.localdate() < sitting.day:
        raise TransitionNotAllowed(
            {"status": message % {"day": formats.date_format(sitting.day, "SHORT_DATE_FORMAT")}}
        )


def _check_committee(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {name: data[name] for name in COMMITTEE_FIELDS if name in data}
    errors: dict[str, str] = {}
    for name in ("name", "founding_body", "founding_resolution_number"):
        if name in cleaned:
            cleaned[name] = one_line(cleaned[name])
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = _("Give the committee's name.")
    percent = cleaned.get("quorum_percent")
    if percent is not None and not 1 <= int(percent) <= 100:
        errors["quorum_percent"] = _("The quorum is a percentage from 1 to 100.")
    minimum = cleaned.get("minimum_sittings_per_year")
    if minimum is not None and int(minimum) < 1:
        errors["minimum_sittings_per_year"] = _("The committee meets at least once a year.")
    if errors:
        raise CommitteeError(errors)
    return cleaned


@transaction.atomic
def committee_create(
    *, region: Region, data: Mapping[str, Any], rules: Upload | None = None, actor: Actor
) -> Committee:
    """The region's committee (one per region)."""
    if Committee.objects.filter(region=region).exists():
        raise CommitteeError({"name": _("This region already has its committee.")})
    cleaned = _check_committee(data)
    committee = Committee(region=region, **cleaned)
    if rules is not None:
        _old, committee.rules_document_name = _store(
            committee.rules_document, rules, form_field="rules_document"
        )
    committee.save()
    audit_log(
        actor=actor,
        action="committee.committee.created",
        target=committee,
        region_code=region.code,
        changes={name: getattr(committee, name) for name in COMMITTEE_FIELDS},
    )
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    data: Mapping[str, Any],
    rules: Upload | None = None,
    actor: Actor,
) -> Committee:
    committee = _locked_committee(committee.pk)
    cleaned = _check_committee(data)
    changes: dict[str, Any] = {}
    for name, value in cleaned.items():
        if getattr(committee, name) != value:
            changes[name] = [getattr(committee, name), value]
            setattr(committee, name, value)
    if rules is not None:
        old, committee.rules_document_name = _store(
            committee.rules_document, rules, form_field="rules_document"
        )
        delete_files_on_commit(old)
        changes["rules_document"] = committee.rules_document_name
    if changes:
        committee.save()
        audit_log(
            actor=actor,
            action="committee.committee.changed",
            target=committee,
            region_code=_region_code(committee),
            changes=changes,
        )
    return committee


# --- Members -------------------------------------------------------------------------------------


def default_term_end(starts_on: date) -> date:
    """The last day of a term that starts on `starts_on`: three years on, less a day
    (a term from 1 March 2024 ends on 28 February 2027)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + TERM_YEARS)
    except ValueError:  # 29 February
        anniversary = date(starts_on.year + TERM_YEARS, 3, 1)
    return anniversary - timedelta(days=1)


def _overlapping(committee: Committee, starts_on: date, ends_on: date) -> models.QuerySet[Member]:
    return Member.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on),
        committee=committee,
        term_starts_on__lte=ends_on,
        term_ends_on__gte=starts_on,
    )


def _check_member(
    committee: Committee, data: dict[str, Any], *, member: Member | None = None
) -> dict[str, Any]:
    cleaned = dict(data)
    errors: dict[str, str] = {}
    for name in ("full_name", "organisation", "appointment_act", "deputy_name"):
        if name in cleaned:
            cleaned[name] = one_line(cleaned[name])
    for name in ("email", "deputy_email"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip().lower()
    if not cleaned.get("full_name"):
        errors["full_name"] = _("Give the member's first and last name.")
    if cleaned.get("sector") not in Sector.values:
        errors["sector"] = _("Choose the sector the member represents.")
    if cleaned.get("role") not in MemberRole.values:
        errors["role"] = _("Choose the member's role.")
    starts_on: date | None = cleaned.get("term_starts_on")
    if starts_on is None:
        errors["term_starts_on"] = _("Give the day the term starts.")
    elif not cleaned.get("term_ends_on"):
        cleaned["term_ends_on"] = default_term_end(starts_on)
    ends_on: date | None = cleaned.get("term_ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["term_ends_on"] = _("The term cannot end before it starts.")
    if (cleaned.get("deputy_organisation") or cleaned.get("deputy_email")) and not cleaned.get(
        "deputy_name"
    ):
        errors["deputy_name"] = _("Give the deputy's name.")
    role = cleaned.get("role")
    if not errors and role in SINGLE_ROLES and starts_on and ends_on:
        holders = _overlapping(committee, starts_on, ends_on).filter(role=role)
        if member is not None:
            holders = holders.exclude(pk=member.pk)
        holder = holders.first()
        if holder is not None:
            errors["role"] = _("%(name)s already holds this role in the same term.") % {
                "name": holder.full_name
            }
    if errors:
        raise CommitteeError(errors)
    return cleaned


@transaction.atomic
def member_appoint(*, committee: Committee, data: Mapping[str, Any], actor: Actor) -> Member:
    """Appoint a member for a term (three years by law, unless `term_ends_on` says
    otherwise)."""
    committee = _locked_committee(committee.pk)
    cleaned = _check_member(committee, {k: v for k, v in data.items() if k in MEMBER_FIELDS})
    member = Member(committee=committee, **cleaned)
    record_history_user(member, actor)
    member.save()
    audit_log(
        actor=actor,
        action="committee.member.appointed",
        target=member,
        region_code=_region_code(committee),
        changes={name: getattr(member, name) for name in MEMBER_FIELDS},
    )
    return member


@transaction.atomic
def member_update(*, member: Member, data: Mapping[str, Any], actor: Actor) -> Member:
    """Correct a member's record or change their role, deputy or term. Role and deputy
    changes are audited as such, so the history reads as what happened."""
    member = (
        Member.objects.select_for_update()
        .select_related("committee__region__voivodeship")
        .get(pk=member.pk)
    )
    if member.ended_on is not None:
        raise TransitionNotAllowed({"status": _("This membership has ended; it cannot change.")})
    values = {name: getattr(member, name) for name in MEMBER_FIELDS}
    values.update({k: v for k, v in data.items() if k in MEMBER_FIELDS})
    cleaned = _check_member(member.committee, values, member=member)
    changes: dict[str, Any] = {}
    for name in MEMBER_FIELDS:
        old, new = getattr(member, name), cleaned.get(name)
        if old != new:
            changes[name] = [old, new]
            setattr(member, name, new)
    if not changes:
        return member
    record_history_user(member, actor)
    member.save()
    if "role" in changes:
        action = "committee.member.role_changed"
    elif set(changes) <= {"deputy_name", "deputy_organisation", "deputy_email"}:
        action = "committee.member.deputy_changed"
    else:
        action = "committee.member.changed"
    audit_log(
        actor=actor,
        action=action,
        target=member,
        region_code=_region_code(member.committee),
        changes=changes,
    )
    return member


END_ACTIONS = {
    EndReason.TERM_ENDED: "committee.member.term_ended",
    EndReason.DISMISSED: "committee.member.dismissed",
    EndReason.RESIGNED: "committee.member.resigned",
    EndReason.OTHER: "committee.member.ended",
}


@transaction.atomic
def member_end(
    *, member: Member, ended_on: date, reason: str, note: str = "", actor: Actor
) -> Member:
    """End a membership on `ended_on` (its last day): end of term, dismissal (e.g. after
    three unexcused absences in a row), resignation. The record stays."""
    member = (
        Member.objects.select_for_update()
        .select_related("committee__region__voivodeship")
        .get(pk=member.pk)
    )
    if member.ended_on is not None:
        raise TransitionNotAllowed({"status": _("This membership has already ended.")})
    errors: dict[str, str] = {}
    if reason not in EndReason.values:
        errors["reason"] = _("Choose why the membership ends.")
    if ended_on < member.term_starts_on or ended_on > member.term_ends_on:
        errors["ended_on"] = _(
            "The membership ends within its term: from %(start)s to %(end)s."
        ) % {
            "start": formats.date_format(member.term_starts_on, "j E Y"),
            "end": formats.date_format(member.term_ends_on, "j E Y"),
        }
    if errors:
        raise CommitteeError(errors)
    member.ended_on, member.end_reason, member.end_note = ended_on, reason, note.strip()
    record_history_user(member, actor)
    member.save()
    audit_log(
        actor=actor,
        action=END_ACTIONS[EndReason(reason)],
        target=member,
        region_code=_region_code(member.committee),
        changes={"ended_on": ended_on, "reason": reason, "note": member.end_note},
    )
    return member


# --- Sittings ------------------------------------------------------------------------------------


def _event_title(committee: Committee, number: int) -> str:
    sitting = Sitting(committee=committee, number=number)
    return f"{sitting.label} – {committee.name}"[:EVENT_TITLE_LENGTH]


def _event_data(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in SITTING_EVENT_FIELDS if name in data}


@transaction.atomic
def sitting_create(
    *,
    committee: Committee,
    data: Mapping[str, Any],
    number: int | None = None,
    agenda: Sequence[tuple[str, str]] = (),
    actor: Actor,
) -> Sitting:
    """A planned sitting: an event of kind "committee sitting" (date, venue; shown where
    events are shown, without registration) and its number, the next one unless given;
    `agenda` is a list of (title, description)."""
    committee = _locked_committee(committee.pk)
    taken = Sitting.objects.filter(committee=committee).aggregate(last=Max("number"))["last"]
    if number is None:
        number = (taken or 0) + 1
    elif number < 1:
        raise CommitteeError({"number": _("The number of a sitting is at least 1.")})
    elif Sitting.objects.filter(committee=committee, number=number).exists():
        raise CommitteeError({"number": _("The committee already has a sitting of this number.")})
    if not data.get("starts_at"):
        raise CommitteeError({"starts_at": _("Give the day and hour of the sitting.")})
    if not data.get("ends_at"):
        raise CommitteeError({"ends_at": _("Give the hour the sitting ends.")})
    event = events.event_create(
        region=committee.region,
        data={
            **_event_data(data),
            "kind": EventKind.COMMITTEE_SITTING,
            "title": _event_title(committee, number),
            "is_published": True,
            "has_registration": False,
        },
        actor=actor,
    )
    try:
        with transaction.atomic():
            sitting = Sitting.objects.create(committee=committee, event=event, number=number)
    except IntegrityError as error:
        raise CommitteeError(
            {"number": _("The committee already has a sitting of this number.")}
        ) from error
    for position, (title, description) in enumerate(agenda, start=1):
        if one_line(title):
            AgendaItem.objects.create(
                sitting=sitting,
                position=position,
                title=one_line(title)[:300],
                description=description.strip(),
            )
    audit_log(
        actor=actor,
        action="committee.sitting.created",
        target=sitting,
        region_code=_region_code(committee),
        changes={
            "number": number,
            "event": event.pk,
            "status": [None, SittingStatus.PLANNED],
            "agenda": [one_line(title) for title, _description in agenda if one_line(title)],
        },
    )
    return sitting


@transaction.atomic
def sitting_update(*, sitting: Sitting, data: Mapping[str, Any], actor: Actor) -> Sitting:
    """Change a sitting's date, venue or description (its event's) while it is to come."""
    sitting = _locked_sitting(sitting)
    if sitting.status not in (SittingStatus.PLANNED, SittingStatus.CONVENED):
        raise TransitionNotAllowed(
            {"status": _("Only a sitting still to come can be moved or given another venue.")}
        )
    events.event_update(event=sitting.event, data=_event_data(data), actor=actor)
    sitting.save(update_fields=["updated_at"])
    audit_log(
        actor=actor,
        action="committee.sitting.changed",
        target=sitting,
        region_code=_region_code(sitting.committee),
        changes=_event_data(data),
    )
    return selectors.sittings_of(sitting.committee).get(pk=sitting.pk)


def check_sitting_transition(sitting: Sitting, transition: str) -> str:
    """The status the move leads to; TransitionNotAllowed when the status forbids it."""
    return SITTING_WORKFLOW.check_named(transition, sitting.status)


@transaction.atomic
def sitting_transition(
    *,
    sitting: Sitting,
    transition: str,
    actor: Actor,
    reason: str = "",
    site_url: str = "",
) -> Sitting:
    """One named move of a sitting. Convening needs an agenda and sends every current
    member (and their deputy) the invitation with the agenda and a calendar file, once
    committed; closing needs approved minutes; cancelling takes the event off the site."""
    sitting = _locked_sitting(sitting)
    target = check_sitting_transition(sitting, transition)
    changes: dict[str, Any] = {}
    if transition == SittingTransition.CONVENE:
        if not sitting.agenda_items.exists():
            raise CommitteeError({"agenda": _("Give the sitting an agenda before convening it.")})
        if not selectors.current_members(sitting.committee, sitting.day).exists():
            raise CommitteeError(
                {"status": _("The committee has no members on the day of the sitting.")}
            )
        sitting.convened_at = timezone.now()
        sitting_id = sitting.pk
        transaction.on_commit(
            lambda: send_sitting_invitations.enqueue(sitting_id=sitting_id, site_url=site_url)
        )
        changes["invited"] = [
            member.pk for member, addresses in selectors.invitation_recipients(sitting) if addresses
        ]
    elif transition == SittingTransition.HOLD:
        _check_sitting_day(sitting, _("The sitting can be marked as held from its day, %(day)s."))
    elif transition == SittingTransition.CLOSE:
        if not _minutes_approved(sitting):
            raise CommitteeError({"status": _("Close the sitting once its minutes are approved.")})
    elif transition == SittingTransition.CANCEL:
        sitting.cancel_reason = reason.strip()
        changes["reason"] = sitting.cancel_reason
        events.event_update(event=sitting.event, data={"is_published": False}, actor=actor)
    sitting.status_changed_at = timezone.now()
    SITTING_WORKFLOW.move(
        sitting,
        target,
        actor=actor,
        action=f"committee.sitting.{target}",
        region_code=_region_code(sitting.committee),
        changes=changes,
        update_fields=None,
    )
    return sitting


# --- Agenda --------------------------------------------------------------------------------------


def _renumber(sitting: Sitting, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _agenda(sitting: Sitting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(sitting=sitting).order_by("position", "id"))


def _check_item(title: str) -> str:
    cleaned = one_line(title)
    if not cleaned:
        raise CommitteeError({"title": _("Give the agenda item a title.")})
    return cleaned[:300]


@transaction.atomic
def agenda_item_add(
    *, sitting: Sitting, title: str, description: str = "", actor: Actor
) -> AgendaItem:
    """A new item at the end of the agenda."""
    sitting = _locked_sitting(sitting)
    _check_changeable(sitting)
    cleaned = _check_item(title)
    item = AgendaItem.objects.create(
        sitting=sitting,
        position=len(_agenda(sitting)) + 1,
        title=cleaned,
        description=description.strip(),
    )
    audit_log(
        actor=actor,
        action="committee.agenda.item_added",
        target=sitting,
        region_code=_region_code(sitting.committee),
        changes={"item": item.pk, "position": item.position, "title": item.title},
    )
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, description: str = "", actor: Actor
) -> AgendaItem:
    sitting = _locked_sitting(item.sitting)
    _check_changeable(sitting)
    item = AgendaItem.objects.get(pk=item.pk)
    cleaned = _check_item(title)
    changes = {}
    if item.title != cleaned:
        changes["title"] = [item.title, cleaned]
    if item.description != description.strip():
        changes["description"] = [item.description, description.strip()]
    if changes:
        item.title, item.description = cleaned, description.strip()
        item.save()
        audit_log(
            actor=actor,
            action="committee.agenda.item_changed",
            target=sitting,
            region_code=_region_code(sitting.committee),
            changes={"item": item.pk, **changes},
        )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor: Actor) -> AgendaItem:
    """Move an item one place up or down; the agenda stays numbered 1, 2, 3…"""
    sitting = _locked_sitting(item.sitting)
    _check_changeable(sitting)
    if direction not in ("up", "down"):
        raise CommitteeError({"direction": _("Move an item up or down.")})
    ordered = _agenda(sitting)
    index = next(i for i, candidate in enumerate(ordered) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        before = ordered[other].position
        _renumber(sitting, ordered)
        audit_log(
            actor=actor,
            action="committee.agenda.reordered",
            target=sitting,
            region_code=_region_code(sitting.committee),
            changes={"item": item.pk, "position": [before, other + 1]},
        )
    return AgendaItem.objects.get(pk=item.pk)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: Actor) -> None:
    """Take an item off the agenda (with its documents), unless a resolution refers to it."""
    sitting = _locked_sitting(item.sitting)
    _check_changeable(sitting)
    if Resolution.objects.filter(agenda_item=item).exists():
        raise CommitteeError(
            {"item": _("A resolution belongs to this agenda item; it cannot be removed.")}
        )
    names = list(AgendaDocument.objects.filter(item=item).values_list("file", flat=True))
    title = item.title
    item.delete()
    for name in names:
        delete_files_on_commit(name)
    _renumber(sitting, _agenda(sitting))
    audit_log(
        actor=actor,
        action="committee.agenda.item_removed",
        target=sitting,
        region_code=_region_code(sitting.committee),
        changes={"item": item.pk, "title": title},
    )


@transaction.atomic
def agenda_document_add(
    *, item: AgendaItem, title: str, upload: Upload, actor: Actor
) -> AgendaDocument:
    """A document for an agenda item: PDF, DOCX, ODT or XLSX, checked by its content."""
    sitting = _locked_sitting(item.sitting)
    _check_changeable(sitting)
    document = AgendaDocument(
        item=item,
        title=one_line(title)[:250],
        uploaded_by=user_or_none(actor),
    )
    _old, document.file_name = _store(document.file, upload, form_field="file")
    if not document.title:
        document.title = PurePath(document.file_name).stem[:250]
    document.save()
    audit_log(
        actor=actor,
        action="committee.agenda.document_added",
        target=sitting,
        region_code=_region_code(sitting.committee),
        changes={"item": item.pk, "document": document.pk, "title": document.title},
    )
    return document


@transaction.atomic
def agenda_document_remove(*, document: AgendaDocument, actor: Actor) -> None:
    sitting = _locked_sitting(document.item.sitting)
    _check_changeable(sitting)
    name, title, document_id = document.file.name or "", document.title, document.pk
    document.delete()
    delete_files_on_commit(name)
    audit_log(
        actor=actor,
        action="committee.agenda.document_removed",
        target=sitting,
        region_code=_region_code(sitting.committee),
        changes={"document": document_id, "title": title},
    )


# --- Attendance ----------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(
    *, sitting: Sitting, statuses: Mapping[int, str], actor: Actor
) -> list[Attendance]:
    """Mark the attendance of the members given ({member id: status}); members left out
    keep theirs. Only members on the committee on the sitting's day, while the sitting is
    convened or held; "present through the deputy" needs a deputy."""
    sitting = _locked_sitting(sitting)
    _check_changeable(sitting)
    if sitting.status not in IN_SESSION:
        raise TransitionNotAllowed(
            {"status": _("Attendance is marked once the sitting is convened, until it is closed.")}
        )
    _check_sitting_day(sitting, _("Attendance is marked from the day of the sitting, %(day)s."))
    members = {m.pk: m for m in selectors.current_members(sitting.committee, sitting.day)}
    errors: dict[str, str] = {}
    for member_id, status in statuses.items():
        member = members.get(member_id)
        if member is None:
            errors[f"member_{member_id}"] = _(
                "This person is not a member of the committee on the day of the sitting."
            )
        elif status not in AttendanceStatus.values:
            errors[f"member_{member_id}"] = _("Choose the member's attendance.")
        elif status == AttendanceStatus.DEPUTY and not member.has_deputy:
            errors[f"member_{member_id}"] = _(
                "%(name)s has no deputy: mark them present or absent."
            ) % {"name": member.full_name}
    if errors:
        raise CommitteeError(errors)
    existing = {a.member_id: a for a in Attendance.objects.filter(sitting=sitting)}
    changes: dict[str, Any] = {}
    saved = []
    now, marked_by = timezone.now(), user_or_none(actor)
    for member_id, status in statuses.items():
        attendance = existing.get(member_id)
        if attendance is None:
            attendance = Attendance.objects.create(
                sitting=sitting,
                member_id=member_id,
                status=status,
                marked_at=now,
                marked_by=marked_by,
            )
            changes[str(member_id)] = [None, status]
        elif attendance.status != status:
            changes[str(member_id)] = [attendance.status, status]
            attendance.status, attendance.marked_at, attendance.marked_by = status, now, marked_by
            attendance.save(update_fields=["status", "marked_at", "marked_by"])
        saved.append(attendance)
    if changes:
        audit_log(
            actor=actor,
            action="committee.sitting.attendance_marked",
            target=sitting,
            region_code=_region_code(sitting.committee),
            changes=changes,
        )
    return saved


# --- Resolutions ---------------------------------------------------------------------------------


def _check_resolution(
    sitting: Sitting, kind: str, title: str, agenda_item: AgendaItem | None
) -> str:
    errors: dict[str, str] = {}
    if kind not in ResolutionKind.values:
        errors["kind"] = _("Choose a resolution or an opinion.")
    if not one_line(title):
        errors["title"] = _("Give the resolution a title.")
    if agenda_item is not None and agenda_item.sitting_id != sitting.pk:
        errors["agenda_item"] = _("Choose an item of this sitting's agenda.")
    if errors:
        raise CommitteeError(errors)
    return one_line(title)[:300]


@transaction.atomic
def resolution_create(
    *,
    sitting: Sitting,
    kind: str,
    title: str,
    text: str = "",
    agenda_item: AgendaItem | None = None,
    actor: Actor,
) -> Resolution:
    """A draft resolution or opinion, to be voted at the sitting; numbered once adopted,
    in the year of the sitting."""
    sitting = _locked_sitting(sitting)
    _check_changeable(sitting)
    cleaned = _check_resolution(sitting, kind, title, agenda_item)
    resolution = Resolution.objects.create(
        committee=sitting.committee,
        sitting=sitting,
        agenda_item=agenda_item,
        kind=kind,
        year=sitting.day.year,
        title=cleaned,
        text=text.strip(),
        search_text=selectors.resolution_terms(cleaned),
    )
    audit_log(
        actor=actor,
        action="committee.resolution.created",
        target=resolution,
        region_code=_region_code(sitting.committee),
        changes={
            "sitting": sitting.pk,
            "kind": kind,
            "title": cleaned,
            "agenda_item": agenda_item.pk if agenda_item else None,
        },
    )
    return resolution


def _locked_resolution(resolution: Resolution) -> Resolution:
    return (
        Resolution.objects.select_for_update()
        .select_related("committee__region__voivodeship", "sitting__event", "sitting__committee")
        .get(pk=resolution.pk)
    )


@transaction.atomic
def resolution_update(
    *,
    resolution: Resolution,
    kind: str,
    title: str,
    text: str = "",
    agenda_item: AgendaItem | None = None,
    actor: Actor,
) -> Resolution:
    """Correct a draft; a voted resolution keeps its words."""
    resolution = _locked_resolution(resolution)
    if resolution.is_voted:
        raise TransitionNotAllowed(
            {"status": _("The resolution has been voted; its text cannot change.")}
        )
    _check_changeable(resolution.sitting)
    cleaned = _check_resolution(resolution.sitting, kind, title, agenda_item)
    changes: dict[str, Any] = {}
    for name, value in (
        ("kind", kind),
        ("title", cleaned),
        ("text", text.strip()),
        ("agenda_item", agenda_item),
    ):
        if getattr(resolution, name) != value:
            changes[name] = [getattr(resolution, name), value]
            setattr(resolution, name, value)
    if changes:
        resolution.search_text = selectors.resolution_terms(cleaned)
        resolution.save()
        audit_log(
            actor=actor,
            action="committee.resolution.changed",
            target=resolution,
            region_code=_region_code(resolution.committee),
            changes=changes,
        )
    return resolution


@transaction.atomic
def resolution_attachment_add(
    *, resolution: Resolution, title: str, upload: Upload, actor: Actor
) -> ResolutionAttachment:
    resolution = _locked_resolution(resolution)
    _check_changeable(resolution.sitting)
    attachment = ResolutionAttachment(resolution=resolution, title=one_line(title)[:250])
    _old, attachment.file_name = _store(attachment.file, upload, form_field="file")
    if not attachment.title:
        attachment.title = PurePath(attachment.file_name).stem[:250]
    attachment.save()
    audit_log(
        actor=actor,
        action="committee.resolution.attachment_added",
        target=resolution,
        region_code=_region_code(resolution.committee),
        changes={"attachment": attachment.pk, "title": attachment.title},
    )
    return attachment


def _next_number(committee: Committee, year: int, kind: str) -> int:
    """The next number of its kind in the committee's year; the caller holds the lock on
    the committee's row, so two votes at once cannot take the same number."""
    last = Resolution.objects.filter(committee=committee, year=year, kind=kind).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _count_named(
    sitting: Sitting, member_votes: Mapping[int, str]
) -> tuple[dict[str, int], list[MemberVote]]:
    present = {
        a.member_id: a.status
        for a in Attendance.objects.filter(
            sitting=sitting,
            status__in=sorted(PRESENT_STATUSES),
            member__in=selectors.current_members(sitting.committee, sitting.day),
        )
    }
    errors: dict[str, str] = {}
    counts = dict.fromkeys(VoteChoice.values, 0)
    votes = []
    for member_id, choice in member_votes.items():
        if member_id not in present:
            errors[f"vote_{member_id}"] = _(
                "Only members present (in person or through their deputy) vote."
            )
        elif choice not in VoteChoice.values:
            errors[f"vote_{member_id}"] = _("Choose for, against or abstained.")
        else:
            counts[choice] += 1
            votes.append(
                MemberVote(
                    member_id=member_id,
                    choice=choice,
                    by_deputy=present[member_id] == AttendanceStatus.DEPUTY,
                )
            )
    if not votes and not errors:
        errors["votes"] = _("Record the vote of at least one member present.")
    if errors:
        raise CommitteeError(errors)
    return counts, votes


@transaction.atomic
def resolution_vote(
    *,
    resolution: Resolution,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstained: int = 0,
    member_votes: Mapping[int, str] | None = None,
    actor: Actor,
) -> Resolution:
    """Record the vote and its result. When the committee votes by name, `member_votes`
    ({member id: for/against/abstained}) gives each present member's vote (a deputy votes
    in their member's place) and the counts follow from them; otherwise the counts are
    given. Votes cannot exceed the members present. Adopted when the quorum is present
    and more voted for than against; an adopted resolution takes the next number of its
    kind in the year."""
    resolution = _locked_resolution(resolution)
    sitting = resolution.sitting
    if resolution.is_voted:
        raise TransitionNotAllowed({"status": _("This resolution has already been voted.")})
    _check_changeable(sitting)
    if sitting.status not in IN_SESSION:
        raise TransitionNotAllowed(
            {"status": _("Votes are recorded at a sitting convened or held.")}
        )
    _check_sitting_day(sitting, _("Votes are recorded from the day of the sitting, %(day)s."))
    committee = _locked_committee(resolution.committee_id)
    quorum = selectors.quorum_of(sitting)
    named = committee.named_votes
    votes: list[MemberVote] = []
    if named:
        counts, votes = _count_named(sitting, member_votes or {})
        votes_for = counts[VoteChoice.FOR]
        votes_against = counts[VoteChoice.AGAINST]
        votes_abstained = counts[VoteChoice.ABSTAINED]
    else:
        if min(votes_for, votes_against, votes_abstained) < 0:
            raise CommitteeError({"votes_for": _("A number of votes cannot be negative.")})
        if votes_for + votes_against + votes_abstained > quorum.present:
            raise CommitteeError(
                {
                    "votes_for": _("%(votes)s votes, but only %(present)s members are present.")
                    % {
                        "votes": votes_for + votes_against + votes_abstained,
                        "present": quorum.present,
                    }
                }
            )
        if votes_for + votes_against + votes_abstained == 0:
            raise CommitteeError({"votes_for": _("Give the numbers of votes.")})
    status: str
    reason: str
    if not quorum.is_present:
        status, reason = ResolutionStatus.REJECTED, RejectionReason.NO_QUORUM
    elif votes_for > votes_against:
        status, reason = ResolutionStatus.ADOPTED, ""
    else:
        status, reason = ResolutionStatus.REJECTED, RejectionReason.NOT_ENOUGH_FOR
    resolution.votes_for = votes_for
    resolution.votes_against = votes_against
    resolution.votes_abstained = votes_abstained
    resolution.members_present = quorum.present
    resolution.members_total = quorum.members
    resolution.quorum_required = quorum.required
    resolution.is_named_vote = named
    # The vote took place at the sitting, also when it is written down a day later.
    now = timezone.now()
    resolution.voted_at = now if timezone.localdate(now) == sitting.day else sitting.event.starts_at
    resolution.status = status
    resolution.rejection_reason = reason
    if status == ResolutionStatus.ADOPTED:
        resolution.number = _next_number(committee, resolution.year, resolution.kind)
    try:
        with transaction.atomic():
            resolution.save()
    except IntegrityError as error:  # a number taken despite the lock: refuse, write nothing
        raise CommitteeError(
            {"votes_for": _("The number was taken at the same moment; record the vote again.")}
        ) from error
    for vote in votes:
        vote.resolution = resolution
    MemberVote.objects.bulk_create(votes)
    audit_log(
        actor=actor,
        action=f"committee.resolution.{status}",
        target=resolution,
        region_code=_region_code(committee),
        changes={
            "status": [ResolutionStatus.DRAFT, status],
            "number": resolution.reference,
            "for": votes_for,
            "against": votes_against,
            "abstained": votes_abstained,
            "present": quorum.present,
            "members": quorum.members,
            "quorum": quorum.required,
            "reason": reason,
            **({"named": {str(v.member_id): v.choice for v in votes}} if named else {}),
        },
    )
    return resolution


# --- Minutes -------------------------------------------------------------------------------------


def _date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "j E Y")


def vote_result_text(resolution: Resolution) -> str:
    """ "za 10, przeciw 1, wstrzymało się 2 – przyjęta" as the minutes and the register
    say it."""
    if not resolution.is_voted:
        return str(_("not voted yet"))
    counts = _("for: %(for)s, against: %(against)s, abstained: %(abstained)s") % {
        "for": resolution.votes_for,
        "against": resolution.votes_against,
        "abstained": resolution.votes_abstained,
    }
    if resolution.status == ResolutionStatus.ADOPTED:
        return _("%(counts)s – passed") % {"counts": counts}
    return _("%(counts)s – not adopted (%(reason)s)") % {
        "counts": counts,
        "reason": RejectionReason(resolution.rejection_reason).label,
    }


def quorum_text(quorum: selectors.Quorum) -> str:
    text = _(
        "Present: %(present)s of %(members)s members (in person or through a deputy); "
        "the quorum is %(required)s."
    ) % {"present": quorum.present, "members": quorum.members, "required": quorum.required}
    verdict = _("The quorum was present.") if quorum.is_present else _("There was no quorum.")
    return f"{text} {verdict}"


def minutes_draft_text(sitting: Sitting) -> str:
    """The first draft of the minutes' course of the sitting, from the attendance, the
    agenda and the votes (the heading, the agenda and the attendance list are the PDF's)."""
    event = sitting.event
    rows = selectors.attendance_rows(sitting)
    by_status: dict[str, list[str]] = {status: [] for status in AttendanceStatus.values}
    for row in rows:
        if row.status:
            name = row.member.full_name
            if row.status == AttendanceStatus.DEPUTY:
                name = _("%(member)s (through the deputy %(deputy)s)") % {
                    "member": row.member.full_name,
                    "deputy": row.member.deputy_name,
                }
            by_status[row.status].append(name)
    agenda = list(selectors.agenda_of(sitting))
    resolutions = list(selectors.resolutions_of(sitting))
    venue = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    lines = [
        _("The sitting was held on %(date)s at %(venue)s.")
        % {"date": _date(event.starts_at), "venue": venue or "—"},
        "",
        quorum_text(selectors.quorum_of(sitting)),
    ]
    for status, label in (
        (AttendanceStatus.PRESENT, _("Present")),
        (AttendanceStatus.DEPUTY, _("Present through a deputy")),
        (AttendanceStatus.EXCUSED, _("Excused absence")),
        (AttendanceStatus.UNEXCUSED, _("Unexcused absence")),
    ):
        if by_status[status]:
            lines.append(f"{label}: {', '.join(by_status[status])}.")
    for item in agenda:
        lines.append("")
        lines.append(
            _("Re item %(number)s. %(title)s") % {"number": item.position, "title": item.title}
        )
        if item.description:
            lines.append(item.description)
        for resolution in resolutions:
            if resolution.agenda_item_id == item.pk:
                lines.append(_resolution_line(resolution))
    loose = [r for r in resolutions if r.agenda_item_id is None]
    if loose:
        lines += ["", _("Other resolutions and opinions:")]
        lines += [_resolution_line(resolution) for resolution in loose]
    return "\n".join(str(line) for line in lines).strip() + "\n"


def _resolution_line(resolution: Resolution) -> str:
    name = (
        resolution.reference_label if resolution.number else ResolutionKind(resolution.kind).label
    )
    return f"{str(name).capitalize()} – {resolution.title}: {vote_result_text(resolution)}."


@transaction.atomic
def minutes_draft(*, sitting: Sitting, actor: Actor, redraft: bool = False) -> Minutes:
    """Draft the minutes of a held sitting from its agenda, attendance and votes; with
    `redraft`, draft them again over the secretary's text (only while a draft)."""
    sitting = _locked_sitting(sitting)
    if sitting.status != SittingStatus.HELD:
        raise TransitionNotAllowed(
            {"status": _("Minutes are drafted once the sitting has been held.")}
        )
    minutes = Minutes.objects.select_for_update().filter(sitting=sitting).first()
    if minutes is not None and not redraft:
        return minutes
    if minutes is not None and minutes.status != MinutesStatus.DRAFT:
        raise TransitionNotAllowed({"status": _("Only draft minutes can be drafted again.")})
    text = minutes_draft_text(sitting)
    if minutes is None:
        minutes = Minutes.objects.create(sitting=sitting, text=text)
        action = "committee.minutes.drafted"
    else:
        minutes.text = text
        minutes.save(update_fields=["text", "updated_at"])
        action = "committee.minutes.redrafted"
    audit_log(
        actor=actor,
        action=action,
        target=minutes,
        region_code=_region_code(sitting.committee),
        changes={"sitting": sitting.pk, "status": MinutesStatus.DRAFT},
    )
    return minutes


def _locked_minutes(minutes: Minutes) -> Minutes:
    return (
        Minutes.objects.select_for_update()
        .select_related("sitting__committee__region__voivodeship", "sitting__event")
        .get(pk=minutes.pk)
    )


@transaction.atomic
def minutes_edit(*, minutes: Minutes, text: str, actor: Actor) -> Minutes:
    """The secretary's changes to draft minutes; approved minutes never change."""
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise TransitionNotAllowed(
            {
                "status": _("Only draft minutes can be edited; these are “%(status)s”.")
                % {"status": MinutesStatus(minutes.status).label}
            }
        )
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise CommitteeError({"text": _("The minutes cannot be empty.")})
    if cleaned != minutes.text.strip():
        minutes.text = cleaned + "\n"
        minutes.save(update_fields=["text", "updated_at"])
        audit_log(
            actor=actor,
            action="committee.minutes.edited",
            target=minutes,
            region_code=_region_code(minutes.sitting.committee),
            changes={"length": len(cleaned)},
        )
    return minutes


@transaction.atomic
def minutes_transition(
    *, minutes: Minutes, transition: str, actor: Actor, reason: str = ""
) -> Minutes:
    """Submit draft minutes for approval, approve them (who and when are recorded; they
    never change again) or return them to the secretary with a reason."""
    minutes = _locked_minutes(minutes)
    target = MINUTES_WORKFLOW.check_named(transition, minutes.status)
    changes: dict[str, Any] = {}
    now = timezone.now()
    if transition == MinutesTransition.SUBMIT:
        minutes.submitted_at = now
        minutes.return_reason = ""
    elif transition == MinutesTransition.APPROVE:
        minutes.approved_at, minutes.approved_by = now, user_or_none(actor)
    elif transition == MinutesTransition.RETURN:
        if not reason.strip():
            raise CommitteeError({"reason": _("Say what to correct in the minutes.")})
        minutes.return_reason = reason.strip()
        changes["reason"] = minutes.return_reason
    MINUTES_WORKFLOW.move(
        minutes,
        target,
        actor=actor,
        action={
            MinutesTransition.SUBMIT: "committee.minutes.submitted",
            MinutesTransition.APPROVE: "committee.minutes.approved",
            MinutesTransition.RETURN: "committee.minutes.returned",
        }[MinutesTransition(transition)],
        region_code=_region_code(minutes.sitting.committee),
        changes=changes,
        update_fields=None,
    )
    return minutes
