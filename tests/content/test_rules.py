"""Who may do what: a matrix of roles and actions, and what the public sees."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import User
from koordynator.content import rules as content_rules
from tests.factories import OrganisationFactory, region_for, user_with_role
from tests.factories.content import PageFactory, PostFactory
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

ROLES = [
    Role.NATIONAL_ADMIN,
    Role.REGIONAL_COORDINATOR,
    Role.SUPPORT_CENTRE_STAFF,
    Role.ENTITY_REPRESENTATIVE,
    Role.LOCAL_GOVERNMENT_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.REVIEWER,
]
EDITORS = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR}


def user_for(role: str, region=None) -> User:
    organisation = None
    if role == Role.ENTITY_REPRESENTATIVE:
        organisation = OrganisationFactory(region=region or region_for())
    if role == Role.LOCAL_GOVERNMENT_OFFICER:
        organisation = OrganisationFactory(
            kind=OrganisationKind.LOCAL_GOVERNMENT, region=region or region_for()
        )
    return user_with_role(role, region=region, organisation=organisation)


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_of_the_region_and_national_admins_edit_posts(role, region):
    user = user_for(role, region)
    draft = PostFactory(region=region, draft=True)
    allowed = role in EDITORS
    for perm in ["content.change_post", "content.publish_post", "content.delete_post"]:
        assert user.has_perm(perm, draft) is allowed, perm
    assert user.has_perm("content.view_post", draft) is allowed
    assert user.has_perm("content.list_posts") is allowed
    assert user.has_perm("content.add_post_in_region", region) is allowed
    assert user.has_perm("content.change_page_in_region", region) is allowed


def test_coordinator_of_another_region_may_not_touch_the_post(region, other_coordinator):
    post = PostFactory(region=region)
    draft = PostFactory(region=region, draft=True)
    for perm in ["content.change_post", "content.publish_post", "content.delete_post"]:
        assert not other_coordinator.has_perm(perm, post)
    assert other_coordinator.has_perm("content.view_post", post)  # as the public does
    assert not other_coordinator.has_perm("content.view_post", draft)
    assert not other_coordinator.has_perm("content.add_post_in_region", region)
    assert not other_coordinator.has_perm("content.change_page_in_region", region)
    page = PageFactory(region=region)
    assert not other_coordinator.has_perm("content.change_page_in_region", page.region)


def test_only_national_admins_edit_the_platform_pages(region, coordinator):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    assert admin.has_perm("content.change_page_in_region", None)
    assert not coordinator.has_perm("content.change_page_in_region", None)


def test_the_public_sees_published_posts_only(region):
    public = AnonymousUser()
    assert public.has_perm("content.view_post", PostFactory(region=region))
    assert not public.has_perm("content.view_post", PostFactory(region=region, draft=True))
    assert not public.has_perm("content.view_post", PostFactory(region=region, scheduled=True))
    assert not public.has_perm("content.list_posts")
    assert not public.has_perm("content.change_page_in_region", region)


C = content_rules


def records(region, people):
    return {"draft": PostFactory(region=region, draft=True), "region": region}


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                         on        admin coord owes pes jst rkres rev anon
        C.LIST_POSTS:            (None,     YES,  YES,  NO,  NO, NO, NO,   NO, NO),
        C.LIST_PAGES:            (None,     YES,  YES,  NO,  NO, NO, NO,   NO, NO),
        C.ADD_POST_IN_REGION:    ("region", YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.CHANGE_PAGE_IN_REGION: ("region", YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.VIEW_POST:             ("draft",  YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.CHANGE_POST:           ("draft",  YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.PUBLISH_POST:          ("draft",  YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
        C.DELETE_POST:           ("draft",  YES,  OWN,  NO,  NO, NO, NO,   NO, NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
