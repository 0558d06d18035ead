"""/api/v1/entities: the registry over HTTP. Validation is EntityForm's, as on the web."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel

from koordynator.accounts.auth import public_or_token, token_auth
from koordynator.accounts.selectors import staff_region_ids
from koordynator.core.api import (
    DomainValidationError,
    NoticedPagination,
    Page,
    Quantity,
    SmallQuantity,
)

from . import selectors, services
from .forms import EntityForm, form_data_from
from .models import Entity
from .rules import (
    ADD_ENTITY,
    ADD_ENTITY_IN_REGION,
    CHANGE_ENTITY,
    DELETE_ENTITY,
    PROPOSE_CHANGE,
    VIEW_INTERNAL_FIELDS,
)

router = Router(tags=["registry"])


class Location(BaseModel):
    lat: float
    lon: float
    source: str


class GminaOut(BaseModel):
    code: str
    name: str


# pydantic's own model, not ninja's Schema: entity_out gives it values as they are, and a
# Schema would first wrap every value to read it from a model. (A comment, not a docstring:
# the docstring would be the schema's description in the OpenAPI document.)
class EntityOut(BaseModel):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    founder_type: str
    is_reintegration_entity: bool
    description: str
    offer: str
    offer_tags: list[str]
    sectors: list[str]
    main_pkd: str
    nip: str
    regon: str
    krs: str
    address: str
    postal_code: str
    locality: str
    gmina: GminaOut
    powiat: str
    voivodeship: str
    location: Location | None
    email: str
    phone: str
    website: str
    has_paid_activity: bool
    has_economic_activity: bool
    is_social_enterprise: bool
    year_founded: int | None
    status: str
    status_since: date | None
    employees_total: int | None = Field(default=None, description="Staff and the entity only")
    employees_at_risk: int | None = Field(default=None, description="Staff and the entity only")
    employees_disabled: int | None = Field(default=None, description="Staff and the entity only")
    reintegration_participants: int | None = Field(
        default=None, description="Staff and the entity only"
    )
    support_centre: str | None = Field(default=None, description="Staff and the entity only")
    is_public: bool | None = Field(default=None, description="Staff and the entity only")


INTERNAL_FIELDS = (
    "employees_total",
    "employees_at_risk",
    "employees_disabled",
    "reintegration_participants",
    "support_centre",
    "is_public",
)


def entity_out(
    entity: Entity, *, internal: bool, labels: selectors.Labels | None = None
) -> EntityOut:
    """The API's view of an entity. Its `labels` are read from its prefetched tags and
    sectors unless given (selectors.entity_labels)."""
    if labels is None:
        labels = selectors.Labels(
            [tag.name for tag in entity.offer_tags.all()],
            [sector.code for sector in entity.sectors.all()],
        )
    out = EntityOut(
        id=entity.pk,
        name=entity.name,
        short_name=entity.short_name,
        kind=entity.kind,
        kind_label=entity.get_kind_display(),
        founder_type=entity.founder_type,
        is_reintegration_entity=entity.is_reintegration_entity,
        description=entity.description,
        offer=entity.offer,
        offer_tags=labels.offer_tags,
        sectors=labels.sectors,
        main_pkd=entity.main_pkd,
        nip=entity.nip,
        regon=entity.regon,
        krs=entity.krs,
        address=entity.address,
        postal_code=entity.postal_code,
        locality=entity.locality,
        gmina=GminaOut(code=entity.gmina.code, name=entity.gmina.name),
        powiat=entity.gmina.code[:4],
        voivodeship=entity.gmina.code[:2],
        location=(
            Location(lat=entity.latitude, lon=entity.longitude, source=entity.location_source)
            if entity.latitude is not None and entity.longitude is not None
            else None
        ),
        email=entity.email,
        phone=entity.phone,
        website=entity.website,
        has_paid_activity=entity.has_paid_activity,
        has_economic_activity=entity.has_economic_activity,
        is_social_enterprise=entity.is_social_enterprise,
        year_founded=entity.year_founded,
        status=entity.status,
        status_since=entity.status_since,
    )
    if internal:
        # Set, not defaulted: what a public view leaves unset, the JSON export leaves out.
        out.employees_total = entity.employees_total
        out.employees_at_risk = entity.employees_at_risk
        out.employees_disabled = entity.employees_disabled
        out.reintegration_participants = entity.reintegration_participants
        out.support_centre = entity.support_centre.name if entity.support_centre else None
        out.is_public = entity.is_public
    return out


def _internal_checker(request: HttpRequest) -> Callable[[Entity], bool]:
    """A cheap per-item test of whether the caller sees internal fields."""
    region_ids = staff_region_ids(request.user)
    organisation_ids = selectors.represented_organisation_ids(request.user)
    return lambda entity: (
        region_ids is None
        or entity.region_id in region_ids
        or (entity.organisation_id is not None and entity.organisation_id in organisation_ids)
    )


class EntityFilters(Schema):
    q: str | None = Field(
        None, max_length=200, description="words of the name, place or identifier"
    )
    kind: str | None = None
    voivodeship: str | None = Field(None, pattern=r"^\d{2}$")
    powiat: str | None = Field(None, pattern=r"^\d{4}$")
    gmina: str | None = Field(None, pattern=r"^\d{7}$")
    has_economic_activity: bool | None = None
    is_social_enterprise: bool | None = None
    status: str | None = None
    sector: str | None = Field(None, pattern=r"^\d{2}$", description="PKD division, e.g. '56'")
    offer_tag: str | None = Field(
        None, max_length=80, description="a product or service, by its tag's slug: 'catering'"
    )


class EntityIn(Schema):
    name: str
    kind: str
    gmina: str = Field(description="TERYT code of the gmina (7 digits)")
    short_name: str = ""
    founder_type: str = ""
    description: str = ""
    offer: str = ""
    offer_tags: list[str] = []
    sectors: list[str] = Field([], description="PKD divisions, e.g. ['56', '88']")
    main_pkd: str = ""
    nip: str = ""
    regon: str = ""
    krs: str = ""
    address: str = ""
    postal_code: str = ""
    locality: str = ""
    latitude: float | None = None
    longitude: float | None = None
    email: str = ""
    phone: str = ""
    website: str = ""
    has_paid_activity: bool = False
    has_economic_activity: bool = False
    employees_total: Quantity | None = None
    employees_at_risk: Quantity | None = None
    employees_disabled: Quantity | None = None
    reintegration_participants: Quantity | None = None
    year_founded: SmallQuantity | None = None
    status: str = "active"
    status_since: date | None = None
    is_public: bool = True


class EntityPatch(Schema):
    name: str | None = None
    kind: str | None = None
    gmina: str | None = None
    short_name: str | None = None
    founder_type: str | None = None
    description: str | None = None
    offer: str | None = None
    offer_tags: list[str] | None = None
    sectors: list[str] | None = None
    main_pkd: str | None = None
    nip: str | None = None
    regon: str | None = None
    krs: str | None = None
    address: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    has_paid_activity: bool | None = None
    has_economic_activity: bool | None = None
    employees_total: Quantity | None = None
    employees_at_risk: Quantity | None = None
    employees_disabled: Quantity | None = None
    reintegration_participants: Quantity | None = None
    year_founded: SmallQuantity | None = None
    status: str | None = None
    status_since: date | None = None
    is_public: bool | None = None


def _form_payload(values: dict[str, Any]) -> dict[str, Any]:
    """API values in the shape of EntityForm's POST data."""
    payload = {}
    for key, value in values.items():
        if isinstance(value, list):
            payload[key] = ", ".join(value)
        elif isinstance(value, bool):
            payload[key] = "on" if value else ""
        elif value is None:
            payload[key] = ""
        else:
            payload[key] = str(value)
    return payload


def _validated(payload: dict[str, Any], instance: Entity | None = None) -> dict[str, Any]:
    form = EntityForm(data=payload, instance=instance)
    if not form.is_valid():
        raise DomainValidationError(
            {field: " ".join(str(e) for e in errors) for field, errors in form.errors.items()}
        )
    return form.cleaned_data


@router.get("/entities", response=list[EntityOut], auth=[public_or_token])
@paginate(NoticedPagination)
def list_entities(request: HttpRequest, filters: Query[EntityFilters]) -> Page[EntityOut]:
    """Entities: public ones for everybody; a token adds what its roles may see."""
    arguments = filters.dict()
    q = arguments.pop("q")
    entities = selectors.entities_filter(selectors.entities_visible_to(request.user), **arguments)
    rows = selectors.entity_rows(entities, q=q, related=("gmina", "support_centre"))
    internal = _internal_checker(request)

    def convert_page(entities: list[Entity]) -> list[EntityOut]:
        # The page's tags and sectors in two plain reads, not a prefetch per queryset.
        labels = selectors.entity_labels([entity.pk for entity in entities])
        return [
            entity_out(entity, internal=internal(entity), labels=labels[entity.pk])
            for entity in entities
        ]

    notice = rows.notice if isinstance(rows, selectors.RankedEntities) else ""
    return Page(rows, convert_page=convert_page, notice=notice)


def _get_visible(request: HttpRequest, entity_id: int) -> Entity:
    entity = selectors.entity_detail(entity_id, request.user)
    if entity is None:
        raise Http404
    return entity


@router.get("/entities/{entity_id}", response=EntityOut, auth=[public_or_token])
def get_entity(request: HttpRequest, entity_id: int) -> EntityOut:
    entity = _get_visible(request, entity_id)
    return entity_out(
        entity,
        internal=request.user.has_perm(VIEW_INTERNAL_FIELDS, entity)
        or request.user.has_perm(PROPOSE_CHANGE, entity),
    )


@router.post("/entities", response={201: EntityOut}, auth=token_auth)
def create_entity(request: HttpRequest, payload: EntityIn) -> Status[EntityOut]:
    if not request.user.has_perm(ADD_ENTITY):
        raise PermissionDenied
    data = _validated(_form_payload(payload.dict()))
    if not request.user.has_perm(ADD_ENTITY_IN_REGION, services.region_of_gmina(data["gmina"])):
        raise DomainValidationError({"gmina": _("You may add entities only in your own region.")})
    entity = services.entity_create(data=data, actor=request.user)
    return Status(201, entity_out(selectors.entity_detail(entity.pk, request.user), internal=True))  # type: ignore[arg-type]


@router.patch("/entities/{entity_id}", response=EntityOut, auth=token_auth)
def update_entity(request: HttpRequest, entity_id: int, payload: EntityPatch) -> EntityOut:
    entity = _get_visible(request, entity_id)
    if not request.user.has_perm(CHANGE_ENTITY, entity):
        raise PermissionDenied
    given = payload.dict(exclude_unset=True)
    data = _validated({**form_data_from(entity), **_form_payload(given)}, instance=entity)
    if "gmina" in given and not request.user.has_perm(
        ADD_ENTITY_IN_REGION, services.region_of_gmina(data["gmina"])
    ):
        raise DomainValidationError(
            {"gmina": _("You may move entities only within your own region.")}
        )
    services.entity_update(entity=entity, data=data, actor=request.user)
    return entity_out(selectors.entity_detail(entity.pk, request.user), internal=True)  # type: ignore[arg-type]


@router.delete("/entities/{entity_id}", response={204: None}, auth=token_auth)
def delete_entity(request: HttpRequest, entity_id: int) -> HttpResponse:
    entity = _get_visible(request, entity_id)
    if not request.user.has_perm(DELETE_ENTITY, entity):
        raise PermissionDenied
    services.entity_delete(entity=entity, actor=request.user)
    return HttpResponse(status=204)
