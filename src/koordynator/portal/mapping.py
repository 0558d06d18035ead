"""The public map's data: clusters counted by the database, or single points when few.

The browser sends the zoom and the visible box. When the box holds few entities (or the map
is zoomed in close) the answer lists them one by one; otherwise the database groups them on
a grid of cells about ``CELL_PIXELS`` wide on screen and returns each cell's count, centre and
bounds. A cell that holds one entity is sent as a point. Either way the answer stays a few
kilobytes, whether the registry holds a hundred entities or a hundred thousand.

Wire format (arrays keep it compact; numbers rounded to about a metre):

    {"total": int,          entities matching the filters
     "unlocated": int,      of them without coordinates, so not on the map
     "in_view": int,        of them inside the box
     "extent": [south, west, north, east] | null,   of all located matches
     "clusters": [[latitude, longitude, count, south, west, north, east], ...],
     "points": [[id, latitude, longitude, kind, name], ...],
     "truncated": bool}     true when the box held more points than ``POINTS_CAP``
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Func, Max, Min, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.utils.translation import gettext

from koordynator.registry.models import Entity

MAX_ZOOM = 20
# At or above this zoom the box is a few streets wide: always send points.
POINTS_ZOOM = 14
# A box with at most this many entities is sent as points (the browser clusters them).
POINTS_LIMIT = 1000
# Never send more points than this in one answer.
POINTS_CAP = 5000
# Width of a grid cell on screen, in pixels of a 256-pixel map tile.
CELL_PIXELS = 64
TILE_PIXELS = 256
# On the Web Mercator map a degree of latitude looks longer than a degree of longitude, by
# 1 / cos(latitude). Cells use the ratio at the middle of Poland, so they look square there and
# the grid stays the same wherever the user pans.
REFERENCE_LATITUDE = 52.0
# The grid starts at the south-west corner of the world so that cell numbers are never
# negative (then truncation and floor agree on every database).
GRID_ORIGIN_LATITUDE = -90.0
GRID_ORIGIN_LONGITUDE = -180.0


class MapQueryError(ValueError):
    """A map parameter the server cannot use; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class MapQuery:
    zoom: int
    bbox: BoundingBox | None


def map_query_parse(params: Mapping[str, str]) -> MapQuery:
    """`zoom` (a whole number 0-20, default 6) and `bbox` ("west,south,east,north" in degrees,
    as Leaflet's toBBoxString() gives it; optional) from the query string."""
    raw_zoom = (params.get("zoom") or "").strip()
    if raw_zoom:
        try:
            zoom = int(raw_zoom)
        except ValueError:
            zoom = -1
        if not 0 <= zoom <= MAX_ZOOM:
            raise MapQueryError(
                "zoom",
                gettext("zoom must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM},
            )
    else:
        zoom = 6
    raw_bbox = (params.get("bbox") or "").strip()
    return MapQuery(zoom=zoom, bbox=_bbox_parse(raw_bbox) if raw_bbox else None)


def _bbox_parse(raw: str) -> BoundingBox:
    message = gettext(
        "bbox must be four numbers in degrees: west,south,east,north, with west < east and "
        "south < north."
    )
    parts = raw.split(",")
    if len(parts) != 4:
        raise MapQueryError("bbox", message)
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise MapQueryError("bbox", message) from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise MapQueryError("bbox", message)
    # Leaflet reports longitudes beyond ±180 when the world is shown more than once.
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    if not (west < east and south < north):
        raise MapQueryError("bbox", message)
    return BoundingBox(south=south, west=west, north=north, east=east)


def cell_size(zoom: int) -> tuple[float, float]:
    """The grid cell at this zoom, (latitude, longitude) in degrees."""
    longitude = 360.0 / (TILE_PIXELS * 2**zoom) * CELL_PIXELS
    return longitude * math.cos(math.radians(REFERENCE_LATITUDE)), longitude


class _GridIndex(Func):
    """floor((value - origin) / size): the number of the grid row or column. The value is
    never below the origin, so SQLite's CAST (which truncates) gives the floor too, without
    calling back into Python for every row."""

    function = "FLOOR"
    output_field = FloatField()

    def __init__(self, field: str, origin: float, size: float) -> None:
        offset: Combinable = (F(field) - Value(origin)) / Value(size)
        super().__init__(offset)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)")


def _snap_to_grid(bbox: BoundingBox, zoom: int) -> BoundingBox:
    """The box grown to whole cells, so that every cell's count is complete and a cluster
    does not change as the user pans."""
    size_latitude, size_longitude = cell_size(zoom)

    def down(value: float, origin: float, size: float) -> float:
        return origin + math.floor((value - origin) / size) * size

    def up(value: float, origin: float, size: float) -> float:
        return origin + math.ceil((value - origin) / size) * size

    return BoundingBox(
        south=down(bbox.south, GRID_ORIGIN_LATITUDE, size_latitude),
        west=down(bbox.west, GRID_ORIGIN_LONGITUDE, size_longitude),
        north=up(bbox.north, GRID_ORIGIN_LATITUDE, size_latitude),
        east=up(bbox.east, GRID_ORIGIN_LONGITUDE, size_longitude),
    )


def _within(entities: QuerySet[Entity], bbox: BoundingBox | None) -> QuerySet[Entity]:
    if bbox is None:
        return entities
    return entities.filter(
        latitude__gte=bbox.south,
        latitude__lte=bbox.north,
        longitude__gte=bbox.west,
        longitude__lte=bbox.east,
    )


def _point_rows(located: QuerySet[Entity], limit: int) -> list[list[Any]]:
    """[id, latitude, longitude, kind, name] of entities that all have coordinates."""
    rows = located.order_by().values_list("id", "latitude", "longitude", "kind", "name")[:limit]
    return [
        [pk, round(latitude, 5), round(longitude, 5), kind, name]
        for pk, latitude, longitude, kind, name in rows
        if latitude is not None and longitude is not None
    ]


def map_data(entities: QuerySet[Entity], query: MapQuery) -> dict[str, Any]:
    """What the map shows of `entities` (already filtered and scoped to what the public may
    see) for the zoom and box in `query`; see the module's docstring for the format."""
    entities = entities.order_by()  # the model's ordering would join the GROUP BY
    totals = entities.aggregate(
        total=Count("id"),
        unlocated=Count("id", filter=Q(latitude__isnull=True) | Q(longitude__isnull=True)),
        south=Min("latitude"),
        west=Min("longitude"),
        north=Max("latitude"),
        east=Max("longitude"),
    )
    extent = None
    if totals["south"] is not None and totals["west"] is not None:
        extent = [round(totals[side], 5) for side in ("south", "west", "north", "east")]
    located = entities.filter(latitude__isnull=False, longitude__isnull=False)
    data: dict[str, Any] = {
        "total": totals["total"],
        "unlocated": totals["unlocated"],
        "in_view": 0,
        "extent": extent,
        "clusters": [],
        "points": [],
        "truncated": False,
    }
    if totals["total"] == totals["unlocated"]:
        return data

    if query.zoom >= POINTS_ZOOM:
        points = _point_rows(_within(located, query.bbox), POINTS_CAP + 1)
        data["truncated"] = len(points) > POINTS_CAP
        data["points"] = points[:POINTS_CAP]
        data["in_view"] = len(data["points"])
        return data

    bbox = _snap_to_grid(query.bbox, query.zoom) if query.bbox else None
    in_box = _within(located, bbox)
    size_latitude, size_longitude = cell_size(query.zoom)
    cells = list(
        in_box.annotate(
            row=_GridIndex("latitude", GRID_ORIGIN_LATITUDE, size_latitude),
            column=_GridIndex("longitude", GRID_ORIGIN_LONGITUDE, size_longitude),
        )
        .values("row", "column")
        .annotate(
            cell_count=Count("id"),
            centre_latitude=Avg("latitude"),
            centre_longitude=Avg("longitude"),
            cell_south=Min("latitude"),
            cell_west=Min("longitude"),
            cell_north=Max("latitude"),
            cell_east=Max("longitude"),
            first_id=Min("id"),
        )
        .values_list(
            "cell_count",
            "centre_latitude",
            "centre_longitude",
            "cell_south",
            "cell_west",
            "cell_north",
            "cell_east",
            "first_id",
        )
    )
    in_view = sum(cell[0] for cell in cells)
    data["in_view"] = in_view
    if in_view <= POINTS_LIMIT:
        data["points"] = _point_rows(in_box, POINTS_LIMIT)
        return data

    # Bounded anyway: a screen holds a few hundred cells.
    single_ids = [cell[7] for cell in cells if cell[0] == 1][:POINTS_CAP]
    singles = set(single_ids)
    data["clusters"] = [
        [
            round(latitude, 5),
            round(longitude, 5),
            count,
            round(south, 5),
            round(west, 5),
            round(north, 5),
            round(east, 5),
        ]
        for count, latitude, longitude, south, west, north, east, first in cells
        if first not in singles
    ]
    if single_ids:
        data["points"] = _point_rows(located.filter(pk__in=single_ids), POINTS_CAP)
    return data
