"""What the network pages share: a network the user may see, the region a page is
about, and private files."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control

from koordynator.accounts.selectors import regions_for_staff
from koordynator.territory.models import Region

from .. import selectors
from ..models import Network

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def staff_regions(request: HttpRequest) -> list[Region]:
    return list(regions_for_staff(request.user))


def chosen_region(request: HttpRequest) -> Region:
    """The region a page is about: ``?in=<slug>`` among the user's, else the first."""
    regions = staff_regions(request)
    if not regions:
        raise Http404
    slug = request.GET.get("in") or request.POST.get("in") or ""
    return next((region for region in regions if region.slug == slug), regions[0])


def visible_network(request: HttpRequest, network_id: int, perm: str) -> Network:
    network = selectors.network_visible_to(request.user, network_id)
    if network is None or not request.user.has_perm(perm, network):
        raise Http404
    return network


def private_file(field: Any, filename: str) -> FileResponse:
    """A stored file for the people allowed to see it: never kept by shared caches; a PDF
    opens in the browser, other documents download."""
    if not field:
        raise Http404
    suffix = PurePath(field.name).suffix.lower()
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=suffix != ".pdf",
        filename=filename or f"document{suffix}",
        content_type=CONTENT_TYPES.get(suffix),
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
