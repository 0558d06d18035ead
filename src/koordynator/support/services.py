"""Every write of the support centres' context: keyword-only, atomic, audited."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.accounts.enums import OrganisationKind
from koordynator.accounts.models import Organisation
from koordynator.accounts.services import organisation_create
from koordynator.core.actors import Actor
from koordynator.core.api import DomainValidationError, TransitionNotAllowed
from koordynator.core.audit import audit_log
from koordynator.core.dates import months_on
from koordynator.core.text import one_line
from koordynator.events.models import Event
from koordynator.registry.models import Entity
from koordynator.territory.enums import UnitLevel
from koordynator.territory.models import Region, TerritorialUnit

from . import emails
from .enums import (
    ACCREDITATION_MAX_YEARS,
    ACCREDITATION_WORKFLOW,
    DEFAULT_DURABILITY_MONTHS,
    REMINDER_DAYS,
    AccreditationStatus,
    JobholderGroup,
    SupportKind,
)
from .models import (
    Accreditation,
    AccreditationReminder,
    FoundingGroup,
    FundedJob,
    GrantAgreement,
    GrantLimit,
    SubregionPowiat,
    SupportRecord,
)
from .selectors import grant_limits_for


def _region_code(centre: Organisation) -> str:
    return str(centre.region.code) if centre.region else ""


def _money(value: Decimal) -> str:
    """A sum as Polish users read it: 20 000,00 zł."""
    whole, _dot, cents = f"{value:,.2f}".partition(".")
    space = "\u00a0"
    return whole.replace(",", space) + "," + cents + space + "zł"


# --- Centres ----------------------------------------------------------------------------------


@transaction.atomic
def centre_create(
    *, region: Region, name: str, email: str = "", is_fictional: bool = False, actor: Actor
) -> Organisation:
    """A support centre is an organisation of kind support_centre in its region."""
    name = one_line(name)
    if not name:
        raise DomainValidationError({"name": _("Give the support centre’s name.")})
    centre = organisation_create(
        name=name,
        kind=OrganisationKind.SUPPORT_CENTRE,
        region=region,
        email=email,
        is_fictional=is_fictional,
        actor=actor,
    )
    audit_log(
        actor=actor,
        action="support.centre.created",
        target=centre,
        region_code=str(region.code),
        changes={"name": name, "email": email},
    )
    return centre


@transaction.atomic
def centre_update(
    *, centre: Organisation, name: str | None = None, email: str | None = None, actor: Actor
) -> Organisation:
    changes: dict[str, Any] = {}
    if name is not None:
        name = one_line(name)
        if not name:
            raise DomainValidationError({"name": _("Give the support centre’s name.")})
        if name != centre.name:
            changes["name"] = [centre.name, name]
            centre.name = name
    if email is not None and email != centre.email:
        changes["email"] = [centre.email, email]
        centre.email = email
    if changes:
        centre.save(update_fields=["name", "email", "updated_at"])
        audit_log(
            actor=actor,
            action="support.centre.updated",
            target=centre,
            region_code=_region_code(centre),
            changes=changes,
        )
    return centre


# --- Accreditation ----------------------------------------------------------------------------


def _latest_allowed_end(granted_on: datetime.date) -> datetime.date:
    """The last day of an accreditation granted on `granted_on` (art. 36: two years)."""
    return months_on(granted_on, 12 * ACCREDITATION_MAX_YEARS) - datetime.timedelta(days=1)


@transaction.atomic
def accreditation_grant(
    *,
    centre: Organisation,
    decision_number: str,
    granted_on: datetime.date,
    valid_until: datetime.date,
    actor: Actor,
) -> Accreditation:
    decision_number = one_line(decision_number)
    errors: dict[str, str] = {}
    if not decision_number:
        errors["decision_number"] = _("Give the number of the accreditation decision.")
    if valid_until < granted_on:
        errors["valid_until"] = _("An accreditation cannot end before it is granted.")
    elif valid_until > _latest_allowed_end(granted_on):
        errors["valid_until"] = _(
            "An accreditation is granted for at most 2 years (art. 36 of the Social Economy "
            "Act): granted on %(granted)s, it is valid until %(latest)s at the latest."
        ) % {
            "granted": granted_on.strftime("%d.%m.%Y"),
            "latest": _latest_allowed_end(granted_on).strftime("%d.%m.%Y"),
        }
    if errors:
        raise DomainValidationError(errors)
    accreditation = Accreditation(
        centre=centre,
        decision_number=decision_number,
        granted_on=granted_on,
        valid_until=valid_until,
    )
    ACCREDITATION_WORKFLOW.move(
        accreditation,
        AccreditationStatus.ACTIVE,
        actor=actor,
        action="support.accreditation.granted",
        region_code=_region_code(centre),
        changes={
            "decision_number": decision_number,
            "granted_on": granted_on,
            "valid_until": valid_until,
        },
    )
    return accreditation


@transaction.atomic
def accreditation_move(*, accreditation: Accreditation, transition: str, actor: Actor) -> str:
    """Suspend, resume, withdraw (or expire) an accreditation; returns the new status."""
    locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    target = ACCREDITATION_WORKFLOW.check_named(transition, locked.status)
    ACCREDITATION_WORKFLOW.move(
        locked,
        target,
        actor=actor,
        action=f"support.accreditation.{target}",
        region_code=_region_code(accreditation.centre),
        update_fields=["updated_at"],
    )
    accreditation.status = locked.status
    return target


def accreditations_expire(*, today: datetime.date | None = None, actor: Actor = None) -> int:
    """Expire every accreditation whose `valid_until` has passed; each audited. Returns
    how many expired."""
    today = today or timezone.localdate()
    due = Accreditation.objects.filter(
        status__in=[AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED],
        valid_until__lt=today,
    ).select_related("centre__region__voivodeship")
    expired = 0
    for accreditation in due:
        accreditation_move(accreditation=accreditation, transition="expire", actor=actor)
        expired += 1
    return expired


def accreditations_remind(*, today: datetime.date | None = None) -> int:
    """E-mail the region's coordinators and the centre's staff 90 and 30 days before an
    accreditation ends, each reminder once. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        due = Accreditation.objects.filter(
            status=AccreditationStatus.ACTIVE, valid_until=today + datetime.timedelta(days=days)
        )
        for accreditation in due:
            with transaction.atomic():
                _reminder, created = AccreditationReminder.objects.get_or_create(
                    accreditation=accreditation,
                    valid_until=accreditation.valid_until,
                    days_before=days,
                )
                if created:
                    transaction.on_commit(functools.partial(_send_reminder, accreditation.pk, days))
                    sent += 1
    return sent


def _send_reminder(accreditation_id: int, days: int) -> None:
    message = emails.expiry_reminder(accreditation_id, days)
    if message is not None:
        message.send()


def centre_may_record_grants(centre: Organisation, on: datetime.date) -> None:
    """Refuse (409) unless the centre holds an active accreditation covering `on`."""
    current = (
        Accreditation.objects.filter(centre=centre, granted_on__lte=on)
        .order_by("-granted_on", "-id")
        .first()
    )
    if current is None or current.valid_until < on:
        raise TransitionNotAllowed(
            {
                "centre": _("The support centre has no accreditation valid on %(day)s.")
                % {"day": on.strftime("%d.%m.%Y")}
            }
        )
    if current.status == AccreditationStatus.SUSPENDED:
        raise TransitionNotAllowed(
            {
                "centre": _(
                    "The support centre’s accreditation is suspended: it cannot record new grants."
                )
            }
        )
    if current.status != AccreditationStatus.ACTIVE:
        raise TransitionNotAllowed(
            {
                "centre": _(
                    "The support centre’s accreditation has expired or was withdrawn: it "
                    "cannot record new grants."
                )
            }
        )


# --- Subregion --------------------------------------------------------------------------------


@transaction.atomic
def subregion_assign(
    *,
    centre: Organisation,
    powiat: TerritorialUnit,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    actor: Actor,
) -> SubregionPowiat:
    """Give the centre a powiat to serve; a powiat has one centre at a time."""
    region = centre.region
    if (
        region is None
        or powiat.level != UnitLevel.POWIAT
        or powiat.parent_id != region.voivodeship_id
    ):
        raise DomainValidationError({"powiat": _("Choose a powiat of the centre’s region.")})
    if valid_to is not None and valid_to < valid_from:
        raise DomainValidationError({"valid_to": _("The end cannot come before the start.")})
    overlapping = SubregionPowiat.objects.filter(powiat=powiat).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    other = overlapping.select_related("centre").first()
    if other is not None:
        raise DomainValidationError(
            {
                "powiat": _("Powiat %(powiat)s is already served by %(centre)s then.")
                % {"powiat": powiat.name, "centre": other.centre.name}
            }
        )
    area = SubregionPowiat.objects.create(
        centre=centre, powiat=powiat, valid_from=valid_from, valid_to=valid_to
    )
    audit_log(
        actor=actor,
        action="support.subregion.assigned",
        target=area,
        region_code=_region_code(centre),
        changes={"powiat": powiat.code, "valid_from": valid_from, "valid_to": valid_to},
    )
    return area


@transaction.atomic
def subregion_end(*, area: SubregionPowiat, valid_to: datetime.date, actor: Actor) -> None:
    if area.valid_to is not None:
        raise TransitionNotAllowed({"valid_to": _("The centre no longer serves this powiat.")})
    if valid_to < area.valid_from:
        raise DomainValidationError({"valid_to": _("The end cannot come before the start.")})
    area.valid_to = valid_to
    area.save(update_fields=["valid_to", "updated_at"])
    audit_log(
        actor=actor,
        action="support.subregion.ended",
        target=area,
        region_code=_region_code(area.centre),
        changes={"valid_to": valid_to},
    )


# --- Founding groups and support given -----------------------------------------------------


@transaction.atomic
def founding_group_create(
    *,
    centre: Organisation,
    name: str,
    people_count: int,
    powiat: TerritorialUnit,
    actor: Actor,
) -> FoundingGroup:
    name = one_line(name)
    errors = {}
    if not name:
        errors["name"] = _("Give the founding group’s name.")
    if people_count < 1:
        errors["people_count"] = _("A founding group has at least one person.")
    if centre.region is None or powiat.parent_id != centre.region.voivodeship_id:
        errors["powiat"] = _("Choose a powiat of the centre’s region.")
    if errors:
        raise DomainValidationError(errors)
    group = FoundingGroup.objects.create(
        centre=centre, name=name, people_count=people_count, powiat=powiat
    )
    audit_log(
        actor=actor,
        action="support.founding_group.created",
        target=group,
        region_code=_region_code(centre),
        changes={"name": name, "people_count": people_count, "powiat": powiat.code},
    )
    return group


@transaction.atomic
def founding_group_register(
    *, group: FoundingGroup, entity: Entity, registered_on: datetime.date, actor: Actor
) -> FoundingGroup:
    """Link the group to the entity it founded."""
    if group.entity_id is not None:
        raise TransitionNotAllowed({"entity": _("The group is already linked to its entity.")})
    if entity.region_id != group.centre.region_id:
        raise DomainValidationError({"entity": _("Choose an entity of the centre’s region.")})
    group.entity = entity
    group.registered_on = registered_on
    group.save(update_fields=["entity", "registered_on", "updated_at"])
    audit_log(
        actor=actor,
        action="support.founding_group.registered",
        target=group,
        region_code=_region_code(group.centre),
        changes={"entity": entity.pk, "registered_on": registered_on},
    )
    return group


@transaction.atomic
def support_record_create(
    *,
    centre: Organisation,
    kind: str,
    given_on: datetime.date,
    hours: Decimal,
    people: int,
    topic: str,
    entities: Sequence[Entity] = (),
    founding_group: FoundingGroup | None = None,
    event: Event | None = None,
    actor: Actor,
) -> SupportRecord:
    """Support given on one day: to entities (many for a training) or a founding group."""
    topic = one_line(topic)
    errors: dict[str, str] = {}
    if kind not in SupportKind.values:
        errors["kind"] = _("Choose a kind of support.")
    if hours <= 0:
        errors["hours"] = _("Give the hours of support, more than 0.")
    if people < 1:
        errors["people"] = _("Give the number of people supported, at least 1.")
    if not topic:
        errors["topic"] = _("Give the topic of the support.")
    if not entities and founding_group is None:
        errors["entities"] = _("Choose the entities supported or a founding group.")
    if any(entity.region_id != centre.region_id for entity in entities):
        errors["entities"] = _("Choose entities of the centre’s region.")
    if founding_group is not None and founding_group.centre_id != centre.pk:
        errors["founding_group"] = _("Choose a founding group of this centre.")
    if event is not None and event.region_id != centre.region_id:
        errors["event"] = _("Choose an event of the centre’s region.")
    if errors:
        raise DomainValidationError(errors)
    record = SupportRecord.objects.create(
        centre=centre,
        kind=kind,
        given_on=given_on,
        hours=hours,
        people=people,
        topic=topic,
        founding_group=founding_group,
        event=event,
    )
    if entities:
        record.entities.set(entities)
    audit_log(
        actor=actor,
        action="support.record.created",
        target=record,
        region_code=_region_code(centre),
        changes={
            "kind": kind,
            "given_on": given_on,
            "hours": hours,
            "people": people,
            "topic": topic,
            "entities": sorted(entity.pk for entity in entities),
            "founding_group": founding_group.pk if founding_group else None,
            "event": event.pk if event else None,
        },
    )
    return record


# --- Grant limits, agreements and jobs ----------------------------------------------------


@transaction.atomic
def grant_limit_set(
    *,
    region: Region,
    year: int,
    max_jobs: int,
    max_amount_per_job: Decimal,
    max_bridging_months: int,
    actor: Actor,
) -> GrantLimit:
    if max_jobs < 1 or max_amount_per_job <= 0 or max_bridging_months < 0:
        raise DomainValidationError(
            _("Limits are at least 1 job, an amount above 0 and 0 or more months.")
        )
    limit, _created = GrantLimit.objects.update_or_create(
        region=region,
        year=year,
        defaults={
            "max_jobs": max_jobs,
            "max_amount_per_job": max_amount_per_job,
            "max_bridging_months": max_bridging_months,
        },
    )
    audit_log(
        actor=actor,
        action="support.limits.set",
        target=limit,
        region_code=str(region.code),
        changes={
            "year": year,
            "max_jobs": max_jobs,
            "max_amount_per_job": max_amount_per_job,
            "max_bridging_months": max_bridging_months,
        },
    )
    return limit


@dataclass(frozen=True)
class JobData:
    """A job an agreement funds: never the person's name, only their group."""

    position: str
    starts_on: datetime.date
    fte: Decimal
    group: str
    durability_months: int = DEFAULT_DURABILITY_MONTHS


def _job_errors(jobs: Iterable[JobData], signed_on: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for number, job in enumerate(jobs, start=1):
        where = f"jobs.{number}"
        if not one_line(job.position):
            errors[f"{where}.position"] = _("Give the job’s position.")
        if not Decimal("0") < job.fte <= Decimal("1"):
            errors[f"{where}.fte"] = _(
                "The fraction of full time is more than 0 and at most 1 (e.g. 0.5)."
            )
        if job.group not in JobholderGroup.values:
            errors[f"{where}.group"] = _("Choose the group of the person employed.")
        if job.durability_months < 1:
            errors[f"{where}.durability_months"] = _("The durability period is at least a month.")
        if job.starts_on < signed_on:
            errors[f"{where}.starts_on"] = _("A funded job starts on or after the signing.")
    return errors


@transaction.atomic
def grant_agreement_create(
    *,
    centre: Organisation,
    entity: Entity,
    number: str,
    signed_on: datetime.date,
    amount_per_job: Decimal,
    bridging_monthly: Decimal = Decimal("0"),
    bridging_months: int = 0,
    jobs: Sequence[JobData],
    actor: Actor,
) -> GrantAgreement:
    """An investment grant with its jobs; refused whole when over a limit of its region's
    year, or when the centre's accreditation is not active."""
    number = one_line(number)
    errors: dict[str, str] = {}
    if not number:
        errors["number"] = _("Give the agreement’s number.")
    elif GrantAgreement.objects.filter(centre=centre, number=number).exists():
        errors["number"] = _("The centre already has an agreement numbered %(number)s.") % {
            "number": number
        }
    if entity.region_id != centre.region_id:
        errors["entity"] = _("Choose an entity of the centre’s region.")
    if not jobs:
        errors["jobs"] = _("An agreement funds at least one job.")
    if amount_per_job <= 0:
        errors["amount_per_job"] = _("Give the amount per job, more than 0.")
    if bridging_monthly < 0 or bridging_months < 0:
        errors["bridging_monthly"] = _("Bridging support cannot be negative.")
    if centre.region is not None:
        limits = grant_limits_for(centre.region, signed_on.year)
        if len(jobs) > limits.max_jobs:
            errors["jobs"] = _(
                "The limit is %(limit)s jobs per agreement (%(year)s); this agreement has "
                "%(count)s."
            ) % {"limit": limits.max_jobs, "year": signed_on.year, "count": len(jobs)}
        if amount_per_job > limits.max_amount_per_job:
            errors["amount_per_job"] = _(
                "The limit is %(limit)s per job (%(year)s); this agreement gives %(amount)s."
            ) % {
                "limit": _money(limits.max_amount_per_job),
                "year": signed_on.year,
                "amount": _money(amount_per_job),
            }
        if bridging_months > limits.max_bridging_months:
            errors["bridging_months"] = _(
                "The limit of bridging support is %(limit)s months (%(year)s); this "
                "agreement gives %(months)s."
            ) % {
                "limit": limits.max_bridging_months,
                "year": signed_on.year,
                "months": bridging_months,
            }
    errors.update(_job_errors(jobs, signed_on))
    if errors:
        raise DomainValidationError(errors)
    centre_may_record_grants(centre, signed_on)
    agreement = GrantAgreement.objects.create(
        centre=centre,
        entity=entity,
        number=number,
        signed_on=signed_on,
        amount_per_job=amount_per_job,
        bridging_monthly=bridging_monthly,
        bridging_months=bridging_months,
    )
    FundedJob.objects.bulk_create(
        [
            FundedJob(
                agreement=agreement,
                position=one_line(job.position),
                starts_on=job.starts_on,
                fte=job.fte,
                group=job.group,
                durability_months=job.durability_months,
            )
            for job in jobs
        ]
    )
    audit_log(
        actor=actor,
        action="support.agreement.created",
        target=agreement,
        region_code=_region_code(centre),
        changes={
            "entity": entity.pk,
            "number": number,
            "signed_on": signed_on,
            "amount_per_job": amount_per_job,
            "bridging_monthly": bridging_monthly,
            "bridging_months": bridging_months,
            "jobs": [
                {"position": j.position, "starts_on": j.starts_on, "fte": j.fte, "group": j.group}
                for j in jobs
            ],
        },
    )
    return agreement


def durability_end(job: FundedJob) -> datetime.date:
    """The first day the job no longer has to last."""
    return months_on(job.starts_on, job.durability_months)


@transaction.atomic
def job_end(*, job: FundedJob, ended_on: datetime.date, actor: Actor) -> FundedJob:
    """Record that a funded job ended; before its durability period it is flagged."""
    locked = FundedJob.objects.select_for_update().get(pk=job.pk)
    if locked.ended_on is not None:
        raise TransitionNotAllowed(
            {
                "ended_on": _("The job already ended on %(day)s.")
                % {"day": locked.ended_on.strftime("%d.%m.%Y")}
            }
        )
    if ended_on < locked.starts_on:
        raise DomainValidationError({"ended_on": _("A job cannot end before it starts.")})
    locked.ended_on = ended_on
    locked.ended_early = ended_on < durability_end(locked)
    locked.save(update_fields=["ended_on", "ended_early", "updated_at"])
    audit_log(
        actor=actor,
        action="support.job.ended",
        target=locked,
        region_code=_region_code(job.agreement.centre),
        changes={"ended_on": ended_on, "ended_early": locked.ended_early},
    )
    job.ended_on, job.ended_early = locked.ended_on, locked.ended_early
    return job
