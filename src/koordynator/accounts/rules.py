"""Who may do what with accounts and organisations (predicates for the `rules` package)."""

from __future__ import annotations

from typing import Any

import rules

from .enums import Role
from .models import Organisation
from .selectors import (
    has_staff_role,
    is_national_admin,
    memberships_of,
    region_ids_with_role,
)


@rules.predicate
def is_national_administrator(user: Any) -> bool:
    return is_national_admin(user)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return has_staff_role(user)


@rules.predicate
def is_regional_coordinator(user: Any) -> bool:
    return bool(region_ids_with_role(user, {Role.REGIONAL_COORDINATOR}))


@rules.predicate
def coordinates_region_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.region_id in region_ids_with_role(user, {Role.REGIONAL_COORDINATOR})


@rules.predicate
def is_staff_in_region_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return organisation.region_id in region_ids_with_role(
        user, {Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
    )


@rules.predicate
def belongs_to(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return any(m.organisation_id == organisation.pk for m in memberships_of(user))


@rules.predicate
def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


rules.add_perm("accounts.use_staff_area", is_staff_member)
rules.add_perm("accounts.list_organisations", is_staff_member)
rules.add_perm(
    "accounts.view_organisation",
    is_national_administrator | is_staff_in_region_of | belongs_to,
)
rules.add_perm("accounts.add_organisation", is_national_administrator | is_regional_coordinator)
rules.add_perm("accounts.change_organisation", is_national_administrator | coordinates_region_of)
rules.add_perm("accounts.manage_memberships", is_national_administrator | coordinates_region_of)
rules.add_perm("accounts.issue_own_token", is_active_user)
