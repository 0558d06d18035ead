"""Who may do what with the regional committee.

The regional centre's coordinators run their region's committee: its record, members,
sittings, agenda, attendance, votes and minutes; national administrators run every
region's. Support centres' staff see the staff pages of their region without changing
anything. Committee members (the role, or a current member record linked to their
account) read their committee's materials: sittings, documents, draft minutes. The
public sees the committee page, the composition, the register and approved minutes,
which needs no rule.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import is_national_administrator
from koordynator.accounts.selectors import region_ids_with_role

from .selectors import member_region_ids

STAFF = {Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
COORDINATOR = {Role.REGIONAL_COORDINATOR}


def region_id_of(obj: Any) -> int | None:
    """The region of a committee's record: a Region, a Committee, or anything that leads
    to one through its committee, sitting or agenda item."""
    if obj is None:
        return None
    if hasattr(obj, "voivodeship_id"):  # a Region
        return int(obj.pk)
    for path in ("committee", "sitting", "item"):
        if hasattr(obj, f"{path}_id"):
            return region_id_of(getattr(obj, path))
    region_id = getattr(obj, "region_id", None)
    return int(region_id) if region_id is not None else None


@rules.predicate
def has_staff_role_here(user: Any) -> bool:
    return bool(region_ids_with_role(user, STAFF))


@rules.predicate
def has_coordinator_role(user: Any) -> bool:
    return bool(region_ids_with_role(user, COORDINATOR))


@rules.predicate
def is_staff_of_region_of(user: Any, obj: Any) -> bool:
    region_id = region_id_of(obj)
    return region_id is not None and region_id in region_ids_with_role(user, STAFF)


@rules.predicate
def coordinates_region_of(user: Any, obj: Any) -> bool:
    region_id = region_id_of(obj)
    return region_id is not None and region_id in region_ids_with_role(user, COORDINATOR)


@rules.predicate
def sits_on_committee_of(user: Any, obj: Any) -> bool:
    region_id = region_id_of(obj)
    return region_id is not None and region_id in member_region_ids(user)


@rules.predicate
def is_committee_member(user: Any) -> bool:
    return bool(member_region_ids(user))


is_admin = is_national_administrator

rules.add_perm("committee.use_staff_pages", is_admin | has_staff_role_here)
rules.add_perm("committee.use_member_pages", is_committee_member)
# The object is the Region the committee is created for.
rules.add_perm("committee.create_committee", is_admin | coordinates_region_of)
# The object is the committee or any of its records (member, sitting, resolution, minutes).
rules.add_perm("committee.view_committee", is_admin | is_staff_of_region_of)
rules.add_perm("committee.manage_committee", is_admin | coordinates_region_of)
rules.add_perm("committee.read_materials", is_admin | is_staff_of_region_of | sits_on_committee_of)
