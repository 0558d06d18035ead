"""Reads of the local-government context, scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership
from koordynator.accounts.selectors import memberships_of, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.events.enums import EventKind
from koordynator.events.models import Event
from koordynator.registry.models import Entity
from koordynator.registry.selectors import public_entities
from koordynator.territory.models import Region, TerritorialUnit

from .enums import LocalGovernmentKind, PlanStatus, SurveyStatus
from .models import ExpertSupport, LocalGovernment, LocalPlan, Survey, SurveyAnswer

# What the public sees of local plans: everything past the first draft.
PUBLIC_PLAN_STATUSES = [PlanStatus.CONSULTATION, PlanStatus.ADOPTED, PlanStatus.EXPIRED]


def _with_relations(local_governments: QuerySet[LocalGovernment]) -> QuerySet[LocalGovernment]:
    return local_governments.select_related("unit", "powiat")


def local_governments_of_region(region: Region) -> QuerySet[LocalGovernment]:
    return _with_relations(LocalGovernment.objects.filter(region=region, is_active=True))


def local_governments_for_staff(user: Any) -> QuerySet[LocalGovernment]:
    """The active local governments of the regions the user works on as staff."""
    return _with_relations(
        scope_to_regions(LocalGovernment.objects.filter(is_active=True), staff_region_ids(user))
    ).order_by("unit__code")


def local_government_for_staff(user: Any, local_government_id: int) -> LocalGovernment | None:
    return local_governments_for_staff(user).filter(pk=local_government_id).first()


def officer_unit_ids(user: Any) -> set[int]:
    """The territorial units of the local governments the user works for as an officer."""
    return {
        m.organisation.territorial_unit_id
        for m in memberships_of(user)
        if m.role == Role.LOCAL_GOVERNMENT_OFFICER
        and m.organisation is not None
        and m.organisation.territorial_unit_id is not None
    }


def local_governments_of_officer(user: Any) -> QuerySet[LocalGovernment]:
    """The local governments whose answers the officer gives: their organisation's unit
    (for a city with powiat rights, its gmina or its powiat unit)."""
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return LocalGovernment.objects.none()
    return _with_relations(
        LocalGovernment.objects.filter(is_active=True).filter(
            Q(unit_id__in=unit_ids)
            | Q(kind=LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS, powiat_id__in=unit_ids)
        )
    ).order_by("unit__code")


def reminder_recipients(local_governments: list[LocalGovernment]) -> dict[int, list[str]]:
    """The addresses to remind, per local government: its contact e-mail and the
    e-mails of its officers' accounts."""
    by_unit: dict[int, int] = {}
    for local_government in local_governments:
        by_unit[local_government.unit_id] = local_government.pk
        if local_government.kind == LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS:
            by_unit[local_government.powiat_id or 0] = local_government.pk
    addresses: dict[int, list[str]] = {
        lg.pk: [lg.contact_email] if lg.contact_email else [] for lg in local_governments
    }
    officers = Membership.objects.filter(
        role=Role.LOCAL_GOVERNMENT_OFFICER,
        organisation__territorial_unit_id__in=list(by_unit),
        user__is_active=True,
    ).values_list("organisation__territorial_unit_id", "user__email")
    for unit_id, email in officers:
        recipients = addresses[by_unit[unit_id]]
        if email and email not in recipients:
            recipients.append(email)
    return addresses


# --- Surveys -----------------------------------------------------------------------------------


def surveys_for_staff(user: Any) -> QuerySet[Survey]:
    return (
        scope_to_regions(Survey.objects.all(), staff_region_ids(user))
        .select_related("region__voivodeship")
        .order_by("-year", "region__voivodeship__code")
    )


def survey_for_staff(user: Any, survey_id: int) -> Survey | None:
    return surveys_for_staff(user).filter(pk=survey_id).first()


def open_surveys_for_officer(user: Any) -> QuerySet[Survey]:
    region_ids = set(local_governments_of_officer(user).values_list("region_id", flat=True))
    return (
        Survey.objects.filter(
            region_id__in=region_ids,
            status=SurveyStatus.OPEN,
            closes_on__gte=timezone.localdate(),
        )
        .select_related("region__voivodeship")
        .order_by("-year")
    )


def answers_of(survey: Survey) -> QuerySet[SurveyAnswer]:
    return (
        SurveyAnswer.objects.filter(survey=survey)
        .select_related("local_government__unit", "local_government__powiat", "entered_by")
        .order_by("local_government__unit__code")
    )


def answers_for_staff(user: Any) -> QuerySet[SurveyAnswer]:
    return scope_to_regions(
        SurveyAnswer.objects.all(), staff_region_ids(user), field="survey__region"
    ).select_related("survey__region__voivodeship", "local_government__unit")


def answer_of(survey: Survey, local_government: LocalGovernment) -> SurveyAnswer | None:
    return (
        SurveyAnswer.objects.filter(survey=survey, local_government=local_government)
        .prefetch_related("entities")
        .first()
    )


def nonrespondents(survey: Survey) -> QuerySet[LocalGovernment]:
    """The region's local governments that have not answered the survey."""
    answered = SurveyAnswer.objects.filter(survey=survey, local_government=OuterRef("pk"))
    return (
        local_governments_of_region(survey.region).filter(~Exists(answered)).order_by("unit__code")
    )


def entities_for_answer(region_id: int) -> QuerySet[Entity]:
    """The directory's entities of the region, to say who won contracts."""
    return public_entities().filter(region_id=region_id).order_by("name", "id")


# --- Expert support and plans ------------------------------------------------------------------


def expert_support_for_staff(user: Any) -> QuerySet[ExpertSupport]:
    return (
        scope_to_regions(ExpertSupport.objects.all(), staff_region_ids(user))
        .select_related("local_government__unit", "region__voivodeship")
        .order_by("-starts_on", "-id")
    )


def expert_support_item_for_staff(user: Any, support_id: int) -> ExpertSupport | None:
    return expert_support_for_staff(user).filter(pk=support_id).first()


def _plans(plans: QuerySet[LocalPlan]) -> QuerySet[LocalPlan]:
    return (
        plans.select_related("region__voivodeship", "local_government__unit")
        .prefetch_related("area", "workshops")
        .order_by("title", "id")
    )


def plans_for_staff(user: Any) -> QuerySet[LocalPlan]:
    return _plans(scope_to_regions(LocalPlan.objects.all(), staff_region_ids(user)))


def plan_for_staff(user: Any, plan_id: int) -> LocalPlan | None:
    return plans_for_staff(user).filter(pk=plan_id).first()


def public_plans(region: Region | None = None) -> QuerySet[LocalPlan]:
    plans = LocalPlan.objects.filter(status__in=PUBLIC_PLAN_STATUSES)
    if region is not None:
        plans = plans.filter(region=region)
    return _plans(plans)


def plans_visible_to(user: Any) -> QuerySet[LocalPlan]:
    """Plans past their first draft for everybody; staff also see their regions' drafts."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        return _plans(LocalPlan.objects.all())
    return _plans(
        LocalPlan.objects.filter(Q(status__in=PUBLIC_PLAN_STATUSES) | Q(region_id__in=region_ids))
    )


def public_plan(plan_id: int) -> LocalPlan | None:
    return public_plans().filter(pk=plan_id).first()


def plan_area_choices(user: Any) -> QuerySet[TerritorialUnit]:
    """The gminas and powiats of the user's regions, for a plan's area."""
    units = TerritorialUnit.objects.filter(is_active=True, level__in=["gmina", "powiat"])
    region_ids = staff_region_ids(user)
    codes = Region.objects.select_related("voivodeship")
    if region_ids is not None:
        codes = codes.filter(pk__in=region_ids)
    prefixes = [region.code for region in codes]
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(code__startswith=prefix)
    return units.filter(query).select_related("parent").order_by("code")


WORKSHOP_KINDS = [EventKind.WORKSHOP, EventKind.CONSULTATION_MEETING, EventKind.TRAINING]


def workshop_choices(user: Any) -> QuerySet[Event]:
    """The workshops (and consultation meetings, trainings) of the user's regions that may
    have produced a plan."""
    return scope_to_regions(
        Event.objects.filter(kind__in=WORKSHOP_KINDS), staff_region_ids(user)
    ).order_by("-starts_at", "-id")
