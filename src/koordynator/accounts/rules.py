"""Who may do what: the region predicates every context shares, the one permission check
that answers 404, and the rules of accounts and organisations.

A record's region is found by `region_id_of`: a Region is its own; a record with a
`region` gives it; a record whose region lies on a related record names that record in
the class attribute `region_through` (a ChangeProposal's is its entity's, a Renewal's is
its licence's...). Every region predicate refuses when there is no object: a permission
that should hold "in some region" is a separate permission over `has_staff_role_here` or
`has_coordinator_role`.
"""

from __future__ import annotations

from typing import Any

import rules
from django.http import Http404, HttpRequest

from koordynator.territory.models import Region

from .enums import Role
from .selectors import (
    has_staff_role,
    is_national_admin,
    memberships_of,
    region_ids_with_role,
)

# The roles that work on a region's records, and the one that runs a region.
STAFF = frozenset({Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF})
COORDINATOR = frozenset({Role.REGIONAL_COORDINATOR})

USE_STAFF_AREA = "accounts.use_staff_area"
LIST_ORGANISATIONS = "accounts.list_organisations"
VIEW_ORGANISATION = "accounts.view_organisation"
ADD_ORGANISATION = "accounts.add_organisation"
CHANGE_ORGANISATION = "accounts.change_organisation"
MANAGE_MEMBERSHIPS = "accounts.manage_memberships"
ISSUE_OWN_TOKEN = "accounts.issue_own_token"  # noqa: S105 (a permission name)


def region_id_of(obj: Any) -> int | None:
    """The id of the region `obj` belongs to, None for no object or no region."""
    while obj is not None:
        if isinstance(obj, Region):
            return int(obj.pk)
        through = getattr(type(obj), "region_through", None)
        if through is None:
            region_id = getattr(obj, "region_id", None)
            return int(region_id) if region_id is not None else None
        obj = getattr(obj, through)
    return None


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """404 unless the user has `perm` (on `obj`): a forbidden object looks like a missing one."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def _in_region_of(user: Any, obj: Any, roles: frozenset[str]) -> bool:
    region_id = region_id_of(obj)
    return region_id is not None and region_id in region_ids_with_role(user, roles)


@rules.predicate
def is_national_administrator(user: Any) -> bool:
    return is_national_admin(user)


@rules.predicate
def has_staff_role_here(user: Any) -> bool:
    """Coordinator or support centre staff of some region."""
    return bool(region_ids_with_role(user, STAFF))


@rules.predicate
def has_coordinator_role(user: Any) -> bool:
    """Coordinator of some region."""
    return bool(region_ids_with_role(user, COORDINATOR))


@rules.predicate
def is_staff_of_region_of(user: Any, obj: Any) -> bool:
    return _in_region_of(user, obj, STAFF)


@rules.predicate
def coordinates_region_of(user: Any, obj: Any) -> bool:
    return _in_region_of(user, obj, COORDINATOR)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    """Any staff role, national administrators included."""
    return has_staff_role(user)


@rules.predicate
def belongs_to(user: Any, organisation: Any) -> bool:
    if organisation is None:
        return False
    return any(m.organisation_id == organisation.pk for m in memberships_of(user))


@rules.predicate
def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


rules.add_perm(USE_STAFF_AREA, is_staff_member)
rules.add_perm(LIST_ORGANISATIONS, is_staff_member)
rules.add_perm(VIEW_ORGANISATION, is_national_administrator | is_staff_of_region_of | belongs_to)
rules.add_perm(ADD_ORGANISATION, is_national_administrator | has_coordinator_role)
rules.add_perm(CHANGE_ORGANISATION, is_national_administrator | coordinates_region_of)
rules.add_perm(MANAGE_MEMBERSHIPS, is_national_administrator | coordinates_region_of)
rules.add_perm(ISSUE_OWN_TOKEN, is_active_user)
