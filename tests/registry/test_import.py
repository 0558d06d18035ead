"""Import of entities from spreadsheets: reading, column mapping, checking every row without
writing, importing the good rows in one transaction, idempotent re-import, the pages and
who may use them."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.core.models import AuditEntry
from koordynator.registry import services
from koordynator.registry.enums import ImportStatus
from koordynator.registry.importing.batches import (
    _SideProgress,
    batch_check,
    batch_create,
    batch_import,
)
from koordynator.registry.importing.columns import EXPORT_HEADERS, detect_mapping, field_for_header
from koordynator.registry.importing.gminas import GminaResolver
from koordynator.registry.importing.reading import ImportFileError, read_sheet
from koordynator.registry.importing.rows import Importer
from koordynator.registry.importing.values import choice_from_text
from koordynator.registry.models import Entity, ImportBatch
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

from .fixtures import BAD_NIP, HEADERS, messy_rows, nip, sheet_rows, to_csv, to_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

EXISTING_NIP = nip(10)
EXISTING_KRS = "0000012345"
KRASNIK_URBAN, KRASNIK_RURAL = "0607011", "0607052"


@pytest.fixture
def existing(region):
    """The two entities the messy spreadsheet finds: one by NIP, one by KRS."""
    return (
        EntityFactory(name="Stowarzyszenie Istniejące", nip=EXISTING_NIP, email="stary@x.example"),
        EntityFactory(name="Fundacja Bez Zmian", kind="foundation", krs=EXISTING_KRS),
    )


def messy_file(kind: str) -> tuple[str, bytes]:
    rows = sheet_rows(messy_rows(existing_nip=EXISTING_NIP, existing_krs=EXISTING_KRS))
    if kind == "xlsx":
        return "podmioty.xlsx", to_xlsx(rows)
    return "podmioty.csv", to_csv(rows, encoding="cp1250", delimiter=";")


def upload(name: str, data: bytes, region, actor) -> ImportBatch:
    return batch_create(
        region=region, upload=SimpleUploadedFile(name, data), actor=actor, language="pl"
    )


def errors_by_row(batch: ImportBatch) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for error in batch.report["errors"]:
        found.setdefault(error["row"], []).append(error)
    return found


# --- Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "prefix"),
    [
        ("utf-8", ",", b""),
        ("utf-8", ";", b"\xef\xbb\xbf"),
        ("cp1250", ";", b""),
        ("cp1250", ",", b""),
        ("utf-8", "\t", b""),
    ],
)
def test_csv_is_read_in_any_usual_encoding_and_separator(encoding, delimiter, prefix):
    data = prefix + to_csv(
        [["Nazwa", "Miejscowość", "Opis"], ["Spółdzielnia „Żółw”", "Łęczna", "a, b; c"]],
        encoding=encoding,
        delimiter=delimiter,
    )
    sheet = read_sheet(io.BytesIO(data), "plik.csv")
    assert sheet.headers == ["Nazwa", "Miejscowość", "Opis"]
    assert list(sheet.rows()) == [(2, ["Spółdzielnia „Żółw”", "Łęczna", "a, b; c"])]
    assert sheet.delimiter == delimiter


def test_xlsx_first_sheet_numbers_as_text_and_title_rows_skipped():
    rows = sheet_rows(
        [[1, "Fundacja A", "fundacja", "5260001246"], [None, None, None, None]], HEADERS[:4]
    )
    sheet = read_sheet(io.BytesIO(to_xlsx(rows)), "plik.xlsx")
    assert sheet.kind == "xlsx"
    assert sheet.header_row == 3
    assert sheet.headers[:4] == ["Lp.", "NAZWA PODMIOTU", "Forma prawna", "NIP"]
    # The NIP was a number in the sheet; it comes back as its digits, without ".0".
    assert list(sheet.rows()) == [(4, ["1", "Fundacja A", "fundacja", "5260001246"])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "XLSX"),
        (b"PK\x03\x04 not really a zip", "XLSX"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ImportFileError, match=message):
        read_sheet(io.BytesIO(data), "plik.xls")


# --- Column mapping ----------------------------------------------------------------------------


def test_polish_and_english_headers_are_recognised_whatever_the_case_and_diacritics():
    headers = [
        "Lp.",
        "NAZWA PODMIOTU",
        "forma prawna",
        "Nip",
        "Nr KRS",
        "REGON",
        "Adres",
        "Kod pocztowy",
        "Miejscowosc",
        "Gmina",
        "Powiat",
        "Kod TERYT gminy",
        "Adres e-mail",
        "Tel.",
        "Strona internetowa",
        "Opis",
        "Produkty i usługi",
        "Liczba pracowników",
        "Rok założenia",
        "PKD",
        "Uwagi",
    ]
    assert detect_mapping(headers) == [
        "",
        "name",
        "kind",
        "nip",
        "krs",
        "regon",
        "address",
        "postal_code",
        "locality",
        "gmina",
        "powiat",
        "teryt",
        "email",
        "phone",
        "website",
        "description",
        "offer",
        "employees_total",
        "year_founded",
        "main_pkd",
        "",
    ]
    english = ["Name", "Kind", "E-mail", "Website", "Phone", "Street", "City", "Description"]
    assert detect_mapping(english) == [
        "name",
        "kind",
        "email",
        "website",
        "phone",
        "address",
        "locality",
        "description",
    ]


@pytest.mark.parametrize("header", ["Nazwa", "nazwa podmiotu", "NAZWA", "Pełna nazwa"])
def test_name_headers(header):
    assert field_for_header(header) == "name"


@pytest.mark.parametrize("header", ["Forma prawna", "Rodzaj", "typ", "Rodzaj podmiotu"])
def test_kind_headers(header):
    assert field_for_header(header) == "kind"


def test_every_export_header_maps_back_to_its_own_field():
    for key, header in EXPORT_HEADERS.items():
        assert field_for_header(header) == key, header


def test_a_field_goes_to_its_first_column_only():
    assert detect_mapping(["Nazwa", "Nazwa podmiotu", "NIP"]) == ["name", "", "nip"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("spółdzielnia socjalna", "social_cooperative"),
        ("Spółdzielnia Socjalna", "social_cooperative"),
        ("fundacja", "foundation"),
        ("stowarzyszenie", "association"),
        ("Stowarzyszenie rejestrowe", "association"),
        ("CIS", "cis"),
        ("centrum integracji społecznej", "cis"),
        ("KIS", "kis"),
        ("ZAZ", "zaz"),
        ("WTZ", "wtz"),
        ("warsztat terapii zajęciowej (WTZ)", "wtz"),
        ("KGW", "other_ngo"),
        ("koło gospodyń wiejskich", "other_ngo"),
        ("Koło Gospodyń Wiejskich", "other_ngo"),
        ("spółka non-profit", "non_profit_company"),
        ("sp. z o.o. non-profit", "non_profit_company"),
        ("spółdzielnia pracy", "work_cooperative"),
        ("social_cooperative", "social_cooperative"),
        ("social cooperative", "social_cooperative"),
    ],
)
def test_polish_kinds(text, kind):
    assert choice_from_text("kind", text) == kind


def test_unknown_kind():
    assert choice_from_text("kind", "spółka akcyjna") is None


# --- Gminas ------------------------------------------------------------------------------------


def test_unknown_gmina_suggests_the_closest_names(region):
    match = GminaResolver(region).resolve(name="Krasnikk")
    assert match.unit is None
    assert match.code == "gmina_unknown"
    suggestions = GminaResolver(region).suggestions("krasnikk")
    assert suggestions[0] == "Kraśnik"
    assert len(suggestions) == 3
    assert "Kraśnik" in match.message


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"name": "Kraśnik", "locality": "Kraśnik"}, KRASNIK_URBAN),
        ({"name": "kraśnik", "powiat": "kraśnicki", "locality": "KRAŚNIK"}, KRASNIK_URBAN),
        ({"name": "Gmina Kraśnik (wiejska)"}, KRASNIK_RURAL),
        ({"name": "Kraśnik - gmina wiejska", "locality": "Kraśnik"}, KRASNIK_RURAL),
        ({"name": "m. Kraśnik"}, KRASNIK_URBAN),
        ({"name": "Kraśnik", "teryt": KRASNIK_RURAL}, KRASNIK_RURAL),
        ({"teryt": "607052"}, KRASNIK_RURAL),  # Excel dropped the leading zero
        ({"name": "Lublin", "powiat": "m. Lublin"}, "0663011"),
    ],
)
def test_gmina_by_name_powiat_locality_or_teryt(region, kwargs, code):
    match = GminaResolver(region).resolve(**kwargs)
    assert match.unit is not None, match.message
    assert match.unit.code == code


def test_same_named_gminas_are_ambiguous_unless_the_locality_tells(region):
    match = GminaResolver(region).resolve(name="Kraśnik", locality="Suchynia")
    assert match.unit is None
    assert match.code == "gmina_ambiguous"
    assert KRASNIK_URBAN in match.message
    assert KRASNIK_RURAL in match.message


def test_gmina_outside_the_region_or_powiat(region):
    resolver = GminaResolver(region)
    assert resolver.resolve(teryt="9999999").code == "gmina_teryt_unknown"
    other = TerritorialUnit.objects.create(
        code="1261011",
        level="gmina",
        name="Kraków",
        gmina_type=1,
        parent=TerritorialUnit.objects.get(code="1261"),
    )
    assert resolver.resolve(teryt=other.code).code == "gmina_other_region"
    assert resolver.resolve(name="Zakrzówek", powiat="Lublin").code == "gmina_powiat_mismatch"


# --- Check and import: the done-when test ------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_messy_spreadsheet_check_writes_nothing_confirm_imports_good_rows_reimport_unchanged(
    kind, region, coordinator, existing, django_assert_max_num_queries
):
    updated, unchanged = existing
    entities_before = Entity.objects.count()
    history_before = Entity.history.count()
    audit_before = AuditEntry.objects.count()
    name, data = messy_file(kind)

    batch = upload(name, data, region, coordinator)
    assert batch.status == ImportStatus.UPLOADED
    assert batch.mapping["header_row"] == 3
    assert batch.mapping["fields"] == [
        "",
        "name",
        "kind",
        "nip",
        "krs",
        "gmina",
        "powiat",
        "locality",
        "email",
        "phone",
        "website",
        "offer",
        "employees_total",
        "year_founded",
        "",
    ]

    batch = batch_check(batch.pk)
    assert batch.status == ImportStatus.CHECKED, batch.report
    assert batch.report["counts"] == {"new": 2, "update": 1, "unchanged": 1, "error": 4}
    errors = errors_by_row(batch)
    assert set(errors) == {5, 6, 8, 9}
    assert [(e["column"], e["code"]) for e in errors[5]] == [("NIP", "nip_checksum")]
    assert BAD_NIP in errors[5][0]["message"]
    assert [(e["column"], e["code"]) for e in errors[6]] == [("Gmina", "gmina_unknown")]
    assert "Krasnikk" in errors[6][0]["message"]
    assert "Kraśnik" in errors[6][0]["message"].split("Krasnikk", 1)[1]  # the suggestion
    assert [(e["column"], e["code"]) for e in errors[8]] == [("NIP", "duplicate_in_file")]
    assert "4" in errors[8][0]["message"]
    assert [(e["column"], e["code"]) for e in errors[9]] == [("NAZWA PODMIOTU", "required")]
    # The check wrote nothing: no entity, no history, no audit entry.
    assert Entity.objects.count() == entities_before
    assert Entity.history.count() == history_before
    assert AuditEntry.objects.count() == audit_before
    updated.refresh_from_db()
    assert updated.email == "stary@x.example"

    batch = batch_import(batch.pk)
    assert batch.status == ImportStatus.IMPORTED, batch.report
    assert batch.report["counts"] == {"new": 2, "update": 1, "unchanged": 1, "error": 4}
    assert Entity.objects.count() == entities_before + 2
    start = Entity.objects.get(name="Spółdzielnia Socjalna „Nowy Start”")
    assert start.kind == "social_cooperative"
    assert start.nip == nip(1)
    assert start.gmina.code == KRASNIK_URBAN
    assert start.region == region
    assert start.website == "https://www.nowy-start.example"
    assert start.employees_total == 7
    assert start.year_founded == 2019
    assert start.offer == "catering; sprzątanie"
    kgw = Entity.objects.get(name="Koło Gospodyń Wiejskich w Zakrzówku")
    assert (kgw.kind, kgw.year_founded, kgw.gmina.name) == ("other_ngo", 2012, "Zakrzówek")
    updated.refresh_from_db()
    assert updated.email == "nowy@istniejace.example"
    unchanged.refresh_from_db()
    assert unchanged.history.count() == 1
    # Written through the services: history and audit entries as for changes by hand.
    assert start.history.count() == 1
    actions = list(
        AuditEntry.objects.exclude(pk__lte=audit_before if audit_before else 0)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "registry.entity.created",
            "registry.entity.created",
            "registry.entity.updated",
            "registry.import.completed",
        ]
    )
    assert AuditEntry.objects.filter(actor=coordinator).count() == 4

    # The same file again: every good row is unchanged, the bad ones are still bad, and
    # confirming writes nothing.
    entities_after, audit_after = Entity.objects.count(), AuditEntry.objects.count()
    history_after = Entity.history.count()
    again = batch_check(upload(name, data, region, coordinator).pk)
    assert again.report["counts"] == {"new": 0, "update": 0, "unchanged": 4, "error": 4}
    assert set(errors_by_row(again)) == {5, 6, 8, 9}
    again = batch_import(again.pk)
    assert again.status == ImportStatus.IMPORTED
    assert again.report["counts"]["new"] == again.report["counts"]["update"] == 0
    assert Entity.objects.count() == entities_after
    assert AuditEntry.objects.count() == audit_after
    assert Entity.history.count() == history_after


def test_import_is_all_or_nothing_for_the_good_rows(region, coordinator, monkeypatch):
    rows = [[1, f"Fundacja {n}", "fundacja", nip(n), "", "Lublin"] for n in range(1, 4)]
    batch = upload(
        "plik.csv", to_csv(sheet_rows(rows, HEADERS[:6]), encoding="utf-8"), region, coordinator
    )
    batch_check(batch.pk)
    calls = []
    real_create = services.entities_create_many

    def fail_on_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real_create(**kwargs)

    # One row per chunk: the first two chunks are written before the third one fails.
    monkeypatch.setattr("koordynator.registry.importing.rows.CHUNK_SIZE", 1)
    monkeypatch.setattr(services, "entities_create_many", fail_on_third)
    batch = batch_import(batch.pk)
    assert batch.status == ImportStatus.FAILED
    assert batch.report["failure"]
    assert len(calls) == 3
    assert Entity.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="registry.").exists()


def test_identifiers_of_other_entities_and_other_regions_are_refused(region, coordinator):
    other_region = region_for("12")
    krakow = TerritorialUnit.objects.create(
        code="1261011",
        level="gmina",
        name="Kraków",
        gmina_type=1,
        parent=TerritorialUnit.objects.get(code="1261"),
    )
    EntityFactory(name="Małopolska", nip=nip(20), gmina=krakow, region=other_region)
    EntityFactory(name="Ktoś z KRS", krs="0000000777")
    EntityFactory(name="Ktoś z NIP", nip=nip(21))
    rows = [
        [1, "Przejęcie", "fundacja", nip(20), "", "Lublin"],  # another region's NIP
        [2, "Ktoś z NIP", "fundacja", nip(21), "777", "Lublin"],  # someone else's KRS
    ]
    batch = upload("p.csv", to_csv(sheet_rows(rows, HEADERS[:6])), region, coordinator)
    batch = batch_check(batch.pk)
    errors = errors_by_row(batch)
    assert [e["code"] for e in errors[4]] == ["other_region"]
    assert [(e["column"], e["code"]) for e in errors[5]] == [("KRS", "unique")]
    assert batch.report["counts"] == {"new": 0, "update": 0, "unchanged": 0, "error": 2}


def test_empty_cells_leave_values_and_only_present_columns_update(region, coordinator):
    entity = EntityFactory(nip=nip(30), email="zostaje@x.example", phone="81 000 00 00")
    rows = [[entity.nip, "", "nowy telefon 81 111 11 11"]]
    batch = upload(
        "p.csv",
        to_csv([["NIP", "E-mail", "Telefon"], *rows], encoding="utf-8"),
        region,
        coordinator,
    )
    batch = batch_import(batch_check(batch.pk).pk)
    assert batch.report["counts"] == {"new": 0, "update": 1, "unchanged": 0, "error": 0}
    entity.refresh_from_db()
    assert entity.email == "zostaje@x.example"
    assert entity.phone == "nowy telefon 81 111 11 11"
    changes = AuditEntry.objects.get(action="registry.entity.updated").changes
    assert set(changes) == {"phone"}


def test_rows_without_identifiers_match_by_name_and_gmina(region, coordinator):
    EntityFactory(name="KGW w Kraśniku", kind="other_ngo", nip="", krs="", regon="")
    data = to_csv(
        [
            ["Nazwa", "Rodzaj", "Gmina", "Miejscowość"],
            ["KGW w Kraśniku", "KGW", "Kraśnik", "Kraśnik"],
        ]
    )
    batch = batch_check(upload("p.csv", data, region, coordinator).pk)
    assert batch.report["counts"] == {"new": 0, "update": 0, "unchanged": 1, "error": 0}


def test_a_row_without_a_gmina_column_may_name_the_gmina_by_its_locality(region, coordinator):
    data = to_csv([["Nazwa", "Forma prawna", "Miejscowość"], ["Fundacja L", "fundacja", "Lublin"]])
    batch = batch_import(batch_check(upload("p.csv", data, region, coordinator).pk).pk)
    assert batch.report["counts"]["new"] == 1
    assert Entity.objects.get().gmina.code == "0663011"


def test_values_are_read_as_people_write_them(region, coordinator):
    centre = OrganisationFactory(
        name="OWES Lubelska Sieć", kind=OrganisationKind.SUPPORT_CENTRE, region=region
    )
    headers = [
        "Nazwa",
        "Forma prawna",
        "Założyciele",
        "Kod TERYT gminy",
        "Kod pocztowy",
        "PKD",
        "Działy PKD",
        "Tagi oferty",
        "Działalność gospodarcza",
        "Status",
        "Status od",
        "OWES",
        "Szerokość geograficzna",
        "Długość geograficzna",
    ]
    row = [
        "Spółdzielnia X",
        "spółdzielnia socjalna",
        "osoby prawne",
        KRASNIK_RURAL,
        "23204",
        "8899z",
        "56; 88",
        "catering; szycie",
        "TAK",
        "zawieszona",
        "01.02.2024",
        "owes lubelska siec",
        "50,95",
        "22,2",
    ]
    batch = batch_import(
        batch_check(upload("p.csv", to_csv([headers, row]), region, coordinator).pk).pk
    )
    assert batch.report["counts"]["new"] == 1, batch.report
    entity = Entity.objects.get()
    assert entity.founder_type == "legal_persons"
    assert entity.gmina.code == KRASNIK_RURAL
    assert entity.postal_code == "23-204"
    assert entity.main_pkd == "88.99.Z"
    assert sorted(s.code for s in entity.sectors.all()) == ["56", "88"]
    assert sorted(t.name for t in entity.offer_tags.all()) == ["catering", "szycie"]
    assert entity.has_economic_activity is True
    assert entity.status == "suspended"
    assert entity.status_since.isoformat() == "2024-02-01"
    assert entity.support_centre == centre
    assert (entity.latitude, entity.longitude, entity.location_source) == (50.95, 22.2, "entered")


def test_unknown_values_get_their_own_messages(region, coordinator):
    headers = ["Nazwa", "Forma prawna", "Gmina", "Działalność gospodarcza", "OWES"]
    row = ["X", "spółka akcyjna", "Lublin", "może", "OWES Nieznany"]
    batch = batch_check(upload("p.csv", to_csv([headers, row]), region, coordinator).pk)
    codes = sorted(e["code"] for e in batch.report["errors"])
    assert codes == ["boolean", "kind_unknown", "support_centre_unknown"]


def test_progress_is_recorded_every_200_rows(region, coordinator):
    rows = [[f"Fundacja {n}", "fundacja", "Lublin"] for n in range(450)]
    importer = Importer(
        region=region, headers=["Nazwa", "Forma prawna", "Gmina"], fields=["name", "kind", "gmina"]
    )
    seen: list[int] = []
    importer.run(((n + 2, row) for n, row in enumerate(rows)), progress=seen.append)
    assert seen == [200, 400]
    assert importer.counts["new"] == 450


@pytest.mark.django_db(transaction=True)
def test_import_progress_is_visible_before_the_import_commits(
    committed_territory, region, coordinator
):
    """The import writes in one transaction; its progress goes through a second connection
    so that the progress page sees it (PostgreSQL; SQLite has one writer at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    batch = upload("p.csv", to_csv([["Nazwa"], ["A"]]), region, coordinator)
    progress = _SideProgress(batch)
    try:
        with transaction.atomic():
            EntityFactory()
            progress(200)
            assert ImportBatch.objects.get(pk=batch.pk).processed_rows == 200
    finally:
        progress.close()


def test_errors_reported_are_capped_but_counted(region, coordinator, monkeypatch):
    monkeypatch.setattr("koordynator.registry.importing.rows.MAX_REPORTED_ERRORS", 3)
    rows = [[f"Fundacja {n}", "fundacja", "Nibylandia"] for n in range(5)]
    batch = batch_check(
        upload("p.csv", to_csv([["Nazwa", "Rodzaj", "Gmina"], *rows]), region, coordinator).pk
    )
    assert len(batch.report["errors"]) == 3
    assert batch.report["errors_total"] == 5


# --- Pages -------------------------------------------------------------------------------------


def test_upload_map_check_confirm_through_the_pages(
    client, region, coordinator, existing, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(reverse("registry:import"))
    assert page.status_code == 200
    assert b'type="file"' in page.content
    assert b'type="hidden" name="region"' in page.content  # one region: no choice to make

    name, data = messy_file("csv")
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile(name, data), "region": region.pk},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_detail", args=[batch.pk])
    assert batch.created_by == coordinator

    mapping_page = client.get(response["Location"]).content.decode()
    assert "NAZWA PODMIOTU" in mapping_page
    assert re.search(r'<option value="name" selected>', mapping_page)
    assert "Spółdzielnia Socjalna „Nowy Start”" in mapping_page  # a sample value

    # The user changes one column: the phone is not to be imported.
    post = {f"column_{i}": field for i, field in enumerate(batch.mapping["fields"])}
    post["column_9"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_check", args=[batch.pk]), post)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert batch.mapping["fields"][9] == ""
    assert Entity.objects.count() == 2

    report = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert "Krasnikk" in report
    assert "Kraśnik" in report
    assert BAD_NIP in report
    assert 'action="{}"'.format(reverse("registry:import_confirm", args=[batch.pk])) in report

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert Entity.objects.count() == 4
    assert Entity.objects.get(name__contains="Nowy Start").phone == ""
    result = client.get(reverse("registry:import_detail", args=[batch.pk]))
    assert result.status_code == 200
    # Confirming twice starts nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert callbacks == []


def test_mapping_with_a_field_twice_is_refused(client, region, coordinator):
    client.force_login(coordinator)
    batch = upload("p.csv", to_csv([["Nazwa", "Opis"], ["A", "B"]]), region, coordinator)
    response = client.post(
        reverse("registry:import_check", args=[batch.pk]), {"column_0": "name", "column_1": "name"}
    )
    assert response.status_code == 400
    assert b"aria-invalid" in response.content
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED


def test_bad_file_is_refused_on_upload(client, region, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("plik.pdf", b"%PDF-1.4"), "region": region.pk},
    )
    assert response.status_code == 400
    assert ImportBatch.objects.count() == 0
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("plik.csv", b""), "region": region.pk},
    )
    assert response.status_code == 400


def test_progress_page_polls_every_second_and_works_without_javascript(client, region, coordinator):
    client.force_login(coordinator)
    batch = upload("p.csv", to_csv([["Nazwa"], ["A"], ["B"]]), region, coordinator)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.CHECKING, total_rows=400, processed_rows=200
    )
    page = client.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert '<progress id="import-progress-bar"' in page
    assert 'value="50"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-live="polite"' in page
    assert "50%" in page
    detail_url = reverse("registry:import_detail", args=[batch.pk])
    assert f'href="{detail_url}"' in page  # the refresh link

    progress_url = reverse("registry:import_progress", args=[batch.pk])
    fragment = client.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b"<progress" in fragment.content
    assert b"<html" not in fragment.content

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CHECKED)
    done = client.get(progress_url, headers={"HX-Request": "true"})
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"
    assert client.get(progress_url).status_code == 302


def test_cancel_drops_the_batch(client, region, coordinator):
    client.force_login(coordinator)
    batch = upload("p.csv", to_csv([["Nazwa"], ["A"]]), region, coordinator)
    response = client.post(reverse("registry:import_cancel", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    assert not batch.file


@pytest.mark.django_db(transaction=True)
def test_real_database_backend_and_worker(
    committed_territory, client, settings, region, coordinator
):
    """The queue in the database and `manage.py db_worker`, as in production. Committed
    transactions, as there: the worker closes a connection it finds inside one."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(coordinator)
    data = to_csv([["Nazwa", "Forma prawna", "Gmina"], ["Fundacja W", "fundacja", "Lublin"]])
    batch = upload("p.csv", data, region, coordinator)
    client.post(
        reverse("registry:import_check", args=[batch.pk]),
        {"column_0": "name", "column_1": "kind", "column_2": "gmina"},
    )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKING  # queued, not run yet
    assert DBTaskResult.objects.count() == 1
    page = client.get(reverse("registry:import_detail", args=[batch.pk]))
    assert b"<progress" in page.content

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert batch.report["counts"]["new"] == 1
    assert Entity.objects.count() == 0

    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTING
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert Entity.objects.get().name == "Fundacja W"


# --- Who may import ----------------------------------------------------------------------------

ALLOWED = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF}


@pytest.mark.parametrize("role", list(Role))
def test_only_staff_may_import(client, region, role):
    user = user_with_role(role, region=region)
    client.force_login(user)
    page = client.get(reverse("registry:import"))
    assert page.status_code == (200 if role in ALLOWED else 404)
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("p.csv", to_csv([["Nazwa"], ["A"]])), "region": region.pk},
    )
    assert response.status_code == (302 if role in ALLOWED else 404)
    assert ImportBatch.objects.count() == (1 if role in ALLOWED else 0)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("registry:import"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_batches_of_other_regions_are_not_found(client, region, coordinator):
    other = region_for("12")
    stranger = user_with_role(Role.REGIONAL_COORDINATOR, region=other)
    batch = upload("p.csv", to_csv([["Nazwa"], ["A"]]), region, coordinator)
    client.force_login(stranger)
    for name in ("registry:import_detail", "registry:import_progress"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    for name in ("registry:import_check", "registry:import_confirm", "registry:import_cancel"):
        assert client.post(reverse(name, args=[batch.pk])).status_code == 404
    # Nor may they upload into a region they do not work on.
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("p.csv", to_csv([["Nazwa"], ["A"]])), "region": region.pk},
    )
    assert response.status_code == 400
    assert ImportBatch.objects.count() == 1


def test_national_admin_chooses_the_region(client, region):
    other = region_for("12")
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("registry:import")).content.decode()
    assert '<select class="form-select"' in page
    assert f'value="{other.pk}"' in page
    assert f'value="{region.pk}"' in page
    response = client.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("p.csv", to_csv([["Nazwa"], ["A"]])), "region": other.pk},
    )
    assert response.status_code == 302
    assert ImportBatch.objects.get().region == other
