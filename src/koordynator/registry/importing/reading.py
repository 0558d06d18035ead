"""Reading an uploaded CSV or XLSX file as a table of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from .columns import detect_mapping

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10

_FORMULA_GUARD = re.compile(r"^'[=+\-@\t\r]")


class ImportFileError(Exception):
    """The file cannot be read as a table; the message says why, in the user's language."""


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Sheet:
    """A table read from a file: its headers and a way to go through its rows."""

    kind: str  # "csv" or "xlsx"
    headers: list[str]
    header_row: int
    total: int  # data rows after the header (empty rows included)
    encoding: str = ""
    delimiter: str = ""
    _source: Any = None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as the spreadsheet shows it, cells) for each non-empty data row."""
        width = len(self.headers)
        for number, cells in self._source(self.header_row):
            if number - self.header_row > MAX_ROWS:
                # The row count a workbook declares may be false; its rows are not.
                raise ImportFileError(
                    _("The file has more than %(count)s rows; split it into smaller files.")
                    % {"count": MAX_ROWS}
                )
            if any(cells):
                yield number, (cells + [""] * width)[:width]

    def close(self) -> None:
        pass


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without a BOM), UTF-16 with a
    BOM (Excel's "Unicode text"), else Windows-1250 (Excel's "CSV" on a Polish Windows)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1250"), "Windows-1250"
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not in a known text encoding. Save it as CSV UTF-8 or as XLSX.")
        ) from error


def _sniff_delimiter(text: str) -> str:
    """`;`, `,` or tab: the one that splits the first rows into the most known column
    names; failing that, into the same number of columns most often."""
    sample = text[:65536]
    if "\n" in sample[:-1]:
        sample = sample[: sample.rfind("\n")]
    scores = {}
    for delimiter in (";", ",", "\t"):
        try:
            rows = [
                row
                for row in itertools.islice(
                    csv.reader(io.StringIO(sample), delimiter=delimiter), 50
                )
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        known = max(
            (len({key for key in detect_mapping(row) if key}) for row in rows[:HEADER_SEARCH_ROWS]),
            default=0,
        )
        widths = Counter(len(row) for row in rows if len(row) > 1)
        common = widths.most_common(1)[0] if widths else (1, 0)
        scores[delimiter] = (known, common[1], common[0])
    if not scores:
        return ","
    return max(scores, key=lambda delimiter: scores[delimiter])


def _unguard(value: str) -> str:
    """Undo the apostrophe exports put before a value Excel would run as a formula."""
    value = value.strip()
    return value[1:] if _FORMULA_GUARD.match(value) else value


def _find_header(candidates: list[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first row that names at least two known columns; else the first non-empty row."""
    non_empty = [(n, cells) for n, cells in candidates if any(cells)]
    if not non_empty:
        raise ImportFileError(_("The file has no rows."))
    for number, cells in non_empty:
        if len({key for key in detect_mapping(cells) if key}) >= 2:
            return number, cells
    return non_empty[0]


def _trim_headers(cells: list[str]) -> list[str]:
    headers = [cell.strip() for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The file has no header row."))
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS}
        )
    return headers


def _read_csv(data: bytes) -> Sheet:
    text, encoding = _decode(data)
    delimiter = _sniff_delimiter(text)

    def records(skip: int) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, record in enumerate(reader, start=1):
                if number > skip:
                    yield number, [_unguard(cell) for cell in record]
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV file is damaged near row %(row)s.") % {"row": reader.line_num}
            ) from error

    head = []
    for item in records(0):
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header_row, header_cells = _find_header(head)
    total = sum(1 for _record in records(header_row))
    return Sheet(
        kind="csv",
        headers=_trim_headers(header_cells),
        header_row=header_row,
        total=total,
        encoding=encoding,
        delimiter=delimiter,
        _source=records,
    )


class _XlsxSheet(Sheet):
    workbook: Any = None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def _read_xlsx(data: bytes) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails in many ways on files that are not XLSX
        if not isinstance(error, zipfile.BadZipFile | KeyError | ValueError | OSError):
            logger.warning("unreadable XLSX upload", exc_info=True)
        raise ImportFileError(_("The XLSX file cannot be opened; is it damaged?")) from error
    if not workbook.worksheets:
        raise ImportFileError(_("The workbook has no sheets."))
    worksheet = workbook.worksheets[0]

    def records(skip: int) -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(
            worksheet.iter_rows(min_row=skip + 1, values_only=True), start=skip + 1
        ):
            yield number, [cell_text(value) for value in values]

    head = []
    for item in records(0):
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header_row, header_cells = _find_header(head)
    max_row = worksheet.max_row
    if max_row is None:
        max_row = header_row + sum(1 for _record in records(header_row))
    sheet = _XlsxSheet(
        kind="xlsx",
        headers=_trim_headers(header_cells),
        header_row=header_row,
        total=max(max_row - header_row, 0),
        _source=records,
    )
    sheet.workbook = workbook
    return sheet


def read_sheet(stream: IO[bytes], name: str) -> Sheet:
    """Open an uploaded CSV or XLSX file (by its content; the name only for messages)."""
    data = stream.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        sheet = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.lower().endswith((".xls", ".ods")):
        raise ImportFileError(
            _(
                "Old Excel (.xls) and OpenDocument files are not read. Save the sheet as XLSX or CSV."
            )
        )
    else:
        sheet = _read_csv(data)
    if sheet.total > MAX_ROWS:
        sheet.close()
        raise ImportFileError(
            _("The file has more than %(count)s rows; split it into smaller files.")
            % {"count": MAX_ROWS}
        )
    return sheet
