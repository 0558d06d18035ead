"""Who may do what in the registry."""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import is_national_administrator, is_regional_coordinator
from koordynator.accounts.selectors import region_ids_with_role

from .enums import LifecycleStatus
from .models import ChangeProposal, Entity
from .selectors import represented_organisation_ids

STAFF = {Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
COORDINATOR = {Role.REGIONAL_COORDINATOR}


@rules.predicate
def is_public_entity(user: Any, entity: Entity | None) -> bool:
    return entity is not None and entity.is_public and entity.status != LifecycleStatus.CLOSED


@rules.predicate
def is_regional_staff_of(user: Any, entity: Entity | None) -> bool:
    return entity is not None and entity.region_id in region_ids_with_role(user, STAFF)


@rules.predicate
def coordinates_region_of(user: Any, obj: Entity | ChangeProposal | None) -> bool:
    if obj is None:
        return False
    region_id = obj.entity.region_id if isinstance(obj, ChangeProposal) else obj.region_id
    return region_id in region_ids_with_role(user, COORDINATOR)


@rules.predicate
def represents(user: Any, entity: Entity | None) -> bool:
    return (
        entity is not None
        and entity.organisation_id is not None
        and entity.organisation_id in represented_organisation_ids(user)
    )


@rules.predicate
def has_regional_staff_role(user: Any) -> bool:
    return bool(region_ids_with_role(user, STAFF))


rules.add_perm(
    "registry.view_entity",
    is_public_entity | is_national_administrator | is_regional_staff_of | represents,
)
rules.add_perm("registry.view_internal_fields", is_national_administrator | is_regional_staff_of)
rules.add_perm("registry.list_entities", is_national_administrator | has_regional_staff_role)
rules.add_perm("registry.add_entity", is_national_administrator | has_regional_staff_role)
rules.add_perm("registry.change_entity", is_national_administrator | is_regional_staff_of)
rules.add_perm("registry.delete_entity", is_national_administrator | coordinates_region_of)
rules.add_perm("registry.merge_entities", is_national_administrator | coordinates_region_of)
rules.add_perm("registry.restore_entity_version", is_national_administrator | coordinates_region_of)
rules.add_perm("registry.view_history", is_national_administrator | is_regional_staff_of)
rules.add_perm("registry.propose_change", represents)
rules.add_perm("registry.decide_proposal", is_national_administrator | coordinates_region_of)
rules.add_perm("registry.import_entities", is_national_administrator | has_regional_staff_role)
rules.add_perm("registry.export_entities", is_national_administrator | has_regional_staff_role)


@rules.predicate
def is_staff_of_region(user: Any, region: Any) -> bool:
    return region is not None and region.pk in region_ids_with_role(user, STAFF)


# The object is the Region that a new entity's gmina lies in.
rules.add_perm("registry.add_entity_in_region", is_national_administrator | is_staff_of_region)

rules.add_perm("registry.list_proposals", is_national_administrator | is_regional_coordinator)
