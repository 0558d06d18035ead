"""Answers imported from a spreadsheet: all rows or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from koordynator.municipalities import importing
from koordynator.municipalities.models import SurveyAnswer
from tests.factories import EntityFactory
from tests.factories.municipalities import SurveyFactory

pytestmark = pytest.mark.django_db


def workbook(rows, header=None):
    book = Workbook()
    sheet = book.active
    sheet.append(header or importing.COLUMNS)
    for row in rows:
        sheet.append([row.get(name) for name in (header or importing.COLUMNS)])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("answers.xlsx", buffer.getvalue())


def test_good_rows_are_imported(client, region, local_governments, coordinator):
    entity = EntityFactory(nip="7122880770", is_public=True)
    survey = SurveyFactory(region=region)
    upload = workbook(
        [
            {
                "teryt": "0607052",
                "clause_contracts_count": 2,
                "reserved_count": 2,
                "clause_contracts_value": "1000,50",
                "reserved_value": 1000.5,
                "entity_contracts_count": 1,
                "entities_nip": "712-288-07-70",
            },
            {"teryt": 607062, "small_grant_tasks_count": 0},
            {"teryt": "0607072"},  # an empty row of the template: not an answer
            {"teryt": "0663", "open_call_tasks_count": 3, "open_call_tasks_value": 90000},
        ]
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("municipalities:survey_import", args=[survey.pk]), {"file": upload}
    )
    assert response.status_code == 302
    answers = {a.local_government.unit.code: a for a in SurveyAnswer.objects.all()}
    assert sorted(answers) == ["0607052", "0607062", "0663011"]
    assert list(answers["0607052"].entities.all()) == [entity]
    assert str(answers["0607052"].clause_contracts_value) == "1000.50"
    assert answers["0607052"].entry_method == "import"


def test_one_bad_row_saves_nothing_and_every_error_is_listed(
    client, region, local_governments, coordinator
):
    survey = SurveyFactory(region=region)
    upload = workbook(
        [
            {"teryt": "0607052", "clause_contracts_count": 1, "reserved_count": 1},
            {"teryt": "0699999", "clause_contracts_count": 1},
            {"teryt": "0607062", "clause_contracts_count": "dużo"},
            {"teryt": "0607052", "clause_contracts_count": 0},
            {
                "teryt": "0607072",
                "clause_contracts_count": 1,
                "reserved_count": 1,
                "entities_nip": "1111111111",
            },
        ]
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("municipalities:survey_import", args=[survey.pk]), {"file": upload}
    )
    assert response.status_code == 200
    html = response.content.decode()
    for row in (3, 4, 5, 6):
        assert f"Wiersz {row}:" in html or f"Row {row}:" in html
    assert "0699999" in html
    assert not SurveyAnswer.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(region, local_governments):
    with pytest.raises(ValueError, match="XLSX"):
        importing.read_rows(io.BytesIO(b"PK not really"))


def test_template_lists_every_local_government(region, local_governments):
    survey = SurveyFactory(region=region)
    sheet = load_workbook(io.BytesIO(importing.template_workbook(survey))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == importing.COLUMNS
    assert len(rows) == 1 + 234
