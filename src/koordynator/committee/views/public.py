"""Public pages of the committee: the region's committee (founding act, rules, current
members by sector, this and last year's sittings with their approved minutes), the
register of adopted resolutions and opinions, each one's page and files, and the PDF of
approved minutes. Nothing here needs a login."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koordynator.core.http import stored_file_response
from koordynator.territory.selectors import regions_list

from .. import selectors
from ..documents import minutes_pdf as render_minutes_pdf
from ..forms import RegisterForm
from ..models import Committee, roman

PAGE_SIZE = 50


def committee_page(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    if region is None:
        return render(request, "committee/public.html", {"region": None, "regions": regions_list()})
    committee = selectors.committee_of_region(region)
    context: dict[str, object] = {"region": region, "committee": committee}
    if committee is not None:
        this_year = timezone.localdate().year
        members = list(selectors.current_members(committee))
        context.update(
            {
                "officers": selectors.officers(members),
                "sectors": selectors.by_sector(members),
                "member_count": len(members),
                "sittings": list(selectors.public_sittings(committee, [this_year - 1, this_year])),
                "years": (this_year - 1, this_year),
            }
        )
    return render(request, "committee/public.html", context)


def register(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    form = RegisterForm(request.GET or None, years=selectors.resolution_years(region))
    filters = form.cleaned_data if form.is_valid() else {}
    resolutions = selectors.public_resolutions(
        region=region,
        year=filters.get("year"),
        kind=filters.get("kind", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "committee/register.html",
        {
            "form": form,
            "page": page,
            "region": region,
            "is_filtered": any(filters.values()),
            "query": query.urlencode(),
        },
    )


def resolution_detail(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = selectors.public_resolution(resolution_id)
    if resolution is None:
        raise Http404
    minutes = selectors.minutes_of(resolution.sitting)
    return render(
        request,
        "committee/resolution_public.html",
        {
            "resolution": resolution,
            "attachments": list(resolution.attachments.all()),
            "minutes_approved": minutes is not None and minutes.is_approved,
        },
    )


def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = selectors.attachment_for(request.user, attachment_id)
    if attachment is None:
        raise Http404
    return stored_file_response(
        attachment.file,
        attachment.file_name,
        private=attachment.resolution.status != "adopted",
    )


def rules_file(request: HttpRequest, committee_id: int) -> FileResponse:
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None or not committee.rules_document:
        raise Http404
    return stored_file_response(
        committee.rules_document, committee.rules_document_name, private=False
    )


def minutes_pdf(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """Approved minutes for everybody; draft minutes, marked as drafts, for the staff
    and the members of the committee."""
    sitting = selectors.approved_minutes_sitting(sitting_id) or selectors.sitting_for_reader(
        request.user, sitting_id
    )
    minutes = selectors.minutes_of(sitting) if sitting is not None else None
    if sitting is None or minutes is None:
        raise Http404
    response = HttpResponse(render_minutes_pdf(sitting, minutes), content_type="application/pdf")
    suffix = "" if minutes.is_approved else "-projekt"
    response["Content-Disposition"] = (
        f'inline; filename="protokol-{roman(sitting.number)}{suffix}.pdf"'
    )
    if not minutes.is_approved:
        response["Cache-Control"] = "private, no-store"
    return response
