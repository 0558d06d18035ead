"""Export of the registry: CSV/XLSX that import back unchanged, JSON, GeoJSON; filters, the
user's regions only, streaming in chunks."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.core.models import AuditEntry
from koordynator.registry import exporting
from koordynator.registry.enums import ImportStatus
from koordynator.registry.importing.batches import batch_check, batch_create, batch_import
from koordynator.registry.importing.columns import EXPORT_HEADERS, detect_mapping
from koordynator.registry.models import Entity, OfferTag, Sector
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

from .fixtures import nip

pytestmark = pytest.mark.django_db

URL = "/panel/registry/export/"


@pytest.fixture
def other_region():
    region = region_for("12")
    krakow = TerritorialUnit.objects.create(
        code="1261011",
        level="gmina",
        name="Kraków",
        gmina_type=1,
        parent=TerritorialUnit.objects.get(code="1261"),
    )
    EntityFactory(name="Fundacja z Krakowa", gmina=krakow, region=region, locality="Kraków")
    return region


@pytest.fixture
def varied(region):
    """Entities with every kind of value an export has to carry back."""
    centre = OrganisationFactory(
        name="OWES „Lubelska Sieć”", kind=OrganisationKind.SUPPORT_CENTRE, region=region
    )
    rural = TerritorialUnit.objects.get(code="0607052")
    full = EntityFactory(
        name="Spółdzielnia Socjalna „Pod Dębem”; remonty",
        short_name="Pod Dębem",
        kind="social_cooperative",
        founder_type="legal_persons",
        description="Usługi remontowe,\nsprzątanie; „cudzysłowy” i średniki.",
        offer="remonty, sprzątanie",
        main_pkd="43.39.Z",
        nip=nip(1),
        regon="123456785",
        krs="0000123456",
        address="ul. Lubelska 1",
        postal_code="23-200",
        email="biuro@pod-debem.example",
        phone="+48 81 825 00 00",
        website="https://pod-debem.example",
        has_paid_activity=True,
        has_economic_activity=True,
        employees_total=12,
        employees_at_risk=5,
        employees_disabled=2,
        reintegration_participants=0,
        year_founded=2015,
        status="suspended",
        status_since="2025-01-31",
        is_public=False,
        support_centre=centre,
    )
    full.sectors.set(Sector.objects.filter(code__in=["43", "81"]))
    full.offer_tags.set(
        [OfferTag.objects.create(name=n, slug=n) for n in ("remonty", "sprzatanie")]
    )
    bare = EntityFactory(
        name='=HYPERLINK("http://zle.example")',  # Excel must not run it
        kind="other_ngo",
        gmina=rural,
        locality="Suchynia",
        latitude=None,
        longitude=None,
        location_source="",
    )
    return full, bare


def body(response) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)
    if isinstance(response, FileResponse):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_export_page_offers_formats_and_filters(client, coordinator):
    client.force_login(coordinator)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for value in ("csv", "xlsx", "json", "geojson"):
        assert f'value="{value}"' in html
    assert 'name="powiat"' in html
    assert "kraśnicki" in html
    assert client.get(URL, {"format": "pdf"}).status_code == 400


def test_csv_has_the_importers_polish_headers_and_streams(client, coordinator, varied):
    client.force_login(coordinator)
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    rows = csv_rows(body(response))
    assert list(rows[0]) == list(EXPORT_HEADERS.values())
    assert detect_mapping(list(rows[0])) == list(EXPORT_HEADERS)
    by_name = {row["Nazwa"]: row for row in rows}
    full = by_name["Spółdzielnia Socjalna „Pod Dębem”; remonty"]
    assert full["Forma prawna"] == "spółdzielnia socjalna"
    assert full["Kod TERYT gminy"] == "0607011"
    assert full["Gmina"] == "Kraśnik"
    assert full["Powiat"] == "kraśnicki"
    assert full["KRS"] == "0000123456"
    assert full["Działy PKD"] == "43, 81"
    assert full["Status"] == "zawieszony"
    assert full["W katalogu publicznym"] == "nie"
    assert full["Telefon"] == "'+48 81 825 00 00"  # a leading + would be a formula
    assert full["Opis"] == "Usługi remontowe,\nsprzątanie; „cudzysłowy” i średniki."
    assert by_name['\'=HYPERLINK("http://zle.example")']["Forma prawna"] == (
        "inna organizacja pozarządowa"
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_imports_back_unchanged(client, region, coordinator, varied, file_format):
    client.force_login(coordinator)
    data = body(client.get(URL, {"format": file_format}))
    entities, audit, history = (
        Entity.objects.count(),
        AuditEntry.objects.count(),
        Entity.history.count(),
    )
    batch = batch_create(
        region=region,
        upload=SimpleUploadedFile(f"eksport.{file_format}", data),
        actor=coordinator,
        language="pl",
    )
    assert "" not in batch.mapping["fields"]  # every column is recognised
    batch = batch_check(batch.pk)
    assert batch.status == ImportStatus.CHECKED
    assert batch.report["errors"] == []
    assert batch.report["counts"] == {"new": 0, "update": 0, "unchanged": 2, "error": 0}
    batch = batch_import(batch.pk)
    assert batch.report["counts"]["unchanged"] == 2
    assert (Entity.objects.count(), AuditEntry.objects.count(), Entity.history.count()) == (
        entities,
        audit,
        history,
    )


def test_an_export_without_the_id_column_imports_back_unchanged(
    client, region, coordinator, varied
):
    """Another system's copy has no ID: rows are found by NIP/KRS/REGON, or by name."""
    client.force_login(coordinator)
    rows = csv_rows(body(client.get(URL, {"format": "csv"})))
    out = io.StringIO()
    headers = [h for h in rows[0] if h != "ID w koordynatorze"]
    writer = csv.DictWriter(out, fieldnames=headers, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    batch = batch_create(
        region=region,
        upload=SimpleUploadedFile("kopia.csv", out.getvalue().encode("cp1250", "replace")),
        actor=coordinator,
        language="pl",
    )
    batch = batch_check(batch.pk)
    assert batch.report["counts"] == {"new": 0, "update": 0, "unchanged": 2, "error": 0}


def test_xlsx_keeps_identifiers_as_text_and_formulas_as_text(client, coordinator, varied):
    client.force_login(coordinator)
    response = client.get(URL, {"format": "xlsx"})
    assert isinstance(response, FileResponse)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(EXPORT_HEADERS.values())
    by_name = {row[1]: row for row in rows[1:]}
    full = by_name["Spółdzielnia Socjalna „Pod Dębem”; remonty"]
    columns = list(EXPORT_HEADERS)
    assert full[columns.index("krs")] == "0000123456"
    assert full[columns.index("employees_total")] == 12
    assert '=HYPERLINK("http://zle.example")' in by_name  # text, not a formula


def test_json_is_the_apis_shape(client, coordinator, varied):
    client.force_login(coordinator)
    response = client.get(URL, {"format": "json"})
    assert isinstance(response, StreamingHttpResponse)
    items = json.loads(body(response))
    full = next(item for item in items if item["nip"] == nip(1))
    assert full["gmina"] == {"code": "0607011", "name": "Kraśnik"}
    assert sorted(full["sectors"]) == ["43", "81"]
    assert full["employees_total"] == 12  # staff see the internal fields
    assert full["status_since"] == "2025-01-31"


def test_geojson_is_a_feature_collection_of_points(client, coordinator, varied):
    client.force_login(coordinator)
    response = client.get(URL, {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["name"]: f for f in collection["features"]}
    full = features["Spółdzielnia Socjalna „Pod Dębem”; remonty"]
    assert full["type"] == "Feature"
    assert full["geometry"] == {"type": "Point", "coordinates": [22.22706, 50.9236]}
    assert full["properties"]["gmina"] == "0607011"
    assert full["properties"]["kind"] == "social_cooperative"
    assert full["properties"]["address"] == "ul. Lubelska 1"
    assert features['=HYPERLINK("http://zle.example")']["geometry"] is None


def test_filters_are_the_lists(client, coordinator, varied):
    client.force_login(coordinator)
    EntityFactory(name="Fundacja Zamknięta", kind="foundation", status="closed")

    def names(**params):
        rows = csv_rows(body(client.get(URL, {"format": "csv", **params})))
        return sorted(row["Nazwa"] for row in rows)

    assert names(kind="foundation") == ["Fundacja Zamknięta"]
    assert names(status="suspended") == ["Spółdzielnia Socjalna „Pod Dębem”; remonty"]
    assert names(q="Remonty") == ["Spółdzielnia Socjalna „Pod Dębem”; remonty"]
    assert len(names(powiat="0607")) == 3
    assert names(powiat="0663") == []
    assert len(names(kind="not-a-kind")) == 3  # an invalid filter is ignored


def test_large_exports_go_through_the_registry_in_chunks(
    client, coordinator, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exporting, "CHUNK_SIZE", 2)
    for n in range(7):
        entity = EntityFactory(name=f"Podmiot {n}")
        entity.sectors.set(Sector.objects.filter(code="88"))
    client.force_login(coordinator)
    response = client.get(URL, {"format": "csv"})
    with django_assert_max_num_queries(20):  # 4 chunks x (rows + 2 prefetches) + session
        rows = csv_rows(body(response))
    assert len(rows) == 7
    assert {row["Działy PKD"] for row in rows} == {"88"}


# --- Who may export, and what ------------------------------------------------------------------

ALLOWED = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}


@pytest.mark.parametrize("role", list(Role))
def test_only_staff_may_export(client, region, role):
    EntityFactory()
    client.force_login(user_with_role(role, region=region))
    for params in ({}, {"format": "csv"}):
        response = client.get(URL, params)
        assert response.status_code == (200 if role in ALLOWED else 404), (role, params)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REGIONAL_COORDINATOR, {"Stowarzyszenie z Lubelskiego"}),
        (Role.SUPPORT_CENTRE_STAFF, {"Stowarzyszenie z Lubelskiego"}),
        (Role.NATIONAL_ADMIN, {"Stowarzyszenie z Lubelskiego", "Fundacja z Krakowa"}),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "json", "geojson", "xlsx"])
def test_an_export_never_holds_other_regions_entities(
    client, region, other_region, role, expected, file_format
):
    EntityFactory(name="Stowarzyszenie z Lubelskiego")
    client.force_login(user_with_role(role, region=region))
    data = body(client.get(URL, {"format": file_format}))
    if file_format == "csv":
        names = {row["Nazwa"] for row in csv_rows(data)}
    elif file_format == "json":
        names = {item["name"] for item in json.loads(data)}
    elif file_format == "geojson":
        names = {f["properties"]["name"] for f in json.loads(data)["features"]}
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == expected
