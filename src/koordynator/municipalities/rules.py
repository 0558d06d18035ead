"""Who may do what with local governments, surveys, expert support and local plans.

The regional centre's coordinators run the survey of their region (open, close, enter
paper answers, import, remind). Support centres' staff also keep expert support and local
plans and see the indicators. A local-government officer answers for their own local
government, online, while the survey is open. National administrators may do all.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import is_national_administrator
from koordynator.accounts.selectors import region_ids_with_role

from .enums import LocalGovernmentKind
from .models import LocalGovernment
from .selectors import officer_unit_ids

STAFF = {Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}
COORDINATOR = {Role.REGIONAL_COORDINATOR}


def _region_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "voivodeship_id"):  # a Region
        return int(obj.pk)
    return getattr(obj, "region_id", None)


@rules.predicate
def has_staff_role_here(user: Any) -> bool:
    return bool(region_ids_with_role(user, STAFF))


@rules.predicate
def has_coordinator_role(user: Any) -> bool:
    return bool(region_ids_with_role(user, COORDINATOR))


@rules.predicate
def is_staff_of_region_of(user: Any, obj: Any) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and region_id in region_ids_with_role(user, STAFF)


@rules.predicate
def coordinates_region_of(user: Any, obj: Any) -> bool:
    region_id = _region_id(obj)
    return region_id is not None and region_id in region_ids_with_role(user, COORDINATOR)


@rules.predicate
def is_officer_of(user: Any, local_government: LocalGovernment | None) -> bool:
    if not isinstance(local_government, LocalGovernment):
        return False
    unit_ids = officer_unit_ids(user)
    return local_government.unit_id in unit_ids or (
        local_government.kind == LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS
        and local_government.powiat_id in unit_ids
    )


@rules.predicate
def is_officer(user: Any) -> bool:
    return bool(officer_unit_ids(user))


is_admin = is_national_administrator

rules.add_perm("municipalities.use_staff_pages", is_admin | has_staff_role_here)
rules.add_perm("municipalities.view_indicators", is_admin | has_staff_role_here)
rules.add_perm("municipalities.list_surveys", is_admin | has_coordinator_role)
# The object is the Region the survey or the synchronisation is for.
rules.add_perm("municipalities.open_survey", is_admin | coordinates_region_of)
rules.add_perm("municipalities.sync_local_governments", is_admin | coordinates_region_of)
rules.add_perm("municipalities.manage_survey", is_admin | coordinates_region_of)
rules.add_perm("municipalities.enter_paper_answer", is_admin | coordinates_region_of)
rules.add_perm("municipalities.change_contact", is_admin | coordinates_region_of)
# The object is the LocalGovernment; the officer answers online (the survey must be open,
# which the service checks).
rules.add_perm("municipalities.answer_online", is_officer_of)
rules.add_perm("municipalities.answer_as_officer", is_officer)
rules.add_perm("municipalities.manage_expert_support", is_admin | is_staff_of_region_of)
rules.add_perm("municipalities.list_expert_support", is_admin | has_staff_role_here)
rules.add_perm("municipalities.manage_plans", is_admin | is_staff_of_region_of)
rules.add_perm("municipalities.list_plans", is_admin | has_staff_role_here)
