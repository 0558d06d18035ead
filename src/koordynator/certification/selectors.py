"""Reads of the certification cycle, already scoped to what the user may see.

Staff (regional coordinators) see their regions' calls, applications and licences, national
administrators everyone's; an entity's representatives see their entity's applications and
licences; board members see the applications of the calls they sit on once the review has
begun. Anything else looks missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import User
from koordynator.accounts.selectors import is_national_admin, region_ids_with_role
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.text import search_terms
from koordynator.registry.models import Entity
from koordynator.registry.selectors import represented_organisation_ids
from koordynator.territory.models import Region, TerritorialUnit

from .enums import ApplicationStatus, LicenceStatus
from .models import EXPIRING_DAYS, Application, Call, Criterion, Licence, Renewal, Review

# Statuses in which the board works on, or has worked on, an application.
REVIEW_STATUSES = (
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.SCORED,
    ApplicationStatus.GRANTED,
    ApplicationStatus.REFUSED,
)


def public_licences(*, today: datetime.date | None = None) -> QuerySet[Licence]:
    """The public register: licences valid today. An expired or revoked one leaves it on
    the day it ends, computed from the dates, with no job to run."""
    today = today or timezone.localdate()
    return (
        Licence.objects.filter(
            revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today
        )
        .select_related("item__application__entity__gmina__parent")
        .order_by("item__name", "number")
    )


def reviews_visible_to(application: Application, user: Any) -> QuerySet[Review]:
    """A board member sees the others' scores only once their own review is submitted."""
    reviews = application.reviews.select_related("reviewer").prefetch_related(
        Prefetch("scores", queryset=_scores_in_order())
    )
    if application.call.reviewers.filter(pk=user.pk).exists():
        own = reviews.filter(reviewer=user).first()
        if own is None or own.submitted_at is None:
            return reviews.filter(reviewer=user)
    return reviews


def _scores_in_order() -> QuerySet[Any]:
    from .models import Score

    return Score.objects.select_related("criterion").order_by("criterion__position", "id")


# --- Who is who ------------------------------------------------------------------------------


def _managed_region_ids(user: Any) -> set[int] | None:
    """Regions whose certification the user runs; None: every region."""
    if is_national_admin(user):
        return None
    return region_ids_with_role(user, {Role.REGIONAL_COORDINATOR})


def regions_managed_by(user: Any) -> QuerySet[Region]:
    regions = Region.objects.select_related("voivodeship")
    return scope_to_regions(regions, _managed_region_ids(user), "pk")


def reviewer_choices(region: Region | Iterable[Region]) -> QuerySet[User]:
    """Users who may sit on a call's board: the reviewers of the call's region (or of any
    of the regions)."""
    regions = [region] if isinstance(region, Region) else list(region)
    return (
        User.objects.filter(
            is_active=True, memberships__role=Role.REVIEWER, memberships__region__in=regions
        )
        .distinct()
        .order_by("full_name", "email")
    )


def entities_of_applicant(user: Any) -> QuerySet[Entity]:
    """The entities the user represents (their organisation's entity)."""
    return (
        Entity.objects.filter(organisation_id__in=represented_organisation_ids(user))
        .select_related("region__voivodeship")
        .order_by("name", "id")
    )


# --- Calls -----------------------------------------------------------------------------------


def open_calls(
    *, region: Region | None = None, now: datetime.datetime | None = None
) -> QuerySet[Call]:
    """Calls taking applications now, the soonest to close first."""
    now = now or timezone.now()
    calls = Call.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related(
        "region__voivodeship"
    )
    if region is not None:
        calls = calls.filter(region=region)
    return calls.prefetch_related("criteria").order_by("closes_at", "id")


def calls_visible_to(user: Any) -> QuerySet[Call]:
    """Everybody sees calls that have opened; staff also their regions' future ones."""
    region_ids = _managed_region_ids(user)
    visible = Q(opens_at__lte=timezone.now())
    if region_ids is None:
        visible = Q()
    elif region_ids:
        visible |= Q(region_id__in=region_ids)
    return (
        Call.objects.filter(visible)
        .select_related("region__voivodeship")
        .prefetch_related("criteria", "reviewers")
    )


def calls_for_staff(user: Any) -> QuerySet[Call]:
    """The calls of the regions the user runs, with counts of their applications."""
    calls = scope_to_regions(Call.objects.all(), _managed_region_ids(user), "region")
    return calls.select_related("region__voivodeship").annotate(
        application_count=Count("applications", filter=~Q(applications__status="draft")),
        draft_count=Count("applications", filter=Q(applications__status="draft")),
    )


def call_for_staff(user: Any, call_id: int) -> Call | None:
    return (
        scope_to_regions(Call.objects.all(), _managed_region_ids(user), "region")
        .select_related("region__voivodeship")
        .prefetch_related("criteria", "reviewers")
        .filter(pk=call_id)
        .first()
    )


def applications_of_call(call: Call) -> QuerySet[Application]:
    return (
        call.applications.select_related("entity", "created_by")
        .annotate(
            item_count=Count("items", distinct=True),
            submitted_review_count=Count(
                "reviews", filter=Q(reviews__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("status", "entity__name", "id")
    )


# --- Applications ----------------------------------------------------------------------------


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Staff: their regions'; representatives: their entities'; board members: the ones
    their calls' review has reached."""
    applications = Application.objects.select_related(
        "call__region__voivodeship", "entity", "created_by"
    )
    if not getattr(user, "is_authenticated", False):
        return applications.none()
    region_ids = _managed_region_ids(user)
    if region_ids is None:
        return applications
    visible = Q(entity__organisation_id__in=represented_organisation_ids(user))
    if region_ids:
        visible |= Q(call__region_id__in=region_ids)
    visible |= Q(call__reviewers=user, status__in=REVIEW_STATUSES)
    return applications.filter(visible).distinct()


def application_visible_to(user: Any, application_id: int) -> Application | None:
    return (
        applications_visible_to(user)
        .prefetch_related("items__licence", "recommendations", "call__criteria")
        .filter(pk=application_id)
        .first()
    )


def applications_of_applicant(user: Any) -> QuerySet[Application]:
    return (
        Application.objects.filter(entity__organisation_id__in=represented_organisation_ids(user))
        .select_related("call", "entity")
        .order_by("-created_at", "id")
    )


@dataclass(frozen=True)
class ReviewTask:
    application: Application
    review: Review | None

    @property
    def is_done(self) -> bool:
        return self.review is not None and self.review.submitted_at is not None


def applications_to_review(user: Any) -> list[ReviewTask]:
    """The applications in review of the calls the user sits on, with the user's own
    review (None: not begun)."""
    if not getattr(user, "is_authenticated", False):
        return []
    applications = (
        Application.objects.filter(call__reviewers=user, status__in=REVIEW_STATUSES)
        .select_related("call", "entity")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.filter(reviewer=user)))
        .order_by("call__scoring_deadline", "entity__name", "id")
    )
    return [ReviewTask(a, next(iter(a.reviews.all()), None)) for a in applications]


@dataclass(frozen=True)
class ScoreSummary:
    """The reviews' weighted scores against the call's threshold."""

    criteria: list[Criterion]
    reviews: list[Review]
    average: Decimal | None
    threshold: Decimal
    weighted_maximum: Decimal

    @property
    def passes(self) -> bool | None:
        return None if self.average is None else self.average >= self.threshold


def score_summary(application: Application) -> ScoreSummary:
    criteria = list(application.call.criteria.all())
    reviews = list(
        application.reviews.select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=_scores_in_order()))
        .order_by("id")
    )
    submitted = [r.score for r in reviews if r.submitted_at is not None and r.score is not None]
    average = application.score
    if average is None and submitted:
        average = (sum(submitted, Decimal(0)) / len(submitted)).quantize(Decimal("0.01"))
    return ScoreSummary(
        criteria=criteria,
        reviews=reviews,
        average=average,
        threshold=application.call.pass_threshold,
        weighted_maximum=sum((c.weight * c.max_points for c in criteria), Decimal(0)),
    )


# --- Licences --------------------------------------------------------------------------------

_LICENCE_RELATED = (
    "item__application__entity__gmina__parent",
    "item__application__call__region__voivodeship",
)


def licences_visible_to(user: Any) -> QuerySet[Licence]:
    """Staff: their regions' licences; holders: their entities'."""
    licences = Licence.objects.select_related(*_LICENCE_RELATED).order_by("-valid_from", "number")
    if not getattr(user, "is_authenticated", False):
        return licences.none()
    region_ids = _managed_region_ids(user)
    if region_ids is None:
        return licences
    visible = Q(item__application__entity__organisation_id__in=represented_organisation_ids(user))
    if region_ids:
        visible |= Q(item__application__call__region_id__in=region_ids)
    return licences.filter(visible)


def licences_filter(
    licences: QuerySet[Licence],
    *,
    status: str | None = None,
    entity_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Licence]:
    """Licences in a state (computed from the dates, as Licence.status_on) or of an entity."""
    today = today or timezone.localdate()
    if entity_id is not None:
        licences = licences.filter(item__application__entity_id=entity_id)
    expiring_from = today + datetime.timedelta(days=EXPIRING_DAYS)
    live = Q(revoked_at__isnull=True)
    if status == LicenceStatus.REVOKED:
        licences = licences.filter(revoked_at__isnull=False)
    elif status == LicenceStatus.EXPIRED:
        licences = licences.filter(live, valid_until__lt=today)
    elif status == LicenceStatus.EXPIRING:
        licences = licences.filter(live, valid_until__gte=today, valid_until__lt=expiring_from)
    elif status == LicenceStatus.ACTIVE:
        licences = licences.filter(live, valid_until__gte=expiring_from)
    return licences


def licence_visible_to(user: Any, licence_id: int) -> Licence | None:
    return (
        licences_visible_to(user)
        .prefetch_related(
            Prefetch(
                "renewals", queryset=Renewal.objects.select_related("submitted_by", "decided_by")
            )
        )
        .filter(pk=licence_id)
        .first()
    )


def licence_by_code(code: str) -> Licence | None:
    """The licence a certificate's verification code names (any state: the page says it)."""
    code = "".join(code.split()).upper()
    if not code or len(code) > 20:
        return None
    return Licence.objects.select_related(*_LICENCE_RELATED).filter(verification_code=code).first()


def renewals_waiting(user: Any) -> QuerySet[Renewal]:
    """Renewals waiting for a decision in the regions the user runs."""
    renewals = Renewal.objects.filter(status="submitted").select_related(
        "licence__item__application__entity", "submitted_by"
    )
    return scope_to_regions(
        renewals, _managed_region_ids(user), "licence__item__application__call__region"
    )


# --- The public register ---------------------------------------------------------------------


def register_powiats(*, today: datetime.date | None = None) -> QuerySet[TerritorialUnit]:
    """The powiats with something in the register today, for the filter."""
    gmina_ids = public_licences(today=today).values("item__application__entity__gmina")
    return (
        TerritorialUnit.objects.filter(level="powiat", children__in=gmina_ids)
        .distinct()
        .order_by("name", "code")
    )


def _matches(terms: list[str], licence: Licence) -> bool:
    item = licence.item
    entity = item.application.entity
    text = " ".join(
        (item.name, item.description, item.get_category_display(), entity.name, entity.locality)
    )
    words = search_terms(text)
    return all(any(word.startswith(term) for word in words) for term in terms)


def register_filter(
    *,
    q: str = "",
    category: str = "",
    powiat: str = "",
    region: Region | None = None,
    today: datetime.date | None = None,
) -> list[Licence]:
    """The register as filtered on screen. Words match Polish-aware (folded and stemmed by
    core.text.search_terms, "pierogow" finds "Pierogi"); the register holds a region's
    certified products, a few hundred at most, so the words are matched in Python."""
    licences = public_licences(today=today)
    if region is not None:
        licences = licences.filter(item__application__call__region=region)
    if category:
        licences = licences.filter(item__category=category)
    if powiat:
        licences = licences.filter(item__application__entity__gmina__parent__code=powiat)
    terms = search_terms(q)
    rows: Iterable[Licence] = licences
    if terms:
        rows = (licence for licence in licences if _matches(terms, licence))
    return list(rows)
