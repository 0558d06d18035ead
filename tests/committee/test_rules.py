"""Who may do what with the committee: role × action, in the own region and another."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.committee import rules as committee_rules
from tests.factories import UserFactory, user_with_role
from tests.factories.committee import CommitteeFactory, MemberFactory
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

OBJECT_ACTIONS = [
    "committee.view_committee",
    "committee.manage_committee",
    "committee.read_materials",
    "committee.create_committee",
]
GLOBAL_ACTIONS = ["committee.use_staff_pages", "committee.use_member_pages"]

EXPECTED = {
    Role.NATIONAL_ADMIN: {
        "committee.view_committee": True,
        "committee.manage_committee": True,
        "committee.read_materials": True,
        "committee.create_committee": True,
        "committee.use_staff_pages": True,
        "committee.use_member_pages": False,
    },
    Role.REGIONAL_COORDINATOR: {
        "committee.view_committee": True,
        "committee.manage_committee": True,
        "committee.read_materials": True,
        "committee.create_committee": True,
        "committee.use_staff_pages": True,
        "committee.use_member_pages": False,
    },
    Role.SUPPORT_CENTRE_STAFF: {
        "committee.view_committee": True,
        "committee.manage_committee": False,
        "committee.read_materials": True,
        "committee.create_committee": False,
        "committee.use_staff_pages": True,
        "committee.use_member_pages": False,
    },
    Role.COMMITTEE_MEMBER: {
        "committee.view_committee": False,
        "committee.manage_committee": False,
        "committee.read_materials": True,
        "committee.create_committee": False,
        "committee.use_staff_pages": False,
        "committee.use_member_pages": True,
    },
    Role.ENTITY_REPRESENTATIVE: dict.fromkeys(OBJECT_ACTIONS + GLOBAL_ACTIONS, False),
    Role.LOCAL_GOVERNMENT_OFFICER: dict.fromkeys(OBJECT_ACTIONS + GLOBAL_ACTIONS, False),
    Role.REVIEWER: dict.fromkeys(OBJECT_ACTIONS + GLOBAL_ACTIONS, False),
}


def _target(action, committee):
    return committee.region if action == "committee.create_committee" else committee


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_action_in_own_and_other_region(role, region, other_region):
    committee = CommitteeFactory(region=region)
    elsewhere = CommitteeFactory(region=other_region, name="Komitet Małopolski")
    user = user_with_role(role, region=region)
    for action in GLOBAL_ACTIONS:
        assert user.has_perm(action) is EXPECTED[role][action], action
    for action in OBJECT_ACTIONS:
        allowed = EXPECTED[role][action]
        assert user.has_perm(action, _target(action, committee)) is allowed, action
        assert user.has_perm(action, _target(action, elsewhere)) is (
            allowed and role == Role.NATIONAL_ADMIN
        ), action


def test_records_of_a_committee_follow_its_region(region, other_region):
    member = MemberFactory(committee=CommitteeFactory(region=region))
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    stranger = user_with_role(Role.REGIONAL_COORDINATOR, region=other_region)
    assert coordinator.has_perm("committee.manage_committee", member)
    assert not stranger.has_perm("committee.manage_committee", member)


def test_a_member_record_linked_to_an_account_reads_the_materials(region, other_region):
    committee = CommitteeFactory(region=region)
    user = UserFactory()
    assert not user.has_perm("committee.read_materials", committee)
    today = timezone.localdate()
    MemberFactory(
        committee=committee,
        user=user,
        term_starts_on=date(today.year - 1, 1, 1),
        term_ends_on=date(today.year + 1, 12, 31),
    )
    user = type(user).objects.get(pk=user.pk)  # a new request: nothing cached
    assert user.has_perm("committee.use_member_pages")
    assert user.has_perm("committee.read_materials", committee)
    assert not user.has_perm("committee.manage_committee", committee)
    assert not user.has_perm(
        "committee.read_materials", CommitteeFactory(region=other_region, name="Inny")
    )


def test_a_former_member_no_longer_reads_the_materials(region):
    committee = CommitteeFactory(region=region)
    user = UserFactory()
    MemberFactory(
        committee=committee,
        user=user,
        term_starts_on=date(2020, 1, 1),
        term_ends_on=date(2022, 12, 31),
    )
    assert not user.has_perm("committee.read_materials", committee)


def test_the_public_may_do_nothing_here(region):
    committee = CommitteeFactory(region=region)
    anonymous = AnonymousUser()
    for action in OBJECT_ACTIONS:
        assert not anonymous.has_perm(action, _target(action, committee))
    for action in GLOBAL_ACTIONS:
        assert not anonymous.has_perm(action)


C = committee_rules


def records(region, people):
    committee = CommitteeFactory(region=region, name=f"Komitet {region.slug}")
    return {"committee": committee, "member": MemberFactory(committee=committee), "region": region}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                    on           admin coord owes pes jst rkres rev anon
        C.USE_STAFF_PAGES:  (None,        YES,  YES,  YES, NO, NO, NO,   NO, NO),
        C.USE_MEMBER_PAGES: (None,        NO,   NO,   NO,  NO, NO, YES,  NO, NO),
        C.CREATE_COMMITTEE: ("region",    YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.VIEW_COMMITTEE:   ("committee", YES,  OWN,  OWN, NO, NO, NO,   NO, NO),
        C.MANAGE_COMMITTEE: ("member",    YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.READ_MATERIALS:   ("committee", YES,  OWN,  OWN, NO, NO, OWN,  NO, NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
