"""The public map of entities: the page and the data it loads (portal/mapping.py)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from koordynator.registry import selectors as registry
from koordynator.registry.enums import EntityKind
from koordynator.territory.http import Request

from . import mapping
from .forms import DirectoryForm
from .views import directory_entities

# Public data that changes a few times a day: a minute in caches spares the database when
# many people pan over the same area, and edits still show up soon.
MAP_DATA_MAX_AGE = 60


def _list_query(request: Request) -> str:
    """The filters of this request as a query string for the directory (the list)."""
    query = request.GET.copy()
    for name in ("page", "zoom", "bbox"):
        query.pop(name, None)
    return query.urlencode()


@require_safe
def entity_map(request: Request) -> HttpResponse:
    form = DirectoryForm(request.GET, region=request.region)
    form.is_valid()
    return render(
        request,
        "portal/map.html",
        {
            "form": form,
            "query": _list_query(request),
            "kind_labels": {value: str(label) for value, label in EntityKind.choices},
            "map_messages": {
                "loading": gettext("Loading the map…"),
                "failed": gettext(
                    "The map data could not be loaded. Try again in a moment, or use the list."
                ),
                "inView": gettext("In this part of the map: %(count)s."),
                "truncated": gettext(
                    "Only the first %(count)s are shown here; zoom in to see the rest."
                ),
                "cluster": gettext("Group of entities: %(count)s. Press Enter to zoom in."),
                "zoomIn": gettext("Zoom in"),
                "zoomOut": gettext("Zoom out"),
                "close": gettext("Close"),
            },
        },
    )


@require_safe
def entity_map_data(request: Request) -> HttpResponse:
    """JSON for the map: the directory's filters plus `zoom` and `bbox`."""
    try:
        query = mapping.map_query_parse(request.GET)
    except mapping.MapQueryError as error:
        return JsonResponse({"error": error.message, "field": error.field}, status=400)
    _form, entities, filters = directory_entities(request)
    entities = registry.entities_filter(entities, **filters)
    data = mapping.map_data(entities, query)
    data["summary"] = _summary(total=data["total"], unlocated=data["unlocated"])
    response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
    patch_cache_control(response, public=True, max_age=MAP_DATA_MAX_AGE)
    return response


def _summary(*, total: int, unlocated: int) -> str:
    """The page's status line, translated here because it needs plural forms."""
    found = ngettext("%(count)s entity matches.", "%(count)s entities match.", total) % {
        "count": number_format(total, force_grouping=True)
    }
    if not unlocated:
        return found
    missing = ngettext(
        "%(count)s of them has no known location and is not on the map.",
        "%(count)s of them have no known location and are not on the map.",
        unlocated,
    ) % {"count": number_format(unlocated, force_grouping=True)}
    return f"{found} {missing}"
