"""What the staff pages of every context share: a permission check that answers 404 like
a missing object, and the region a page is about."""

from typing import Any

from django.http import Http404, HttpRequest

from koordynator.territory.models import Region

from .selectors import regions_for_staff


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """404 unless the user has `perm` (on `obj`): a forbidden page looks like a missing one."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def staff_regions(request: HttpRequest) -> list[Region]:
    return list(regions_for_staff(request.user))


def chosen_region(request: HttpRequest) -> Region:
    """The region a page is about: ``?in=<slug>`` among the user's, else the first."""
    regions = staff_regions(request)
    if not regions:
        raise Http404
    slug = request.GET.get("in") or request.POST.get("in") or ""
    return next((region for region in regions if region.slug == slug), regions[0])
