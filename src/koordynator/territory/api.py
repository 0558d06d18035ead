"""/api/v1/territories and /api/v1/regions: public reads of the territory."""

from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from . import selectors
from .models import Region, TerritorialUnit

router = Router(tags=["territory"])


class Location(Schema):
    lat: float
    lon: float
    source: str = Field(description="place: the locality itself; powiat/voivodeship: approximate")


class TerritoryOut(Schema):
    code: str = Field(description="TERYT code: 2 digits voivodeship, 4 powiat, 7 gmina")
    level: str
    name: str
    gmina_type: int | None = Field(None, description="1 urban, 2 rural, 3 urban-rural")
    gmina_type_label: str | None = None
    is_city_with_powiat_rights: bool
    parent: str | None = Field(None, description="TERYT code of the parent unit")
    location: Location | None

    @staticmethod
    def resolve_parent(obj: TerritorialUnit) -> str | None:
        return obj.parent.code if obj.parent_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_gmina_type_label(obj: TerritorialUnit) -> str | None:
        return obj.get_gmina_type_display() if obj.gmina_type else None

    @staticmethod
    def resolve_location(obj: TerritorialUnit) -> dict[str, object] | None:
        if obj.latitude is None or obj.longitude is None:
            return None
        return {"lat": obj.latitude, "lon": obj.longitude, "source": obj.location_source}


class TerritoryFilters(Schema):
    level: Literal["voivodeship", "powiat", "gmina"] | None = None
    parent: str | None = Field(
        None, pattern=r"^\d{2}(\d{2})?$", description="TERYT code of a voivodeship or powiat"
    )
    q: str | None = Field(
        None, max_length=100, description="beginning of a name; Polish letters optional"
    )


class RegionOut(Schema):
    code: str
    slug: str
    name: str
    coordinator_name: str

    @staticmethod
    def resolve_name(obj: Region) -> str:
        return obj.voivodeship.name


@router.get("/territories", response=list[TerritoryOut], auth=None)
@paginate
def list_territories(
    request: HttpRequest, filters: Query[TerritoryFilters]
) -> QuerySet[TerritorialUnit]:
    """Voivodeships, powiats and gminas with their TERYT codes."""
    return selectors.units_list(level=filters.level, parent=filters.parent, q=filters.q)


@router.get("/territories/{code}", response=TerritoryOut, auth=None)
def get_territory(request: HttpRequest, code: str) -> TerritorialUnit:
    unit = selectors.unit_get(code=code)
    if unit is None:
        raise Http404
    return unit


@router.get("/regions", response=list[RegionOut], auth=None)
def list_regions(request: HttpRequest) -> QuerySet[Region]:
    """The voivodeships this deployment serves."""
    return selectors.regions_list()
