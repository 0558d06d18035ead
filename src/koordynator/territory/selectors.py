"""Reads of the territory."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from koordynator.core.api import DomainValidationError
from koordynator.core.text import fold

from .models import Place, Region, TerritorialUnit


def units_list(
    *, level: str | None = None, parent: str | None = None, q: str | None = None
) -> QuerySet[TerritorialUnit]:
    """Active units, filtered by level, by the TERYT code of an ancestor, and by name."""
    units = TerritorialUnit.objects.filter(is_active=True).select_related("parent")
    if level:
        units = units.filter(level=level)
    if parent:
        units = units.filter(code__startswith=parent).exclude(code=parent)
    if q:
        folded = fold(q)
        units = units.filter(
            Q(name_folded__startswith=folded) | Q(name_folded__contains=f" {folded}")
        )
    return units.order_by("code")


def unit_get(*, code: str) -> TerritorialUnit | None:
    return TerritorialUnit.objects.filter(code=code).select_related("parent__parent").first()


def regions_list() -> QuerySet[Region]:
    return Region.objects.select_related("voivodeship").order_by("voivodeship__code")


REGIONS_CACHE_KEY = "territory:regions"
REGIONS_MAX_AGE = 60  # seconds; a region saved or deleted clears them at once (apps.py)


def served_regions() -> list[Region]:
    """The regions served, by voivodeship code. Every request asks which region it looks
    at, so they are kept in the cache instead of read each time."""
    regions: list[Region] | None = cache.get(REGIONS_CACHE_KEY)
    if regions is None:
        regions = list(regions_list())
        cache.set(REGIONS_CACHE_KEY, regions, REGIONS_MAX_AGE)
    return regions


def served_region(code: str | None) -> Region:
    """The served region of a voivodeship code, as an API client names it; without a code,
    the only region when the deployment serves one. Anything else is the client's error."""
    regions = served_regions()
    if code:
        region = next((r for r in regions if r.code == code), None)
    else:
        region = regions[0] if len(regions) == 1 else None
    if region is None:
        raise DomainValidationError({"region": _("Give the code of a served region, e.g. “06”.")})
    return region


def forget_served_regions(**signal: object) -> None:
    cache.delete(REGIONS_CACHE_KEY)


def place_locate(*, locality: str, gmina: TerritorialUnit) -> tuple[float, float, str] | None:
    """A point for an address: the locality if the gazetteer knows it in the gmina's powiat,
    else the gmina's own point. Returns (latitude, longitude, source) or None."""
    if locality and gmina.parent_id:
        place = (
            Place.objects.filter(powiat_id=gmina.parent_id, name_folded=fold(locality))
            .order_by("-population")
            .first()
        )
        if place is not None:
            return place.latitude, place.longitude, "place"
    if gmina.latitude is not None and gmina.longitude is not None:
        return gmina.latitude, gmina.longitude, gmina.location_source
    return None


def unit_counts(*, voivodeship_code: str | None = None) -> dict[str, int]:
    """How many active powiats and gminas there are, in one voivodeship or in the country."""
    units = TerritorialUnit.objects.filter(is_active=True)
    if voivodeship_code:
        units = units.filter(code__startswith=voivodeship_code)
    counts = dict(units.values_list("level").annotate(n=Count("id")))
    return {level: counts.get(level, 0) for level in ("voivodeship", "powiat", "gmina")}
