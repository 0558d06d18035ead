"""/api/v1/municipalities/...: local governments, surveys and answers, the indicators,
expert support and local plans. Answers are validated by `forms.AnswerForm`, so an error
reads the same as on the page."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.accounts.selectors import staff_region_ids
from koordynator.core.api import DomainValidationError, Id, Page, Quantity, Year
from koordynator.territory.selectors import served_region

from . import indicators, selectors, services
from .enums import EntryMethod
from .forms import AnswerForm
from .models import LocalGovernment, LocalPlan, Survey, SurveyAnswer
from .rules import ANSWER_ONLINE, ENTER_PAPER_ANSWER, LIST_EXPERT_SUPPORT, USE_STAFF_PAGES

router = Router(tags=["municipalities"])


class LocalGovernmentOut(Schema):
    id: int
    teryt: str
    name: str
    kind: str
    kind_label: str
    powiat: str | None = Field(None, description="TERYT code of the powiat it lies in")
    region: str = Field(description="TERYT code of the region's voivodeship")
    contact_name: str | None = Field(None, description="Only for staff of the region")
    contact_email: str | None = Field(None, description="Only for staff of the region")
    contact_phone: str | None = Field(None, description="Only for staff of the region")


class LocalGovernmentFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$", description="TERYT code of a region")
    kind: str | None = None
    powiat: str | None = Field(None, pattern=r"^\d{4}$")


@router.get(
    "/municipalities/local-governments",
    response=list[LocalGovernmentOut],
    auth=[public_or_token],
)
@paginate
def list_local_governments(
    request: HttpRequest, filters: Query[LocalGovernmentFilters]
) -> Page[LocalGovernmentOut]:
    """Every gmina, powiat and voivodeship of the served regions as a local government;
    staff tokens also get the contacts of their regions'."""
    local_governments = (
        LocalGovernment.objects.filter(is_active=True)
        .select_related("unit", "powiat", "region__voivodeship")
        .order_by("unit__code")
    )
    if filters.region:
        local_governments = local_governments.filter(region__voivodeship__code=filters.region)
    if filters.kind:
        local_governments = local_governments.filter(kind=filters.kind)
    if filters.powiat:
        local_governments = local_governments.filter(powiat__code=filters.powiat)
    region_ids = staff_region_ids(request.user)

    def convert(lg: LocalGovernment) -> LocalGovernmentOut:
        sees_contact = region_ids is None or lg.region_id in region_ids
        return LocalGovernmentOut(
            id=lg.pk,
            teryt=lg.unit.code,
            name=lg.name,
            kind=lg.kind,
            kind_label=lg.get_kind_display(),
            powiat=lg.powiat.code if lg.powiat else None,
            region=lg.region.code,
            contact_name=lg.contact_name if sees_contact else None,
            contact_email=lg.contact_email if sees_contact else None,
            contact_phone=lg.contact_phone if sees_contact else None,
        )

    return Page(local_governments, convert)


# --- Indicators --------------------------------------------------------------------------------


class YearOut(Schema):
    year: int
    local_governments: int = Field(description="Active local governments of the region")
    answered: int
    used_clauses: int = Field(description="Answers with at least one contract with a clause")
    share_using_clauses: Decimal | None = Field(
        description="used_clauses / answered, in per cent (one decimal)"
    )
    response_rate: Decimal | None = Field(description="answered / local_governments, per cent")
    share_change_points: Decimal | None = Field(
        description="Change since the year before, in percentage points"
    )
    clause_contracts_count: int
    clause_contracts_value: Decimal
    clause_contracts_change: Decimal | None
    clause_value_change: Decimal | None
    entity_contracts_count: int
    entity_contracts_value: Decimal
    open_call_tasks_count: int
    open_call_tasks_value: Decimal
    small_grant_tasks_count: int
    small_grant_tasks_value: Decimal
    tasks_count: int
    tasks_value: Decimal
    tasks_change: Decimal | None
    tasks_value_change: Decimal | None


class GroupOut(Schema):
    key: str
    label: str
    local_governments: int
    answered: int
    used_clauses: int
    share_using_clauses: Decimal | None
    response_rate: Decimal | None


class CoverageRowOut(Schema):
    powiat: str
    label: str
    gminas: int
    covered: int
    share: Decimal | None


class CoverageOut(Schema):
    gminas: int
    covered: int = Field(description="Gminas in the area of an adopted plan (or of their powiat's)")
    share: Decimal | None
    plans_by_status: dict[str, int]
    powiats: list[CoverageRowOut]


class SupportYearOut(Schema):
    year: int
    engagements: int
    local_governments: int
    hours: Decimal
    target: int | None


class IndicatorsOut(Schema):
    region: str
    denominator: str = Field(
        description="What the share of local governments using clauses is divided by: "
        "'answered' = the local governments that answered that year's survey"
    )
    denominator_description: str
    years: list[YearOut]
    year: int | None = Field(description="The year of by_kind and by_powiat")
    by_kind: list[GroupOut]
    by_powiat: list[GroupOut]
    plan_coverage: CoverageOut
    expert_support: list[SupportYearOut]


class IndicatorFilters(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="TERYT code; needed when several are served"
    )
    year: Year | None = Field(None, description="The year for by_kind and by_powiat; the latest")


def _group(row: indicators.GroupIndicators) -> GroupOut:
    return GroupOut(
        key=row.key,
        label=row.label,
        local_governments=row.local_governments,
        answered=row.answered,
        used_clauses=row.used_clauses,
        share_using_clauses=row.share_using_clauses,
        response_rate=row.response_rate,
    )


def _year(row: indicators.YearIndicators) -> YearOut:
    return YearOut(
        year=row.year,
        local_governments=row.local_governments,
        answered=row.answered,
        used_clauses=row.used_clauses,
        share_using_clauses=row.share_using_clauses,
        response_rate=row.response_rate,
        share_change_points=row.share_change_points,
        clause_contracts_count=row.clause_contracts_count,
        clause_contracts_value=row.clause_contracts_value,
        clause_contracts_change=row.clause_contracts_change,
        clause_value_change=row.clause_value_change,
        entity_contracts_count=row.entity_contracts_count,
        entity_contracts_value=row.entity_contracts_value,
        open_call_tasks_count=row.open_call_tasks_count,
        open_call_tasks_value=row.open_call_tasks_value,
        small_grant_tasks_count=row.small_grant_tasks_count,
        small_grant_tasks_value=row.small_grant_tasks_value,
        tasks_count=row.tasks_count,
        tasks_value=row.tasks_value,
        tasks_change=row.tasks_change,
        tasks_value_change=row.tasks_value_change,
    )


@router.get("/municipalities/indicators", response=IndicatorsOut, auth=[public_or_token])
def get_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> IndicatorsOut:
    """The region's indicators, computed from the answers at the time of the request."""
    region = served_region(filters.region)
    years = indicators.yearly(region)
    known = [row.year for row in years]
    year = filters.year if filters.year in known else (known[-1] if known else None)
    coverage = indicators.plan_coverage(region)
    return IndicatorsOut(
        region=region.code,
        denominator=indicators.DENOMINATOR_CODE,
        denominator_description=str(indicators.DENOMINATOR),
        years=[_year(row) for row in years],
        year=year,
        by_kind=[_group(row) for row in indicators.by_kind(region, year)] if year else [],
        by_powiat=[_group(row) for row in indicators.by_powiat(region, year)] if year else [],
        plan_coverage=CoverageOut(
            gminas=coverage.gminas,
            covered=coverage.covered,
            share=coverage.share,
            plans_by_status=coverage.plans_by_status,
            powiats=[
                CoverageRowOut(
                    powiat=row.code,
                    label=row.label,
                    gminas=row.gminas,
                    covered=row.covered,
                    share=row.share,
                )
                for row in coverage.powiats
            ],
        ),
        expert_support=[
            SupportYearOut(
                year=row.year,
                engagements=row.engagements,
                local_governments=row.local_governments,
                hours=row.hours,
                target=row.target,
            )
            for row in indicators.expert_support_by_year(region)
        ],
    )


# --- Surveys and answers -----------------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    region: str
    year: int
    opens_on: date
    closes_on: date
    status: str
    answered: int


class AnswerOut(Schema):
    id: int
    survey_id: int
    year: int
    teryt: str
    local_government: str
    clause_contracts_count: int
    clause_contracts_value: Decimal
    reserved_count: int
    reserved_value: Decimal
    employment_count: int
    employment_value: Decimal
    award_criteria_count: int
    award_criteria_value: Decimal
    other_clause_count: int
    other_clause_value: Decimal
    entity_contracts_count: int
    entity_contracts_value: Decimal
    entities: list[int] = Field(description="Ids of the directory's entities")
    open_call_tasks_count: int
    open_call_tasks_value: Decimal
    small_grant_tasks_count: int
    small_grant_tasks_value: Decimal
    uses_social_clauses: bool
    remarks: str
    entry_method: str
    submitted_at: datetime


class AnswerIn(Schema):
    teryt: str = Field(pattern=r"^\d{2}(\d{2}(\d{3})?)?$", description="TERYT code of the unit")
    clause_contracts_count: Quantity = 0
    clause_contracts_value: Decimal = Decimal(0)
    reserved_count: Quantity = 0
    reserved_value: Decimal = Decimal(0)
    employment_count: Quantity = 0
    employment_value: Decimal = Decimal(0)
    award_criteria_count: Quantity = 0
    award_criteria_value: Decimal = Decimal(0)
    other_clause_count: Quantity = 0
    other_clause_value: Decimal = Decimal(0)
    entity_contracts_count: Quantity = 0
    entity_contracts_value: Decimal = Decimal(0)
    entities: list[Id] = Field([], description="Ids of the directory's entities that won them")
    open_call_tasks_count: Quantity = 0
    open_call_tasks_value: Decimal = Decimal(0)
    small_grant_tasks_count: Quantity = 0
    small_grant_tasks_value: Decimal = Decimal(0)
    remarks: str = ""


def _answer_out(answer: SurveyAnswer) -> AnswerOut:
    return AnswerOut(
        id=answer.pk,
        survey_id=answer.survey_id,
        year=answer.survey.year,
        teryt=answer.local_government.unit.code,
        local_government=str(answer.local_government),
        clause_contracts_count=answer.clause_contracts_count,
        clause_contracts_value=answer.clause_contracts_value,
        reserved_count=answer.reserved_count,
        reserved_value=answer.reserved_value,
        employment_count=answer.employment_count,
        employment_value=answer.employment_value,
        award_criteria_count=answer.award_criteria_count,
        award_criteria_value=answer.award_criteria_value,
        other_clause_count=answer.other_clause_count,
        other_clause_value=answer.other_clause_value,
        entity_contracts_count=answer.entity_contracts_count,
        entity_contracts_value=answer.entity_contracts_value,
        open_call_tasks_count=answer.open_call_tasks_count,
        open_call_tasks_value=answer.open_call_tasks_value,
        small_grant_tasks_count=answer.small_grant_tasks_count,
        small_grant_tasks_value=answer.small_grant_tasks_value,
        entities=sorted(entity.pk for entity in answer.entities.all()),
        uses_social_clauses=answer.uses_social_clauses,
        remarks=answer.remarks,
        entry_method=answer.entry_method,
        submitted_at=answer.submitted_at,
    )


def _survey_out(survey: Survey) -> SurveyOut:
    return SurveyOut(
        id=survey.pk,
        region=survey.region.code,
        year=survey.year,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        status=survey.current_status,
        answered=survey.answers.count(),
    )


@router.get("/municipalities/surveys", response=list[SurveyOut], auth=token_auth)
@paginate
def list_surveys(request: HttpRequest) -> Page[SurveyOut]:
    if not request.user.has_perm(USE_STAFF_PAGES):
        raise PermissionDenied
    return Page(selectors.surveys_for_staff(request.user), _survey_out)


@router.get(
    "/municipalities/surveys/{survey_id}/answers", response=list[AnswerOut], auth=token_auth
)
@paginate
def list_answers(request: HttpRequest, survey_id: int) -> Page[AnswerOut]:
    survey = selectors.survey_for_staff(request.user, survey_id)
    if survey is None:
        raise Http404
    answers = selectors.answers_of(survey).select_related("survey").prefetch_related("entities")
    return Page(answers, _answer_out)


@router.post(
    "/municipalities/surveys/{survey_id}/answers", response={200: AnswerOut}, auth=token_auth
)
def submit_answer(request: HttpRequest, survey_id: int, payload: AnswerIn) -> AnswerOut:
    """Record (or correct) a local government's answer: a coordinator's token for any
    local government of the region, an officer's for their own while the survey is open."""
    values = payload.dict()
    teryt = values.pop("teryt")
    entity_ids = values.pop("entities")
    remarks = values.pop("remarks")
    survey = selectors.survey_for_staff(request.user, survey_id)
    method = EntryMethod.API
    if survey is None or not request.user.has_perm(ENTER_PAPER_ANSWER, survey.region):
        survey = selectors.open_surveys_for_officer(request.user).filter(pk=survey_id).first()
        method = EntryMethod.ONLINE
    if survey is None:
        raise Http404
    local_government = (
        selectors.local_governments_of_region(survey.region).filter(unit__code=teryt).first()
    ) or (
        selectors.local_governments_of_region(survey.region)
        .filter(kind="city_with_powiat_rights", powiat__code=teryt)
        .first()
    )
    if local_government is None:
        raise DomainValidationError(
            {"teryt": _("There is no local government with this TERYT code in the region.")}
        )
    if method == EntryMethod.ONLINE and not request.user.has_perm(ANSWER_ONLINE, local_government):
        raise PermissionDenied
    form = AnswerForm(
        data={**{k: str(v) for k, v in values.items()}, "entities": entity_ids, "remarks": remarks},
        entities=selectors.entities_for_answer(survey.region_id),
    )
    if not form.is_valid():
        raise DomainValidationError(
            {field: " ".join(str(e) for e in errors) for field, errors in form.errors.items()}
        )
    answer = services.answer_save(
        survey=survey,
        local_government=local_government,
        figures=form.figures(),
        entities=form.cleaned_data["entities"],
        remarks=form.cleaned_data["remarks"],
        entry_method=method,
        actor=request.user,
    )
    answer = selectors.answers_of(survey).select_related("survey").get(pk=answer.pk)
    return _answer_out(answer)


# --- Expert support and plans ------------------------------------------------------------------


class ExpertSupportOut(Schema):
    id: int
    region: str
    teryt: str
    local_government: str
    topic: str
    expert_name: str
    starts_on: date
    ends_on: date | None
    hours: Decimal
    outcome: str


@router.get("/municipalities/expert-support", response=list[ExpertSupportOut], auth=token_auth)
@paginate
def list_expert_support(request: HttpRequest) -> Page[ExpertSupportOut]:
    if not request.user.has_perm(LIST_EXPERT_SUPPORT):
        raise PermissionDenied
    return Page(
        selectors.expert_support_for_staff(request.user),
        lambda item: ExpertSupportOut(
            id=item.pk,
            region=item.region.code,
            teryt=item.local_government.unit.code,
            local_government=str(item.local_government),
            topic=item.topic,
            expert_name=item.expert_name,
            starts_on=item.starts_on,
            ends_on=item.ends_on,
            hours=item.hours,
            outcome=item.outcome,
        ),
    )


class PlanOut(Schema):
    id: int
    region: str
    title: str
    status: str
    status_label: str
    area: list[str] = Field(description="TERYT codes of the gminas or the powiat covered")
    adopted_by: str | None = Field(None, description="TERYT code of the adopting unit")
    period_from: int | None
    period_to: int | None
    resolution_number: str
    resolution_date: date | None
    workshops: list[int] = Field(description="Ids of the events (workshops) that produced it")
    document_url: str | None
    diagnosis_url: str | None


class PlanFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$")
    status: str | None = None


def _plan_out(plan: LocalPlan) -> PlanOut:
    base = f"/local-governments/plans/{plan.pk}/"
    return PlanOut(
        id=plan.pk,
        region=plan.region.code,
        title=plan.title,
        status=plan.status,
        status_label=plan.get_status_display(),
        area=sorted(unit.code for unit in plan.area.all()),
        adopted_by=plan.local_government.unit.code if plan.local_government else None,
        period_from=plan.period_from,
        period_to=plan.period_to,
        resolution_number=plan.resolution_number,
        resolution_date=plan.resolution_date,
        workshops=sorted(event.pk for event in plan.workshops.all()),
        document_url=f"{base}document/" if plan.document else None,
        diagnosis_url=f"{base}diagnosis/" if plan.diagnosis else None,
    )


@router.get("/municipalities/plans", response=list[PlanOut], auth=[public_or_token])
@paginate
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> Page[PlanOut]:
    """Plans past their first draft for everybody; staff tokens also get their regions'
    drafts."""
    plans = selectors.plans_visible_to(request.user)
    if filters.region:
        plans = plans.filter(region__voivodeship__code=filters.region)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return Page(plans, _plan_out)
