"""Indicators computed from the survey answers, expert support and local plans.

Every figure is counted or summed by the database (one GROUP BY per table); Python only
divides the totals. The headline indicator is the share of local governments that used
social clauses in a year: answers with any contract with a social clause, divided by the
local governments that answered that year's survey (not by all local governments of the
region; the response rate says how many answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from koordynator.territory.models import Region

from .enums import GMINA_KINDS, LocalGovernmentKind, PlanStatus
from .models import ExpertSupport, ExpertSupportTarget, LocalGovernment, LocalPlan, SurveyAnswer

# An answer "used social clauses" when it reports any contract with a clause of any kind.
USED_CLAUSES = (
    Q(clause_contracts_count__gt=0)
    | Q(reserved_count__gt=0)
    | Q(employment_count__gt=0)
    | Q(award_criteria_count__gt=0)
    | Q(other_clause_count__gt=0)
)
DENOMINATOR = _(
    "Share of local governments that used social clauses = local governments whose answer "
    "reports at least one contract with a social clause ÷ local governments that answered "
    "the survey for that year."
)
DENOMINATOR_CODE = "answered"
ZERO = Decimal("0.00")
KIND_ORDER = list(LocalGovernmentKind)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in per cent, rounded to one decimal; None without data."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _sums() -> dict[str, Coalesce]:
    names = [
        "clause_contracts_count",
        "clause_contracts_value",
        "entity_contracts_count",
        "entity_contracts_value",
        "open_call_tasks_count",
        "open_call_tasks_value",
        "small_grant_tasks_count",
        "small_grant_tasks_value",
    ]
    return {
        f"total_{name}": Coalesce(Sum(name), ZERO if name.endswith("value") else 0)
        for name in names
    }


def _difference(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return Decimal(current) - Decimal(previous)


@dataclass(frozen=True)
class YearIndicators:
    """One survey year of a region."""

    year: int
    local_governments: int
    answered: int
    used_clauses: int
    clause_contracts_count: int
    clause_contracts_value: Decimal
    entity_contracts_count: int
    entity_contracts_value: Decimal
    open_call_tasks_count: int
    open_call_tasks_value: Decimal
    small_grant_tasks_count: int
    small_grant_tasks_value: Decimal
    # Changes since the year before (None when that year was not surveyed).
    share_change_points: Decimal | None = None
    clause_contracts_change: Decimal | None = None
    clause_value_change: Decimal | None = None
    tasks_change: Decimal | None = None
    tasks_value_change: Decimal | None = None

    @property
    def share_using_clauses(self) -> Decimal | None:
        return percent(self.used_clauses, self.answered)

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.answered, self.local_governments)

    @property
    def tasks_count(self) -> int:
        return self.open_call_tasks_count + self.small_grant_tasks_count

    @property
    def tasks_value(self) -> Decimal:
        return self.open_call_tasks_value + self.small_grant_tasks_value


def _year_row(row: Any, population: int) -> YearIndicators:
    values = {name.removeprefix("total_"): value for name, value in row.items()}
    return YearIndicators(
        year=int(values.pop("survey__year")),
        local_governments=population,
        **values,
    )


def yearly(region: Region) -> list[YearIndicators]:
    """The region's indicators for every surveyed year, oldest first, with the change
    since the year before."""
    population = LocalGovernment.objects.filter(region=region, is_active=True).count()
    rows = (
        SurveyAnswer.objects.filter(survey__region=region)
        .values("survey__year")
        .annotate(
            answered=Count("id"),
            used_clauses=Count("id", filter=USED_CLAUSES),
            **_sums(),
        )
        .order_by("survey__year")
    )
    years = [_year_row(row, population) for row in rows]
    result: list[YearIndicators] = []
    for number, current in enumerate(years):
        previous = years[number - 1] if number else None
        if previous is None or previous.year != current.year - 1:
            result.append(current)
            continue
        result.append(
            YearIndicators(
                **{
                    name: getattr(current, name)
                    for name in YearIndicators.__dataclass_fields__
                    if not name.endswith("_change") and name != "share_change_points"
                },
                share_change_points=_difference(
                    current.share_using_clauses, previous.share_using_clauses
                ),
                clause_contracts_change=_difference(
                    current.clause_contracts_count, previous.clause_contracts_count
                ),
                clause_value_change=_difference(
                    current.clause_contracts_value, previous.clause_contracts_value
                ),
                tasks_change=_difference(current.tasks_count, previous.tasks_count),
                tasks_value_change=_difference(current.tasks_value, previous.tasks_value),
            )
        )
    return result


def year_of(region: Region, year: int) -> YearIndicators | None:
    return next((row for row in yearly(region) if row.year == year), None)


@dataclass(frozen=True)
class GroupIndicators:
    """The share of one group of local governments (a kind, or a powiat) in one year."""

    key: str
    label: str
    local_governments: int
    answered: int
    used_clauses: int

    @property
    def share_using_clauses(self) -> Decimal | None:
        return percent(self.used_clauses, self.answered)

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.answered, self.local_governments)


def _answers(region: Region, year: int) -> QuerySet[SurveyAnswer]:
    return SurveyAnswer.objects.filter(survey__region=region, survey__year=year)


def by_kind(region: Region, year: int) -> list[GroupIndicators]:
    """Per kind of local government: urban, urban-rural and rural gminas, cities with
    powiat rights, powiats, the voivodeship."""
    population = dict(
        LocalGovernment.objects.filter(region=region, is_active=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    answers = {
        row["local_government__kind"]: row
        for row in _answers(region, year)
        .values("local_government__kind")
        .annotate(answered=Count("id"), used=Count("id", filter=USED_CLAUSES))
        .order_by()
    }
    rows = []
    for kind in KIND_ORDER:
        if not population.get(kind) and kind not in answers:
            continue
        counts: Any = answers.get(kind, {})
        rows.append(
            GroupIndicators(
                key=kind.value,
                label=str(kind.label),
                local_governments=population.get(kind, 0),
                answered=int(counts.get("answered", 0)),
                used_clauses=int(counts.get("used", 0)),
            )
        )
    return rows


def by_powiat(region: Region, year: int) -> list[GroupIndicators]:
    """Per powiat: its gminas and the powiat itself (a city with powiat rights alone);
    the voivodeship's own answer is left out."""
    population = {
        row["powiat__code"]: row
        for row in LocalGovernment.objects.filter(
            region=region, is_active=True, powiat__isnull=False
        )
        .values("powiat__code", "powiat__name", "powiat__is_city_with_powiat_rights")
        .annotate(n=Count("id"))
        .order_by()
    }
    answers = {
        row["local_government__powiat__code"]: row
        for row in _answers(region, year)
        .filter(local_government__powiat__isnull=False)
        .values("local_government__powiat__code")
        .annotate(answered=Count("id"), used=Count("id", filter=USED_CLAUSES))
        .order_by()
    }
    rows = []
    for code in sorted(population):
        powiat = population[code]
        counts: Any = answers.get(code, {})
        label = (
            str(powiat["powiat__name"])
            if powiat["powiat__is_city_with_powiat_rights"]
            else f"pow. {powiat['powiat__name']}"
        )
        rows.append(
            GroupIndicators(
                key=str(code),
                label=label,
                local_governments=int(powiat["n"]),
                answered=int(counts.get("answered", 0)),
                used_clauses=int(counts.get("used", 0)),
            )
        )
    return rows


# --- Local plans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    code: str
    label: str
    gminas: int
    covered: int

    @property
    def share(self) -> Decimal | None:
        return percent(self.covered, self.gminas)


@dataclass(frozen=True)
class PlanCoverage:
    """How many gminas an adopted local plan covers (its own, or its powiat's)."""

    gminas: int
    covered: int
    plans_by_status: dict[str, int]
    powiats: list[CoverageRow] = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        return percent(self.covered, self.gminas)


def plan_coverage(region: Region) -> PlanCoverage:
    area = LocalPlan.area.through.objects.filter(
        localplan__region=region, localplan__status=PlanStatus.ADOPTED
    )
    covered = Exists(
        area.filter(
            Q(territorialunit_id=OuterRef("unit_id")) | Q(territorialunit_id=OuterRef("powiat_id"))
        )
    )
    rows = (
        LocalGovernment.objects.filter(region=region, is_active=True, kind__in=GMINA_KINDS)
        .annotate(is_covered=covered)
        .values("powiat__code", "powiat__name", "powiat__is_city_with_powiat_rights")
        .annotate(gminas=Count("id"), covered=Count("id", filter=Q(is_covered=True)))
        .order_by("powiat__code")
    )
    powiats = [
        CoverageRow(
            code=str(row["powiat__code"]),
            label=str(row["powiat__name"])
            if row["powiat__is_city_with_powiat_rights"]
            else f"pow. {row['powiat__name']}",
            gminas=int(row["gminas"]),
            covered=int(row["covered"]),
        )
        for row in rows
    ]
    by_status = dict(
        LocalPlan.objects.filter(region=region)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return PlanCoverage(
        gminas=sum(row.gminas for row in powiats),
        covered=sum(row.covered for row in powiats),
        plans_by_status={status.value: int(by_status.get(status, 0)) for status in PlanStatus},
        powiats=powiats,
    )


# --- Expert support ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportYear:
    year: int
    engagements: int
    local_governments: int
    hours: Decimal
    target: int | None

    @property
    def target_reached(self) -> bool | None:
        return None if self.target is None else self.local_governments >= self.target


def expert_support_by_year(region: Region) -> list[SupportYear]:
    """Per year (of the start): engagements, local governments supported (each counted
    once) and hours, beside the project's target."""
    rows = {
        int(row["year"]): row
        for row in ExpertSupport.objects.filter(region=region)
        .annotate(year=ExtractYear("starts_on"))
        .values("year")
        .annotate(
            engagements=Count("id"),
            supported=Count("local_government", distinct=True),
            total_hours=Coalesce(Sum("hours"), Decimal("0.0")),
        )
        .order_by("year")
    }
    targets = dict(ExpertSupportTarget.objects.filter(region=region).values_list("year", "target"))
    return [
        SupportYear(
            year=year,
            engagements=int(rows[year]["engagements"]) if year in rows else 0,
            local_governments=int(rows[year]["supported"]) if year in rows else 0,
            hours=Decimal(rows[year]["total_hours"]) if year in rows else Decimal("0.0"),
            target=targets.get(year),
        )
        for year in sorted(set(rows) | set(targets))
    ]
