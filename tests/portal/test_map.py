"""The public map: its data endpoint (clusters or points, the directory's filters, only public
entities, region scoping, clear errors) and its page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koordynator.portal import mapping
from tests.factories import EntityFactory, region_for

pytestmark = pytest.mark.django_db

POLAND = "14.0,49.0,24.2,55.0"  # west,south,east,north
KRASNIK = (50.9236, 22.22706)
ZAMOSC = (50.7231, 23.2520)
LUBLIN = (51.2465, 22.5684)


@pytest.fixture
def entities():
    region_for("06", slug="lubelskie")
    return {
        "cooperative": EntityFactory(
            name="Spółdzielnia Socjalna „Kwiat Lnu”",
            kind="social_cooperative",
            is_social_enterprise=True,
        ),
        "foundation": EntityFactory(name="Fundacja Lniana", kind="foundation"),
        "zamosc": EntityFactory(
            name="Stowarzyszenie Zamojskie", latitude=ZAMOSC[0], longitude=ZAMOSC[1]
        ),
        "unlocated": EntityFactory(name="Stowarzyszenie Bez Adresu", latitude=None, longitude=None),
        "hidden": EntityFactory(name="Stowarzyszenie Ukryte", is_public=False),
        "closed": EntityFactory(name="Stowarzyszenie Zamknięte", status="closed"),
        "hidden_far": EntityFactory(
            name="Ukryte w Lublinie", latitude=LUBLIN[0], longitude=LUBLIN[1], is_public=False
        ),
    }


def map_data(client, **params):
    response = client.get("/map/data/", {"zoom": "6", "bbox": POLAND, **params})
    assert response.status_code == 200, response.content
    return response.json()


def point_ids(data) -> set[int]:
    return {point[0] for point in data["points"]}


def test_few_entities_come_as_points_with_kind_and_name(client, entities):
    data = map_data(client)
    cooperative = entities["cooperative"]
    assert data["clusters"] == []
    assert point_ids(data) == {
        cooperative.pk,
        entities["foundation"].pk,
        entities["zamosc"].pk,
    }
    assert [cooperative.pk, 50.9236, 22.22706, "social_cooperative", cooperative.name] in data[
        "points"
    ]
    assert data["total"] == 4
    assert data["unlocated"] == 1
    assert data["in_view"] == 3
    assert data["truncated"] is False
    assert data["extent"] == [ZAMOSC[0], KRASNIK[1], KRASNIK[0], ZAMOSC[1]]


def test_many_entities_come_as_clusters_counted_by_the_database(client, entities, monkeypatch):
    monkeypatch.setattr(mapping, "POINTS_LIMIT", 1)
    data = map_data(client)
    # Kraśnik's two entities share a cell; Zamość is alone in the next one, so it is a point.
    assert data["clusters"] == [
        [KRASNIK[0], KRASNIK[1], 2, KRASNIK[0], KRASNIK[1], KRASNIK[0], KRASNIK[1]]
    ]
    assert point_ids(data) == {entities["zamosc"].pk}
    assert data["in_view"] == 3


def test_close_zoom_always_lists_points(client, entities, monkeypatch):
    monkeypatch.setattr(mapping, "POINTS_LIMIT", 1)
    data = map_data(client, zoom=str(mapping.POINTS_ZOOM), bbox="22.2,50.9,22.3,50.95")
    assert data["clusters"] == []
    assert point_ids(data) == {entities["cooperative"].pk, entities["foundation"].pk}
    assert data["in_view"] == 2
    assert data["total"] == 4  # the status line still counts every match


def test_points_beyond_the_cap_are_cut_and_say_so(client, entities, monkeypatch):
    monkeypatch.setattr(mapping, "POINTS_CAP", 2)
    data = map_data(client, zoom="15", bbox=POLAND)
    assert len(data["points"]) == 2
    assert data["truncated"] is True


def test_the_box_limits_what_is_shown_but_not_the_totals(client, entities):
    data = map_data(client, zoom="10", bbox="23.1,50.6,23.4,50.8")
    assert point_ids(data) == {entities["zamosc"].pk}
    assert data["in_view"] == 1
    assert data["total"] == 4


def test_without_a_box_everything_located_is_shown(client, entities):
    response = client.get("/map/data/")
    assert response.status_code == 200
    assert len(response.json()["points"]) == 3


def test_hidden_and_closed_entities_never_appear(client, entities, monkeypatch):
    hidden = {entities[name].pk for name in ("hidden", "closed", "hidden_far")}
    for limit in (1000, 1):
        monkeypatch.setattr(mapping, "POINTS_LIMIT", limit)
        data = map_data(client)
        assert not point_ids(data) & hidden
        assert sum(cluster[2] for cluster in data["clusters"]) + len(data["points"]) == 3
        assert data["total"] == 4
    close = map_data(client, zoom="16", bbox="22.5,51.2,22.6,51.3")  # Lublin: only hidden_far
    assert close["points"] == []
    assert close["extent"] == [ZAMOSC[0], KRASNIK[1], KRASNIK[0], ZAMOSC[1]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "foundation"}, {"foundation"}),
        ({"social_enterprise": "on"}, {"cooperative"}),
        ({"q": "spoldzielni socjalnej kwiat lnu"}, {"cooperative"}),
        ({"q": "zamojskie", "kind": "association"}, {"zamosc"}),
        ({"kind": "martians"}, {"cooperative", "foundation", "zamosc"}),  # ignored, as in the list
    ],
)
def test_the_directory_filters_apply(client, entities, params, expected):
    data = map_data(client, **params)
    assert point_ids(data) == {entities[name].pk for name in expected}


def test_powiat_and_sector_filters_apply(client, entities):
    from koordynator.registry.models import Sector
    from koordynator.territory.models import TerritorialUnit

    lublin = EntityFactory(
        name="Zakład Aktywności Zawodowej w Lublinie",
        kind="zaz",
        gmina=TerritorialUnit.objects.get(code="0663011"),
        latitude=LUBLIN[0],
        longitude=LUBLIN[1],
    )
    lublin.sectors.add(Sector.objects.get(code="56"))
    assert point_ids(map_data(client, powiat="0663")) == {lublin.pk}
    assert point_ids(map_data(client, sector="56")) == {lublin.pk}
    assert lublin.pk not in point_ids(map_data(client, powiat="0607"))


def test_filters_also_apply_to_clusters_and_counts(client, entities, monkeypatch):
    monkeypatch.setattr(mapping, "POINTS_LIMIT", 0)
    response = client.get(
        "/map/data/", {"bbox": POLAND, "kind": "association"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    data = response.json()
    assert data["clusters"] == []  # one association per cell: both are points
    assert point_ids(data) == {entities["zamosc"].pk}
    assert data["total"] == 2
    assert data["unlocated"] == 1
    assert data["summary"] == (
        "2 entities match. 1 of them has no known location and is not on the map."
    )


def test_region_scoping(client, entities):
    elsewhere = EntityFactory(name="Stowarzyszenie Mazowieckie", region=region_for("14"))
    everywhere = map_data(client, region="all")
    assert elsewhere.pk in point_ids(everywhere)
    scoped = map_data(client, region="lubelskie")
    assert elsewhere.pk not in point_ids(scoped)
    assert scoped["total"] == 4
    remembered = map_data(client)  # the region chosen is remembered in the session
    assert remembered["total"] == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"zoom": "abc"}, "zoom"),
        ({"zoom": "21"}, "zoom"),
        ({"zoom": "-1"}, "zoom"),
        ({"zoom": "6.5"}, "zoom"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "24,49,14,55"}, "bbox"),  # west > east
        ({"bbox": "14,55,24,49"}, "bbox"),  # south > north
        ({"bbox": "nan,49,24,55"}, "bbox"),
        ({"bbox": "14,49,inf,55"}, "bbox"),
    ],
)
def test_bad_parameters_answer_400_with_a_clear_json_error(client, params, field):
    response = client.get("/map/data/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["field"] == field
    assert field in body["error"]
    assert "Traceback" not in response.content.decode()


def test_longitudes_beyond_the_world_are_clamped():
    query = mapping.map_query_parse({"zoom": "3", "bbox": "-200,-95,200,95"})
    assert query == mapping.MapQuery(
        zoom=3, bbox=mapping.BoundingBox(south=-90.0, west=-180.0, north=90.0, east=180.0)
    )


@given(st.dictionaries(st.sampled_from(["zoom", "bbox"]), st.text(max_size=40)))
def test_any_parameters_parse_or_raise_map_query_error(params):
    outcome: mapping.MapQuery | mapping.MapQueryError
    try:
        outcome = mapping.map_query_parse(params)
    except mapping.MapQueryError as error:
        outcome = error
    if isinstance(outcome, mapping.MapQueryError):
        assert outcome.field in {"zoom", "bbox"}
    else:
        assert 0 <= outcome.zoom <= mapping.MAX_ZOOM


def test_cells_look_square_in_poland():
    latitude, longitude = mapping.cell_size(6)
    assert longitude == pytest.approx(1.40625)
    assert latitude == pytest.approx(0.86578, abs=1e-5)


def test_map_data_is_publicly_cacheable_for_a_short_time(client, entities):
    response = client.get("/map/data/", {"zoom": "6", "bbox": POLAND})
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    bad = client.get("/map/data/", {"zoom": "x"})
    assert "public" not in bad.get("Cache-Control", "")


def test_map_data_takes_the_same_queries_for_1_and_3_entities(client):
    region_for("06", slug="lubelskie")
    EntityFactory()
    client.get("/map/data/", {"bbox": POLAND})  # the session, the region and the like

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/map/data/", {"bbox": POLAND})
        return len(queries)

    one = count()
    EntityFactory(latitude=ZAMOSC[0], longitude=ZAMOSC[1])
    EntityFactory(latitude=LUBLIN[0], longitude=LUBLIN[1])
    assert count() == one


def test_map_page_has_the_filters_the_list_link_and_the_map(client, entities):
    response = client.get("/map/", {"q": "lniana", "kind": "foundation"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map-form"' in html
    assert 'value="lniana"' in html
    assert 'href="/directory/?q=lniana&amp;kind=foundation"' in html
    assert 'name="powiat"' in html
    assert 'name="sector"' in html
    assert 'data-data-url="/map/data/"' in html
    assert 'data-entity-url="/directory/123456789/"' in html
    assert 'data-tile-url=""' in html  # the test settings have no tile server
    assert "vendor/leaflet/leaflet.js" in html
    assert '<a class="nav-link" href="/map/" aria-current="page">' in html


def test_map_page_keeps_the_lists_order_for_the_list_link(client):
    html = client.get("/map/", {"q": "len", "sort": "-name"}).content.decode()
    assert '<input type="hidden" name="sort" value="-name">' in html
    assert 'href="/directory/?q=len&amp;sort=-name"' in html


def test_map_page_passes_the_tile_server_setting(client, settings):
    settings.KOORDYNATOR_TILE_URL = "https://kafelki.intranet.example/{z}/{x}/{y}.png"
    settings.KOORDYNATOR_TILE_ATTRIBUTION = "© OpenStreetMap & <Intranet>"
    html = client.get("/map/").content.decode()
    assert 'data-tile-url="https://kafelki.intranet.example/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© OpenStreetMap &amp; &lt;Intranet&gt;"' in html


def test_map_page_in_english(client):
    html = client.get("/map/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Skip the map: show these entities as a list" in html


def test_directory_links_to_the_map_with_its_query(client, entities):
    html = client.get("/directory/", {"q": "lniana"}).content.decode()
    assert 'href="/map/?q=lniana"' in html


def test_point_map_include_writes_coordinates_with_a_dot():
    with translation.override("pl"):
        html = render_to_string(
            "portal/_point_map.html",
            {"latitude": 50.9236, "longitude": 22.22706, "label": "Kwiat <Lnu>"},
        )
    assert 'data-latitude="50.9236"' in html
    assert 'data-longitude="22.22706"' in html
    assert 'data-label="Kwiat &lt;Lnu&gt;"' in html
    assert 'data-map="point"' in html
