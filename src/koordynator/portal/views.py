from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.vary import vary_on_headers

from koordynator.certification import selectors as certification
from koordynator.events import selectors as events
from koordynator.registry import exporting, search
from koordynator.registry import rules as registry_rules
from koordynator.registry import selectors as registry
from koordynator.registry.enums import EntityKind
from koordynator.territory import selectors as territory
from koordynator.territory.http import Request

from . import structured_data
from .forms import FACET_MAX_AGE, DirectoryForm

DIRECTORY_PAGE_SIZE = 20
PROFILE_EVENTS = 5
OFFER_FACET_SIZE = 12  # the most offered products and services among the results


def home(request: Request) -> HttpResponse:
    region = request.region
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


def regions(request: Request) -> HttpResponse:
    return render(request, "portal/regions.html", {"regions": territory.regions_list()})


def directory_entities(request: Request) -> tuple[DirectoryForm, Any, dict[str, Any]]:
    """The directory's form, the public entities of the region looked at, and the
    filters the user chose (invalid ones ignored)."""
    region = request.region
    form = DirectoryForm(request.GET, region=region)
    form.is_valid()
    entities = registry.public_entities()
    if region is not None:
        entities = entities.filter(region=region)
    if form.certified_only():
        holders = certification.public_licences().order_by()
        entities = entities.filter(pk__in=holders.values("item__application__entity_id"))
    return form, entities, form.filters()


@vary_on_headers("HX-Request")
def directory(request: Request) -> HttpResponse:
    """The public directory of entities: one search box, facets with counts."""
    form, entities, filters = directory_entities(request)
    listing = registry.listing(
        entities,
        filters,
        ordering=form.ordering(),
        offer_limit=OFFER_FACET_SIZE,
        counts_max_age=FACET_MAX_AGE,
    )
    kinds = [
        (value, label, listing.kinds[value])
        for value, label in EntityKind.choices
        if listing.kinds.get(value)
    ]
    page = Paginator(listing.rows, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    certified_ids = set(
        certification.public_licences()
        .filter(item__application__entity_id__in=[entity.pk for entity in page])
        .values_list("item__application__entity_id", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    facet_query = query.copy()
    facet_query.pop("kind", None)
    offer_query = query.copy()
    offer_query.pop("offer", None)
    context = {
        "form": form,
        "page": page,
        "capped": bool(filters["q"]) and page.paginator.count >= search.MAX_RESULTS,
        "kinds": kinds,
        "certified_ids": certified_ids,
        "offers": listing.offers,
        "search_notice": listing.notice,
        "query": query.urlencode(),
        "facet_query": facet_query.urlencode(),
        "offer_query": offer_query.urlencode(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "portal/_directory_results.html", {**context, "swap": True})
    return render(request, "portal/directory.html", context)


def directory_gminas(request: Request) -> HttpResponse:
    """The gmina filter for the powiat chosen: the list and the map reload it."""
    form = DirectoryForm(request.GET, region=request.region)
    return render(request, "portal/_gmina_field.html", {"form": form})


def entity(request: Request, entity_id: int) -> HttpResponse:
    """An entity's public profile: what it offers, how to reach it, where it is."""
    found = registry.public_entity(entity_id)
    if found is None:
        raise Http404
    url = request.build_absolute_uri(reverse("portal:entity", args=[found.pk]))
    return render(
        request,
        "portal/entity.html",
        {
            "entity": found,
            "licences": certification.public_licences().filter(item__application__entity=found),
            "events": events.events_hosted_by(found)[:PROFILE_EVENTS],
            "json_ld": structured_data.json_ld(structured_data.organization(found, url=url)),
            "can_edit": request.user.has_perm(registry_rules.CHANGE_ENTITY, found),
        },
    )


OPEN_DATA_FORMATS = {
    "csv": lambda entities: exporting.csv_lines(entities, public=True),
    "json": lambda entities: exporting.json_chunks(entities, public=True),
    "geojson": exporting.geojson_chunks,
}


def open_data(request: Request) -> HttpResponse:
    """What the open data holds, its licence, and the links to download it."""
    _form, entities, filters = directory_entities(request)
    return render(
        request,
        "portal/open_data.html",
        {
            "count": registry.entities_filter(entities, **filters).count(),
            "query": request.GET.urlencode(),
            # Polish headers (a file format); what they hold in the reader's language.
            "columns": [
                (exporting.EXPORT_HEADERS[key], exporting.column_label(key))
                for key in exporting.PUBLIC_COLUMNS
            ],
            "translate_columns": translation.get_language() != "pl",
            "licence": settings.KOORDYNATOR_OPEN_DATA_LICENCE,
            "licence_url": settings.KOORDYNATOR_OPEN_DATA_LICENCE_URL,
        },
    )


def open_data_file(request: Request, extension: str) -> StreamingHttpResponse:
    """The public directory (filtered as the directory is) as CSV, JSON or GeoJSON."""
    if extension not in OPEN_DATA_FORMATS:
        raise Http404
    _form, entities, filters = directory_entities(request)
    rows = registry.entity_list_rows(registry.entities_filter(entities, **filters))
    content_type, _extension = exporting.FORMATS[extension]
    response = StreamingHttpResponse(
        OPEN_DATA_FORMATS[extension](rows.prefetch_related("sectors", "offer_tags")),
        content_type=content_type,
    )
    name = exporting.file_name(extension, prefix="podmioty-ekonomii-spolecznej")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{settings.KOORDYNATOR_OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Cache-Control"] = "public, max-age=300"
    return response
