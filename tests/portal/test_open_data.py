"""Open data: the public directory as CSV, JSON and GeoJSON, with its licence; only what
the public may see, filtered as the directory is."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.factories import EntityFactory, region_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities():
    region_for("06", slug="lubelskie")
    EntityFactory(
        name="Spółdzielnia Socjalna „Kwiat Lnu”",
        kind="social_cooperative",
        employees_total=12,
        email="biuro@kwiatlnu.example",
    )
    EntityFactory(name="Fundacja Lniana", kind="foundation")
    EntityFactory(name="Stowarzyszenie Ukryte", is_public=False)
    EntityFactory(name="Stowarzyszenie Zamknięte", status="closed")


def download(client, extension, **query):
    response = client.get(f"/open-data/entities.{extension}", query)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_csv_has_public_entities_and_public_columns_only(client, entities):
    rows = list(csv.DictReader(io.StringIO(download(client, "csv")), delimiter=";"))
    assert sorted(row["Nazwa"] for row in rows) == [
        "Fundacja Lniana",
        "Spółdzielnia Socjalna „Kwiat Lnu”",
    ]
    assert "E-mail" in rows[0]
    for internal in ("Liczba pracowników", "W katalogu publicznym", "Ośrodek wsparcia (OWES)"):
        assert internal not in rows[0]


def test_json_is_the_apis_public_shape_and_follows_the_search(client, entities):
    data = json.loads(download(client, "json", q="spoldzielnia socjalna"))
    assert [entity["name"] for entity in data] == ["Spółdzielnia Socjalna „Kwiat Lnu”"]
    assert data[0]["email"] == "biuro@kwiatlnu.example"
    assert "employees_total" not in data[0]


def test_geojson_is_a_feature_collection_of_points(client, entities):
    data = json.loads(download(client, "geojson", kind="foundation"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["properties"]["name"] == "Fundacja Lniana"
    assert feature["geometry"]["type"] == "Point"
    longitude, latitude = feature["geometry"]["coordinates"]
    assert (round(longitude, 2), round(latitude, 2)) == (22.23, 50.92)


def test_unknown_format_is_not_found(client, entities):
    assert client.get("/open-data/entities.xml").status_code == 404


def test_open_data_page_states_licence_count_and_links(client, entities):
    html = client.get("/open-data/", {"kind": "foundation"}).content.decode()
    assert "CC BY 4.0" in html
    assert 'rel="license"' in html
    assert "1 podmiot" in html or "1 entity" in html
    assert "/open-data/entities.csv?kind=foundation" in html


def test_open_data_columns_say_in_english_what_the_polish_headers_hold(client, entities):
    english = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Nazwa – Name</li>" in english
    assert "<li>Kod TERYT gminy – TERYT code of the gmina</li>" in english
    polish = client.get("/open-data/").content.decode()
    assert "<li>Nazwa</li>" in polish
