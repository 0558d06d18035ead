"""Which region a public page looks at (``request.region``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .models import Region

SESSION_KEY = "koordynator_region"
ALL_REGIONS = "all"


def _regions() -> QuerySet[Region]:
    return Region.objects.select_related("voivodeship")


def resolve_region(request: HttpRequest) -> Region | None:
    """The region named by ``?region=<slug>`` (remembered in the session), else the
    session's choice, else the only region when the deployment serves just one."""
    requested = request.GET.get("region")
    if requested is not None:
        if requested in (ALL_REGIONS, ""):
            request.session[SESSION_KEY] = ALL_REGIONS
            return None
        region = _regions().filter(slug=requested).first()
        if region is not None:
            request.session[SESSION_KEY] = region.slug
            return region
    remembered = request.session.get(SESSION_KEY)
    if remembered == ALL_REGIONS:
        return None
    if remembered:
        region = _regions().filter(slug=remembered).first()
        if region is not None:
            return region
    only = list(_regions()[:2])
    return only[0] if len(only) == 1 else None


class RegionMiddleware:
    """Sets ``request.region``: the region public pages are scoped to, or None for all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.region = resolve_region(request)  # type: ignore[attr-defined]
        return self.get_response(request)
