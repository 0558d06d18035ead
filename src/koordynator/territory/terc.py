"""Reading the TERC register (GUS) in the layouts GUS publishes: CSV and XML."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from .enums import GminaType, UnitLevel

TERC_COLUMNS = ("WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD")
GMINA_TYPES = {str(choice.value) for choice in GminaType}
# Town and rural parts of urban-rural gminas (4, 5) and city districts (8, 9) are not gminas.
SUB_GMINA_TYPES = {"4", "5", "8", "9"}
_TWO_DIGITS = re.compile(r"^\d{2}$")


class TercFormatError(ValueError):
    """The file is not a TERC register; the message names the line and the problem."""


@dataclass(frozen=True)
class UnitRecord:
    code: str
    level: str
    name: str
    gmina_type: int | None = None
    is_city_with_powiat_rights: bool = False


@dataclass
class TercFile:
    records: list[UnitRecord]
    skipped_sub_gmina_units: int
    state_on: str


def _record_from_row(row: dict[str, str], line: int) -> UnitRecord | None:
    # A row shorter than the header has None for its missing cells.
    woj, pow_, gmi, rodz = ((row.get(key) or "").strip() for key in ("WOJ", "POW", "GMI", "RODZ"))
    name = (row.get("NAZWA") or "").strip()
    extra = (row.get("NAZWA_DOD") or "").strip()
    if not _TWO_DIGITS.match(woj):
        raise TercFormatError(
            _("Line %(line)s: WOJ must be two digits, not “%(value)s”.")
            % {"line": line, "value": woj}
        )
    if not name:
        raise TercFormatError(_("Line %(line)s: NAZWA is empty.") % {"line": line})
    if not pow_:
        return UnitRecord(code=woj, level=UnitLevel.VOIVODESHIP, name=name.lower())
    if not _TWO_DIGITS.match(pow_):
        raise TercFormatError(
            _("Line %(line)s: POW must be two digits, not “%(value)s”.")
            % {"line": line, "value": pow_}
        )
    if not gmi:
        return UnitRecord(
            code=woj + pow_,
            level=UnitLevel.POWIAT,
            name=name,
            is_city_with_powiat_rights="na prawach powiatu" in extra,
        )
    if not _TWO_DIGITS.match(gmi):
        raise TercFormatError(
            _("Line %(line)s: GMI must be two digits, not “%(value)s”.")
            % {"line": line, "value": gmi}
        )
    if rodz in SUB_GMINA_TYPES:
        return None
    if rodz not in GMINA_TYPES:
        raise TercFormatError(
            _("Line %(line)s: RODZ “%(value)s” is not a gmina type.")
            % {"line": line, "value": rodz}
        )
    return UnitRecord(
        code=woj + pow_ + gmi + rodz, level=UnitLevel.GMINA, name=name, gmina_type=int(rodz)
    )


def _rows_from_csv(stream: IO[str]) -> Iterator[dict[str, str]]:
    sample = stream.read(4096)
    stream.seek(0)
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(stream, delimiter=delimiter)
    missing = [column for column in TERC_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise TercFormatError(
            _("This is not a TERC file: the columns %(columns)s are missing.")
            % {"columns": ", ".join(missing)}
        )
    yield from reader


def _rows_from_xml(data: bytes) -> Iterator[dict[str, str]]:
    try:
        # The official register, given by the operator; Python's expat refuses entity
        # expansion attacks (billion laughs) since 3.7.1.
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as error:
        raise TercFormatError(
            _("The XML file cannot be read: %(error)s") % {"error": error}
        ) from error
    rows = root.iter("row")
    for row in rows:
        # GUS writes <col name="WOJ">02</col>; older exports use <WOJ>02</WOJ>.
        yield {(col.get("name") or col.tag): (col.text or "") for col in row}


def parse_terc(data: bytes) -> TercFile:
    """Parse a TERC register file (CSV or XML, UTF-8 or Windows-1250)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1250")
        except UnicodeDecodeError as error:
            raise TercFormatError(_("The file is neither UTF-8 nor Windows-1250 text.")) from error
    if text.lstrip().startswith("<"):
        rows: Iterator[dict[str, str]] = _rows_from_xml(data)
    else:
        rows = _rows_from_csv(io.StringIO(text, newline=""))
    records: list[UnitRecord] = []
    skipped = 0
    state_on = ""
    for line, row in enumerate(rows, start=2):
        record = _record_from_row(row, line)
        state_on = state_on or row.get("STAN_NA", "").strip()
        if record is None:
            skipped += 1
        else:
            records.append(record)
    if not records:
        raise TercFormatError(_("The file holds no territorial units."))
    return TercFile(records=records, skipped_sub_gmina_units=skipped, state_on=state_on)


def read_terc_file(path: Path) -> TercFile:
    return parse_terc(path.read_bytes())


def builtin_units() -> list[UnitRecord]:
    """The units shipped with koordynator: all voivodeships and powiats, the demo region's gminas."""
    source = resources.files("koordynator.territory") / "data" / "units.csv"
    with source.open(encoding="utf-8") as stream:
        return [
            UnitRecord(
                code=row["code"],
                level=row["level"],
                name=row["name"],
                gmina_type=int(row["gmina_type"]) if row["gmina_type"] else None,
                is_city_with_powiat_rights=row["is_city_with_powiat_rights"] == "1",
            )
            for row in csv.DictReader(stream)
        ]
