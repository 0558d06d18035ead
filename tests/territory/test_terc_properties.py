"""Properties of the TERC parser: whatever the rows hold, it gives units or says what is
wrong with its own error, and the units it gives are the ones the rows describe."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koordynator.territory.terc import TERC_COLUMNS, TercFormatError, parse_terc

COLUMNS = (*TERC_COLUMNS, "STAN_NA")

# Cells near the real ones (so that rows get past the first checks) and anything else.
cells = st.one_of(
    st.sampled_from(["", "06", "07", "01", "1", "2", "3", "4", "8", "9", "lubelskie"]),
    st.text(alphabet="0123456789", max_size=3),
    st.text(max_size=12),
)
rows = st.lists(st.fixed_dictionaries(dict.fromkeys(COLUMNS, cells)), max_size=8)


def _csv(rows: list[dict[str, str]], delimiter: str) -> str:
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def _xml(rows: list[dict[str, str]]) -> bytes:
    root = ET.Element("teryt")
    catalog = ET.SubElement(root, "catalog")
    for row in rows:
        element = ET.SubElement(catalog, "row")
        for column, value in row.items():
            ET.SubElement(element, "col", name=column).text = value
    return ET.tostring(root, encoding="utf-8")


def _parse(data: bytes):
    try:
        return parse_terc(data)
    except TercFormatError:
        return None


@given(rows, st.sampled_from([";", ","]), st.sampled_from(["utf-8", "utf-8-sig", "cp1250"]))
def test_any_csv_rows_give_units_or_the_parser_own_error(rows, delimiter, encoding):
    text = _csv(rows, delimiter)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    terc = _parse(data)
    if terc is not None:
        assert terc.records
        assert len(terc.records) + terc.skipped_sub_gmina_units == len(rows)


@given(rows)
def test_any_xml_rows_give_units_or_the_parser_own_error(rows):
    terc = _parse(_xml(rows))
    if terc is not None:
        assert len(terc.records) + terc.skipped_sub_gmina_units == len(rows)


@settings(report_multiple_bugs=False)
@given(st.binary(max_size=200))
def test_any_bytes_after_a_terc_header_give_units_or_the_parser_own_error(data):
    _parse(";".join(COLUMNS).encode() + b"\r\n" + data)


@given(rows)
def test_units_parsed_are_the_rows_read_back(rows):
    terc = _parse(_csv(rows, ";").encode("utf-8"))
    if terc is None:
        return
    described = set()
    for row in rows:
        woj, pow_, gmi, rodz = (row[column].strip() for column in ("WOJ", "POW", "GMI", "RODZ"))
        described.add(woj if not pow_ else woj + pow_ if not gmi else woj + pow_ + gmi + rodz)
    for record in terc.records:
        assert record.code in described
        assert len(record.code) == {"voivodeship": 2, "powiat": 4, "gmina": 7}[record.level]
        assert record.code.isdigit()
        assert record.name.strip()


def test_a_row_shorter_than_the_header_is_the_parser_own_error():
    """Found by the property on any bytes: a short row left the missing cells as None."""
    data = (";".join(COLUMNS) + "\r\n06;07\r\n").encode()
    with pytest.raises(TercFormatError):
        parse_terc(data)
