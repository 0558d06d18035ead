"""Which region a public page looks at (``request.region``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .http import Request
from .models import Region
from .selectors import served_regions

SESSION_KEY = "koordynator_region"
ALL_REGIONS = "all"


def resolve_region(request: HttpRequest) -> Region | None:
    """The region named by ``?region=<slug>`` (remembered in the session), else the
    session's choice, else the only region when the deployment serves just one."""
    regions = {region.slug: region for region in served_regions()}
    requested = request.GET.get("region")
    if requested is not None:
        if requested in (ALL_REGIONS, ""):
            request.session[SESSION_KEY] = ALL_REGIONS
            return None
        if requested in regions:
            request.session[SESSION_KEY] = requested
            return regions[requested]
    remembered = request.session.get(SESSION_KEY)
    if remembered == ALL_REGIONS:
        return None
    if remembered in regions:
        return regions[remembered]
    return next(iter(regions.values())) if len(regions) == 1 else None


class RegionMiddleware:
    """Sets ``request.region``: the region public pages are scoped to, or None for all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        request.region = resolve_region(request)
        return self.get_response(request)
