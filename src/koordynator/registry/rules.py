"""Who may do what in the registry."""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.rules import (
    coordinates_region_of,
    has_coordinator_role,
    has_staff_role_here,
    is_national_administrator,
    is_staff_of_region_of,
)

from .enums import LifecycleStatus
from .models import Entity
from .selectors import represented_organisation_ids

VIEW_ENTITY = "registry.view_entity"
VIEW_INTERNAL_FIELDS = "registry.view_internal_fields"
LIST_ENTITIES = "registry.list_entities"
ADD_ENTITY = "registry.add_entity"
CHANGE_ENTITY = "registry.change_entity"
DELETE_ENTITY = "registry.delete_entity"
MERGE_ENTITIES = "registry.merge_entities"
RESTORE_ENTITY_VERSION = "registry.restore_entity_version"
VIEW_HISTORY = "registry.view_history"
PROPOSE_CHANGE = "registry.propose_change"
DECIDE_PROPOSAL = "registry.decide_proposal"
IMPORT_ENTITIES = "registry.import_entities"
EXPORT_ENTITIES = "registry.export_entities"
# The object is the Region that a new entity's gmina lies in.
ADD_ENTITY_IN_REGION = "registry.add_entity_in_region"
LIST_PROPOSALS = "registry.list_proposals"


@rules.predicate
def is_public_entity(user: Any, entity: Entity | None) -> bool:
    return entity is not None and entity.is_public and entity.status != LifecycleStatus.CLOSED


@rules.predicate
def represents(user: Any, entity: Entity | None) -> bool:
    return (
        entity is not None
        and entity.organisation_id is not None
        and entity.organisation_id in represented_organisation_ids(user)
    )


is_admin = is_national_administrator

rules.add_perm(VIEW_ENTITY, is_public_entity | is_admin | is_staff_of_region_of | represents)
rules.add_perm(VIEW_INTERNAL_FIELDS, is_admin | is_staff_of_region_of)
rules.add_perm(LIST_ENTITIES, is_admin | has_staff_role_here)
rules.add_perm(ADD_ENTITY, is_admin | has_staff_role_here)
rules.add_perm(CHANGE_ENTITY, is_admin | is_staff_of_region_of)
rules.add_perm(DELETE_ENTITY, is_admin | coordinates_region_of)
rules.add_perm(MERGE_ENTITIES, is_admin | coordinates_region_of)
rules.add_perm(RESTORE_ENTITY_VERSION, is_admin | coordinates_region_of)
rules.add_perm(VIEW_HISTORY, is_admin | is_staff_of_region_of)
rules.add_perm(PROPOSE_CHANGE, represents)
rules.add_perm(DECIDE_PROPOSAL, is_admin | coordinates_region_of)
rules.add_perm(IMPORT_ENTITIES, is_admin | has_staff_role_here)
rules.add_perm(EXPORT_ENTITIES, is_admin | has_staff_role_here)
rules.add_perm(ADD_ENTITY_IN_REGION, is_admin | is_staff_of_region_of)
rules.add_perm(LIST_PROPOSALS, is_admin | has_coordinator_role)
