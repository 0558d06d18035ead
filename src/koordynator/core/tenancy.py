"""Region scoping of querysets: the one place that decides how records are filtered by region."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def scope_to_regions(
    records: QuerySet[M], region_ids: set[int] | None, field: str = "region"
) -> QuerySet[M]:
    """Keep the records of the given regions; None keeps all (national administrators)."""
    if region_ids is None:
        return records
    return records.filter(**{f"{field}__in": region_ids})
