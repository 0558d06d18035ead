"""Reads of the support centres' context, scoped to what the reader may see.

Support centre staff see their own centre's records only (the organisation of their
support_centre_staff membership); coordinators see every centre of their regions;
national administrators everything. The figures are computed from the records, with
database aggregates, in a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Organisation
from koordynator.accounts.selectors import (
    is_national_admin,
    region_ids_with_role,
    support_centre_organisation_ids,
)
from koordynator.territory.enums import UnitLevel
from koordynator.territory.models import Region, TerritorialUnit

from .enums import (
    DEFAULT_MAX_AMOUNT_PER_JOB,
    DEFAULT_MAX_BRIDGING_MONTHS,
    DEFAULT_MAX_JOBS,
    AccreditationStatus,
)
from .models import (
    Accreditation,
    FoundingGroup,
    FundedJob,
    GrantAgreement,
    GrantLimit,
    SubregionPowiat,
    SupportRecord,
)

COORDINATOR_ROLES = frozenset({Role.REGIONAL_COORDINATOR})
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


# --- Who sees which centre --------------------------------------------------------------------


def _centre_condition(user: Any, field: str) -> Q | None:
    """The records (`field` names their centre) the user may see; None for all."""
    if is_national_admin(user):
        return None
    coordinated = region_ids_with_role(user, COORDINATOR_ROLES)
    own = support_centre_organisation_ids(user)
    return Q(**{f"{field}__region_id__in": coordinated}) | Q(**{f"{field}_id__in": own})


def _scoped(rows: QuerySet[Any], user: Any, field: str = "centre") -> QuerySet[Any]:
    condition = _centre_condition(user, field)
    return rows if condition is None else rows.filter(condition)


def centres_visible_to(user: Any) -> QuerySet[Organisation]:
    centres = Organisation.objects.filter(kind=OrganisationKind.SUPPORT_CENTRE).select_related(
        "region__voivodeship"
    )
    if is_national_admin(user):
        return centres
    coordinated = region_ids_with_role(user, COORDINATOR_ROLES)
    own = support_centre_organisation_ids(user)
    return centres.filter(Q(region_id__in=coordinated) | Q(pk__in=own)).order_by("name", "id")


def centre_visible_to(user: Any, centre_id: int) -> Organisation | None:
    return centres_visible_to(user).filter(pk=centre_id).first()


def accreditations_visible_to(user: Any) -> QuerySet[Accreditation]:
    return _scoped(Accreditation.objects.select_related("centre__region__voivodeship"), user)


def current_accreditation(centre: Organisation) -> Accreditation | None:
    return Accreditation.objects.filter(centre=centre).order_by("-granted_on", "-id").first()


def latest_accreditations(centre_ids: list[int]) -> dict[int, Accreditation]:
    """Each centre's latest accreditation, in one query."""
    latest: dict[int, Accreditation] = {}
    for accreditation in Accreditation.objects.filter(centre_id__in=centre_ids).order_by(
        "centre_id", "granted_on", "id"
    ):
        latest[accreditation.centre_id] = accreditation
    return latest


def support_records_visible_to(user: Any) -> QuerySet[SupportRecord]:
    return _scoped(
        SupportRecord.objects.select_related("centre", "founding_group", "event"), user
    ).prefetch_related("entities")


def founding_groups_visible_to(user: Any) -> QuerySet[FoundingGroup]:
    return _scoped(FoundingGroup.objects.select_related("centre", "powiat", "entity"), user)


def agreements_visible_to(user: Any) -> QuerySet[GrantAgreement]:
    return _scoped(
        GrantAgreement.objects.select_related("centre__region__voivodeship", "entity"), user
    ).prefetch_related("jobs")


def jobs_visible_to(user: Any) -> QuerySet[FundedJob]:
    return _scoped(
        FundedJob.objects.select_related("agreement__centre__region__voivodeship"),
        user,
        "agreement__centre",
    )


# --- Limits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    max_jobs: int
    max_amount_per_job: Decimal
    max_bridging_months: int


def grant_limits_for(region: Region, year: int) -> Limits:
    """The region's limits for the year, the defaults when its coordinator set none."""
    limit = GrantLimit.objects.filter(region=region, year=year).first()
    if limit is None:
        return Limits(
            DEFAULT_MAX_JOBS, Decimal(DEFAULT_MAX_AMOUNT_PER_JOB), DEFAULT_MAX_BRIDGING_MONTHS
        )
    return Limits(limit.max_jobs, limit.max_amount_per_job, limit.max_bridging_months)


# --- Coverage of the voivodeship ------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """On a day: the centre serving each powiat, powiats nobody serves, and those served
    by more than one centre."""

    on: datetime.date
    served: dict[str, list[str]]  # powiat code -> centre names
    gaps: list[TerritorialUnit]
    overlaps: list[TerritorialUnit]


def coverage(region: Region, on: datetime.date) -> Coverage:
    powiats = list(
        TerritorialUnit.objects.filter(
            level=UnitLevel.POWIAT, parent=region.voivodeship_id, is_active=True
        ).order_by("code")
    )
    served: dict[str, list[str]] = {}
    areas = SubregionPowiat.objects.filter(centre__region=region, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    for code, name in areas.values_list("powiat__code", "centre__name").order_by("centre__name"):
        served.setdefault(code, []).append(name)
    return Coverage(
        on=on,
        served=served,
        gaps=[p for p in powiats if p.code not in served],
        overlaps=[p for p in powiats if len(served.get(p.code, [])) > 1],
    )


def centres_expiring(user: Any, within_days: int, today: datetime.date) -> QuerySet[Accreditation]:
    return accreditations_visible_to(user).filter(
        status=AccreditationStatus.ACTIVE,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=within_days),
    )


# --- Figures ----------------------------------------------------------------------------------


def _cents(value: Any) -> Decimal:
    """A sum with two decimal places, whatever the database gives back (SQLite drops them)."""
    return Decimal(value).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Summary:
    jobs_created: int
    jobs_ended_early: int
    grants_count: int
    grants_amount: Decimal
    bridging_amount: Decimal
    entities_supported: int
    entities_founded: int
    support_hours: Decimal


def summary(
    *,
    region_ids: set[int] | None,
    year: int,
    centre_ids: set[int] | None = None,
    centre: int | None = None,
    powiat: str | None = None,
) -> Summary:
    """The year's figures of the regions (None: all), of the centres the reader may see
    (`centre_ids`, None: all), for one centre and one powiat (TERYT code) if given.

    A job is created in the year its agreement was signed; one that ended early still
    counts as created and also as ended early. An agreement's or a job's powiat is its
    entity's; a support record's is that of any of its entities or its founding group.
    Five queries, six for a powiat."""

    def scope(rows: QuerySet[Any], centre_field: str) -> QuerySet[Any]:
        if region_ids is not None:
            rows = rows.filter(**{f"{centre_field}__region_id__in": region_ids})
        if centre_ids is not None:
            rows = rows.filter(**{f"{centre_field}_id__in": centre_ids})
        if centre is not None:
            rows = rows.filter(**{f"{centre_field}_id": centre})
        return rows

    jobs = scope(FundedJob.objects.filter(agreement__signed_on__year=year), "agreement__centre")
    agreements = scope(GrantAgreement.objects.filter(signed_on__year=year), "centre")
    records = scope(SupportRecord.objects.filter(given_on__year=year), "centre")
    founded = scope(
        FoundingGroup.objects.filter(entity__isnull=False, registered_on__year=year), "centre"
    )
    # The powiat's gminas, read once, spare every query below a join to the units.
    gmina_ids = (
        list(TerritorialUnit.objects.filter(parent__code=powiat).values_list("pk", flat=True))
        if powiat
        else []
    )
    if powiat:
        jobs = jobs.filter(agreement__entity__gmina_id__in=gmina_ids)
        agreements = agreements.filter(entity__gmina_id__in=gmina_ids)
        founded = founded.filter(powiat__code=powiat)
        # A record is in the powiat through one of its entities or its founding group: the
        # entities are looked up in the link table, so the records are not joined to them.
        with_entity_there = SupportRecord.entities.through.objects.filter(
            entity__gmina_id__in=gmina_ids
        ).values("supportrecord_id")
        records = records.filter(
            Q(pk__in=with_entity_there) | Q(founding_group__powiat__code=powiat)
        )
    job_figures = jobs.aggregate(
        created=Count("pk"),
        ended_early=Count("pk", filter=Q(ended_early=True)),
        amount=Coalesce(Sum("agreement__amount_per_job"), ZERO),
    )
    agreement_figures = agreements.aggregate(
        count=Count("pk"),
        bridging=Coalesce(
            Sum(ExpressionWrapper(F("bridging_monthly") * F("bridging_months"), MONEY)), ZERO
        ),
    )
    hours = records.aggregate(hours=Coalesce(Sum("hours"), ZERO))["hours"]
    # Filtered and counted over one join: only the powiat's entities are counted.
    supported = (
        records.filter(entities__gmina_id__in=gmina_ids)
        if powiat
        else records.filter(entities__isnull=False)
    )
    entities_supported = supported.aggregate(count=Count("entities", distinct=True))["count"]
    return Summary(
        jobs_created=job_figures["created"],
        jobs_ended_early=job_figures["ended_early"],
        grants_count=agreement_figures["count"],
        grants_amount=_cents(job_figures["amount"]),
        bridging_amount=_cents(agreement_figures["bridging"]),
        entities_supported=entities_supported,
        entities_founded=founded.count(),
        support_hours=_cents(hours),
    )


def summary_for(
    user: Any, *, year: int, centre: int | None = None, powiat: str | None = None
) -> Summary:
    """The summary of what `user` may see."""
    if is_national_admin(user):
        return summary(region_ids=None, year=year, centre=centre, powiat=powiat)
    coordinated = region_ids_with_role(user, COORDINATOR_ROLES)
    own = support_centre_organisation_ids(user)
    visible = set(
        Organisation.objects.filter(kind=OrganisationKind.SUPPORT_CENTRE)
        .filter(Q(region_id__in=coordinated) | Q(pk__in=own))
        .values_list("pk", flat=True)
    )
    return summary(region_ids=None, centre_ids=visible, year=year, centre=centre, powiat=powiat)


@dataclass(frozen=True)
class JobsRow:
    centre_id: int
    centre: str
    powiat: str
    powiat_name: str
    jobs_created: int
    jobs_ended_early: int


def jobs_by_centre_and_powiat(*, region: Region, year: int) -> list[JobsRow]:
    """Jobs created in the year by centre and by the entity's powiat, in one query."""
    rows = (
        FundedJob.objects.filter(agreement__signed_on__year=year, agreement__centre__region=region)
        .values(
            "agreement__centre_id",
            "agreement__centre__name",
            "agreement__entity__gmina__parent__code",
            "agreement__entity__gmina__parent__name",
        )
        .annotate(created=Count("pk"), ended_early=Count("pk", filter=Q(ended_early=True)))
        .order_by("agreement__centre__name", "agreement__entity__gmina__parent__code")
    )
    return [
        JobsRow(
            centre_id=row["agreement__centre_id"],
            centre=row["agreement__centre__name"],
            powiat=row["agreement__entity__gmina__parent__code"] or "",
            powiat_name=row["agreement__entity__gmina__parent__name"] or "",
            jobs_created=row["created"],
            jobs_ended_early=row["ended_early"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class QuarterRow:
    kind: str
    powiat: str
    records: int
    hours: Decimal
    people: int


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    last = (
        datetime.date(year, 12, 31)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return first, last


def quarterly_report(
    *, centres: QuerySet[Organisation], year: int, quarter: int
) -> dict[int, list[QuarterRow]]:
    """Per centre: the quarter's support by kind and powiat (a record for several powiats
    counts in each). One query for all the centres, so the ROPS sees them side by side."""
    first, last = quarter_bounds(year, quarter)
    # One row per record and powiat, so that a training of three entities of one powiat
    # counts its hours once there; summed here.
    rows = (
        SupportRecord.objects.filter(centre__in=centres, given_on__range=(first, last))
        .annotate(powiat=Coalesce("entities__gmina__parent__code", "founding_group__powiat__code"))
        .values_list("pk", "centre_id", "kind", "powiat", "hours", "people")
        .distinct()
        .order_by("centre_id", "kind", "powiat", "pk")
    )
    sums: dict[tuple[int, str, str], list[Any]] = {}
    for _pk, centre_id, kind, powiat, hours, people in rows:
        figures = sums.setdefault((centre_id, kind, powiat or ""), [0, Decimal("0"), 0])
        figures[0] += 1
        figures[1] += hours
        figures[2] += people
    report: dict[int, list[QuarterRow]] = {}
    for (centre_id, kind, powiat), (count, hours, people) in sums.items():
        report.setdefault(centre_id, []).append(
            QuarterRow(kind=kind, powiat=powiat, records=count, hours=hours, people=people)
        )
    return report
