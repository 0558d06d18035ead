"""Import of survey answers from a spreadsheet (XLSX): one row per local government,
found by its TERYT code. Every row is checked with `AnswerForm` (the same rules as the
page and the API) before anything is written; if any row is wrong, nothing is saved and
every wrong row is listed."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from koordynator.registry.models import Entity

from . import selectors
from .enums import LocalGovernmentKind
from .forms import AnswerForm
from .models import LocalGovernment, Survey
from .services import ANSWER_FIGURES, ImportedAnswer

MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
TERYT_COLUMN = "teryt"
NAME_COLUMN = "name"
ENTITIES_COLUMN = "entities_nip"
REMARKS_COLUMN = "remarks"
COLUMNS = [TERYT_COLUMN, NAME_COLUMN, *ANSWER_FIGURES, ENTITIES_COLUMN, REMARKS_COLUMN]


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass(frozen=True)
class ImportCheck:
    answers: list[ImportedAnswer]
    errors: list[RowError]
    skipped: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.answers)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _teryt(value: Any) -> str:
    code = _text(value).replace(" ", "")
    # A spreadsheet may have dropped the leading zero of a code kept as a number.
    if code.isdigit() and len(code) in (1, 3, 6):
        code = "0" + code
    return code


def _local_governments_by_code(survey: Survey) -> dict[str, LocalGovernment]:
    by_code: dict[str, LocalGovernment] = {}
    for local_government in selectors.local_governments_of_region(survey.region):
        by_code[local_government.unit.code] = local_government
        if (
            local_government.kind == LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS
            and local_government.powiat is not None
        ):
            by_code[local_government.powiat.code] = local_government
    return by_code


def read_rows(upload: IO[bytes]) -> list[dict[str, Any]]:
    """The sheet's rows as {column: value}, keyed by the first row's names; raises
    ValueError with a message for the user if it is not a readable XLSX file."""
    upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValueError(_("The file is larger than 10 MB."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ValueError(_("This is not an XLSX spreadsheet.")) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValueError(_("The spreadsheet is empty."))
    names = [_text(cell).lower() for cell in header]
    if TERYT_COLUMN not in names:
        raise ValueError(_("The first row must name the columns; the column “teryt” is missing."))
    result = []
    for values in rows:
        if all(_text(cell) == "" for cell in values):
            continue
        result.append(dict(zip(names, values, strict=False)))
        if len(result) > MAX_ROWS:
            raise ValueError(
                _("The spreadsheet has more than %(limit)s rows.") % {"limit": MAX_ROWS}
            )
    workbook.close()
    return result


def check_rows(survey: Survey, rows: list[dict[str, Any]]) -> ImportCheck:
    """Check every row; rows are numbered as in the spreadsheet (the header is row 1)."""
    by_code = _local_governments_by_code(survey)
    entities_by_nip: dict[str, Entity] = {}
    for entity in selectors.entities_for_answer(survey.region_id).exclude(nip=""):
        entities_by_nip.setdefault(entity.nip, entity)
    answers: list[ImportedAnswer] = []
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    skipped = 0
    for number, row in enumerate(rows, start=2):
        code = _teryt(row.get(TERYT_COLUMN))
        local_government = by_code.get(code)
        if local_government is None:
            errors.append(
                RowError(
                    number,
                    _("There is no local government with the TERYT code “%(code)s” in the region.")
                    % {"code": code},
                )
            )
            continue
        if local_government.pk in seen:
            errors.append(
                RowError(
                    number,
                    _("%(name)s is already in row %(row)s.")
                    % {"name": local_government, "row": seen[local_government.pk]},
                )
            )
            continue
        seen[local_government.pk] = number
        if all(_text(row.get(name)) == "" for name in ANSWER_FIGURES):
            # A row of the template left empty: that local government did not answer.
            skipped += 1
            continue
        data = {name: _text(row.get(name)).replace(",", ".") or "0" for name in ANSWER_FIGURES}
        form = AnswerForm(data=data)
        row_errors: list[str] = []
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for message in field_errors:
                    row_errors.append(f"{field} ({label}): {message}" if label else str(message))
        entities = []
        for nip in [
            part.strip().replace("-", "") for part in _text(row.get(ENTITIES_COLUMN)).split(";")
        ]:
            if not nip:
                continue
            found = entities_by_nip.get(nip)
            if found is None:
                row_errors.append(
                    _("There is no entity with NIP %(nip)s in the region's directory.")
                    % {"nip": nip}
                )
            else:
                entities.append(found)
        if row_errors:
            errors.extend(RowError(number, message) for message in row_errors)
            continue
        answers.append(
            ImportedAnswer(
                local_government=local_government,
                figures=form.figures(),
                entities=entities,
                remarks=_text(row.get(REMARKS_COLUMN)),
            )
        )
    if not answers and not errors:
        errors.append(RowError(2, _("The spreadsheet has no rows of answers.")))
    return ImportCheck(answers=answers, errors=errors, skipped=skipped)


def template_workbook(survey: Survey) -> bytes:
    """A spreadsheet to fill in: the columns, and one row per local government."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(survey.year)
    sheet.append(COLUMNS)
    for local_government in selectors.local_governments_of_region(survey.region).order_by(
        "unit__code"
    ):
        sheet.append([local_government.unit.code, str(local_government)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
