import pycountry
import pytest

from tests.factories import region_for

pytestmark = pytest.mark.django_db


def test_voivodeships_with_their_teryt_codes(client):
    response = client.get("/api/v1/territories", {"level": "voivodeship"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 16
    iso = sorted(s.code.removeprefix("PL-") for s in pycountry.subdivisions.get(country_code="PL"))
    assert [item["code"] for item in body["items"]] == iso
    lubelskie = next(item for item in body["items"] if item["code"] == "06")
    assert lubelskie["name"] == "lubelskie"
    assert lubelskie["location"]["source"] == "place"


def test_gminas_of_a_powiat_found_without_polish_letters(client):
    response = client.get("/api/v1/territories", {"level": "gmina", "parent": "0607", "q": "krasn"})
    body = response.json()
    assert [(i["code"], i["gmina_type"], i["parent"]) for i in body["items"]] == [
        ("0607011", 1, "0607"),
        ("0607052", 2, "0607"),
    ]


def test_pagination_counts_everything_and_returns_a_page(client):
    response = client.get("/api/v1/territories", {"level": "powiat", "limit": 10, "offset": 370})
    body = response.json()
    assert body["count"] == 380
    assert len(body["items"]) == 10


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "county"}, "level"),
        ({"parent": "6"}, "parent"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_parameters_answer_422_problem_with_the_field(client, params, field):
    response = client.get("/api/v1/territories", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert [error["field"] for error in body["errors"]] == [field]


def test_one_unit_and_a_missing_one(client):
    assert client.get("/api/v1/territories/0663").json()["name"] == "Lublin"
    missing = client.get("/api/v1/territories/9999")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_unknown_api_path_is_a_problem_not_a_page(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["title"]


def test_regions_served(client):
    region_for("06", slug="lubelskie")
    assert client.get("/api/v1/regions").json() == [
        {
            "code": "06",
            "slug": "lubelskie",
            "name": "lubelskie",
            "coordinator_name": "ROPS lubelskie",
        }
    ]


def test_field_errors_are_in_the_users_language(client):
    polish = client.get("/api/v1/territories", {"level": "county", "limit": 0}).json()["errors"]
    assert polish == [
        {
            "field": "level",
            "message": "Wybierz jedną z wartości: 'voivodeship', 'powiat' or 'gmina'.",
        },
        {"field": "limit", "message": "Podaj wartość nie mniejszą niż 1."},
    ]
    english = client.get(
        "/api/v1/territories", {"level": "county"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["errors"]
    assert english == [
        {"field": "level", "message": "Choose one of: 'voivodeship', 'powiat' or 'gmina'."}
    ]
