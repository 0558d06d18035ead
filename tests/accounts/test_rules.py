"""Role × action matrix for the accounts context."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts import rules as accounts_rules
from koordynator.accounts.enums import OrganisationKind, Role
from tests.factories import OrganisationFactory, region_for, user_with_role
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]

# (action, expected set of roles allowed) on an organisation in the user's own region,
# where the user does NOT belong to that organisation.
ALLOWED_IN_OWN_REGION = {
    "accounts.use_staff_area": {"national_admin", "regional_coordinator", "support_centre_staff"},
    "accounts.list_organisations": {
        "national_admin",
        "regional_coordinator",
        "support_centre_staff",
    },
    "accounts.add_organisation": {"national_admin", "regional_coordinator"},
    "accounts.view_organisation": {
        "national_admin",
        "regional_coordinator",
        "support_centre_staff",
    },
    "accounts.change_organisation": {"national_admin", "regional_coordinator"},
    "accounts.manage_memberships": {"national_admin", "regional_coordinator"},
    "accounts.issue_own_token": set(ROLES),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED_IN_OWN_REGION))
def test_role_action_matrix_in_own_region(role, action):
    region = region_for("06")
    organisation = OrganisationFactory(region=region)
    user = user_with_role(role, region=region)
    assert user.has_perm(action, organisation) is (role in ALLOWED_IN_OWN_REGION[action])


@pytest.mark.parametrize("role", ["regional_coordinator", "support_centre_staff"])
@pytest.mark.parametrize(
    "action",
    ["accounts.view_organisation", "accounts.change_organisation", "accounts.manage_memberships"],
)
def test_regional_staff_cannot_touch_another_regions_organisation(role, action):
    user = user_with_role(role, region=region_for("06"))
    elsewhere = OrganisationFactory(region=region_for("12", slug="malopolskie"))
    assert user.has_perm(action, elsewhere) is False


def test_members_see_their_own_organisation_but_cannot_change_it():
    organisation = OrganisationFactory(kind=OrganisationKind.ENTITY)
    user = user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=organisation)
    assert user.has_perm("accounts.view_organisation", organisation)
    assert not user.has_perm("accounts.change_organisation", organisation)


@pytest.mark.parametrize("action", sorted(ALLOWED_IN_OWN_REGION))
def test_anonymous_may_do_nothing(action):
    assert AnonymousUser().has_perm(action, OrganisationFactory()) is False


def test_inactive_user_loses_every_permission():
    user = user_with_role(Role.NATIONAL_ADMIN)
    user.is_active = False
    user.save()
    assert not user.has_perm("accounts.use_staff_area")


A = accounts_rules


def records(region, people):
    """The organisation of the own region's representative; another region's, no one's."""
    organisation = people.entity_organisation if people else OrganisationFactory(region=region)
    return {"organisation": organisation}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                       on              admin coord owes pes  jst  rkres rev  anon
        A.USE_STAFF_AREA:      (None,           YES,  YES,  YES, NO,  NO,  NO,   NO,  NO),
        A.LIST_ORGANISATIONS:  (None,           YES,  YES,  YES, NO,  NO,  NO,   NO,  NO),
        A.ADD_ORGANISATION:    (None,           YES,  YES,  NO,  NO,  NO,  NO,   NO,  NO),
        A.ISSUE_OWN_TOKEN:     (None,           YES,  YES,  YES, YES, YES, YES,  YES, NO),
        A.VIEW_ORGANISATION:   ("organisation", YES,  OWN,  OWN, OWN, NO,  NO,   NO,  NO),
        A.CHANGE_ORGANISATION: ("organisation", YES,  OWN,  NO,  NO,  NO,  NO,   NO,  NO),
        A.MANAGE_MEMBERSHIPS:  ("organisation", YES,  OWN,  NO,  NO,  NO,  NO,   NO,  NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
