"""Who may do what in the certification cycle.

The regional centre's coordinators run their region's calls (formal checks, decisions,
licences); national administrators run everyone's. An entity's representatives apply for
it and renew its licences. Board members review the applications of their calls.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import is_national_administrator
from koordynator.accounts.selectors import region_ids_with_role
from koordynator.registry.selectors import represented_organisation_ids

from .models import Application, Call


def _call_of(obj: Call | Application | None) -> Call | None:
    if isinstance(obj, Application):
        return obj.call
    return obj


@rules.predicate
def coordinates_region_of(user: Any, obj: Call | Application | None) -> bool:
    call = _call_of(obj)
    if call is None:
        return bool(region_ids_with_role(user, {Role.REGIONAL_COORDINATOR}))
    return call.region_id in region_ids_with_role(user, {Role.REGIONAL_COORDINATOR})


@rules.predicate
def represents_applicant(user: Any, application: Application | None) -> bool:
    if application is None:
        return False
    organisation_id = application.entity.organisation_id
    return organisation_id is not None and organisation_id in represented_organisation_ids(user)


@rules.predicate
def sits_on_board_of(user: Any, obj: Call | Application | None) -> bool:
    call = _call_of(obj)
    if call is None or not getattr(user, "is_authenticated", False):
        return False
    return call.reviewers.filter(pk=user.pk).exists()


manages = is_national_administrator | coordinates_region_of
rules.add_perm("certification.manage_call", manages)
rules.add_perm("certification.view_application", manages | represents_applicant | sits_on_board_of)
rules.add_perm("certification.edit_application", represents_applicant)
rules.add_perm("certification.check_application", manages)
rules.add_perm("certification.decide_application", manages)
rules.add_perm("certification.review_application", sits_on_board_of)
