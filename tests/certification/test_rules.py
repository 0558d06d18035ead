"""Who may do what in the certification cycle: role × action, in the own region and
another."""

import pytest

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.certification import rules as certification_rules
from koordynator.certification.models import Licence
from tests.factories import EntityFactory, OrganisationFactory, user_with_role
from tests.factories.certification import bring_to, make_application, make_call
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

C = certification_rules


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def records(region, people):
    """A call (the own one with the reviewer on its board), an application to it (the own
    one by the representative's entity), granted, and its licence."""
    if people:
        coordinator = people.coordinator
        reviewers = [people.reviewer, user_with_role(Role.REVIEWER, region=region)]
        representative, organisation = people.representative, people.entity_organisation
    else:
        coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
        reviewers = [user_with_role(Role.REVIEWER, region=region) for _ in range(2)]
        organisation = OrganisationFactory(kind=OrganisationKind.ENTITY, region=region)
        representative = user_with_role(
            Role.ENTITY_REPRESENTATIVE, region=region, organisation=organisation
        )
    call = make_call(region=region, coordinator=coordinator, reviewers=reviewers)
    entity = EntityFactory(region=region, kind="social_cooperative", organisation=organisation)
    application = bring_to(make_application(call, representative, entity), "granted", coordinator)
    licence = Licence.objects.get(item__application=application)
    return {"call": call, "application": application, "licence": licence}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                      on             admin coord owes pes  jst rkres rev  anon
        C.USE_STAFF_PAGES:    (None,          YES,  YES,  NO,  NO,  NO, NO,   NO,  NO),
        C.APPLY:              (None,          NO,   NO,   NO,  YES, NO, NO,   NO,  NO),
        C.LIST_REVIEWS:       (None,          NO,   NO,   NO,  NO,  NO, NO,   YES, NO),
        C.MANAGE_CALL:        ("call",        YES,  OWN,  NO,  NO,  NO, NO,   NO,  NO),
        C.VIEW_APPLICATION:   ("application", YES,  OWN,  NO,  OWN, NO, NO,   OWN, NO),
        C.EDIT_APPLICATION:   ("application", NO,   NO,   NO,  OWN, NO, NO,   NO,  NO),
        C.CHECK_APPLICATION:  ("application", YES,  OWN,  NO,  NO,  NO, NO,   NO,  NO),
        C.DECIDE_APPLICATION: ("application", YES,  OWN,  NO,  NO,  NO, NO,   NO,  NO),
        C.REVIEW_APPLICATION: ("application", NO,   NO,   NO,  NO,  NO, NO,   OWN, NO),
        C.VIEW_LICENCE:       ("licence",     YES,  OWN,  NO,  OWN, NO, NO,   NO,  NO),
        C.MANAGE_LICENCE:     ("licence",     YES,  OWN,  NO,  NO,  NO, NO,   NO,  NO),
        C.RENEW_LICENCE:      ("licence",     NO,   NO,   NO,  OWN, NO, NO,   NO,  NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
