"""Who may do what: role × action."""

import pytest

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.municipalities import rules as municipalities_rules
from koordynator.municipalities.models import LocalGovernment
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.municipalities import local_government, local_governments_of
from tests.permissions import NO, OFFICER_UNIT, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

REGION_ACTIONS = [
    "municipalities.open_survey",
    "municipalities.manage_survey",
    "municipalities.enter_paper_answer",
    "municipalities.manage_expert_support",
    "municipalities.manage_plans",
]
EXPECTED = {
    Role.NATIONAL_ADMIN: dict.fromkeys(REGION_ACTIONS, True),
    Role.REGIONAL_COORDINATOR: dict.fromkeys(REGION_ACTIONS, True),
    Role.SUPPORT_CENTRE_STAFF: {
        "municipalities.open_survey": False,
        "municipalities.manage_survey": False,
        "municipalities.enter_paper_answer": False,
        "municipalities.manage_expert_support": True,
        "municipalities.manage_plans": True,
    },
    Role.ENTITY_REPRESENTATIVE: dict.fromkeys(REGION_ACTIONS, False),
    Role.LOCAL_GOVERNMENT_OFFICER: dict.fromkeys(REGION_ACTIONS, False),
    Role.COMMITTEE_MEMBER: dict.fromkeys(REGION_ACTIONS, False),
    Role.REVIEWER: dict.fromkeys(REGION_ACTIONS, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_action_in_own_and_other_region(role, region, other_region):
    user = user_with_role(role, region=region)
    for action, allowed in EXPECTED[role].items():
        assert user.has_perm(action, region) is allowed, action
        expected_elsewhere = allowed and role == Role.NATIONAL_ADMIN
        assert user.has_perm(action, other_region) is expected_elsewhere, action


def test_officer_answers_online_only_for_own_local_government(region):
    lg = local_government("0607052")
    other = local_government("0607062")
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    officer = user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation)
    assert officer.has_perm("municipalities.answer_online", lg)
    assert not officer.has_perm("municipalities.answer_online", other)
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    assert not coordinator.has_perm("municipalities.answer_online", lg)


def test_officer_of_a_city_with_powiat_rights_by_its_powiat_unit(region):
    lublin = local_government("0663011")
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lublin.powiat
    )
    officer = user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation)
    assert officer.has_perm("municipalities.answer_online", lublin)


M = municipalities_rules


def records(region, people):
    """The region and a local government of it (the own one the officer works for)."""
    local_governments_of(region)
    local_governments = LocalGovernment.objects.filter(region=region)
    if people:
        local_governments = local_governments.filter(unit__code=OFFICER_UNIT)
    return {"region": region, "local_government": local_governments.first()}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                          on                  admin coord owes pes jst  rkres rev anon
        M.USE_STAFF_PAGES:        (None,               YES,  YES,  YES, NO, NO,  NO,   NO, NO),
        M.VIEW_INDICATORS:        (None,               YES,  YES,  YES, NO, NO,  NO,   NO, NO),
        M.LIST_SURVEYS:           (None,               YES,  YES,  NO,  NO, NO,  NO,   NO, NO),
        M.LIST_EXPERT_SUPPORT:    (None,               YES,  YES,  YES, NO, NO,  NO,   NO, NO),
        M.LIST_PLANS:             (None,               YES,  YES,  YES, NO, NO,  NO,   NO, NO),
        M.ANSWER_AS_OFFICER:      (None,               NO,   NO,   NO,  NO, YES, NO,   NO, NO),
        M.OPEN_SURVEY:            ("region",           YES,  OWN,  NO,  NO, NO,  NO,   NO, NO),
        M.SYNC_LOCAL_GOVERNMENTS: ("region",           YES,  OWN,  NO,  NO, NO,  NO,   NO, NO),
        M.MANAGE_SURVEY:          ("region",           YES,  OWN,  NO,  NO, NO,  NO,   NO, NO),
        M.ENTER_PAPER_ANSWER:     ("region",           YES,  OWN,  NO,  NO, NO,  NO,   NO, NO),
        M.CHANGE_CONTACT:         ("region",           YES,  OWN,  NO,  NO, NO,  NO,   NO, NO),
        M.MANAGE_EXPERT_SUPPORT:  ("region",           YES,  OWN,  OWN, NO, NO,  NO,   NO, NO),
        M.MANAGE_PLANS:           ("region",           YES,  OWN,  OWN, NO, NO,  NO,   NO, NO),
        M.ANSWER_ONLINE:          ("local_government", NO,   NO,   NO,  NO, OWN, NO,   NO, NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
