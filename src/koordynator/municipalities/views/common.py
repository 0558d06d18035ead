"""What the staff and public pages share: the indicators' context for one region."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from koordynator.territory.models import Region

from .. import indicators
from ..charts import bar_chart


def indicators_context(region: Region, year: int | None = None) -> dict[str, Any]:
    """Every indicator of the region, with a chart per table; `year` picks the year shown
    by kind and by powiat (the latest surveyed year when not given)."""
    years = indicators.yearly(region)
    known = [row.year for row in years]
    if year not in known:
        year = known[-1] if known else None
    current = next((row for row in years if row.year == year), None)
    kinds = indicators.by_kind(region, year) if year is not None else []
    powiats = indicators.by_powiat(region, year) if year is not None else []
    coverage = indicators.plan_coverage(region)
    return {
        "region": region,
        "years": years,
        "year": year,
        "current": current,
        "kinds": kinds,
        "powiats": powiats,
        "coverage": coverage,
        "denominator": indicators.DENOMINATOR,
        "years_chart": bar_chart(
            [(str(row.year), row.share_using_clauses) for row in years], maximum=100, suffix="%"
        ),
        "years_chart_label": _(
            "Bar chart: share of local governments that used social clauses, by year. "
            "The same figures are in the table."
        ),
        "kinds_chart": bar_chart(
            [(row.label, row.share_using_clauses) for row in kinds], maximum=100, suffix="%"
        ),
        "kinds_chart_label": _(
            "Bar chart: share of local governments that used social clauses, by kind. "
            "The same figures are in the table."
        ),
        "coverage_chart": bar_chart(
            [(row.label, row.share) for row in coverage.powiats], maximum=100, suffix="%"
        ),
        "coverage_chart_label": _(
            "Bar chart: share of gminas covered by an adopted local plan, by powiat. "
            "The same figures are in the table."
        ),
    }
