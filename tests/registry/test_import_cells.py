"""Spreadsheet cells as people and Excel write them, read by the import: numbers with Polish
separators, dates in either order, postal codes that lost their zero, PKD codes, yes/no,
kinds, identifiers. Properties: what a value's usual spellings read as, that reading never
raises anything but the import's own error, and that reading what was read changes nothing."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from koordynator.registry import identifiers
from koordynator.registry.enums import EntityKind, FounderType, LifecycleStatus
from koordynator.registry.importing.reading import cell_text
from koordynator.registry.importing.rows import (
    Importer,
    RowError,
    date_text,
    integer_text,
    pkd_text,
    postal_text,
    year_text,
)
from koordynator.registry.importing.values import (
    KIND_NAMES,
    NO,
    STATUS_NAMES,
    YES,
    choice_from_text,
    folded_key,
)
from tests.factories import region_for

PARSERS = [integer_text, date_text, year_text, postal_text, pkd_text]
# Thousands separators spreadsheets write: a space, Excel's non-breaking space.
SEPARATORS = st.sampled_from([" ", "\u00a0"])
# Cells as they come: digits, separators, signs, letters, Polish letters, odd Unicode.
CELLS = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 \u00a0.,-/;:T+eE\nPLplążźł²٣"),
)


def polish_thousands(number: int, separator: str) -> str:
    """1234567 -> "1 234 567", as Excel shows a number with the Polish locale."""
    digits = str(abs(number))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("-" if number < 0 else "") + separator.join(groups)


# --- Numbers -----------------------------------------------------------------------------------


@given(
    number=st.integers(min_value=-(10**12), max_value=10**12),
    separator=SEPARATORS,
    zeros=st.sampled_from(["", ",0", ",00", ".0", ".00"]),
)
def test_a_whole_number_written_the_polish_way_reads_as_itself(number, separator, zeros):
    assert integer_text(polish_thousands(number, separator) + zeros) == str(number)


@given(
    number=st.integers(min_value=0, max_value=10**9),
    separator=SEPARATORS,
    fraction=st.integers(min_value=1, max_value=99),
)
def test_a_number_with_a_fraction_is_left_for_the_form_to_refuse(number, separator, fraction):
    text = f"{polish_thousands(number, separator)},{fraction:02d}"  # "1 234,50"
    assert integer_text(text) == text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_an_xlsx_number_cell_reads_as_the_whole_number(number):
    assert cell_text(float(number)) == str(number)
    assert integer_text(cell_text(float(number))) == str(number)


@given(st.floats())
def test_any_xlsx_float_cell_is_read_as_text(value):
    text = cell_text(value)
    assert isinstance(text, str)
    if not math.isnan(value):
        assert float(text) == value


# --- Dates and years ---------------------------------------------------------------------------

DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(
    day=DATES,
    separator=st.sampled_from([".", "-", "/"]),
    padded=st.booleans(),
)
def test_a_day_month_year_date_reads_as_its_iso_date(day, separator, padded):
    form = "%02d" if padded else "%d"
    text = separator.join([form % day.day, form % day.month, str(day.year)])
    assert date_text(text) == day.isoformat()
    assert year_text(text) == str(day.year)


@given(day=DATES, time=st.sampled_from(["", " 00:00:00", "T00:00:00", " 12:30"]))
def test_an_iso_date_with_or_without_a_time_reads_as_its_date(day, time):
    text = day.isoformat() + time
    assert date_text(text) == day.isoformat()
    assert year_text(text) == str(day.year)


@given(day=DATES)
def test_an_xlsx_date_cell_reads_as_its_date(day):
    midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 (openpyxl gives naive ones)
    assert date_text(cell_text(midnight)) == day.isoformat()
    assert date_text(cell_text(day)) == day.isoformat()


@given(year=st.integers(min_value=1000, max_value=9999), zeros=st.sampled_from(["", ",0", ".0"]))
def test_a_year_as_a_number_reads_as_the_year(year, zeros):
    assert year_text(f"{year}{zeros}") == str(year)
    assert year_text(cell_text(float(year))) == str(year)


# --- Postal and PKD codes ----------------------------------------------------------------------


@given(
    code=st.integers(min_value=0, max_value=99999),
    spelling=st.sampled_from(["{a}-{b}", "{a}{b}", " {a}-{b} ", "{a} {b}", "{a}\u00a0{b}"]),
)
def test_a_postal_code_reads_as_nn_nnn(code, spelling):
    digits = f"{code:05d}"
    expected = f"{digits[:2]}-{digits[2:]}"
    assert postal_text(spelling.format(a=digits[:2], b=digits[2:])) == expected
    # Excel reads 01-234 as the number 1234 and drops the zero. (Warsaw's 00-950 would
    # lose two, and is left for the form to refuse.)
    if code >= 1000:
        assert postal_text(cell_text(float(code))) == expected


@given(
    division=st.integers(min_value=1, max_value=99),
    group=st.integers(min_value=0, max_value=99),
    letter=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    spelling=st.sampled_from(["{d}.{g}.{l}", "{d}{g}{l}", "{d}.{g} {l}", "{d}.{g}{l}"]),
    lower=st.booleans(),
    rest=st.sampled_from(["", ", 10.11.Z", "; 56.10.A", "\n47.11.Z"]),
)
def test_a_pkd_code_reads_as_nn_nn_x_and_only_the_first_counts(
    division, group, letter, spelling, lower, rest
):
    text = spelling.format(
        d=f"{division:02d}", g=f"{group:02d}", l=letter.lower() if lower else letter
    )
    assert pkd_text(text + rest) == f"{division:02d}.{group:02d}.{letter}"


# --- Any cell ----------------------------------------------------------------------------------


@pytest.mark.parametrize("parse", PARSERS, ids=lambda parse: parse.__name__)
@given(text=CELLS)
def test_reading_a_cell_never_raises_and_reading_it_again_changes_nothing(parse, text):
    once = parse(text)
    assert isinstance(once, str)
    assert parse(once) == once


@given(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), DATES, st.datetimes(), st.text()
    )
)
def test_any_xlsx_cell_value_is_read_as_text(value):
    assert isinstance(cell_text(value), str)


# --- Yes/no and choices ------------------------------------------------------------------------


def spellings(word: str):
    """`word` as people type it: any case, with spaces or a full stop around it."""
    return st.tuples(
        st.sampled_from([str.lower, str.upper, str.capitalize, str.title]),
        st.sampled_from(["", " ", "\u00a0", "  "]),
        st.sampled_from(["", ".", " ", "\u00a0"]),
    ).map(lambda parts: parts[1] + parts[0](word) + parts[2])


# The words a cell may hold for yes and no ("-" is left out: it folds to nothing).
YES_NO = sorted({word for word in YES | NO if folded_key(word) == word} | {"Tak", "NIE", "Fałsz"})


@given(data=st.data(), word=st.sampled_from(YES_NO))
def test_yes_and_no_read_the_same_in_any_case_and_with_stray_spaces(data, word):
    folded = folded_key(data.draw(spellings(word)))
    assert folded == folded_key(word)
    assert (folded in YES) != (folded in NO)


@given(st.text())
def test_folded_key_is_idempotent(text):
    assert folded_key(folded_key(text)) == folded_key(text)


@given(data=st.data(), kind=st.sampled_from(sorted(KIND_NAMES)))
def test_the_polish_name_exports_write_reads_back_as_the_kind(data, kind):
    assert choice_from_text("kind", data.draw(spellings(KIND_NAMES[kind]))) == kind


@given(data=st.data(), status=st.sampled_from(sorted(STATUS_NAMES)))
def test_the_polish_status_exports_write_reads_back_as_the_status(data, status):
    assert choice_from_text("status", data.draw(spellings(STATUS_NAMES[status]))) == status


@given(name=st.sampled_from(["kind", "status", "founder_type"]), text=st.text())
def test_a_choice_is_a_known_value_or_none(name, text):
    known = {"kind": EntityKind, "status": LifecycleStatus, "founder_type": FounderType}[name]
    assert choice_from_text(name, text) in {None, *known.values}


# --- Identifiers -------------------------------------------------------------------------------


@st.composite
def nips(draw):
    """A NIP with a right check digit."""
    digits = draw(st.lists(st.integers(0, 9), min_size=9, max_size=9))
    check = sum(w * d for w, d in zip([6, 5, 7, 2, 3, 4, 5, 6, 7], digits, strict=True)) % 11
    assume(check != 10)
    return "".join(map(str, digits)) + str(check)


NIP_SPELLINGS = [
    lambda n: n,
    lambda n: f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}",
    lambda n: f"{n[:3]}-{n[3:5]}-{n[5:7]}-{n[7:]}",
    lambda n: f"PL{n}",
    lambda n: f"PL {n}",
    lambda n: f" {n[:3]} {n[3:6]} {n[6:8]} {n[8:]} ",
    lambda n: f"{n[:3]}.{n[3:6]}.{n[6:]}",
]


@given(nip=nips(), spelling=st.sampled_from(NIP_SPELLINGS))
def test_a_nip_written_with_dashes_spaces_or_the_pl_prefix_reads_as_its_digits(nip, spelling):
    normalised = identifiers.normalise_nip(spelling(nip))
    assert normalised == nip
    assert identifiers.normalise_nip(normalised) == normalised


@given(number=st.integers(min_value=1, max_value=9_999_999_999), padded=st.booleans())
def test_a_krs_number_that_lost_its_zeros_reads_as_ten_digits(number, padded):
    text = f"{number:010d}" if padded else str(number)
    assert identifiers.normalise_krs(text) == f"{number:010d}"
    assert identifiers.normalise_krs(cell_text(float(number))) == f"{number:010d}"


@pytest.mark.parametrize(
    "normalise",
    [identifiers.normalise_nip, identifiers.normalise_regon, identifiers.normalise_krs],
    ids=lambda normalise: normalise.__name__,
)
@given(text=CELLS)
def test_an_identifier_is_read_or_refused_with_a_validation_error_only(normalise, text):
    try:
        once = normalise(text)
    except ValidationError:
        return
    assert normalise(once) == once


# --- A whole row -------------------------------------------------------------------------------

COLUMNS = [
    "name",
    "kind",
    "founder_type",
    "nip",
    "regon",
    "krs",
    "postal_code",
    "gmina",
    "teryt",
    "employees_total",
    "year_founded",
    "status",
    "status_since",
    "has_economic_activity",
    "main_pkd",
    "latitude",
    "offer_tags",
    "support_centre",
    "id",
]


@pytest.mark.django_db
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(CELLS, min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_reading_any_row_gives_form_data_and_row_errors_never_an_exception(cells, importer):
    row = importer._prepare(2, cells)
    assert all(isinstance(error, RowError) for error in row.errors)
    assert all(isinstance(value, str) for value in row.payload.values())


@pytest.fixture
def importer():
    return Importer(region=region_for("06"), headers=COLUMNS, fields=COLUMNS)
