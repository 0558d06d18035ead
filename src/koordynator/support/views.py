"""/panel/support/: the support centres' desk. OWES staff see their own centre (its
accreditation, the funded jobs whose durability ends soon, the latest support given, the
year's figures); coordinators see the network of their region: every centre, the coverage
of the powiats with its gaps and overlaps, and the year's figures by centre and powiat.

Read-only: records are written through the API (and, later, the desk's forms).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from koordynator.accounts.http import AuthenticatedRequest
from koordynator.accounts.models import Organisation
from koordynator.accounts.rules import require_perm
from koordynator.accounts.staff_views import chosen_region, staff_regions

from . import selectors, services
from .enums import SupportKind
from .rules import ADD_CENTRE, USE_SUPPORT

# Funded jobs whose durability period ends within this many days are listed.
DURABILITY_SOON_DAYS = 90
LATEST_RECORDS = 10


def _year(value: str, default: int) -> int:
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def _quarter(value: str, default: int) -> int:
    return int(value) if value in {"1", "2", "3", "4"} else default


def _side_by_side(
    report: dict[int, list[selectors.QuarterRow]], centres: list[Organisation]
) -> list[tuple[str, list[Decimal]]]:
    """Hours of support by kind (rows) and centre (columns), the powiats summed."""
    hours: dict[tuple[str, int], Decimal] = {}
    for centre_id, rows in report.items():
        for row in rows:
            key = (row.kind, centre_id)
            hours[key] = hours.get(key, Decimal("0")) + row.hours
    kinds = [kind for kind in SupportKind if any(k == kind for k, _c in hours)]
    return [
        (str(kind.label), [hours.get((kind, centre.pk), Decimal("0")) for centre in centres])
        for kind in kinds
    ]


@login_required
@require_safe
def desk(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, USE_SUPPORT)
    region = chosen_region(request)
    today = timezone.localdate()
    year = _year(request.GET.get("year", ""), today.year - 1)
    user = request.user
    centres = list(selectors.centres_visible_to(user).filter(region=region))
    centre_ids = {centre.pk for centre in centres}
    accreditations = selectors.latest_accreditations(list(centre_ids))
    figures = selectors.summary(region_ids={region.pk}, centre_ids=centre_ids, year=year)
    by_centre = [
        row
        for row in selectors.jobs_by_centre_and_powiat(region=region, year=year)
        if row.centre_id in centre_ids
    ]
    open_jobs = (
        selectors.jobs_visible_to(user)
        .filter(agreement__centre_id__in=centre_ids, ended_on__isnull=True)
        # No durability period is longer than 10 years, nor ends before the job starts.
        .filter(
            starts_on__gte=today - datetime.timedelta(days=366 * 10),
            starts_on__lte=today + datetime.timedelta(DURABILITY_SOON_DAYS),
        )
        .select_related("agreement__entity")
        .order_by("starts_on", "pk")
    )
    ending = [
        (job, services.durability_end(job))
        for job in open_jobs
        if today <= services.durability_end(job) <= today + datetime.timedelta(DURABILITY_SOON_DAYS)
    ]
    quarter = _quarter(request.GET.get("quarter", ""), 4)
    report = selectors.quarterly_report(
        centres=selectors.centres_visible_to(user).filter(region=region), year=year, quarter=quarter
    )
    coverage = selectors.coverage(region, today) if user.has_perm(ADD_CENTRE, region) else None
    return render(
        request,
        "support/staff/desk.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "centres": [(centre, accreditations.get(centre.pk)) for centre in centres],
            "figures": figures,
            "by_centre": by_centre,
            "ending": ending,
            "records": selectors.support_records_visible_to(user)
            .filter(centre_id__in=centre_ids)
            .order_by("-given_on", "-id")[:LATEST_RECORDS],
            "coverage": coverage,
            "quarter": quarter,
            "quarter_table": _side_by_side(report, centres),
        },
    )
