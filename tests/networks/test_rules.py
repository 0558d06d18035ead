"""Who may do what: role × action, in the network's region and in another."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.networks import rules as networks_rules
from koordynator.networks.enums import MemberKind
from koordynator.networks.selectors import member_network_ids
from tests.factories import EntityFactory, OrganisationFactory, user_with_role
from tests.factories.municipalities import local_government
from tests.factories.networks import MemberFactory, NetworkFactory, PartnershipFactory
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

ACTIONS = [
    "networks.add_network",
    "networks.view_network",
    "networks.manage_network",
    "networks.view_documents",
    "networks.manage_partnerships",
    "networks.view_partnership",
]
NONE = dict.fromkeys(ACTIONS, False)
EXPECTED = {
    Role.NATIONAL_ADMIN: dict.fromkeys(ACTIONS, True),
    Role.REGIONAL_COORDINATOR: dict.fromkeys(ACTIONS, True),
    Role.SUPPORT_CENTRE_STAFF: {
        **NONE,
        "networks.view_network": True,
        "networks.view_documents": True,
        "networks.view_partnership": True,
    },
    Role.ENTITY_REPRESENTATIVE: NONE,
    Role.LOCAL_GOVERNMENT_OFFICER: NONE,
    Role.COMMITTEE_MEMBER: NONE,
    Role.REVIEWER: NONE,
}


def target(action, network):
    """The object an action is checked against: the region for creating, else the record."""
    return (
        network.region
        if action in ("networks.add_network", "networks.manage_partnerships")
        else network
    )


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_action_in_own_and_other_region(role, region, other_region):
    network = NetworkFactory(region=region)
    elsewhere = NetworkFactory(region=other_region)
    user = user_with_role(role, region=region)
    for action, allowed in EXPECTED[role].items():
        assert user.has_perm(action, target(action, network)) is allowed, action
        expected_elsewhere = allowed and role == Role.NATIONAL_ADMIN
        assert user.has_perm(action, target(action, elsewhere)) is expected_elsewhere, action


def test_support_centre_staff_manage_the_networks_they_coordinate(region):
    owes = OrganisationFactory(kind=OrganisationKind.SUPPORT_CENTRE, region=region)
    staff = user_with_role(Role.SUPPORT_CENTRE_STAFF, organisation=owes)
    by_organisation = NetworkFactory(region=region, coordinator_organisation=owes)
    by_person = NetworkFactory(region=region, coordinator=staff)
    someone_elses = NetworkFactory(region=region)
    assert staff.has_perm("networks.manage_network", by_organisation)
    assert staff.has_perm("networks.manage_network", by_person)
    assert not staff.has_perm("networks.manage_network", someone_elses)
    assert staff.has_perm("networks.view_network", someone_elses)
    assert not staff.has_perm("networks.add_network", region)


def test_members_read_their_network_only(network, member_user, outsider):
    other = NetworkFactory(region=network.region)
    assert member_user.has_perm("networks.view_network", network)
    assert member_user.has_perm("networks.view_documents", network)
    assert member_user.has_perm("networks.view_own_networks")
    assert not member_user.has_perm("networks.manage_network", network)
    assert not member_user.has_perm("networks.view_network", other)
    assert not outsider.has_perm("networks.view_network", network)
    assert not outsider.has_perm("networks.view_own_networks")


def test_membership_directly_by_organisation_and_by_local_government(network, region):
    owes = OrganisationFactory(kind=OrganisationKind.SUPPORT_CENTRE, region=region)
    MemberFactory(network=network, kind=MemberKind.ORGANISATION, entity=None, organisation=owes)
    owes_staff = user_with_role(Role.SUPPORT_CENTRE_STAFF, organisation=owes)
    assert member_network_ids(owes_staff) == {network.pk}
    lg = local_government("0607052")
    MemberFactory(
        network=network, kind=MemberKind.LOCAL_GOVERNMENT, entity=None, local_government=lg
    )
    officer_organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    officer = user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=officer_organisation)
    assert officer.has_perm("networks.view_documents", network)


def test_a_member_that_left_reads_no_more(network, member_entity):
    MemberFactory(network=network, entity=member_entity, left_on=date(2024, 1, 1))
    user = user_with_role(Role.ENTITY_REPRESENTATIVE, organisation=member_entity.organisation)
    assert not user.has_perm("networks.view_network", network)


def test_anonymous_may_do_nothing(network):
    anonymous = AnonymousUser()
    for action in ACTIONS:
        assert not anonymous.has_perm(action, target(action, network)), action


N = networks_rules


def records(region, people):
    """A network (the own one with the representative's entity as a member) and a
    partnership."""
    network = NetworkFactory(region=region)
    if people:
        entity = EntityFactory(region=region, organisation=people.entity_organisation)
        MemberFactory(network=network, entity=entity)
    return {"network": network, "partnership": PartnershipFactory(region=region), "region": region}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                       on             admin coord owes pes  jst rkres rev anon
        N.USE_STAFF_PAGES:     (None,          YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        N.LIST_PARTNERSHIPS:   (None,          YES,  YES,  YES, NO,  NO, NO,   NO, NO),
        N.VIEW_OWN_NETWORKS:   (None,          NO,   NO,   NO,  YES, NO, NO,   NO, NO),
        N.ADD_NETWORK:         ("region",      YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
        N.VIEW_NETWORK:        ("network",     YES,  OWN,  OWN, OWN, NO, NO,   NO, NO),
        N.MANAGE_NETWORK:      ("network",     YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
        N.VIEW_DOCUMENTS:      ("network",     YES,  OWN,  OWN, OWN, NO, NO,   NO, NO),
        N.VIEW_PARTNERSHIP:    ("partnership", YES,  OWN,  OWN, NO,  NO, NO,   NO, NO),
        N.MANAGE_PARTNERSHIPS: ("region",      YES,  OWN,  NO,  NO,  NO, NO,   NO, NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
