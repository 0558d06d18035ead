"""Reads of the registry, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from koordynator.accounts.enums import Role
from koordynator.accounts.selectors import memberships_of, staff_region_ids
from koordynator.core.tenancy import scope_to_regions
from koordynator.core.text import fold

from .enums import LifecycleStatus
from .models import ChangeProposal, Entity


def public_entities() -> QuerySet[Entity]:
    """What the public may see: public entities that have not closed."""
    return Entity.objects.filter(is_public=True).exclude(status=LifecycleStatus.CLOSED)


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
) -> QuerySet[Entity]:
    if q:
        for word in fold(q).split():
            entities = entities.filter(search_text__contains=word)
    if kind:
        entities = entities.filter(kind=kind)
    territory = gmina or powiat or voivodeship
    if territory:
        entities = entities.filter(gmina__code__startswith=territory)
    if has_economic_activity is not None:
        entities = entities.filter(has_economic_activity=has_economic_activity)
    if is_social_enterprise is not None:
        entities = entities.filter(is_social_enterprise=is_social_enterprise)
    if status:
        entities = entities.filter(status=status)
    if support_centre:
        entities = entities.filter(support_centre_id=support_centre)
    return entities


def entity_list_rows(entities: QuerySet[Entity]) -> QuerySet[Entity]:
    """What list pages and the API need, in a fixed number of queries."""
    return entities.select_related(
        "gmina__parent", "region__voivodeship", "support_centre"
    ).order_by("name", "id")


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
