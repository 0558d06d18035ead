"""Who may do what in the certification cycle.

The regional centre's coordinators run their region's calls (formal checks, decisions,
licences); national administrators run everyone's. An entity's representatives apply for
it and renew its licences. Board members review the applications of their calls.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import Role
from koordynator.accounts.rules import (
    coordinates_region_of,
    has_coordinator_role,
    is_national_administrator,
)
from koordynator.accounts.selectors import region_ids_with_role
from koordynator.registry.selectors import represented_organisation_ids

from .enums import Transition
from .models import Application, Call, Licence, Renewal

# The staff pages (calls, applications, licences) of some region; no object.
USE_STAFF_PAGES = "certification.use_staff_pages"
# The object is the Call, or an Application, Licence or Renewal of it.
MANAGE_CALL = "certification.manage_call"
VIEW_APPLICATION = "certification.view_application"
APPLY = "certification.apply"
EDIT_APPLICATION = "certification.edit_application"
CHECK_APPLICATION = "certification.check_application"
DECIDE_APPLICATION = "certification.decide_application"
REVIEW_APPLICATION = "certification.review_application"
LIST_REVIEWS = "certification.list_reviews"
VIEW_LICENCE = "certification.view_licence"
MANAGE_LICENCE = "certification.manage_licence"
RENEW_LICENCE = "certification.renew_licence"

CertificationObject = Call | Application | Licence | Renewal | None


def _call_of(obj: CertificationObject) -> Call | None:
    if isinstance(obj, Renewal):
        obj = obj.licence
    if isinstance(obj, Licence):
        obj = obj.item.application
    if isinstance(obj, Application):
        return obj.call
    return obj


def _application_of(obj: CertificationObject) -> Application | None:
    if isinstance(obj, Renewal):
        obj = obj.licence
    if isinstance(obj, Licence):
        return obj.item.application
    return obj if isinstance(obj, Application) else None


@rules.predicate
def represents_applicant(user: Any, obj: CertificationObject) -> bool:
    application = _application_of(obj)
    if application is None:
        return False
    organisation_id = application.entity.organisation_id
    return organisation_id is not None and organisation_id in represented_organisation_ids(user)


@rules.predicate
def represents_an_entity(user: Any) -> bool:
    return bool(represented_organisation_ids(user))


@rules.predicate
def sits_on_board_of(user: Any, obj: CertificationObject) -> bool:
    call = _call_of(obj)
    if call is None or not getattr(user, "is_authenticated", False):
        return False
    return call.reviewers.filter(pk=user.pk).exists()


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return bool(region_ids_with_role(user, {Role.REVIEWER}))


manages = is_national_administrator | coordinates_region_of
rules.add_perm(USE_STAFF_PAGES, is_national_administrator | has_coordinator_role)
rules.add_perm(MANAGE_CALL, manages)
rules.add_perm(VIEW_APPLICATION, manages | represents_applicant | sits_on_board_of)
rules.add_perm(APPLY, represents_an_entity)
rules.add_perm(EDIT_APPLICATION, represents_applicant)
rules.add_perm(CHECK_APPLICATION, manages)
rules.add_perm(DECIDE_APPLICATION, manages)
rules.add_perm(REVIEW_APPLICATION, sits_on_board_of)
rules.add_perm(LIST_REVIEWS, is_reviewer)
rules.add_perm(VIEW_LICENCE, manages | represents_applicant)
rules.add_perm(MANAGE_LICENCE, manages)
rules.add_perm(RENEW_LICENCE, represents_applicant)

# The permission each named move of an application needs.
TRANSITION_PERMISSIONS: dict[str, str] = {
    Transition.SUBMIT: "certification.edit_application",
    Transition.REQUEST_CORRECTION: "certification.check_application",
    Transition.ACCEPT_FORMALLY: "certification.check_application",
    Transition.REJECT_FORMALLY: "certification.check_application",
    Transition.START_REVIEW: "certification.check_application",
    Transition.GRANT: "certification.decide_application",
    Transition.REFUSE: "certification.decide_application",
}
