from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koordynator.territory import selectors as territory


def home(request: HttpRequest) -> HttpResponse:
    region = request.region  # type: ignore[attr-defined]
    return render(
        request,
        "portal/home.html",
        {
            "regions": territory.regions_list(),
            "territory_counts": territory.unit_counts(
                voivodeship_code=region.code if region else None
            ),
        },
    )


def regions(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/regions.html", {"regions": territory.regions_list()})
