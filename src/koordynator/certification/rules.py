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

from .enums import Transition
from .models import Application, Call, Licence, Renewal

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
def coordinates_region_of(user: Any, obj: CertificationObject) -> bool:
    call = _call_of(obj)
    if call is None:
        return bool(region_ids_with_role(user, {Role.REGIONAL_COORDINATOR}))
    return call.region_id in region_ids_with_role(user, {Role.REGIONAL_COORDINATOR})


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
rules.add_perm("certification.manage_call", manages)
rules.add_perm("certification.view_application", manages | represents_applicant | sits_on_board_of)
rules.add_perm("certification.apply", represents_an_entity)
rules.add_perm("certification.edit_application", represents_applicant)
rules.add_perm("certification.check_application", manages)
rules.add_perm("certification.decide_application", manages)
rules.add_perm("certification.review_application", sits_on_board_of)
rules.add_perm("certification.list_reviews", is_reviewer)
rules.add_perm("certification.view_licence", manages | represents_applicant)
rules.add_perm("certification.manage_licence", manages)
rules.add_perm("certification.renew_licence", represents_applicant)

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
