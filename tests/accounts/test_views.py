import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koordynator.accounts.enums import Role
from tests.factories import OrganisationFactory, region_for, user_with_role

pytestmark = pytest.mark.django_db


def names(response):
    return [organisation.name for organisation in response.context["page"]]


def test_coordinator_sees_only_their_regions_organisations(client):
    lubelskie, malopolskie = region_for("06"), region_for("12", slug="malopolskie")
    OrganisationFactory(name="A lubelska", region=lubelskie)
    OrganisationFactory(name="B małopolska", region=malopolskie)
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=lubelskie))
    assert names(client.get("/panel/organisations/")) == ["A lubelska"]


def test_national_admin_sees_all_and_filters_by_region(client):
    OrganisationFactory(name="A lubelska", region=region_for("06"))
    OrganisationFactory(name="B małopolska", region=region_for("12", slug="malopolskie"))
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    assert names(client.get("/panel/organisations/")) == ["A lubelska", "B małopolska"]
    assert names(client.get("/panel/organisations/", {"in": "malopolskie"})) == ["B małopolska"]


@pytest.mark.parametrize(
    "role", [Role.ENTITY_REPRESENTATIVE, Role.LOCAL_GOVERNMENT_OFFICER, Role.REVIEWER]
)
def test_non_staff_roles_cannot_list_organisations(client, role):
    client.force_login(user_with_role(role))
    # Forbidden pages answer like missing ones.
    assert client.get("/panel/organisations/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get("/panel/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_query_count_does_not_grow(client, count):
    region = region_for("06")
    for _ in range(count):
        OrganisationFactory(region=region)
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    client.get("/panel/organisations/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/panel/organisations/")
    assert len(response.context["page"]) == count
    # session, user, memberships, count, regions for the filter, the page (the region the
    # middleware looks for comes from the cache)
    assert len(queries) == 6


def test_dashboard_lists_roles(client):
    user = user_with_role(Role.SUPPORT_CENTRE_STAFF)
    client.force_login(user)
    response = client.get("/panel/")
    assert [m.role for m in response.context["memberships"]] == ["support_centre_staff"]


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (
            Role.REGIONAL_COORDINATOR,
            {"/panel/registry/", "/panel/registry/proposals/", "/panel/registry/import/"},
        ),
        (Role.SUPPORT_CENTRE_STAFF, {"/panel/registry/", "/panel/registry/import/"}),
        (Role.ENTITY_REPRESENTATIVE, {"/panel/my-entity/"}),
        (Role.REVIEWER, set()),
    ],
)
def test_dashboard_links_follow_the_role(client, role, links):
    client.force_login(user_with_role(role))
    html = client.get("/panel/").content.decode()
    shown = {
        link
        for link in [
            "/panel/registry/",
            "/panel/registry/proposals/",
            "/panel/registry/import/",
            "/panel/my-entity/",
        ]
        if f'href="{link}"' in html
    }
    assert shown == links
