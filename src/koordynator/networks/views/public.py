"""The public page of the region's cooperation networks and partnerships."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koordynator.territory.selectors import regions_list

from .. import selectors


def networks(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    if region is None:
        return render(request, "networks/public.html", {"region": None, "regions": regions_list()})
    networks = list(selectors.public_networks(region))
    for network in networks:
        # Entities hidden from the directory are counted, not named.
        network.hidden_members = network.members_count - len(network.members.all())  # type: ignore[attr-defined]
    return render(
        request,
        "networks/public.html",
        {
            "region": region,
            "networks": networks,
            "partnerships": selectors.public_partnerships(region),
        },
    )
