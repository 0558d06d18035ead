"""Reads of the registry, scoped to what the user may see."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, overload

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, StrIndex

from koordynator.accounts.enums import Role
from koordynator.accounts.selectors import memberships_of, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.territory.models import Region, TerritorialUnit

from . import search
from .enums import LifecycleStatus
from .models import ChangeProposal, Entity, OfferTag

# What list pages show of an entity's relations (the API needs less).
LIST_RELATED = ("gmina__parent", "region__voivodeship", "support_centre")


def public_entities() -> QuerySet[Entity]:
    """What the public may see: public entities that have not closed."""
    return Entity.objects.filter(is_public=True).exclude(status=LifecycleStatus.CLOSED)


def public_entity(entity_id: int) -> Entity | None:
    """One entity of the public directory with what its profile page shows."""
    return (
        public_entities()
        .select_related("gmina__parent__parent", "region__voivodeship")
        .prefetch_related("sectors", "offer_tags")
        .filter(pk=entity_id)
        .first()
    )


def represented_organisation_ids(user: Any) -> set[int]:
    """Organisations the user represents as an entity representative."""
    return {
        m.organisation_id
        for m in memberships_of(user)
        if m.role == Role.ENTITY_REPRESENTATIVE and m.organisation_id is not None
    }


def entities_for_staff(user: Any) -> QuerySet[Entity]:
    """Every entity of the regions the user works on as staff (none for other roles)."""
    return scope_to_regions(Entity.objects.all(), staff_region_ids(user))


def entities_visible_to(user: Any) -> QuerySet[Entity]:
    """Staff see their regions' entities, representatives their own, everyone public ones."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        return Entity.objects.all()
    visible = Q(is_public=True) & ~Q(status=LifecycleStatus.CLOSED)
    if region_ids:
        visible |= Q(region_id__in=region_ids)
    organisation_ids = represented_organisation_ids(user)
    if organisation_ids:
        visible |= Q(organisation_id__in=organisation_ids)
    return Entity.objects.filter(visible)


def entities_filter(
    entities: QuerySet[Entity],
    *,
    q: str | None = None,
    kind: str | None = None,
    voivodeship: str | None = None,
    powiat: str | None = None,
    gmina: str | None = None,
    has_economic_activity: bool | None = None,
    is_social_enterprise: bool | None = None,
    status: str | None = None,
    support_centre: int | None = None,
    sector: str | None = None,
    offer_tag: str | None = None,
) -> QuerySet[Entity]:
    if kind:
        entities = entities.filter(kind=kind)
    # Resolve territory to ids first: filtering on the entity's own indexed columns lets the
    # database use them instead of joining the territory for every row.
    if voivodeship:
        entities = entities.filter(
            region__in=Region.objects.filter(voivodeship__code=voivodeship).values("pk")
        )
    prefix = gmina or powiat
    if prefix:
        codes = TerritorialUnit.objects.filter(level="gmina", code__startswith=prefix)
        entities = entities.filter(gmina_id__in=list(codes.values_list("pk", flat=True)))
    if has_economic_activity is not None:
        entities = entities.filter(has_economic_activity=has_economic_activity)
    if is_social_enterprise is not None:
        entities = entities.filter(is_social_enterprise=is_social_enterprise)
    if status:
        entities = entities.filter(status=status)
    if support_centre:
        entities = entities.filter(support_centre_id=support_centre)
    if sector:
        entities = entities.filter(sectors__code=sector)
    if offer_tag:
        entities = entities.filter(offer_tags__slug=offer_tag)
    if q:
        entities = search_filter(entities, q)
    return entities


def search_filter(entities: QuerySet[Entity], q: str) -> QuerySet[Entity]:
    """The entities that match `q`, annotated with `search_rank` (lower ranks first)."""
    ids = search.ranked_ids(entities, q)
    if ids is None:
        return entities
    if not ids:
        return entities.none()
    # The rank is where the id stands in ",12,5,40,": one string parameter, where a CASE
    # with a branch per id would cost more to build and run than the search itself.
    ranked = Value("," + ",".join(map(str, ids)) + ",")
    rank = StrIndex(ranked, Concat(Value(","), Cast("pk", CharField()), Value(",")))
    return entities.filter(pk__in=_id_list(ids)).annotate(search_rank=rank)


def _id_list(ids: list[int]) -> RawSQL:
    """`ids` as a subquery with one parameter: `pk__in` with a list binds one per id, which
    costs more than the search at a thousand results."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def offer_tag_choices(region: Region | None) -> list[tuple[str, str]]:
    """The products and services the public entities of `region` (every region: None)
    offer, as (slug, name) by name."""
    entities = public_entities() if region is None else public_entities().filter(region=region)
    offered = Entity.offer_tags.through.objects.filter(
        offertag_id=OuterRef("pk"), entity_id__in=entities.order_by().values("pk")
    )
    return list(
        OfferTag.objects.filter(Exists(offered)).order_by("name").values_list("slug", "name")
    )


def offer_tag_counts(entities: QuerySet[Entity], *, limit: int) -> list[tuple[str, str, int]]:
    """The products and services most offered among `entities`: (slug, name, count)."""
    links = Entity.offer_tags.through.objects.filter(entity_id__in=entities.order_by().values("pk"))
    return [
        (row["offertag__slug"], row["offertag__name"], row["n"])
        for row in links.values("offertag__slug", "offertag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "offertag__name")[:limit]
    ]


class RankedEntities:
    """A search's entities, best first, for a paginator: counted by their ranked ids and
    sliced before the database is asked, so a page reads its own rows only instead of
    joining and sorting every match."""

    def __init__(self, ids: list[int], rows: QuerySet[Entity], *, notice: str = "") -> None:
        self.ids, self.rows = ids, rows
        self.notice = notice  # what the search did to find them (search.Ranking.notice)

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self[:])

    @overload
    def __getitem__(self, item: int) -> Entity: ...

    @overload
    def __getitem__(self, item: slice) -> list[Entity]: ...

    def __getitem__(self, item: int | slice) -> Entity | list[Entity]:
        if isinstance(item, int):
            return self[item : item + 1 or None][0]
        page = self.ids[item]
        found = self.rows.in_bulk(page)
        return [found[pk] for pk in page if pk in found]


def entity_rows(
    entities: QuerySet[Entity], *, q: str | None, related: tuple[str, ...] = LIST_RELATED
) -> QuerySet[Entity] | RankedEntities:
    """The rows of a list page: by name, or best match first when `q` searches (a page is
    then read by the ids found among `entities`, without their filters again)."""
    hits = search.ranked(entities, q) if q else None
    if hits is None:
        return entity_list_rows(entities, related=related)
    return RankedEntities(
        [hit.pk for hit in hits],
        entity_list_rows(Entity.objects.all(), related=related),
        notice=hits.notice,
    )


def entity_list_rows(
    entities: QuerySet[Entity], *, related: tuple[str, ...] = LIST_RELATED
) -> QuerySet[Entity]:
    """What list pages need, in a fixed number of queries."""
    order = ["name", "id"]
    if "search_rank" in entities.query.annotations:
        order.insert(0, "search_rank")
    return entities.select_related(*related).order_by(*order)


class Labels(NamedTuple):
    """An entity's products and services (tag names, by name) and sectors (PKD codes)."""

    offer_tags: list[str]
    sectors: list[str]


def entity_labels(entity_ids: list[int]) -> dict[int, Labels]:
    """The labels of a page of entities, in two plain reads: cheaper than prefetching
    their tags and sectors as model objects."""
    labels = {pk: Labels([], []) for pk in entity_ids}
    tags = Entity.offer_tags.through.objects.filter(entity_id__in=entity_ids)
    for pk, name in tags.order_by("offertag__name").values_list("entity_id", "offertag__name"):
        labels[pk].offer_tags.append(name)
    sectors = Entity.sectors.through.objects.filter(entity_id__in=entity_ids)
    for pk, code in sectors.order_by("sector_id").values_list("entity_id", "sector_id"):
        labels[pk].sectors.append(code)
    return labels


@dataclass(frozen=True)
class Listing:
    """A page's worth of filtered entities with the counts of two facets: entities per kind
    (counted as if no kind were chosen) and the products and services most offered (as if
    none were chosen), so each facet shows what choosing another value would find."""

    rows: QuerySet[Entity] | RankedEntities
    kinds: dict[str, int]
    offers: list[tuple[str, str, int]]
    notice: str = ""  # what a search did to find them (search.Ranking.notice)


def listing(
    entities: QuerySet[Entity],
    filters: dict[str, Any],
    *,
    ordering: list[str] | None,
    offer_limit: int,
    counts_max_age: int,
) -> Listing:
    """`entities` filtered by `filters` (entities_filter's arguments), in `ordering`
    (None: by name, or best match first when `q` searches), with its facets. Without a
    search the counts cover a whole region or country, tens of milliseconds each at
    100,000 entities, so they are kept `counts_max_age` seconds; a search's are always
    fresh, counted from what the search found."""
    base = entities_filter(entities, **{**filters, "q": None, "kind": None, "offer_tag": None})
    kind, offer = filters.get("kind"), filters.get("offer_tag")
    hits = search.ranked(base, filters["q"]) if filters.get("q") else None
    if hits is not None:
        return _searched_listing(hits, kind, offer, ordering=ordering, offer_limit=offer_limit)
    found = entities_filter(base, kind=kind, offer_tag=offer)

    def count() -> tuple[dict[str, int], list[tuple[str, str, int]]]:
        by_kind = entities_filter(base, offer_tag=offer).order_by().values_list("kind")
        by_offer = entities_filter(base, kind=kind)
        return (
            dict(by_kind.annotate(n=Count("id"))),
            offer_tag_counts(by_offer, limit=offer_limit),
        )

    key = hashlib.sha256(f"{base.query}|{kind}|{offer}|{offer_limit}".encode()).hexdigest()
    counted = cache.get_or_set(f"registry:facets:{key}", count, counts_max_age)
    kinds, offers = counted if counted is not None else count()
    return Listing(entity_list_rows(found).order_by(*(ordering or ["name", "id"])), kinds, offers)


def _searched_listing(
    hits: search.Ranking,
    kind: str | None,
    offer: str | None,
    *,
    ordering: list[str] | None,
    offer_limit: int,
) -> Listing:
    """A search's listing, from its hits and one read of their products and services."""
    offered: dict[int, list[tuple[str, str]]] = {hit.pk: [] for hit in hits}
    links = Entity.offer_tags.through.objects.filter(entity_id__in=_id_list(list(offered)))
    for pk, slug, name in links.values_list("entity_id", "offertag__slug", "offertag__name"):
        offered[pk].append((slug, name))
    kinds: Counter[str] = Counter()
    offers: Counter[tuple[str, str]] = Counter()
    ids = []
    for hit in hits:
        kind_chosen = kind is None or hit.kind == kind
        offer_chosen = offer is None or any(slug == offer for slug, _name in offered[hit.pk])
        if offer_chosen:
            kinds[hit.kind] += 1
        if kind_chosen:
            offers.update(offered[hit.pk])
        if kind_chosen and offer_chosen:
            ids.append(hit.pk)
    top = sorted(offers.items(), key=lambda item: (-item[1], item[0][1]))[:offer_limit]
    rows = entity_list_rows(Entity.objects.all())
    return Listing(
        rows.filter(pk__in=_id_list(ids)).order_by(*ordering)
        if ordering
        else RankedEntities(ids, rows),
        dict(kinds),
        [(slug, name, n) for (slug, name), n in top],
        notice=hits.notice,
    )


def entity_detail(entity_id: int, user: Any) -> Entity | None:
    return (
        entities_visible_to(user)
        .select_related(
            "gmina__parent__parent", "region__voivodeship", "support_centre", "organisation"
        )
        .prefetch_related("sectors", "offer_tags", "social_enterprise_statuses")
        .filter(pk=entity_id)
        .first()
    )


def pending_proposals_for_staff(user: Any) -> QuerySet[ChangeProposal]:
    region_ids = staff_region_ids(user)
    proposals = ChangeProposal.objects.filter(status="pending").select_related(
        "entity", "proposed_by"
    )
    if region_ids is None:
        return proposals
    return proposals.filter(entity__region_id__in=region_ids)


def duplicate_candidates(entity: Entity) -> QuerySet[Entity]:
    """Entities in the same region that may be the same one: same name or same identifier."""
    conditions = Q(name__iexact=entity.name)
    for field in ("nip", "regon", "krs"):
        value = getattr(entity, field)
        if value:
            conditions |= Q(**{field: value})
    return (
        Entity.objects.filter(region_id=entity.region_id).filter(conditions).exclude(pk=entity.pk)
    )


# --- Self-service of entity profiles (views/proposals.py) ------------------------------------


def entities_represented_by(user: Any) -> QuerySet[Entity]:
    """The entities whose organisation the user represents, with their proposals."""
    return (
        Entity.objects.filter(organisation_id__in=represented_organisation_ids(user))
        .select_related("gmina", "region__voivodeship")
        .prefetch_related("proposals__decided_by")  # newest first: ChangeProposal.Meta
        .order_by("name", "id")
    )


def proposals_for_staff(user: Any) -> QuerySet[ChangeProposal]:
    """Proposals of every status in the regions the user works on as staff."""
    return scope_to_regions(
        ChangeProposal.objects.select_related("entity__region", "proposed_by", "decided_by"),
        staff_region_ids(user),
        field="entity__region",
    )


# --- Staff pages of the registry (views/entities.py) -----------------------------------------


def _served_units(user: Any, level: str, region_path: str) -> QuerySet[TerritorialUnit]:
    units = TerritorialUnit.objects.filter(level=level, is_active=True)
    region_ids = staff_region_ids(user)
    if region_ids is None:
        return units.filter(**{f"{region_path}__isnull": False})
    return units.filter(**{f"{region_path}__in": region_ids})


def powiats_for_staff(user: Any) -> QuerySet[TerritorialUnit]:
    """The powiats of the regions the user works on as staff (every served one for
    national administrators), for the list filter."""
    return _served_units(user, "powiat", "parent__region").order_by("name", "code")


def gminas_for_staff(user: Any) -> QuerySet[TerritorialUnit]:
    """The gminas of the regions the user works on as staff, with their powiat, by powiat
    and name: the choices of the entity form (its validation still accepts any gmina)."""
    return (
        _served_units(user, "gmina", "parent__parent__region")
        .select_related("parent")
        .order_by("parent__name", "parent__code", "name", "code")
    )
