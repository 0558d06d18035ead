"""What the staff pages of every context share: the region a page is about. (The
permission check that answers 404 is `accounts.rules.require_perm`.)"""

from django.http import Http404, HttpRequest

from koordynator.territory.models import Region

from .selectors import regions_for_staff


def staff_regions(request: HttpRequest) -> list[Region]:
    return list(regions_for_staff(request.user))


def chosen_region(request: HttpRequest) -> Region:
    """The region a page is about: ``?in=<slug>`` among the user's, else the first."""
    regions = staff_regions(request)
    if not regions:
        raise Http404
    slug = request.GET.get("in") or request.POST.get("in") or ""
    return next((region for region in regions if region.slug == slug), regions[0])
