"""Who may do what with the regional committee.

The regional centre's coordinators run their region's committee: its record, members,
sittings, agenda, attendance, votes and minutes; national administrators run every
region's. Support centres' staff see the staff pages of their region without changing
anything. Committee members (the role, or a current member record linked to their
account) read their committee's materials: sittings, documents, draft minutes. The
public sees the committee page, the composition, the register and approved minutes,
which needs no rule.

A committee's records lead to its region through their committee, sitting or agenda item
(`region_through` on the models).
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.rules import (
    coordinates_region_of,
    has_staff_role_here,
    is_national_administrator,
    is_staff_of_region_of,
    region_id_of,
)

from .selectors import member_region_ids

USE_STAFF_PAGES = "committee.use_staff_pages"
USE_MEMBER_PAGES = "committee.use_member_pages"
# The object is the Region the committee is created for.
CREATE_COMMITTEE = "committee.create_committee"
# The object is the committee or any of its records (member, sitting, resolution, minutes).
VIEW_COMMITTEE = "committee.view_committee"
MANAGE_COMMITTEE = "committee.manage_committee"
READ_MATERIALS = "committee.read_materials"


@rules.predicate
def sits_on_committee_of(user: Any, obj: Any) -> bool:
    region_id = region_id_of(obj)
    return region_id is not None and region_id in member_region_ids(user)


@rules.predicate
def is_committee_member(user: Any) -> bool:
    return bool(member_region_ids(user))


is_admin = is_national_administrator

rules.add_perm(USE_STAFF_PAGES, is_admin | has_staff_role_here)
rules.add_perm(USE_MEMBER_PAGES, is_committee_member)
rules.add_perm(CREATE_COMMITTEE, is_admin | coordinates_region_of)
rules.add_perm(VIEW_COMMITTEE, is_admin | is_staff_of_region_of)
rules.add_perm(MANAGE_COMMITTEE, is_admin | coordinates_region_of)
rules.add_perm(READ_MATERIALS, is_admin | is_staff_of_region_of | sits_on_committee_of)
