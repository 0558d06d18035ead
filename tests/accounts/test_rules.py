"""Role × action matrix for the accounts context."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import OrganisationKind, Role
from tests.factories import OrganisationFactory, region_for, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]

# (action, expected set of roles allowed) on an organisation in the user's own region,
# where the user does NOT belong to that organisation.
MATRIX = {
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
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_action_matrix_in_own_region(role, action):
    region = region_for("06")
    organisation = OrganisationFactory(region=region)
    user = user_with_role(role, region=region)
    assert user.has_perm(action, organisation) is (role in MATRIX[action])


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


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_anonymous_may_do_nothing(action):
    assert AnonymousUser().has_perm(action, OrganisationFactory()) is False


def test_inactive_user_loses_every_permission():
    user = user_with_role(Role.NATIONAL_ADMIN)
    user.is_active = False
    user.save()
    assert not user.has_perm("accounts.use_staff_area")
