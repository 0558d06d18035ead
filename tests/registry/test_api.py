import pytest

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.services import api_token_issue
from koordynator.core.models import AuditEntry
from koordynator.registry.models import Entity
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Spółdzielnia Socjalna „Pod Dębem”",
    "kind": "social_cooperative",
    "founder_type": "natural_persons",
    "description": "Usługi remontowe i sprzątanie.",
    "nip": "526-000-12-46",
    "regon": "",
    "krs": "123456",
    "gmina": "0607011",
    "locality": "Kraśnik",
    "address": "ul. Lubelska 1",
    "email": "biuro@pod-debem.example",
    "website": "https://pod-debem.example",
    "sectors": ["43", "81"],
    "offer_tags": ["remonty", "sprzątanie"],
}


def token_for(role, **kwargs):
    region_for("06")  # the demo region is served
    user = user_with_role(role, **kwargs)
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_coordinator_creates_an_entity_and_it_is_audited(client):
    response = client.post(
        "/api/v1/entities",
        VALID,
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == "5260001246"
    assert body["krs"] == "0000123456"
    assert body["gmina"] == {"code": "0607011", "name": "Kraśnik"}
    assert body["powiat"] == "0607"
    assert body["location"] == {"lat": 50.9236, "lon": 22.22706, "source": "place"}
    assert sorted(body["sectors"]) == ["43", "81"]
    assert sorted(body["offer_tags"]) == ["remonty", "sprzątanie"]
    entity = Entity.objects.get()
    assert entity.region.code == "06"
    assert AuditEntry.objects.filter(
        action="registry.entity.created", object_id=str(entity.pk)
    ).exists()
    assert entity.history.count() == 1
    # The list reads labels its own way (two plain reads a page); it answers as the detail.
    listed = client.get("/api/v1/entities", {"q": "pod debem"}).json()["items"]
    assert listed == [client.get(f"/api/v1/entities/{entity.pk}").json()]
    assert listed[0]["offer_tags"] == ["remonty", "sprzątanie"]
    assert listed[0]["sectors"] == ["43", "81"]


def test_bad_identifiers_answer_422_with_every_field_and_write_nothing(client):
    bad = {**VALID, "nip": "1234567890", "regon": "12345", "gmina": "9999999", "kind": "club"}
    response = client.post(
        "/api/v1/entities",
        bad,
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["nip"] == "NIP 1234567890 ma błędną cyfrę kontrolną."
    assert set(errors) == {"nip", "regon", "gmina", "kind"}
    assert Entity.objects.count() == 0


def test_duplicate_nip_is_refused(client):
    EntityFactory(nip="5260001246")
    response = client.post(
        "/api/v1/entities",
        VALID,
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["nip"]


def test_public_list_hides_internal_fields_and_private_entities(client):
    EntityFactory(name="Jawna", employees_total=12)
    EntityFactory(name="Ukryta", is_public=False)
    EntityFactory(name="Zamknięta", status="closed")
    body = client.get("/api/v1/entities").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "Jawna"
    assert item["employees_total"] is None
    assert {"id", "name", "kind", "gmina", "location"} <= set(item)


def test_staff_list_shows_internal_fields_of_their_region(client):
    EntityFactory(name="Jawna", employees_total=12)
    EntityFactory(name="Ukryta", is_public=False)
    body = client.get("/api/v1/entities", **token_for(Role.SUPPORT_CENTRE_STAFF)).json()
    assert [(i["name"], i["employees_total"]) for i in body["items"]] == [
        ("Jawna", 12),
        ("Ukryta", None),
    ]


def test_search_pages_keep_the_rank_and_count_every_match(client):
    EntityFactory(name="Fundacja Rowerowa", description="Naprawa rowerów.")  # name + text
    EntityFactory(name="Rowerownia", kind="social_cooperative")  # the name only
    EntityFactory(name="Stowarzyszenie Lato", description="Wypożyczalnia rowerów.")
    EntityFactory(name="Fundacja Zima", description="Wycieczki rowerowe.")
    EntityFactory(name="Rowery Ukryte", is_public=False)
    EntityFactory(name="Fundacja Morze", description="Żeglarstwo.")

    def page(offset):
        body = client.get("/api/v1/entities", {"q": "rowery", "limit": 2, "offset": offset})
        return body.json()

    first, second, third = page(0), page(2), page(4)
    assert first["count"] == second["count"] == third["count"] == 4
    assert [i["name"] for i in first["items"]] == ["Fundacja Rowerowa", "Rowerownia"]
    assert {i["name"] for i in second["items"]} == {"Stowarzyszenie Lato", "Fundacja Zima"}
    assert third["items"] == []


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "spoldzielni"}, ["Spółdzielnia Socjalna Alfa"]),
        ({"kind": "foundation"}, ["Fundacja Beta"]),
        ({"gmina": "0607011"}, ["Fundacja Beta", "Spółdzielnia Socjalna Alfa"]),
        ({"powiat": "0663"}, ["Stowarzyszenie Gamma"]),
        (
            {"voivodeship": "06"},
            ["Fundacja Beta", "Spółdzielnia Socjalna Alfa", "Stowarzyszenie Gamma"],
        ),
        ({"is_social_enterprise": "true"}, ["Spółdzielnia Socjalna Alfa"]),
        ({"has_economic_activity": "false"}, ["Fundacja Beta", "Stowarzyszenie Gamma"]),
        ({"status": "suspended"}, ["Stowarzyszenie Gamma"]),
    ],
)
def test_list_filters(client, params, names):
    from koordynator.territory.models import TerritorialUnit

    EntityFactory(
        name="Spółdzielnia Socjalna Alfa",
        kind="social_cooperative",
        is_social_enterprise=True,
        has_economic_activity=True,
    )
    EntityFactory(name="Fundacja Beta", kind="foundation")
    EntityFactory(
        name="Stowarzyszenie Gamma",
        gmina=TerritorialUnit.objects.get(code="0663011"),
        status="suspended",
        is_public=True,
    )
    response = client.get("/api/v1/entities", params, **token_for(Role.REGIONAL_COORDINATOR))
    assert [item["name"] for item in response.json()["items"]] == names


def test_patch_changes_only_what_is_sent(client):
    entity = EntityFactory(name="Stara nazwa", email="a@b.example")
    response = client.patch(
        f"/api/v1/entities/{entity.pk}",
        {"name": "Nowa nazwa"},
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 200, response.content
    entity.refresh_from_db()
    assert (entity.name, entity.email) == ("Nowa nazwa", "a@b.example")
    entry = AuditEntry.objects.get(action="registry.entity.updated")
    assert entry.changes == {"name": ["Stara nazwa", "Nowa nazwa"]}


def test_patch_with_bad_value_changes_nothing(client):
    entity = EntityFactory(name="Stara nazwa")
    response = client.patch(
        f"/api/v1/entities/{entity.pk}",
        {"name": "Nowa", "nip": "111"},
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 422
    entity.refresh_from_db()
    assert entity.name == "Stara nazwa"


@pytest.mark.parametrize(
    ("role", "create", "patch", "delete"),
    [
        (Role.NATIONAL_ADMIN, 201, 200, 204),
        (Role.REGIONAL_COORDINATOR, 201, 200, 204),
        (Role.SUPPORT_CENTRE_STAFF, 201, 200, 403),
        (Role.ENTITY_REPRESENTATIVE, 403, 403, 403),
        (Role.LOCAL_GOVERNMENT_OFFICER, 403, 403, 403),
        (Role.COMMITTEE_MEMBER, 403, 403, 403),
        (Role.REVIEWER, 403, 403, 403),
    ],
)
def test_write_permission_matrix(client, role, create, patch, delete):
    headers = token_for(role)
    assert (
        client.post(
            "/api/v1/entities", VALID, content_type="application/json", **headers
        ).status_code
        == create
    )
    entity = EntityFactory()
    assert (
        client.patch(
            f"/api/v1/entities/{entity.pk}",
            {"name": "X"},
            content_type="application/json",
            **headers,
        ).status_code
        == patch
    )
    assert client.delete(f"/api/v1/entities/{entity.pk}", **headers).status_code == delete


def test_writes_without_a_token_are_401(client):
    entity = EntityFactory()
    assert (
        client.post("/api/v1/entities", VALID, content_type="application/json").status_code == 401
    )
    assert (
        client.patch(
            f"/api/v1/entities/{entity.pk}", {"name": "X"}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.delete(f"/api/v1/entities/{entity.pk}").status_code == 401


def test_staff_of_another_region_cannot_see_private_or_write(client):
    private = EntityFactory(is_public=False)
    headers = token_for(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))
    assert client.get(f"/api/v1/entities/{private.pk}", **headers).status_code == 404
    public = EntityFactory()
    assert (
        client.patch(
            f"/api/v1/entities/{public.pk}",
            {"name": "X"},
            content_type="application/json",
            **headers,
        ).status_code
        == 403
    )
    response = client.post("/api/v1/entities", VALID, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "gmina"


def test_representative_sees_their_own_private_entity(client):
    organisation = OrganisationFactory(kind=OrganisationKind.ENTITY)
    entity = EntityFactory(is_public=False, organisation=organisation, employees_total=5)
    headers = token_for(Role.ENTITY_REPRESENTATIVE, organisation=organisation)
    body = client.get(f"/api/v1/entities/{entity.pk}", **headers).json()
    assert body["employees_total"] == 5
    assert client.get(f"/api/v1/entities/{entity.pk}").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow(client, count, django_assert_max_num_queries):
    for _ in range(count):
        EntityFactory()
    headers = token_for(Role.REGIONAL_COORDINATOR)
    client.get("/api/v1/entities", **headers)
    with django_assert_max_num_queries(8):
        client.get("/api/v1/entities", **headers)


def test_a_search_answer_has_a_notice_when_it_falls_back_or_corrects(client):
    EntityFactory(name="Spółdzielnia Socjalna Razem", kind="social_cooperative")
    body = client.get("/api/v1/entities", {"q": "spółdzielnia socjalna Lublin"}).json()
    assert [i["name"] for i in body["items"]] == ["Spółdzielnia Socjalna Razem"]
    assert body["notice"] == "Żaden podmiot nie zawiera wszystkich słów — pokazujemy najbliższe."
    exact = client.get("/api/v1/entities", {"q": "spółdzielnia razem"}).json()
    assert exact["notice"] is None
