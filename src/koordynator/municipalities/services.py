"""Writes of the local-government context. Callers check permissions (rules.py) first.

Every write is one transaction with its audit entry. A survey and a local plan move
through `enums.SURVEY_WORKFLOW` and `enums.PLAN_WORKFLOW`; a move the table does not allow
is refused with `TransitionNotAllowed` before anything is written.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.core.actors import Actor, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.core.text import one_line
from koordynator.core.uploads import delete_files_on_commit
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.registry.models import Entity
from koordynator.territory.enums import GminaType, UnitLevel
from koordynator.territory.models import Region, TerritorialUnit

from .documents import read_document
from .enums import (
    PLAN_WORKFLOW,
    SURVEY_WORKFLOW,
    EntryMethod,
    LocalGovernmentKind,
    PlanStatus,
    SurveyStatus,
)
from .models import (
    ExpertSupport,
    ExpertSupportTarget,
    LocalGovernment,
    LocalPlan,
    Survey,
    SurveyAnswer,
)
from .tasks import send_survey_reminders

# The figures of an answer: (count field, value field) per kind of contract or task.
CLAUSE_TYPES = [
    ("reserved_count", "reserved_value"),
    ("employment_count", "employment_value"),
    ("award_criteria_count", "award_criteria_value"),
    ("other_clause_count", "other_clause_value"),
]
ANSWER_FIGURES = [
    "clause_contracts_count",
    "clause_contracts_value",
    *[name for pair in CLAUSE_TYPES for name in pair],
    "entity_contracts_count",
    "entity_contracts_value",
    "open_call_tasks_count",
    "open_call_tasks_value",
    "small_grant_tasks_count",
    "small_grant_tasks_value",
]
EXPERT_SUPPORT_FIELDS = ["topic", "expert_name", "starts_on", "ends_on", "hours", "outcome"]
PLAN_FIELDS = [
    "title",
    "local_government",
    "period_from",
    "period_to",
    "resolution_number",
    "resolution_date",
    "description",
]


# --- Local governments -------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    deactivated: int


def _kind_of(unit: TerritorialUnit) -> str:
    if unit.level == UnitLevel.VOIVODESHIP:
        return LocalGovernmentKind.VOIVODESHIP
    if unit.level == UnitLevel.POWIAT:
        return LocalGovernmentKind.POWIAT
    if unit.parent is not None and unit.parent.is_city_with_powiat_rights:
        return LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS
    if unit.gmina_type == GminaType.URBAN:
        return LocalGovernmentKind.URBAN_GMINA
    if unit.gmina_type == GminaType.RURAL:
        return LocalGovernmentKind.RURAL_GMINA
    return LocalGovernmentKind.URBAN_RURAL_GMINA


@transaction.atomic
def local_governments_sync(*, region: Region, actor: Actor) -> SyncResult:
    """Make one local government for every gmina and powiat of the region and for the
    voivodeship itself; running it again changes only what the territory changed. A city
    with powiat rights is one local government, on its gmina unit."""
    units = list(
        TerritorialUnit.objects.filter(code__startswith=region.code)
        .exclude(level=UnitLevel.POWIAT, is_city_with_powiat_rights=True)
        .select_related("parent")
    )
    existing = {lg.unit_id: lg for lg in LocalGovernment.objects.filter(unit__in=units)}
    created: list[LocalGovernment] = []
    changed: list[LocalGovernment] = []
    deactivated = 0
    for unit in units:
        powiat = (
            unit
            if unit.level == UnitLevel.POWIAT
            else unit.parent
            if unit.level == UnitLevel.GMINA
            else None
        )
        values = {
            "kind": _kind_of(unit),
            "name": unit.name,
            "powiat_id": powiat.pk if powiat is not None else None,
            "is_active": unit.is_active,
        }
        local_government = existing.get(unit.pk)
        if local_government is None:
            if unit.is_active:
                created.append(LocalGovernment(region=region, unit=unit, **values))
            continue
        if any(getattr(local_government, key) != value for key, value in values.items()):
            deactivated += int(local_government.is_active and not unit.is_active)
            for key, value in values.items():
                setattr(local_government, key, value)
            changed.append(local_government)
    LocalGovernment.objects.bulk_create(created)
    if changed:
        LocalGovernment.objects.bulk_update(
            changed, ["kind", "name", "powiat_id", "is_active", "updated_at"]
        )
    result = SyncResult(
        created=len(created), updated=len(changed) - deactivated, deactivated=deactivated
    )
    if created or changed:
        audit_log(
            actor=actor,
            action="municipalities.local_governments.synced",
            target=None,
            object_type="municipalities.localgovernment",
            region_code=region.code,
            changes={
                "created": result.created,
                "updated": result.updated,
                "deactivated": result.deactivated,
            },
        )
    return result


@transaction.atomic
def local_government_update_contact(
    *,
    local_government: LocalGovernment,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    actor: Actor,
) -> LocalGovernment:
    values = {
        "contact_name": one_line(contact_name),
        "contact_email": contact_email.strip().lower(),
        "contact_phone": contact_phone.strip(),
    }
    changes = {
        key: [getattr(local_government, key), value]
        for key, value in values.items()
        if getattr(local_government, key) != value
    }
    if changes:
        for key, value in values.items():
            setattr(local_government, key, value)
        local_government.save(update_fields=[*values, "updated_at"])
        audit_log(
            actor=actor,
            action="municipalities.local_government.contact_changed",
            target=local_government,
            region_code=local_government.unit.code[:2],
            changes=changes,
        )
    return local_government


# --- Surveys -----------------------------------------------------------------------------------


@transaction.atomic
def survey_open(
    *, region: Region, year: int, opens_on: date, closes_on: date, actor: Actor
) -> Survey:
    """Open the survey of `year` for every local government of the region."""
    errors: dict[str, str] = {}
    if Survey.objects.filter(region=region, year=year).exists():
        errors["year"] = _("This region already has a survey for this year.")
    if closes_on < opens_on:
        errors["closes_on"] = _("The survey cannot close before it opens.")
    if errors:
        raise DomainValidationError(errors)
    SURVEY_WORKFLOW.check(None, SurveyStatus.OPEN)
    survey = Survey.objects.create(
        region=region,
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        status=SurveyStatus.OPEN,
        created_by=user_or_none(actor),
    )
    audit_log(
        actor=actor,
        action="municipalities.survey.opened",
        target=survey,
        region_code=region.code,
        changes={
            "year": year,
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
        },
    )
    return survey


def _survey_move(survey: Survey, new: str, *, actor: Actor) -> Survey:
    locked = (
        Survey.objects.select_for_update().select_related("region__voivodeship").get(pk=survey.pk)
    )
    SURVEY_WORKFLOW.move(
        locked,
        new,
        actor=actor,
        action=f"municipalities.survey.{'closed' if new == SurveyStatus.CLOSED else 'reopened'}",
        region_code=locked.region.code,
        update_fields=["updated_at"],
    )
    return locked


@transaction.atomic
def survey_close(*, survey: Survey, actor: Actor) -> Survey:
    """Close the survey: local governments can no longer answer online."""
    return _survey_move(survey, SurveyStatus.CLOSED, actor=actor)


@transaction.atomic
def survey_reopen(*, survey: Survey, actor: Actor, closes_on: date | None = None) -> Survey:
    """Open the survey again, closed by staff or by its closing date. Past that date it
    needs a new one, from today on."""
    if closes_on is not None and closes_on < max(survey.opens_on, timezone.localdate()):
        raise DomainValidationError(
            {"closes_on": _("The new closing date cannot be before today or the opening date.")}
        )
    if closes_on is None and survey.is_past_closing:
        raise DomainValidationError(
            {
                "closes_on": _(
                    "The closing date has passed: give a new one to open the survey again."
                )
            }
        )
    if survey.status == SurveyStatus.OPEN and not survey.is_past_closing:
        SURVEY_WORKFLOW.check(survey.status, SurveyStatus.OPEN)  # already open: refused
    locked = (
        Survey.objects.select_for_update().select_related("region__voivodeship").get(pk=survey.pk)
    )
    changes: dict[str, Any] = {}
    if closes_on is not None and closes_on != locked.closes_on:
        changes["closes_on"] = [locked.closes_on, closes_on]
        locked.closes_on = closes_on
        locked.save(update_fields=["closes_on", "updated_at"])
    if locked.status == SurveyStatus.OPEN:  # closed by its date only
        audit_log(
            actor=actor,
            action="municipalities.survey.reopened",
            target=locked,
            region_code=locked.region.code,
            changes=changes,
        )
        return locked
    SURVEY_WORKFLOW.move(
        locked,
        SurveyStatus.OPEN,
        actor=actor,
        action="municipalities.survey.reopened",
        region_code=locked.region.code,
        changes=changes,
        update_fields=["updated_at"],
    )
    return locked


def figures_problems(figures: Mapping[str, Any]) -> dict[str, str]:
    """What does not add up in an answer's figures (the same check for the form, the API
    and the spreadsheet): every kind of clause lies within the total of contracts with
    clauses, the kinds together cover it, and the contracts won by social economy entities
    are some of them."""
    problems: dict[str, str] = {}

    def number(name: str) -> Decimal:
        return Decimal(figures.get(name) or 0)

    total_count, total_value = (
        number("clause_contracts_count"),
        number("clause_contracts_value"),
    )
    for count_name, value_name in CLAUSE_TYPES:
        if number(count_name) > total_count:
            problems[count_name] = _(
                "This is more than the number of contracts with social clauses."
            )
        elif number(value_name) > total_value:
            problems[value_name] = _(
                "This is more than the value of contracts with social clauses."
            )
        elif number(value_name) and not number(count_name):
            problems[count_name] = _("Give the number of these contracts.")
    if "clause_contracts_count" not in problems:
        kinds = sum(number(count_name) for count_name, _value in CLAUSE_TYPES)
        if total_count > kinds:
            problems["clause_contracts_count"] = _(
                "Say for each contract with a social clause what kind of clause it has."
            )
        elif total_value and not total_count:
            problems["clause_contracts_count"] = _("Give the number of these contracts.")
    if number("entity_contracts_count") > total_count:
        problems["entity_contracts_count"] = _(
            "This is more than the number of contracts with social clauses."
        )
    elif number("entity_contracts_value") > total_value:
        problems["entity_contracts_value"] = _(
            "This is more than the value of contracts with social clauses."
        )
    for count_name, value_name in [
        ("open_call_tasks_count", "open_call_tasks_value"),
        ("small_grant_tasks_count", "small_grant_tasks_value"),
    ]:
        if number(value_name) and not number(count_name):
            problems[count_name] = _("Give the number of these tasks.")
    return problems


def _check_answer(
    survey: Survey, local_government: LocalGovernment, figures: Mapping[str, Any], method: str
) -> None:
    errors = figures_problems(figures)
    if local_government.region_id != survey.region_id:
        errors["local_government"] = _("This local government is not in the survey's region.")
    if method == EntryMethod.ONLINE and not survey.is_open:
        errors["__all__"] = _("The survey is closed; ask the regional centre to enter the answer.")
    if errors:
        raise DomainValidationError(errors)


@transaction.atomic
def answer_save(
    *,
    survey: Survey,
    local_government: LocalGovernment,
    figures: Mapping[str, Any],
    entities: Iterable[Entity] = (),
    remarks: str = "",
    entry_method: str,
    actor: Actor,
) -> SurveyAnswer:
    """Record a local government's answer, or correct it: one answer per survey."""
    _check_answer(survey, local_government, figures, entry_method)
    answer = (
        SurveyAnswer.objects.select_for_update()
        .filter(survey=survey, local_government=local_government)
        .first()
    )
    is_new = answer is None
    if answer is None:
        answer = SurveyAnswer(survey=survey, local_government=local_government)
    before = {name: getattr(answer, name) for name in ANSWER_FIGURES}
    for name in ANSWER_FIGURES:
        setattr(answer, name, figures.get(name) or 0)
    answer.remarks = remarks.strip()
    answer.entry_method = entry_method
    answer.entered_by = user_or_none(actor)
    answer.submitted_at = timezone.now()
    answer.save()
    answer.entities.set(list(entities))
    changes = {
        name: getattr(answer, name)
        for name in ANSWER_FIGURES
        if is_new or Decimal(before[name] or 0) != Decimal(getattr(answer, name) or 0)
    }
    audit_log(
        actor=actor,
        action=f"municipalities.answer.{'submitted' if is_new else 'corrected'}",
        target=answer,
        region_code=survey.region.code,
        changes={
            "survey": survey.pk,
            "year": survey.year,
            "local_government": local_government.unit.code,
            "entry_method": entry_method,
            **changes,
        },
    )
    return answer


@dataclass(frozen=True)
class ImportedAnswer:
    """One checked row of a spreadsheet of answers."""

    local_government: LocalGovernment
    figures: Mapping[str, Any]
    entities: Sequence[Entity] = ()
    remarks: str = ""


@transaction.atomic
def answers_import(
    *, survey: Survey, answers: Sequence[ImportedAnswer], actor: Actor
) -> list[SurveyAnswer]:
    """Save every answer of a checked spreadsheet, or none: one transaction."""
    saved = [
        answer_save(
            survey=survey,
            local_government=item.local_government,
            figures=item.figures,
            entities=item.entities,
            remarks=item.remarks,
            entry_method=EntryMethod.IMPORT,
            actor=actor,
        )
        for item in answers
    ]
    audit_log(
        actor=actor,
        action="municipalities.answers.imported",
        target=survey,
        region_code=survey.region.code,
        changes={"rows": len(saved)},
    )
    return saved


@transaction.atomic
def reminders_send(
    *,
    survey: Survey,
    local_governments: Sequence[LocalGovernment],
    actor: Actor,
    site_url: str = "",
) -> int:
    """Remind the local governments that have not answered, by e-mail, once the request is
    committed. Returns how many were reminded."""
    if not survey.is_open:
        raise TransitionNotAllowed(
            {"status": _("Reminders are sent only while the survey is open.")}
        )
    ids = [lg.pk for lg in local_governments if lg.region_id == survey.region_id]
    if not ids:
        return 0
    survey_id = survey.pk
    transaction.on_commit(
        lambda: send_survey_reminders.enqueue(
            survey_id=survey_id, local_government_ids=ids, site_url=site_url
        )
    )
    audit_log(
        actor=actor,
        action="municipalities.survey.reminded",
        target=survey,
        region_code=survey.region.code,
        changes={"local_governments": ids},
    )
    return len(ids)


# --- Expert support ----------------------------------------------------------------------------


def _check_support(local_government: LocalGovernment, data: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(data.get("topic") or "").strip():
        errors["topic"] = _("This field is required.")
    ends_on, starts_on = data.get("ends_on"), data.get("starts_on")
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = _("The support cannot end before it starts.")
    if errors:
        raise DomainValidationError(errors)


@transaction.atomic
def expert_support_create(
    *, local_government: LocalGovernment, data: Mapping[str, Any], actor: Actor
) -> ExpertSupport:
    _check_support(local_government, data)
    support = ExpertSupport(
        region_id=local_government.region_id,
        local_government=local_government,
        created_by=user_or_none(actor),
        **{name: data.get(name) for name in EXPERT_SUPPORT_FIELDS if name in data},
    )
    support.save()
    audit_log(
        actor=actor,
        action="municipalities.expert_support.created",
        target=support,
        region_code=local_government.unit.code[:2],
        changes={
            "local_government": local_government.unit.code,
            **{name: getattr(support, name) for name in EXPERT_SUPPORT_FIELDS},
        },
    )
    return support


@transaction.atomic
def expert_support_update(
    *,
    support: ExpertSupport,
    local_government: LocalGovernment,
    data: Mapping[str, Any],
    actor: Actor,
) -> ExpertSupport:
    _check_support(local_government, data)
    if local_government.region_id != support.region_id:
        raise DomainValidationError(
            {"local_government": _("This local government is not in the region.")}
        )
    changes: dict[str, Any] = {}
    if support.local_government_id != local_government.pk:
        changes["local_government"] = [support.local_government.unit.code, local_government.code]
        support.local_government = local_government
    for name in EXPERT_SUPPORT_FIELDS:
        if name in data and getattr(support, name) != data[name]:
            changes[name] = [getattr(support, name), data[name]]
            setattr(support, name, data[name])
    if changes:
        support.save()
        audit_log(
            actor=actor,
            action="municipalities.expert_support.changed",
            target=support,
            region_code=local_government.unit.code[:2],
            changes=changes,
        )
    return support


@transaction.atomic
def support_target_set(
    *, region: Region, year: int, target: int, actor: Actor
) -> ExpertSupportTarget:
    """The number of local governments the project means to support in `year`."""
    record, created = ExpertSupportTarget.objects.get_or_create(
        region=region, year=year, defaults={"target": target}
    )
    before = None if created else record.target
    if not created and record.target != target:
        record.target = target
        record.save(update_fields=["target"])
    if created or before != target:
        audit_log(
            actor=actor,
            action="municipalities.support_target.set",
            target=record,
            region_code=region.code,
            changes={"year": year, "target": [before, target]},
        )
    return record


# --- Local plans -------------------------------------------------------------------------------


def _check_area(region: Region, area: Sequence[TerritorialUnit]) -> None:
    if not area:
        raise DomainValidationError({"area": _("Choose the gmina, the powiat or the gminas.")})
    if any(
        unit.level == UnitLevel.VOIVODESHIP or not unit.code.startswith(region.code)
        for unit in area
    ):
        raise DomainValidationError(
            {"area": _("The area is made of gminas or powiats of the region.")}
        )
    if len(area) > 1 and any(unit.level == UnitLevel.POWIAT for unit in area):
        raise DomainValidationError(
            {"area": _("A plan covers one powiat, or one or several gminas.")}
        )


def _store_document(plan: LocalPlan, field: str, upload: IO[bytes], file_name: str) -> str:
    content, suffix = read_document(upload, file_name, field=field)
    stored = getattr(plan, field)
    old = stored.name or ""
    stored.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    setattr(plan, f"{field}_name", PurePath(file_name).name[:255])
    return old


@dataclass(frozen=True)
class Upload:
    file: IO[bytes]
    name: str


@transaction.atomic
def plan_create(
    *,
    region: Region,
    data: Mapping[str, Any],
    area: Sequence[TerritorialUnit],
    workshops: Iterable[Any] = (),
    documents: Mapping[str, Upload] | None = None,
    actor: Actor,
) -> LocalPlan:
    """A new local plan, being drafted."""
    _check_area(region, area)
    PLAN_WORKFLOW.check(None, PlanStatus.DRAFTING)
    plan = LocalPlan(
        region=region,
        status=PlanStatus.DRAFTING,
        created_by=user_or_none(actor),
        **{name: data[name] for name in PLAN_FIELDS if name in data},
    )
    for field, upload in (documents or {}).items():
        _store_document(plan, field, upload.file, upload.name)
    plan.save()
    plan.area.set(area)
    plan.workshops.set(list(workshops))
    audit_log(
        actor=actor,
        action="municipalities.plan.created",
        target=plan,
        region_code=region.code,
        changes={
            "status": [None, PlanStatus.DRAFTING],
            "area": sorted(unit.code for unit in area),
            **{name: getattr(plan, name) for name in PLAN_FIELDS},
        },
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: LocalPlan,
    data: Mapping[str, Any],
    area: Sequence[TerritorialUnit],
    workshops: Iterable[Any] = (),
    documents: Mapping[str, Upload] | None = None,
    actor: Actor,
) -> LocalPlan:
    _check_area(plan.region, area)
    changes: dict[str, Any] = {}
    for name in PLAN_FIELDS:
        if name in data and getattr(plan, name) != data[name]:
            changes[name] = [getattr(plan, name), data[name]]
            setattr(plan, name, data[name])
    if plan.status in (PlanStatus.ADOPTED, PlanStatus.EXPIRED) and not (
        plan.resolution_number and plan.resolution_date
    ):
        raise DomainValidationError(
            {"resolution_number": _("An adopted plan needs its resolution.")}
        )
    for field, upload in (documents or {}).items():
        delete_files_on_commit(_store_document(plan, field, upload.file, upload.name))
        changes[field] = "replaced"
    old_area = sorted(plan.area.values_list("code", flat=True))
    new_area = sorted(unit.code for unit in area)
    if old_area != new_area:
        changes["area"] = [old_area, new_area]
    workshop_ids = sorted(event.pk for event in workshops)
    old_workshops = sorted(plan.workshops.values_list("pk", flat=True))
    if workshop_ids != old_workshops:
        changes["workshops"] = [old_workshops, workshop_ids]
    plan.save()
    plan.area.set(area)
    plan.workshops.set(workshop_ids)
    if changes:
        audit_log(
            actor=actor,
            action="municipalities.plan.changed",
            target=plan,
            region_code=plan.region.code,
            changes=changes,
        )
    return plan


@transaction.atomic
def plan_transition(
    *,
    plan: LocalPlan,
    status: str,
    actor: Actor,
    resolution_number: str = "",
    resolution_date: date | None = None,
) -> LocalPlan:
    """Move a plan to `status`; adopting it needs its resolution (number and date)."""
    locked = (
        LocalPlan.objects.select_for_update().select_related("region__voivodeship").get(pk=plan.pk)
    )
    PLAN_WORKFLOW.check(locked.status, status)
    changes: dict[str, Any] = {}
    if status == PlanStatus.ADOPTED:
        number = resolution_number.strip() or locked.resolution_number
        adopted_on = resolution_date or locked.resolution_date
        errors = {}
        if not number:
            errors["resolution_number"] = _("Give the number of the adopting resolution.")
        if adopted_on is None:
            errors["resolution_date"] = _("Give the date of the adopting resolution.")
        if errors:
            raise DomainValidationError(errors)
        locked.resolution_number, locked.resolution_date = number, adopted_on
        changes["resolution"] = [number, adopted_on]
    locked.status_changed_at = timezone.now()
    PLAN_WORKFLOW.move(
        locked,
        status,
        actor=actor,
        action=f"municipalities.plan.{status}",
        region_code=locked.region.code,
        changes=changes,
        update_fields=None,
    )
    return locked
