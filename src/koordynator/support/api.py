"""/api/v1/support/...: support centres (OWES), their accreditations, the support they
give, investment grants with the jobs they fund, and the year's figures. Every endpoint
needs a staff token: OWES staff reach their own centre only (another centre's records
answer 404, like missing ones), coordinators every centre of their region. An agreement
over a limit answers 422 naming the limit; a centre whose accreditation is not active
answers 409, and nothing is written."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from koordynator.accounts.auth import token_auth
from koordynator.accounts.models import Organisation
from koordynator.accounts.rules import require_perm
from koordynator.core.api import DomainValidationError, Id, Page, Year
from koordynator.events.models import Event
from koordynator.registry.models import Entity
from koordynator.territory.selectors import served_region

from . import selectors, services
from .enums import DEFAULT_DURABILITY_MONTHS
from .models import Accreditation, FundedJob, GrantAgreement, SupportRecord
from .rules import (
    ADD_CENTRE,
    CHANGE_CENTRE,
    CHANGE_RECORD,
    MANAGE_ACCREDITATION,
    RECORD_GRANT,
    RECORD_SUPPORT,
    USE_SUPPORT,
    VIEW_CENTRE,
    VIEW_SUMMARY,
)

router = Router(tags=["support"])

SupportKindName = Literal[
    "animation",
    "advice",
    "business_advice",
    "legal",
    "accounting",
    "training",
    "mentoring",
    "other",
]
GroupName = Literal["unemployed", "disabled", "at_risk", "other"]


def _staff(request: HttpRequest) -> None:
    if not request.user.has_perm(USE_SUPPORT):
        raise PermissionDenied


def _centre(request: HttpRequest, centre_id: int, perm: str = VIEW_CENTRE) -> Organisation:
    """The centre if the caller sees it (else 404) and has `perm` on it (else 403)."""
    centre = selectors.centre_visible_to(request.user, centre_id)
    if centre is None or not request.user.has_perm(VIEW_CENTRE, centre):
        raise Http404
    if not request.user.has_perm(perm, centre):
        raise PermissionDenied
    return centre


# --- Centres ----------------------------------------------------------------------------------


class CentreOut(Schema):
    id: int
    region: str = Field(description="TERYT code of the region's voivodeship")
    name: str
    email: str
    accreditation_status: str | None = Field(description="Of the latest accreditation")
    accreditation_valid_until: date | None


def _centre_out(centre: Organisation, accreditation: Accreditation | None = None) -> CentreOut:
    accreditation = accreditation or selectors.current_accreditation(centre)
    return CentreOut(
        id=centre.pk,
        region=centre.region.code if centre.region else "",
        name=centre.name,
        email=centre.email,
        accreditation_status=accreditation.status if accreditation else None,
        accreditation_valid_until=accreditation.valid_until if accreditation else None,
    )


@router.get("/support/centres", response=list[CentreOut], auth=token_auth)
@paginate
def list_centres(request: HttpRequest) -> Page[CentreOut]:
    """The centres the caller sees: its own (OWES staff) or its region's (coordinators)."""
    _staff(request)
    return Page(selectors.centres_visible_to(request.user), convert_page=_centres_out)


def _centres_out(centres: list[Organisation]) -> list[CentreOut]:
    """A page of centres with their latest accreditations, read at once."""
    latest = selectors.latest_accreditations([centre.pk for centre in centres])
    return [_centre_out(centre, latest.get(centre.pk)) for centre in centres]


class CentreIn(Schema):
    region: str = Field(pattern=r"^\d{2}$", description="TERYT code of the region")
    name: str = Field(min_length=1, max_length=250)
    email: str = Field("", max_length=254)


@router.post("/support/centres", response={201: CentreOut}, auth=token_auth)
def create_centre(request: HttpRequest, payload: CentreIn) -> Status[CentreOut]:
    """Register a support centre (a coordinator's or national administrator's token)."""
    region = served_region(payload.region)
    require_perm(request, ADD_CENTRE, region)
    centre = services.centre_create(
        region=region, name=payload.name, email=payload.email, actor=request.user
    )
    return Status(201, _centre_out(centre))


class CentrePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=250)
    email: str | None = Field(None, max_length=254)


@router.patch("/support/centres/{centre_id}", response=CentreOut, auth=token_auth)
def update_centre(request: HttpRequest, centre_id: int, payload: CentrePatch) -> CentreOut:
    centre = _centre(request, centre_id, CHANGE_CENTRE)
    services.centre_update(
        centre=centre, name=payload.name, email=payload.email, actor=request.user
    )
    return _centre_out(centre)


class AccreditationOut(Schema):
    id: int
    decision_number: str
    granted_on: date
    valid_until: date
    status: str
    status_label: str


def _accreditation_out(accreditation: Accreditation) -> AccreditationOut:
    return AccreditationOut(
        id=accreditation.pk,
        decision_number=accreditation.decision_number,
        granted_on=accreditation.granted_on,
        valid_until=accreditation.valid_until,
        status=accreditation.status,
        status_label=accreditation.get_status_display(),
    )


@router.get(
    "/support/centres/{centre_id}/accreditations",
    response=list[AccreditationOut],
    auth=token_auth,
)
@paginate
def list_accreditations(request: HttpRequest, centre_id: int) -> Page[AccreditationOut]:
    centre = _centre(request, centre_id)
    return Page(centre.accreditations.order_by("-granted_on", "-id"), _accreditation_out)


class AccreditationIn(Schema):
    decision_number: str = Field(min_length=1, max_length=100)
    granted_on: date
    valid_until: date = Field(description="At most 2 years after granted_on")


@router.post(
    "/support/centres/{centre_id}/accreditations",
    response={201: AccreditationOut},
    auth=token_auth,
)
def grant_accreditation(
    request: HttpRequest, centre_id: int, payload: AccreditationIn
) -> Status[AccreditationOut]:
    centre = _centre(request, centre_id, MANAGE_ACCREDITATION)
    accreditation = services.accreditation_grant(
        centre=centre,
        decision_number=payload.decision_number,
        granted_on=payload.granted_on,
        valid_until=payload.valid_until,
        actor=request.user,
    )
    return Status(201, _accreditation_out(accreditation))


# --- Support given ----------------------------------------------------------------------------


class SupportOut(Schema):
    id: int
    centre: int
    kind: str
    kind_label: str
    date: date
    hours: Decimal
    people: int
    topic: str
    entities: list[int]
    founding_group: int | None
    event: int | None


def _support_out(record: SupportRecord) -> SupportOut:
    return SupportOut(
        id=record.pk,
        centre=record.centre_id,
        kind=record.kind,
        kind_label=record.get_kind_display(),
        date=record.given_on,
        hours=record.hours,
        people=record.people,
        topic=record.topic,
        entities=sorted(entity.pk for entity in record.entities.all()),
        founding_group=record.founding_group_id,
        event=record.event_id,
    )


class SupportFilters(Schema):
    centre: Id | None = None
    entity: Id | None = None
    kind: SupportKindName | None = None
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")


@router.get("/support/services", response=list[SupportOut], auth=token_auth)
@paginate
def list_support(request: HttpRequest, filters: Query[SupportFilters]) -> Page[SupportOut]:
    """Support given by the centres the caller sees, newest first."""
    _staff(request)
    records = selectors.support_records_visible_to(request.user)
    if filters.centre is not None:
        records = records.filter(centre_id=filters.centre)
    if filters.entity is not None:
        records = records.filter(entities=filters.entity)
    if filters.kind:
        records = records.filter(kind=filters.kind)
    if filters.date_from:
        records = records.filter(given_on__gte=filters.date_from)
    if filters.date_to:
        records = records.filter(given_on__lte=filters.date_to)
    return Page(records.distinct(), _support_out)


class SupportIn(Schema):
    centre: Id
    kind: SupportKindName
    date: date
    hours: Decimal = Field(gt=0, max_digits=7, decimal_places=2)
    people: int = Field(ge=1, le=2_147_483_647)
    topic: str = Field(min_length=1, max_length=250)
    entities: list[Id] = Field(default_factory=list, description="One or many (a training)")
    founding_group: Id | None = None
    event: Id | None = None


def _entities(centre: Organisation, ids: list[int], field: str = "entities") -> list[Entity]:
    entities = list(Entity.objects.filter(pk__in=ids, region__organisations=centre))
    if len(entities) != len(set(ids)):
        raise DomainValidationError({field: _("Choose entities of the centre’s region.")})
    return entities


@router.post("/support/services", response={201: SupportOut}, auth=token_auth)
def record_support(request: HttpRequest, payload: SupportIn) -> Status[SupportOut]:
    centre = _centre(request, payload.centre, RECORD_SUPPORT)
    group = None
    if payload.founding_group is not None:
        group = centre.founding_groups.filter(pk=payload.founding_group).first()
        if group is None:
            raise DomainValidationError(
                {"founding_group": _("Choose a founding group of this centre.")}
            )
    event = None
    if payload.event is not None:
        event = Event.objects.filter(pk=payload.event, region__organisations=centre).first()
        if event is None:
            raise DomainValidationError({"event": _("Choose an event of the centre’s region.")})
    record = services.support_record_create(
        centre=centre,
        kind=payload.kind,
        given_on=payload.date,
        hours=payload.hours,
        people=payload.people,
        topic=payload.topic,
        entities=_entities(centre, payload.entities),
        founding_group=group,
        event=event,
        actor=request.user,
    )
    return Status(201, _support_out(record))


# --- Grants and jobs --------------------------------------------------------------------------


class JobOut(Schema):
    id: int
    position: str
    starts_on: date
    fte: Decimal = Field(description="Fraction of full time")
    group: str
    durability_months: int
    durability_ends_on: date
    ended_on: date | None
    ended_early: bool


def _job_out(job: FundedJob) -> JobOut:
    return JobOut(
        id=job.pk,
        position=job.position,
        starts_on=job.starts_on,
        fte=job.fte,
        group=job.group,
        durability_months=job.durability_months,
        durability_ends_on=services.durability_end(job),
        ended_on=job.ended_on,
        ended_early=job.ended_early,
    )


class GrantOut(Schema):
    id: int
    centre: int
    entity: int
    number: str
    signed_on: date
    amount_per_job: Decimal
    amount: Decimal = Field(description="amount_per_job × jobs")
    bridging_monthly: Decimal
    bridging_months: int
    bridging_amount: Decimal
    jobs: list[JobOut]


def _grant_out(agreement: GrantAgreement) -> GrantOut:
    jobs = sorted(agreement.jobs.all(), key=lambda job: job.pk)
    return GrantOut(
        id=agreement.pk,
        centre=agreement.centre_id,
        entity=agreement.entity_id,
        number=agreement.number,
        signed_on=agreement.signed_on,
        amount_per_job=agreement.amount_per_job,
        amount=agreement.amount_per_job * len(jobs),
        bridging_monthly=agreement.bridging_monthly,
        bridging_months=agreement.bridging_months,
        bridging_amount=agreement.bridging_amount,
        jobs=[_job_out(job) for job in jobs],
    )


class GrantFilters(Schema):
    centre: Id | None = None
    entity: Id | None = None
    year: Year | None = Field(None, description="Signed in this year")


@router.get("/support/grants", response=list[GrantOut], auth=token_auth)
@paginate
def list_grants(request: HttpRequest, filters: Query[GrantFilters]) -> Page[GrantOut]:
    _staff(request)
    agreements = selectors.agreements_visible_to(request.user)
    if filters.centre is not None:
        agreements = agreements.filter(centre_id=filters.centre)
    if filters.entity is not None:
        agreements = agreements.filter(entity_id=filters.entity)
    if filters.year is not None:
        agreements = agreements.filter(signed_on__year=filters.year)
    return Page(agreements, _grant_out)


class JobIn(Schema):
    position: str = Field(min_length=1, max_length=150)
    starts_on: date
    fte: Decimal = Field(gt=0, le=1, max_digits=4, decimal_places=2)
    group: GroupName = Field(description="The person's group; never a name")
    durability_months: int = Field(DEFAULT_DURABILITY_MONTHS, ge=1, le=120)


class GrantIn(Schema):
    centre: Id
    entity: Id
    number: str = Field(min_length=1, max_length=100)
    signed_on: date
    amount_per_job: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    bridging_monthly: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=2)
    bridging_months: int = Field(0, ge=0, le=1000)
    jobs: list[JobIn] = Field(max_length=1000)


@router.post("/support/grants", response={201: GrantOut}, auth=token_auth)
def create_grant(request: HttpRequest, payload: GrantIn) -> Status[GrantOut]:
    """An agreement with its jobs: 422 naming the limit it exceeds, 409 when the centre's
    accreditation is not active on the day of signing."""
    centre = _centre(request, payload.centre, RECORD_GRANT)
    entity = _entities(centre, [payload.entity], "entity")[0]
    agreement = services.grant_agreement_create(
        centre=centre,
        entity=entity,
        number=payload.number,
        signed_on=payload.signed_on,
        amount_per_job=payload.amount_per_job,
        bridging_monthly=payload.bridging_monthly,
        bridging_months=payload.bridging_months,
        jobs=[services.JobData(**job.dict()) for job in payload.jobs],
        actor=request.user,
    )
    return Status(
        201, _grant_out(selectors.agreements_visible_to(request.user).get(pk=agreement.pk))
    )


class JobEndIn(Schema):
    ended_on: date


@router.post("/support/jobs/{job_id}/end", response=JobOut, auth=token_auth)
def end_job(request: HttpRequest, job_id: int, payload: JobEndIn) -> JobOut:
    """Record the end of a funded job (flagged when before its durability period ends;
    409 when it already ended)."""
    job = selectors.jobs_visible_to(request.user).filter(pk=job_id).first()
    if job is None or not request.user.has_perm(CHANGE_RECORD, job):
        raise Http404
    services.job_end(job=job, ended_on=payload.ended_on, actor=request.user)
    return _job_out(job)


# --- Figures ----------------------------------------------------------------------------------


class SummaryOut(Schema):
    jobs_created: int = Field(description="Jobs of the agreements signed in the year")
    jobs_ended_early: int = Field(description="Of those, ended before their durability period")
    grants_count: int
    grants_amount: Decimal
    bridging_amount: Decimal
    entities_supported: int
    entities_founded: int = Field(description="Founding groups registered as entities")
    support_hours: Decimal


class SummaryFilters(Schema):
    year: Year
    centre: Id | None = None
    powiat: str | None = Field(None, pattern=r"^\d{4}$", description="TERYT code of a powiat")


@router.get("/support/summary", response=SummaryOut, auth=token_auth)
def summary(request: HttpRequest, filters: Query[SummaryFilters]) -> SummaryOut:
    """The year's figures of the centres the caller sees, for one centre or powiat."""
    if not request.user.has_perm(VIEW_SUMMARY):
        raise PermissionDenied
    if filters.centre is not None:
        _centre(request, filters.centre)
    figures = selectors.summary_for(
        request.user, year=filters.year, centre=filters.centre, powiat=filters.powiat
    )
    return SummaryOut(
        jobs_created=figures.jobs_created,
        jobs_ended_early=figures.jobs_ended_early,
        grants_count=figures.grants_count,
        grants_amount=figures.grants_amount,
        bridging_amount=figures.bridging_amount,
        entities_supported=figures.entities_supported,
        entities_founded=figures.entities_founded,
        support_hours=figures.support_hours,
    )
