"""/api/v1/networks/... and /api/v1/partnerships/..."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koordynator.accounts.enums import Role
from koordynator.accounts.services import api_token_issue
from koordynator.networks.models import Network, NetworkMember, Partnership
from tests.factories import EntityFactory, user_with_role
from tests.factories.events import EventFactory, PastEventFactory, RegistrationFactory
from tests.factories.municipalities import local_government
from tests.factories.networks import (
    MeetingFactory,
    MemberFactory,
    NetworkFactory,
    PartnershipFactory,
    PartyFactory,
    partnership_with,
)

pytestmark = pytest.mark.django_db


def bearer(user):
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_public_list_shows_public_networks_only(client, region):
    NetworkFactory(region=region, name="Sieć publiczna")
    NetworkFactory(region=region, name="Sieć wewnętrzna", is_public=False)
    NetworkFactory(region=region, name="Sieć zamknięta", active_to=date(2020, 1, 1))
    body = client.get("/api/v1/networks").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["name"], item["region"], item["kind"], item["kind_label"]) == (
        "Sieć publiczna",
        "06",
        "thematic_group",
        "grupa tematyczna",
    )
    assert item["coordinator"] == region.coordinator_name


def test_staff_token_also_lists_their_regions_others(client, region, other_region):
    NetworkFactory(region=region, name="Sieć wewnętrzna", is_public=False)
    NetworkFactory(region=other_region, name="Obca sieć wewnętrzna", is_public=False)
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    names = [item["name"] for item in client.get("/api/v1/networks", **token).json()["items"]]
    assert names == ["Sieć wewnętrzna"]


def test_network_detail_404_for_hidden_ones(client, region, network, member_user):
    hidden = NetworkFactory(region=region, is_public=False)
    assert client.get(f"/api/v1/networks/{network.pk}").status_code == 200
    response = client.get(f"/api/v1/networks/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    MemberFactory(network=hidden, entity=EntityFactory(), kind="entity")
    assert client.get(f"/api/v1/networks/{hidden.pk}", **bearer(member_user)).status_code == 404


def test_members_public_and_for_staff(client, region, network):
    MemberFactory(network=network, entity=EntityFactory(name="Podmiot jawny"))
    MemberFactory(network=network, entity=EntityFactory(name="Podmiot ukryty", is_public=False))
    MemberFactory(network=network, business=True, name="Firma", nip="7120104651")
    MemberFactory(network=network, entity=EntityFactory(name="Były"), left_on=date(2023, 1, 1))
    public = client.get(f"/api/v1/networks/{network.pk}/members").json()
    assert sorted(item["name"] for item in public["items"]) == ["Firma", "Podmiot jawny"]
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    staff = client.get(f"/api/v1/networks/{network.pk}/members", **token).json()
    assert staff["count"] == 3
    everything = client.get(f"/api/v1/networks/{network.pk}/members?former=true", **token).json()
    assert everything["count"] == 4
    business = next(item for item in everything["items"] if item["kind"] == "business")
    assert (business["nip"], business["entity"], business["left_on"]) == ("7120104651", None, None)


def test_meetings_with_counts(client, network):
    upcoming = EventFactory(title="Spotkanie przyszłe")
    RegistrationFactory.create_batch(3, event=upcoming)
    MeetingFactory(network=network, event=upcoming)
    MeetingFactory(network=network, event=PastEventFactory(title="Spotkanie dawne"))
    MeetingFactory(network=network, event=EventFactory(title="Robocze", is_published=False))
    body = client.get(f"/api/v1/networks/{network.pk}/meetings").json()
    assert [(item["title"], item["confirmed"]) for item in body["items"]] == [
        ("Spotkanie dawne", 0),
        ("Spotkanie przyszłe", 3),
    ]
    assert body["items"][1]["url"] == f"/events/{upcoming.pk}/"


def test_create_a_network_needs_a_coordinator_token(client, region, other_region):
    payload = {
        "region": "06",
        "name": "Sieć współpracy JST",
        "kind": "cooperation_platform",
        "purpose": "Sieć współpracy samorządów z PES.",
        "active_from": "2016-02-18",
    }
    assert (
        client.post("/api/v1/networks", payload, content_type="application/json").status_code == 401
    )
    owes = bearer(user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region))
    assert (
        client.post(
            "/api/v1/networks", payload, content_type="application/json", **owes
        ).status_code
        == 404
    )
    other = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=other_region))
    assert (
        client.post(
            "/api/v1/networks", payload, content_type="application/json", **other
        ).status_code
        == 404
    )
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    response = client.post("/api/v1/networks", payload, content_type="application/json", **token)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Sieć współpracy JST"
    assert Network.objects.get().kind == "cooperation_platform"
    again = client.post("/api/v1/networks", payload, content_type="application/json", **token)
    assert again.status_code == 422
    assert again.json()["errors"] == [
        {"field": "name", "message": "W tym regionie jest już sieć o tej nazwie."}
    ]


def test_add_and_remove_a_member_through_the_api(client, region, network):
    local_government("0607052")
    entity = EntityFactory()
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    url = f"/api/v1/networks/{network.pk}/members"
    response = client.post(
        url, {"kind": "entity", "entity": entity.pk}, content_type="application/json", **token
    )
    assert response.status_code == 201, response.content
    member_id = response.json()["id"]
    duplicate = client.post(
        url, {"kind": "entity", "entity": entity.pk}, content_type="application/json", **token
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["message"] == "Ta organizacja jest już członkiem sieci."
    lg = client.post(
        url,
        {"kind": "local_government", "local_government": "0607052"},
        content_type="application/json",
        **token,
    )
    assert lg.json()["local_government"] == "0607052"
    leave = f"{url}/{member_id}/leave"
    response = client.post(leave, {}, content_type="application/json", **token)
    assert response.status_code == 200
    assert response.json()["left_on"] is not None
    again = client.post(leave, {}, content_type="application/json", **token)
    assert again.status_code == 409
    assert again.json()["detail"] == "Ta organizacja już wystąpiła z sieci."
    assert NetworkMember.objects.filter(left_on__isnull=True).count() == 1


def test_members_cannot_write(client, network, member_user):
    response = client.post(
        f"/api/v1/networks/{network.pk}/members",
        {"kind": "business", "name": "Firma"},
        content_type="application/json",
        **bearer(member_user),
    )
    assert response.status_code == 404


def test_partnerships_public_and_staff(client, region):
    hidden_entity = EntityFactory(name="Podmiot ukryty", is_public=False)
    public = PartnershipFactory(region=region, title="Jawne")
    PartyFactory(partnership=public, entity=hidden_entity)
    PartyFactory(partnership=public, science=True)
    PartnershipFactory(region=region, title="Poufne", is_public=False)
    body = client.get("/api/v1/partnerships").json()
    assert [item["title"] for item in body["items"]] == ["Jawne"]
    assert body["items"][0]["parties"][0] == {
        "kind": "entity",
        "kind_label": "podmiot ekonomii społecznej (PES)",
        "name": "",
        "entity": None,
        "local_government": None,
        "nip": None,
        "website": None,
    }
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    staff = client.get("/api/v1/partnerships", **token).json()
    assert sorted(item["title"] for item in staff["items"]) == ["Jawne", "Poufne"]
    jawne = next(item for item in staff["items"] if item["title"] == "Jawne")
    assert jawne["parties"][0]["name"] == "Podmiot ukryty"


def test_partnership_status_filter(client, region):
    partnership_with(
        "business",
        region=region,
        title="Dawne",
        starts_on=date(2020, 1, 1),
        ends_on=date(2021, 1, 1),
    )
    partnership_with("business", region=region, title="Bieżące", starts_on=date(2020, 1, 1))
    titles = [
        item["title"] for item in client.get("/api/v1/partnerships?status=ended").json()["items"]
    ]
    assert titles == ["Dawne"]
    body = client.get("/api/v1/partnerships?status=active").json()
    assert [(item["title"], item["status"], item["status_label"]) for item in body["items"]] == [
        ("Bieżące", "active", "obowiązuje")
    ]


def test_partnership_counts_per_year(client, region):
    partnership_with(
        "business",
        region=region,
        signed_on=date(2023, 5, 1),
        starts_on=date(2023, 6, 1),
        ends_on=date(2024, 5, 31),
    )
    partnership_with(
        local_government(), region=region, signed_on=date(2024, 1, 5), starts_on=date(2024, 2, 1)
    )
    body = client.get("/api/v1/partnerships/counts?region=06&year=2024").json()
    assert body == [
        {
            "year": 2024,
            "active": 2,
            "business": 1,
            "science": 0,
            "local_government": 1,
            "other": 0,
            "entities": 2,
            "signed": 1,
        }
    ]
    every_year = client.get("/api/v1/partnerships/counts?region=06").json()
    assert [row["year"] for row in every_year][:2] == [2023, 2024]
    assert every_year[0]["active"] == 1
    bad = client.get("/api/v1/partnerships/counts?region=99")
    assert bad.status_code == 422


def test_create_a_partnership_through_the_api(client, region):
    local_government("0607052")
    entity = EntityFactory()
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    payload = {
        "title": "Porozumienie z gminą Kraśnik",
        "signed_on": "2024-02-01",
        "starts_on": "2024-03-01",
        "parties": [
            {"kind": "entity", "entity": entity.pk},
            {"kind": "local_government", "local_government": "0607052"},
        ],
    }
    response = client.post(
        "/api/v1/partnerships", payload, content_type="application/json", **token
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [party["kind"] for party in body["parties"]] == ["entity", "local_government"]
    assert body["status"] == "active"
    lonely = {**payload, "parties": [{"kind": "entity", "entity": entity.pk}]}
    refused = client.post("/api/v1/partnerships", lonely, content_type="application/json", **token)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "parties"
    backwards = {**payload, "ends_on": "2024-01-01"}
    refused = client.post(
        "/api/v1/partnerships", backwards, content_type="application/json", **token
    )
    assert refused.json()["errors"] == [
        {"field": "ends_on", "message": "Porozumienie nie może wygasnąć przed wejściem w życie."}
    ]
    assert Partnership.objects.count() == 1
    owes = bearer(user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region))
    assert (
        client.post(
            "/api/v1/partnerships", payload, content_type="application/json", **owes
        ).status_code
        == 404
    )


def test_end_a_partnership_twice_is_a_conflict(client, region):
    partnership = partnership_with("business", region=region, starts_on=date(2023, 1, 1))
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    url = f"/api/v1/partnerships/{partnership.pk}/end"
    response = client.post(url, {"ends_on": "2024-12-31"}, content_type="application/json", **token)
    assert response.json()["status"] == "ended"
    again = client.post(url, {}, content_type="application/json", **token)
    assert again.status_code == 409
    assert again.json()["detail"] == "Porozumienie już wygasło."


def test_list_query_count_does_not_grow(client, region):
    def count(url):
        client.get(url)  # the first request fills what is cached (the regions served)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    network = NetworkFactory(region=region)
    partnership_with("business", region=region)
    one = (count("/api/v1/networks"), count("/api/v1/partnerships"))
    for _ in range(2):
        NetworkFactory(region=region)
        partnership_with(local_government(), region=region)
    MemberFactory(network=network)
    assert (count("/api/v1/networks"), count("/api/v1/partnerships")) == one
