"""In the browser: the regional coordinator imports a messy CSV (Windows-1250, `;`): sees
the detected columns, checks every row, reads the errors, confirms and sees the result; the
progress page polls with htmx and reloads itself when the task ends; the export page. Every
page passes axe-core at a desktop and a phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koordynator.registry.enums import ImportStatus
from koordynator.registry.models import Entity, ImportBatch
from koordynator.registry.services import sectors_load
from tests.registry.fixtures import BAD_NIP, nip, sheet_rows, to_csv

from .conftest import check_page, load_demo_data, log_in

# Tasks run at once, inside the request; the worker is tested in tests/registry.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "immediate_tasks"),
]

HEADERS = ["Lp.", "Nazwa", "Forma prawna", "NIP", "Gmina", "Powiat", "Miejscowość", "E-mail"]
ROWS = [
    [1, "Spółdzielnia Socjalna „Przeglądarka”", "spółdzielnia socjalna", nip(101), "Kraśnik",
     "kraśnicki", "Kraśnik", "biuro@przegladarka.example"],
    [2, "Fundacja Zły Numer", "fundacja", BAD_NIP, "Lublin", "Lublin", "Lublin", ""],
    [3, "Stowarzyszenie Literówka", "stowarzyszenie", nip(102), "Krasnikk", "", "Kraśnik", ""],
    [4, "Koło Gospodyń Wiejskich w Zakrzówku", "KGW", nip(103), "Zakrzówek", "kraśnicki",
     "Zakrzówek", ""],
    [5, "Spółdzielnia Socjalna „Przeglądarka”", "spółdzielnia socjalna", nip(101), "Kraśnik",
     "kraśnicki", "Kraśnik", ""],
]  # fmt: skip


def test_import_a_messy_csv_check_errors_confirm(page: Page, live_server) -> None:
    load_demo_data()
    sectors_load()
    before = Entity.objects.count()
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/panel/registry/import/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, "import-upload")
    page.locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "podmioty-owes.csv",
                "mimeType": "text/csv",
                "buffer": to_csv(sheet_rows(ROWS, HEADERS), encoding="cp1250", delimiter=";"),
            }
        ]
    )
    page.locator("main form[enctype] button[type=submit]").click()

    # The mapping: each column with its first values and the field it was taken for.
    expect(page).to_have_url(re.compile(r"/panel/registry/import/\d+/$"))
    table = page.locator("main form ol")
    expect(table).to_contain_text("Miejscowość")
    expect(table).to_contain_text("Spółdzielnia Socjalna „Przeglądarka”")
    expect(page.locator("select[name=column_1]")).to_have_value("name")
    expect(page.locator("select[name=column_2]")).to_have_value("kind")
    expect(page.locator("select[name=column_4]")).to_have_value("gmina")
    expect(page.locator("select[name=column_0]")).to_have_value("")
    # The e-mail is not to be imported this time.
    page.locator("select[name=column_7]").select_option("")
    check_page(page, "import-mapping")
    page.locator("button[name=check]").click()

    # The report: nothing written, every problem listed.
    expect(page.locator("main [role=status]")).to_be_visible()
    errors = page.locator("main table")
    expect(errors).to_contain_text(BAD_NIP)
    expect(errors).to_contain_text("Krasnikk")
    expect(errors).to_contain_text("Kraśnik")
    expect(errors.locator("tbody tr")).to_have_count(3)
    counts = page.locator("main dl.import-counts dd")
    expect(counts).to_have_text(["2", "0", "0", "3"])
    assert Entity.objects.count() == before
    check_page(page, "import-report")

    page.locator("button[name=confirm]").click()
    expect(page.locator("main [role=status]")).to_be_visible()
    expect(page.locator("main dl.import-counts dd")).to_have_text(["2", "0", "0", "3"])
    assert Entity.objects.count() == before + 2
    imported = Entity.objects.get(nip=nip(101))
    assert imported.gmina.code == "0607011"
    assert imported.email == ""  # the column was left out
    check_page(page, "import-result")


def test_progress_page_polls_and_reloads_when_the_task_ends(page: Page, live_server) -> None:
    load_demo_data()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/panel/registry/import/")
    page.locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "maly.csv",
                "mimeType": "text/csv",
                "buffer": to_csv(sheet_rows(ROWS[:1], HEADERS), encoding="utf-8"),
            }
        ]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("button[name=check]")).to_be_visible()
    batch = ImportBatch.objects.get()
    # As if the worker were half-way through.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.CHECKING, total_rows=400, processed_rows=200
    )
    page.reload()
    progress = page.locator("progress#import-progress-bar")
    expect(progress).to_have_attribute("value", "50")
    expect(page.locator("#import-progress")).to_contain_text("50%")
    check_page(page, "import-progress")

    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=300)
    expect(page.locator("#import-progress")).to_contain_text("75%")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.CHECKED,
        report={"counts": {"new": 1, "update": 0, "unchanged": 0, "error": 0}, "errors": []},
    )
    # htmx hears that the task ended and reloads the page: the report.
    expect(page.locator("button[name=confirm]")).to_be_visible(timeout=5000)


def test_export_page(page: Page, live_server) -> None:
    load_demo_data()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/panel/registry/export/")
    expect(page.locator("input[name=format][value=xlsx]")).to_be_visible()
    check_page(page, "export")
    page.locator("input[name=format][value=csv]").check()
    page.locator("select[name=kind]").select_option("social_cooperative")
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").click()
    path = download.value.path()
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ID w koordynatorze;Nazwa;")
    assert "spółdzielnia socjalna" in text
