"""/api/v1/certification: calls, applications with their moves and reviews, licences and
the public register of the "Zakup Prospołeczny" mark. Reads are scoped by the selectors,
writes go through the services (the same rules and messages as the pages); a move the
application's status forbids answers 409 and changes nothing."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.accounts.models import User
from koordynator.core.api import DateTimeIn, DomainValidationError, Id, Page, SmallQuantity

from . import selectors, services
from .enums import APPLICATION_WORKFLOW, ApplicationStatus
from .models import Application, Call, Licence, Review
from .rules import (
    APPLY,
    CHECK_APPLICATION,
    MANAGE_CALL,
    REVIEW_APPLICATION,
    TRANSITION_PERMISSIONS,
    USE_STAFF_PAGES,
)

router = Router(tags=["certification"])


# --- Calls -----------------------------------------------------------------------------------


class CriterionIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    max_points: int = Field(ge=1, le=1000)
    weight: Decimal = Field(Decimal(1), gt=0, le=Decimal("99.99"))


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    max_points: int
    weight: Decimal


class CallOut(Schema):
    id: int
    region: str = Field(description="TERYT code of the region's voivodeship")
    title: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    pass_threshold: Decimal = Field(description="% of the weighted maximum")
    scoring_deadline: date | None
    criteria: list[CriterionOut]
    rules_url: str | None
    reviewers: list[int] | None = Field(
        None, description="User ids of the board; only for the region's staff"
    )
    url: str


class CallIn(Schema):
    region: str | None = Field(
        None, pattern=r"^\d{2}$", description="Needed when the token's user runs several"
    )
    title: str = Field(min_length=1, max_length=200)
    opens_at: DateTimeIn
    closes_at: DateTimeIn
    pass_threshold: Decimal = Field(ge=0, le=100)
    scoring_deadline: date | None = None
    criteria: list[CriterionIn]
    reviewers: list[Id] = Field([], description="User ids with the reviewer role in the region")


def _call_out(call: Call, user: Any) -> CallOut:
    return CallOut(
        id=call.pk,
        region=call.region.code,
        title=call.title,
        opens_at=call.opens_at,
        closes_at=call.closes_at,
        is_open=call.is_open_at(timezone.now()),
        pass_threshold=call.pass_threshold,
        scoring_deadline=call.scoring_deadline,
        criteria=[
            CriterionOut(
                id=c.pk,
                name=c.name,
                description=c.description,
                max_points=c.max_points,
                weight=c.weight,
            )
            for c in call.criteria.all()
        ],
        rules_url=reverse("certification:rules", args=[call.pk]) if call.rules_document else None,
        reviewers=[r.pk for r in call.reviewers.all()]
        if user.has_perm(MANAGE_CALL, call)
        else None,
        url=reverse("certification:call", args=[call.pk]),
    )


class CallFilters(Schema):
    open: bool | None = Field(None, description="Only calls taking applications now")
    region: str | None = Field(None, pattern=r"^\d{2}$")


@router.get("/certification/calls", response=list[CallOut], auth=[public_or_token])
@paginate
def list_calls(request: HttpRequest, filters: Query[CallFilters]) -> Page[CallOut]:
    """Calls that have opened, for everybody; staff also see their regions' future ones."""
    calls = selectors.calls_visible_to(request.user).order_by("-opens_at", "id")
    if filters.region:
        calls = calls.filter(region__voivodeship__code=filters.region)
    if filters.open:
        now = timezone.now()
        calls = calls.filter(opens_at__lte=now, closes_at__gt=now)
    return Page(calls, lambda call: _call_out(call, request.user))


@router.get("/certification/calls/{call_id}", response=CallOut, auth=[public_or_token])
def get_call(request: HttpRequest, call_id: int) -> CallOut:
    call = selectors.calls_visible_to(request.user).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return _call_out(call, request.user)


@router.post("/certification/calls", response={201: CallOut}, auth=token_auth)
def create_call(request: HttpRequest, payload: CallIn) -> Status[CallOut]:
    if not request.user.has_perm(USE_STAFF_PAGES):
        raise PermissionDenied
    regions = list(selectors.regions_managed_by(request.user))
    if payload.region:
        region = next((r for r in regions if r.code == payload.region), None)
    else:
        region = regions[0] if len(regions) == 1 else None
    if region is None:
        raise DomainValidationError(
            {"region": _("Give the code of a region you work in, e.g. “06”.")}
        )
    reviewers = list(User.objects.filter(pk__in=payload.reviewers))
    if len(reviewers) != len(set(payload.reviewers)):
        raise DomainValidationError({"reviewers": _("There is no user with one of these ids.")})
    call = services.call_create(
        actor=request.user,
        region=region,
        title=payload.title,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        pass_threshold=payload.pass_threshold,
        scoring_deadline=payload.scoring_deadline,
        criteria=[c.dict() for c in payload.criteria],
        reviewers=reviewers,
    )
    created = selectors.calls_visible_to(request.user).get(pk=call.pk)
    return Status(201, _call_out(created, request.user))


# --- Applications ----------------------------------------------------------------------------


class ItemIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(description="product or service")
    category: str
    description: str = Field(min_length=1)
    price_range: str = Field("", max_length=100)
    where_to_buy: str = Field("", max_length=300)


class ItemOut(Schema):
    id: int
    name: str
    kind: str
    category: str
    description: str
    price_range: str
    where_to_buy: str
    licence: str | None = Field(None, description="The licence's number, once granted")


class RecommendationIn(Schema):
    referee_name: str = Field(min_length=1, max_length=200)
    referee_organisation: str = Field("", max_length=250)
    referee_contact: str = Field(
        max_length=200, description="How to reach the referee (letters are uploaded on the site)"
    )


class RecommendationOut(Schema):
    id: int
    referee_name: str
    referee_organisation: str
    has_letter: bool


class ApplicationIn(Schema):
    call: Id
    entity: Id | None = Field(None, description="Needed when the user represents several")
    declares_legal_form: bool = False
    declares_social_goals: bool = False
    declares_six_months: bool = False
    declares_own_revenue: bool = False
    items: list[ItemIn] = []
    recommendations: list[RecommendationIn] = []


class EntityRef(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    call: int
    entity: EntityRef
    status: str
    status_label: str
    submitted_at: datetime | None
    declares_legal_form: bool
    declares_social_goals: bool
    declares_six_months: bool
    declares_own_revenue: bool
    has_evidence: bool
    items: list[ItemOut]
    recommendations: list[RecommendationOut]
    correction_request: str
    correction_deadline: date | None
    score: Decimal | None = Field(None, description="% of the weighted maximum, once scored")
    decision_reason: str
    missing: dict[str, str] = Field(description="What a submission still needs")
    transitions: list[str] = Field(description="The moves this user may make now")
    url: str


def _application_out(application: Application, user: Any) -> ApplicationOut:
    is_staff = user.has_perm(CHECK_APPLICATION, application)
    decided = application.status in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED)
    return ApplicationOut(
        id=application.pk,
        call=application.call_id,
        entity=EntityRef(id=application.entity_id, name=application.entity.name),
        status=application.status,
        status_label=application.get_status_display(),
        submitted_at=application.submitted_at,
        declares_legal_form=application.declares_legal_form,
        declares_social_goals=application.declares_social_goals,
        declares_six_months=application.declares_six_months,
        declares_own_revenue=application.declares_own_revenue,
        has_evidence=bool(application.evidence),
        items=[
            ItemOut(
                id=item.pk,
                name=item.name,
                kind=item.kind,
                category=item.category,
                description=item.description,
                price_range=item.price_range,
                where_to_buy=item.where_to_buy,
                licence=getattr(getattr(item, "licence", None), "number", None),
            )
            for item in application.items.all()
        ],
        recommendations=[
            RecommendationOut(
                id=r.pk,
                referee_name=r.referee_name,
                referee_organisation=r.referee_organisation,
                has_letter=bool(r.letter),
            )
            for r in application.recommendations.all()
        ],
        correction_request=application.correction_request,
        correction_deadline=application.correction_deadline,
        score=application.score if is_staff or decided else None,
        decision_reason=application.decision_reason,
        missing=services.submission_problems(application)
        if application.status in APPLICATION_WORKFLOW["submit"].sources
        else {},
        transitions=[
            move.name
            for move in APPLICATION_WORKFLOW.allowed(application.status)
            if user.has_perm(TRANSITION_PERMISSIONS[move.name], application)
        ],
        url=reverse("certification:application", args=[application.pk]),
    )


def _visible_application(request: HttpRequest, application_id: int) -> Application:
    application = selectors.application_visible_to(request.user, application_id)
    if application is None:
        raise Http404
    return application


class ApplicationFilters(Schema):
    call: Id | None = None
    status: ApplicationStatus | None = None


@router.get("/certification/applications", response=list[ApplicationOut], auth=token_auth)
@paginate
def list_applications(
    request: HttpRequest, filters: Query[ApplicationFilters]
) -> Page[ApplicationOut]:
    """Staff: their regions' applications; representatives: their entities'; board members:
    the ones their calls' review has reached."""
    applications = selectors.applications_visible_to(request.user).prefetch_related(
        "items__licence", "recommendations"
    )
    if filters.call is not None:
        applications = applications.filter(call_id=filters.call)
    if filters.status is not None:
        applications = applications.filter(status=filters.status)
    return Page(
        applications.order_by("-created_at", "id"),
        lambda application: _application_out(application, request.user),
    )


@router.get(
    "/certification/applications/{application_id}", response=ApplicationOut, auth=token_auth
)
def get_application(request: HttpRequest, application_id: int) -> ApplicationOut:
    return _application_out(_visible_application(request, application_id), request.user)


@router.post("/certification/applications", response={201: ApplicationOut}, auth=token_auth)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Status[ApplicationOut]:
    """A draft of the user's entity with its products or services and recommendations;
    submit it with the `submit` transition."""
    if not request.user.has_perm(APPLY):
        raise PermissionDenied
    call = selectors.calls_visible_to(request.user).filter(pk=payload.call).first()
    if call is None:
        raise DomainValidationError({"call": _("There is no such call.")})
    entities = selectors.entities_of_applicant(request.user).filter(region=call.region)
    if payload.entity is not None:
        entities = entities.filter(pk=payload.entity)
    if entities.count() != 1:
        raise DomainValidationError(
            {"entity": _("Give the id of an entity you represent in the call's region.")}
        )
    values = payload.dict()
    with transaction.atomic():  # a refused item or recommendation leaves no draft behind
        application = _create_with_parts(request, payload, call, entities.get(), values)
    return Status(
        201, _application_out(_visible_application(request, application.pk), request.user)
    )


def _create_with_parts(
    request: HttpRequest, payload: ApplicationIn, call: Call, entity: Any, values: dict[str, Any]
) -> Application:
    application = services.application_create(
        actor=request.user,
        call=call,
        entity=entity,
        declarations={name: values[name] for name in services.DECLARATION_FIELDS},
    )
    for number, item in enumerate(payload.items):
        try:
            services.application_item_add(
                actor=request.user, application=application, **item.dict()
            )
        except DomainValidationError as error:
            raise DomainValidationError(
                {f"items.{number}.{key}": message for key, message in error.errors.items()}
            ) from error
    for number, recommendation in enumerate(payload.recommendations):
        try:
            services.recommendation_add(
                actor=request.user, application=application, **recommendation.dict()
            )
        except DomainValidationError as error:
            raise DomainValidationError(
                {
                    f"recommendations.{number}.{key}": message
                    for key, message in error.errors.items()
                }
            ) from error
    return application


class TransitionIn(Schema):
    reason: str = Field("", description="For reject_formally, grant and refuse")
    message: str = Field("", description="For request_correction: what to correct")
    deadline: date | None = Field(None, description="For request_correction")


def _transition_arguments(request: HttpRequest) -> dict[str, Any]:
    """The optional JSON body of a move (most moves need none)."""
    if request.content_type != "application/json" or not request.body.strip():
        return {}
    try:
        return TransitionIn.model_validate_json(request.body).dict()
    except pydantic.ValidationError as error:
        raise ValidationError([dict(e) for e in error.errors(include_url=False)]) from error


@router.post(
    "/certification/applications/{application_id}/transitions/{name}",
    response=ApplicationOut,
    auth=token_auth,
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": TransitionIn.model_json_schema()}},
        }
    },
)
def make_transition(request: HttpRequest, application_id: int, name: str) -> ApplicationOut:
    """One named move: submit, request_correction, accept_formally, reject_formally,
    start_review, grant, refuse. A move the status forbids answers 409."""
    application = _visible_application(request, application_id)
    if name not in APPLICATION_WORKFLOW:
        raise Http404
    if not request.user.has_perm(TRANSITION_PERMISSIONS[name], application):
        raise PermissionDenied
    arguments = _transition_arguments(request)
    services.application_transition(
        actor=request.user, application=application, transition=name, **arguments
    )
    return _application_out(_visible_application(request, application_id), request.user)


# --- Reviews ---------------------------------------------------------------------------------


class ScoreIn(Schema):
    criterion: Id
    points: SmallQuantity = Field(ge=0)
    justification: str


class ReviewIn(Schema):
    no_conflict: bool = Field(description="I declare no conflict of interest with the entity")
    scores: list[ScoreIn]


class ScoreOut(Schema):
    criterion: int
    criterion_name: str
    points: int
    justification: str


class ReviewOut(Schema):
    id: int
    reviewer: str
    declared_no_conflict_at: datetime
    submitted_at: datetime | None
    score: Decimal | None
    scores: list[ScoreOut]


def _review_out(review: Review) -> ReviewOut:
    return ReviewOut(
        id=review.pk,
        reviewer=str(review.reviewer),
        declared_no_conflict_at=review.declared_no_conflict_at,
        submitted_at=review.submitted_at,
        score=review.score,
        scores=[
            ScoreOut(
                criterion=score.criterion_id,
                criterion_name=score.criterion.name,
                points=score.points,
                justification=score.justification,
            )
            for score in review.scores.all()
        ],
    )


@router.get(
    "/certification/applications/{application_id}/reviews",
    response=list[ReviewOut],
    auth=token_auth,
)
def list_reviews(request: HttpRequest, application_id: int) -> list[ReviewOut]:
    """Staff see every review; a board member sees the others' once their own is in."""
    application = _visible_application(request, application_id)
    user = request.user
    if not (
        user.has_perm(CHECK_APPLICATION, application)
        or user.has_perm(REVIEW_APPLICATION, application)
    ):
        raise PermissionDenied
    return [_review_out(review) for review in selectors.reviews_visible_to(application, user)]


@router.post(
    "/certification/applications/{application_id}/reviews",
    response={201: ReviewOut},
    auth=token_auth,
)
def create_review(
    request: HttpRequest, application_id: int, payload: ReviewIn
) -> Status[ReviewOut]:
    """A board member declares no conflict of interest and scores every criterion."""
    application = _visible_application(request, application_id)
    if not request.user.has_perm(REVIEW_APPLICATION, application):
        raise PermissionDenied
    review = services.review_record(
        reviewer=request.user,
        application=application,
        no_conflict=payload.no_conflict,
        scores={s.criterion: (s.points, s.justification) for s in payload.scores},
    )
    own = selectors.reviews_visible_to(application, request.user).get(pk=review.pk)
    return Status(201, _review_out(own))


# --- Licences and the register ---------------------------------------------------------------


class LicenceOut(Schema):
    id: int
    number: str
    verification_code: str
    item: ItemOut
    entity: EntityRef
    valid_from: date
    valid_until: date = Field(description="The last day it is valid")
    status: str = Field(description="active, expiring, expired or revoked")
    revoked_at: datetime | None
    revoke_reason: str


def _licence_out(licence: Licence) -> LicenceOut:
    item = licence.item
    return LicenceOut(
        id=licence.pk,
        number=licence.number,
        verification_code=licence.verification_code,
        item=ItemOut(
            id=item.pk,
            name=item.name,
            kind=item.kind,
            category=item.category,
            description=item.description,
            price_range=item.price_range,
            where_to_buy=item.where_to_buy,
            licence=licence.number,
        ),
        entity=EntityRef(id=item.application.entity_id, name=item.application.entity.name),
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        status=licence.status_on(timezone.localdate()),
        revoked_at=licence.revoked_at,
        revoke_reason=licence.revoke_reason,
    )


class LicenceFilters(Schema):
    entity: Id | None = Field(None, description="The holder's id in the directory")
    status: str | None = Field(None, pattern=r"^(active|expiring|expired|revoked)$")


@router.get("/certification/licences", response=list[LicenceOut], auth=token_auth)
@paginate
def list_licences(request: HttpRequest, filters: Query[LicenceFilters]) -> Page[LicenceOut]:
    """Staff: their regions' licences; holders: their entities'."""
    licences = selectors.licences_filter(
        selectors.licences_visible_to(request.user),
        status=filters.status,
        entity_id=filters.entity,
    )
    return Page(licences, _licence_out)


class HolderOut(Schema):
    id: int
    name: str
    gmina: str | None
    powiat: str | None = Field(description="TERYT code of the powiat")


class RegisterOut(Schema):
    number: str
    verification_code: str
    name: str
    kind: str
    category: str
    category_label: str
    description: str
    price_range: str
    where_to_buy: str
    holder: HolderOut
    valid_from: date
    valid_until: date
    status: str = Field(description="active or expiring")


def _register_out(licence: Licence) -> RegisterOut:
    item = licence.item
    entity = item.application.entity
    gmina = entity.gmina
    return RegisterOut(
        number=licence.number,
        verification_code=licence.verification_code,
        name=item.name,
        kind=item.kind,
        category=item.category,
        category_label=item.get_category_display(),
        description=item.description,
        price_range=item.price_range,
        where_to_buy=item.where_to_buy,
        holder=HolderOut(
            id=entity.pk,
            name=entity.name,
            gmina=gmina.code if gmina else None,
            powiat=gmina.parent.code if gmina and gmina.parent else None,
        ),
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        status=licence.status_on(timezone.localdate()),
    )


class RegisterFilters(Schema):
    q: str = Field("", max_length=200, description="Words, matched without Polish letters too")
    category: str = ""
    powiat: str = Field("", pattern=r"^(\d{4})?$", description="TERYT code of a powiat")


@router.get("/certification/register", response=list[RegisterOut], auth=None)
@paginate
def register(request: HttpRequest, filters: Query[RegisterFilters]) -> Page[RegisterOut]:
    """The public register: products and services whose licence is valid today."""
    licences = selectors.register_filter(
        q=filters.q, category=filters.category, powiat=filters.powiat
    )
    return Page(licences, _register_out)
