from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from koordynator.registry import selectors as registry
from koordynator.registry.enums import EntityKind
from koordynator.territory import selectors as territory

from .forms import DirectoryForm

DIRECTORY_PAGE_SIZE = 20


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


@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    """The public directory of entities: one search box, the kind facet with counts."""
    form = DirectoryForm(request.GET)
    form.is_valid()
    filters = form.filters()
    entities = registry.public_entities()
    region = request.region  # type: ignore[attr-defined]
    if region is not None:
        entities = entities.filter(region=region)
    # Counts per kind for everything else the user chose.
    counted = registry.entities_filter(entities, **{**filters, "kind": None})
    kind_counts = dict(counted.order_by().values_list("kind").annotate(n=Count("id")))
    kinds = [
        (value, label, kind_counts[value])
        for value, label in EntityKind.choices
        if kind_counts.get(value)
    ]
    found = registry.entities_filter(entities, **filters) if filters["kind"] else counted
    page = Paginator(registry.entity_list_rows(found), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    facet_query = query.copy()
    facet_query.pop("kind", None)
    context = {
        "form": form,
        "page": page,
        "kinds": kinds,
        "query": query.urlencode(),
        "facet_query": facet_query.urlencode(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "portal/_directory_results.html", {**context, "swap": True})
    return render(request, "portal/directory.html", context)
