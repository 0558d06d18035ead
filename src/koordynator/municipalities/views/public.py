"""The public page of the region's local governments: the share that used social
clauses per year and the coverage of local plans; and the plans' public documents."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from koordynator.territory.selectors import regions_list

from .. import selectors
from .common import indicators_context


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def local_governments(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    if region is None:
        return render(
            request, "municipalities/public.html", {"region": None, "regions": regions_list()}
        )
    context = indicators_context(region, _year(request))
    context["plans"] = selectors.public_plans(region)
    return render(request, "municipalities/public.html", context)


def plan_file(request: HttpRequest, plan_id: int, field: str) -> FileResponse:
    """A plan's diagnosis or document: public once the plan is past its draft; staff of
    the region see drafts' files too."""
    if field not in ("diagnosis", "document"):
        raise Http404
    plan = selectors.public_plan(plan_id) or selectors.plan_for_staff(request.user, plan_id)
    if plan is None or not getattr(plan, field):
        raise Http404
    stored = getattr(plan, field)
    name = getattr(plan, f"{field}_name") or stored.name.rsplit("/", 1)[-1]
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)
