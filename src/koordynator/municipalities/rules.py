"""Who may do what with local governments, surveys, expert support and local plans.

The regional centre's coordinators run the survey of their region (open, close, enter
paper answers, import, remind). Support centres' staff also keep expert support and local
plans and see the indicators. A local-government officer answers for their own local
government, online, while the survey is open. National administrators may do all.
"""

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

from .enums import LocalGovernmentKind
from .models import LocalGovernment
from .selectors import officer_unit_ids

USE_STAFF_PAGES = "municipalities.use_staff_pages"
VIEW_INDICATORS = "municipalities.view_indicators"
LIST_SURVEYS = "municipalities.list_surveys"
# The object is the Region the survey or the synchronisation is for.
OPEN_SURVEY = "municipalities.open_survey"
SYNC_LOCAL_GOVERNMENTS = "municipalities.sync_local_governments"
MANAGE_SURVEY = "municipalities.manage_survey"
ENTER_PAPER_ANSWER = "municipalities.enter_paper_answer"
CHANGE_CONTACT = "municipalities.change_contact"
# The object is the LocalGovernment; the officer answers online (the survey must be open,
# which the service checks).
ANSWER_ONLINE = "municipalities.answer_online"
ANSWER_AS_OFFICER = "municipalities.answer_as_officer"
MANAGE_EXPERT_SUPPORT = "municipalities.manage_expert_support"
LIST_EXPERT_SUPPORT = "municipalities.list_expert_support"
MANAGE_PLANS = "municipalities.manage_plans"
LIST_PLANS = "municipalities.list_plans"


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

rules.add_perm(USE_STAFF_PAGES, is_admin | has_staff_role_here)
rules.add_perm(VIEW_INDICATORS, is_admin | has_staff_role_here)
rules.add_perm(LIST_SURVEYS, is_admin | has_coordinator_role)
rules.add_perm(OPEN_SURVEY, is_admin | coordinates_region_of)
rules.add_perm(SYNC_LOCAL_GOVERNMENTS, is_admin | coordinates_region_of)
rules.add_perm(MANAGE_SURVEY, is_admin | coordinates_region_of)
rules.add_perm(ENTER_PAPER_ANSWER, is_admin | coordinates_region_of)
rules.add_perm(CHANGE_CONTACT, is_admin | coordinates_region_of)
rules.add_perm(ANSWER_ONLINE, is_officer_of)
rules.add_perm(ANSWER_AS_OFFICER, is_officer)
rules.add_perm(MANAGE_EXPERT_SUPPORT, is_admin | is_staff_of_region_of)
rules.add_perm(LIST_EXPERT_SUPPORT, is_admin | has_staff_role_here)
rules.add_perm(MANAGE_PLANS, is_admin | is_staff_of_region_of)
rules.add_perm(LIST_PLANS, is_admin | has_staff_role_here)
