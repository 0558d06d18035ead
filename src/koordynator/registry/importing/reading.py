"""Import of entities from the spreadsheets regional centres and support centres keep.

Four steps, each its own part of this module:

1. **Reading** (`read_sheet`): CSV (UTF-8 with or without BOM, Windows-1250, UTF-16; `;`,
   `,` or tab separated, sniffed) or XLSX (the first sheet). A title row above the headers
   is skipped: the header row is the first one whose cells name known columns.
2. **Column mapping** (`detect_mapping`): Polish and English headers, compared folded (no
   case, no diacritics). The user sees the guess and may change it (`MappingForm`).
3. **Checking** (`Importer`): every row becomes EntityForm data and is validated by
   EntityForm (through EntityChecker, which builds the form once for all rows), the one
   validation path for entity data. A row matches an existing entity by
   its ID in koordynator, else NIP, else KRS, else REGON, else (only when it has no
   identifier) by the same name in the same gmina. Nothing is written.
4. **Import** (`batch_import`): after the user confirms, every row is checked again and the
   good ones are written in ONE transaction through services.entities_create_many (new
   entities, a chunk at a time) and services.entity_update, so history and audit entries
   are written as for a change made by hand. Rows with errors
   are skipped. Empty cells never erase a value: they leave the field as it is.

`batch_check` and `batch_import` run as background tasks (tasks.py) and record their
progress on the ImportBatch every PROGRESS_EVERY rows.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import gc
import io
import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koordynator.accounts.models import Organisation
from koordynator.core.audit import audit_log
from koordynator.core.text import fold
from koordynator.territory.models import Region, TerritorialUnit

from . import identifiers, services
from .enums import EntityKind, FounderType, ImportStatus, LifecycleStatus
from .forms import ENTITY_FIELDS, EntityChecker, form_data_from
from .models import Entity, ImportBatch

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_REPORTED_ERRORS = 2000
PROGRESS_EVERY = 200
CHUNK_SIZE = 500
SAMPLE_ROWS = 3
HEADER_SEARCH_ROWS = 10

# --- Columns -----------------------------------------------------------------------------------

# What a column can hold: EntityForm's fields, plus the ID in koordynator, the gmina's TERYT
# code and the powiat (which tells same-named gminas apart). "gmina" is the gmina's name.
FIELD_LABELS: dict[str, Promise] = {
    "id": gettext_lazy("ID in koordynator"),
    "name": gettext_lazy("name"),
    "short_name": gettext_lazy("short name"),
    "kind": gettext_lazy("kind (legal form)"),
    "founder_type": gettext_lazy("founders (social cooperatives)"),
    "nip": gettext_lazy("NIP"),
    "regon": gettext_lazy("REGON"),
    "krs": gettext_lazy("KRS"),
    "address": gettext_lazy("street and number"),
    "postal_code": gettext_lazy("postal code"),
    "locality": gettext_lazy("locality"),
    "gmina": gettext_lazy("gmina (name)"),
    "teryt": gettext_lazy("gmina (TERYT code)"),
    "powiat": gettext_lazy("powiat (tells same-named gminas apart)"),
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "website": gettext_lazy("website"),
    "description": gettext_lazy("description"),
    "offer": gettext_lazy("products and services offered"),
    "offer_tags": gettext_lazy("offer tags"),
    "sectors": gettext_lazy("sectors (PKD divisions)"),
    "main_pkd": gettext_lazy("main PKD code"),
    "employees_total": gettext_lazy("employees"),
    "employees_at_risk": gettext_lazy("of them at risk of social exclusion"),
    "employees_disabled": gettext_lazy("of them people with disabilities"),
    "reintegration_participants": gettext_lazy("reintegration participants"),
    "year_founded": gettext_lazy("year founded"),
    "has_paid_activity": gettext_lazy("conducts paid public-benefit activity"),
    "has_economic_activity": gettext_lazy("conducts economic activity"),
    "status": gettext_lazy("status"),
    "status_since": gettext_lazy("status since"),
    "is_public": gettext_lazy("shown in the public directory"),
    "support_centre": gettext_lazy("support centre (OWES)"),
    "latitude": gettext_lazy("latitude"),
    "longitude": gettext_lazy("longitude"),
}

# The headers of exported files: Polish, as the spreadsheets in use have them, and each one
# recognised by detect_mapping, so that an exported file imports back unchanged. They name a
# file format, so they are not translated.
EXPORT_HEADERS: dict[str, str] = {
    "id": "ID w koordynatorze",
    "name": "Nazwa",
    "short_name": "Nazwa skrócona",
    "kind": "Forma prawna",
    "founder_type": "Założyciele",
    "nip": "NIP",
    "regon": "REGON",
    "krs": "KRS",
    "address": "Adres",
    "postal_code": "Kod pocztowy",
    "locality": "Miejscowość",
    "gmina": "Gmina",
    "teryt": "Kod TERYT gminy",
    "powiat": "Powiat",
    "email": "E-mail",
    "phone": "Telefon",
    "website": "WWW",
    "description": "Opis",
    "offer": "Oferta",
    "offer_tags": "Tagi oferty",
    "sectors": "Działy PKD",
    "main_pkd": "PKD",
    "employees_total": "Liczba pracowników",
    "employees_at_risk": "w tym zagrożonych wykluczeniem",
    "employees_disabled": "w tym z niepełnosprawnościami",
    "reintegration_participants": "Uczestnicy reintegracji",
    "year_founded": "Rok założenia",
    "has_paid_activity": "Działalność odpłatna pożytku publicznego",
    "has_economic_activity": "Działalność gospodarcza",
    "status": "Status",
    "status_since": "Status od",
    "is_public": "W katalogu publicznym",
    "support_centre": "Ośrodek wsparcia (OWES)",
}

# Header patterns, tried in order on the folded header; the first that matches wins.
# Specific ones come first ("Adres e-mail" is an e-mail, "Nazwa gminy" a gmina).
HEADER_RULES: list[tuple[str, str]] = [
    ("id", r"^(id|identyfikator|id w koordynatorze|id koordynator\w*)$"),
    ("teryt", r"\bteryt\b|\bterc\b|^kod gminy|^gmina kod"),
    ("email", r"\be ?mail\b|poczta elektroniczna"),
    ("website", r"\bwww\b|\bstrona\b|witryna|internet|website|\burl\b"),
    ("phone", r"^tel\b|telefon|\bphone\b|komork"),
    ("postal_code", r"kod poczt|postal|^kod$|\bzip\b"),
    ("nip", r"\bnip\b"),
    ("regon", r"\bregon\b"),
    ("krs", r"\bkrs\b"),
    ("gmina", r"nazwa gminy"),
    ("powiat", r"nazwa powiatu"),
    ("locality", r"nazwa miejscowosci"),
    ("short_name", r"nazwa skrocona|\bskrot|short name|nazwa krotka"),
    ("support_centre", r"\bowes\b|osrodek wsparcia|support centre"),
    ("name", r"^nazwa\b|^name$|pelna nazwa|^podmiot$|nazwa podmiotu|nazwa organizacji"),
    ("founder_type", r"zalozyciel|founder"),
    ("kind", r"forma prawna|^rodzaj|^typ\b|^kind$|forma organizacyjna|legal form"),
    ("locality", r"miejscowosc|^miasto$|^locality$|^city$"),
    ("powiat", r"^powiat|^pow\b|county"),
    ("gmina", r"^gmina\b|^gm\b|municipality"),
    ("address", r"^adres|\bulica\b|^ul\b|street|address"),
    ("offer_tags", r"\btagi\b|slowa kluczowe|\btags\b"),
    ("sectors", r"dzialy pkd|dzial pkd|sektor|sectors"),
    ("main_pkd", r"\bpkd\b"),
    ("offer", r"ofert|produkt|uslug|\boffer\b"),
    ("description", r"^opis|description|misja|cel dzialalnosci"),
    ("employees_at_risk", r"zagrozon|at risk"),
    ("employees_disabled", r"niepelnospraw|disab"),
    ("reintegration_participants", r"uczestni|reintegrac|participant"),
    ("employees_total", r"pracownik|zatrudni|employees"),
    (
        "year_founded",
        r"(rok|data) (zalozenia|powstania|rejestracji)|year founded|^founded$",
    ),
    ("has_paid_activity", r"odplatn|paid activ"),
    ("has_economic_activity", r"dzialalnosc gospodarcz|economic activ"),
    ("status_since", r"status od|data statusu|status since"),
    ("status", r"^status\b|^stan$"),
    ("is_public", r"katalog|publiczn|\bpublic\b"),
    ("latitude", r"szerokosc|latitude|^lat$"),
    ("longitude", r"dlugosc|longitude|^lon$|^lng$"),
]
_HEADER_PATTERNS = [(key, re.compile(pattern)) for key, pattern in HEADER_RULES]

# --- Values ------------------------------------------------------------------------------------

# The Polish names exports write; each is also recognised on import.
KIND_NAMES: dict[str, str] = {
    EntityKind.SOCIAL_COOPERATIVE: "spółdzielnia socjalna",
    EntityKind.CIS: "centrum integracji społecznej (CIS)",
    EntityKind.KIS: "klub integracji społecznej (KIS)",
    EntityKind.ZAZ: "zakład aktywności zawodowej (ZAZ)",
    EntityKind.WTZ: "warsztat terapii zajęciowej (WTZ)",
    EntityKind.FOUNDATION: "fundacja",
    EntityKind.ASSOCIATION: "stowarzyszenie",
    EntityKind.OTHER_NGO: "inna organizacja pozarządowa",
    EntityKind.CHURCH_LEGAL_PERSON: "kościelna osoba prawna",
    EntityKind.WORK_COOPERATIVE: "spółdzielnia pracy",
    EntityKind.DISABLED_PERSONS_COOPERATIVE: "spółdzielnia inwalidów lub niewidomych",
    EntityKind.AGRICULTURAL_COOPERATIVE: "rolnicza spółdzielnia produkcyjna",
    EntityKind.NON_PROFIT_COMPANY: "spółka non-profit",
}
KIND_ALIASES: dict[str, str] = {
    "spółdzielnia socjalna osób fizycznych": EntityKind.SOCIAL_COOPERATIVE,
    "spółdzielnia socjalna osób prawnych": EntityKind.SOCIAL_COOPERATIVE,
    "centrum integracji społecznej": EntityKind.CIS,
    "klub integracji społecznej": EntityKind.KIS,
    "zakład aktywności zawodowej": EntityKind.ZAZ,
    "warsztat terapii zajęciowej": EntityKind.WTZ,
    "warsztaty terapii zajęciowej": EntityKind.WTZ,
    "stowarzyszenie zwykłe": EntityKind.ASSOCIATION,
    "stowarzyszenie rejestrowe": EntityKind.ASSOCIATION,
    "związek stowarzyszeń": EntityKind.ASSOCIATION,
    "organizacja pozarządowa": EntityKind.OTHER_NGO,
    "NGO": EntityKind.OTHER_NGO,
    "KGW": EntityKind.OTHER_NGO,
    "koło gospodyń wiejskich": EntityKind.OTHER_NGO,
    "ochotnicza straż pożarna": EntityKind.OTHER_NGO,
    "OSP": EntityKind.OTHER_NGO,
    "klub sportowy": EntityKind.OTHER_NGO,
    "uczniowski klub sportowy": EntityKind.OTHER_NGO,
    "ludowy klub sportowy": EntityKind.OTHER_NGO,
    "kościelna jednostka organizacyjna": EntityKind.CHURCH_LEGAL_PERSON,
    "osoba prawna kościoła": EntityKind.CHURCH_LEGAL_PERSON,
    "spółdzielnia inwalidów": EntityKind.DISABLED_PERSONS_COOPERATIVE,
    "spółdzielnia niewidomych": EntityKind.DISABLED_PERSONS_COOPERATIVE,
    "RSP": EntityKind.AGRICULTURAL_COOPERATIVE,
    "spółka non profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka z o.o. non-profit": EntityKind.NON_PROFIT_COMPANY,
    "sp. z o.o. non-profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka z ograniczoną odpowiedzialnością non-profit": EntityKind.NON_PROFIT_COMPANY,
    "spółka akcyjna non-profit": EntityKind.NON_PROFIT_COMPANY,
}
STATUS_NAMES: dict[str, str] = {
    LifecycleStatus.ACTIVE: "aktywny",
    LifecycleStatus.SUSPENDED: "zawieszony",
    LifecycleStatus.IN_LIQUIDATION: "w likwidacji",
    LifecycleStatus.CLOSED: "zamknięty",
}
STATUS_ALIASES: dict[str, str] = {
    "aktywna": LifecycleStatus.ACTIVE,
    "działa": LifecycleStatus.ACTIVE,
    "działający": LifecycleStatus.ACTIVE,
    "działająca": LifecycleStatus.ACTIVE,
    "zawieszona": LifecycleStatus.SUSPENDED,
    "działalność zawieszona": LifecycleStatus.SUSPENDED,
    "likwidacja": LifecycleStatus.IN_LIQUIDATION,
    "zamknięta": LifecycleStatus.CLOSED,
    "zlikwidowany": LifecycleStatus.CLOSED,
    "zlikwidowana": LifecycleStatus.CLOSED,
    "wykreślony": LifecycleStatus.CLOSED,
    "wykreślona": LifecycleStatus.CLOSED,
}
FOUNDER_NAMES: dict[str, str] = {
    FounderType.NATURAL_PERSONS: "osoby fizyczne",
    FounderType.LEGAL_PERSONS: "osoby prawne",
}
FOUNDER_ALIASES: dict[str, str] = {
    "fizyczne": FounderType.NATURAL_PERSONS,
    "osób fizycznych": FounderType.NATURAL_PERSONS,
    "prawne": FounderType.LEGAL_PERSONS,
    "osób prawnych": FounderType.LEGAL_PERSONS,
}
YES = {"tak", "t", "1", "x", "yes", "y", "true", "prawda", "+"}
NO = {"nie", "n", "0", "no", "false", "falsz", "-"}
BOOLEAN_FIELDS = {"has_paid_activity", "has_economic_activity", "is_public"}
INTEGER_FIELDS = {
    "employees_total",
    "employees_at_risk",
    "employees_disabled",
    "reintegration_participants",
}

_PUNCTUATION = re.compile(r"[\s.,;:!?*\"'“”„«»()\[\]/\\_]+")
_PKD = re.compile(r"^(\d{2})\.?(\d{2})\.?\s*([A-Za-z])$")
_DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_FORMULA_GUARD = re.compile(r"^'[=+\-@\t\r]")


def folded_key(text: str) -> str:
    """`text` folded, with punctuation read as spaces: "Sp. z o.o." -> "sp z o o"."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def _aliases(
    choices: Iterable[tuple[str, Any]], names: dict[str, str], extra: dict[str, str]
) -> dict[str, str]:
    """Folded spellings → value: the code, the label in Polish and English, the Polish name
    exports write, a label's parenthesised abbreviation ("CIS") and the extra spellings."""
    found: dict[str, str] = {}
    for value, label in choices:
        spellings = [value, value.replace("_", " "), names.get(value, "")]
        for language in ("pl", "en"):
            with translation.override(language):
                spellings.append(str(label))
        for spelling in spellings:
            match = re.match(r"^(.*?)\s*\((.*)\)\s*$", spelling)
            if match:
                spellings.extend([match[1], match[2]])
        for spelling in spellings:
            if spelling:
                found[folded_key(spelling)] = value
    found.update({folded_key(spelling): value for spelling, value in extra.items()})
    return found


_ALIAS_CACHE: dict[str, dict[str, str]] = {}


def _aliases_for(name: str) -> dict[str, str]:
    if name not in _ALIAS_CACHE:
        if name == "kind":
            _ALIAS_CACHE[name] = _aliases(EntityKind.choices, KIND_NAMES, KIND_ALIASES)
        elif name == "status":
            _ALIAS_CACHE[name] = _aliases(LifecycleStatus.choices, STATUS_NAMES, STATUS_ALIASES)
        else:
            _ALIAS_CACHE[name] = _aliases(FounderType.choices, FOUNDER_NAMES, FOUNDER_ALIASES)
    return _ALIAS_CACHE[name]


def choice_from_text(name: str, text: str) -> str | None:
    """The kind, status or founder type a spreadsheet's value means, or None.

    Exact spellings first; then a value that begins with a known spelling
    ("stowarzyszenie rejestrowe w Kraśniku" is an association)."""
    aliases = _aliases_for(name)
    key = folded_key(text)
    if key in aliases:
        return aliases[key]
    for alias in sorted(aliases, key=len, reverse=True):
        if len(alias) > 3 and key.startswith(alias + " "):
            return aliases[alias]
    return None


# --- Reading -----------------------------------------------------------------------------------


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


# --- Column mapping ----------------------------------------------------------------------------


def field_for_header(header: str) -> str:
    key = folded_key(header)
    if not key:
        return ""
    for field_name, pattern in _HEADER_PATTERNS:
        if pattern.search(key):
            return field_name
    return ""


def detect_mapping(headers: list[str]) -> list[str]:
    """The field each column holds ("" for none); a field goes to its first column only."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        field_name = field_for_header(header)
        if field_name in taken:
            field_name = ""
        taken.add(field_name)
        mapping.append(field_name)
    return mapping


def column_label(headers: list[str], index: int) -> str:
    """A column's header, or its spreadsheet letter when the header cell is empty."""
    if index < len(headers) and headers[index]:
        return headers[index]
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return _("column %(letter)s") % {"letter": letters}


def mapping_from_sheet(sheet: Sheet, *, language: str) -> dict[str, Any]:
    """What ImportBatch.mapping holds: the headers, the field of each column, a few sample
    rows for the mapping page, and how the file was read."""
    samples = []
    for _number, cells in sheet.rows():
        samples.append([cell[:80] for cell in cells])
        if len(samples) >= SAMPLE_ROWS:
            break
    return {
        "headers": sheet.headers,
        "fields": detect_mapping(sheet.headers),
        "samples": samples,
        "header_row": sheet.header_row,
        "format": sheet.kind,
        "encoding": sheet.encoding,
        "delimiter": sheet.delimiter,
        "language": language,
    }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "The first row with column names is the header; one entity per row. "
            "CSV may be separated by semicolons or commas, in UTF-8 or Windows-1250."
        ),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = regions

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
            raise ValidationError(_("Choose a CSV or XLSX file."))
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload


class MappingForm(forms.Form):
    """One select per column: which field the column holds."""

    def __init__(self, *args: Any, headers: list[str], fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", gettext_lazy("— do not import —")), *FIELD_LABELS.items()]
        for index, _header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column_label(headers, index),
                choices=choices,
                required=False,
                initial=fields[index] if index < len(fields) else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, int] = {}
        for index in range(len(self.headers)):
            key = data.get(f"column_{index}") or ""
            if not key:
                continue
            if key in seen:
                self.add_error(
                    f"column_{index}",
                    _("Column “%(other)s” already holds %(field)s.")
                    % {"other": column_label(self.headers, seen[key]), "field": FIELD_LABELS[key]},
                )
            seen[key] = index
        if not seen:
            raise ValidationError(_("Choose what at least one column holds."))
        return data

    def mapping_fields(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}") or "" for i in range(len(self.headers))]

    def rows(self) -> list[tuple[int, str, forms.BoundField]]:
        return [(i, header, self[f"column_{i}"]) for i, header in enumerate(self.headers)]


# --- Gminas ------------------------------------------------------------------------------------

_GMINA_PREFIX = re.compile(r"^(gmina|gm|miasto i gmina|miasto|m|mst|urzad gminy|urzad miasta)\s+")
_POWIAT_PREFIX = re.compile(r"^(powiat|pow|miasto na prawach powiatu|miasto|m)\s+")
URBAN, RURAL, URBAN_RURAL = 1, 2, 3


def _gmina_query(text: str) -> tuple[str, set[int] | None]:
    """The folded name of a gmina and the types its spelling allows:
    "Gmina Kraśnik (wiejska)" -> ("krasnik", {2}), "m. Kraśnik" -> ("krasnik", {1, 3})."""
    key = folded_key(text)
    types: set[int] | None = None
    words = key.split()
    if "miejsko" in words or "miejsko wiejska" in key:
        types = {URBAN_RURAL}
    elif "wiejska" in words:
        types = {RURAL}
    elif "miejska" in words or re.match(r"^(miasto|m|mst)\s", key):
        types = {URBAN, URBAN_RURAL}
    key = re.sub(r"\b(gmina|gm|miejsko wiejska|miejsko|miejska|wiejska)$", "", key).strip()
    key = re.sub(r"\s+(gmina|gm)$", "", key).strip()
    for _attempt in range(2):
        key = _GMINA_PREFIX.sub("", key).strip()
    return key, types


@dataclass
class GminaMatch:
    unit: TerritorialUnit | None = None
    code: str = ""  # error code
    message: str = ""


class GminaResolver:
    """Finds gminas of one region by TERYT code or name, with a cache per spelling."""

    def __init__(self, region: Region) -> None:
        self.region = region
        units = TerritorialUnit.objects.filter(
            code__startswith=region.code, is_active=True, level__in=["powiat", "gmina"]
        ).order_by("code")
        self.by_code: dict[str, TerritorialUnit] = {}
        self.by_name: dict[str, list[TerritorialUnit]] = defaultdict(list)
        self.powiats_by_name: dict[str, set[str]] = defaultdict(set)
        self.powiat_names: dict[str, str] = {}
        for unit in units:
            if unit.level == "gmina":
                self.by_code[unit.code] = unit
                self.by_name[folded_key(unit.name)].append(unit)
            else:
                self.powiat_names[unit.code] = unit.name
                self.powiats_by_name[folded_key(unit.name)].add(unit.code)
        self.names = {key: units[0].name for key, units in self.by_name.items()}
        self._cache: dict[tuple[str, str, str, str], GminaMatch] = {}

    def suggestions(self, key: str) -> list[str]:
        close = difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.0)
        return [self.names[name] for name in close]

    def _describe(self, unit: TerritorialUnit) -> str:
        return f"{unit.name} ({unit.get_gmina_type_display()}, {unit.code})"

    def resolve(
        self, *, name: str = "", teryt: str = "", powiat: str = "", locality: str = ""
    ) -> GminaMatch:
        key = (name, teryt, powiat, locality)
        if key not in self._cache:
            self._cache[key] = self._resolve(
                name=name, teryt=teryt, powiat=powiat, locality=locality
            )
        return self._cache[key]

    def _resolve(self, *, name: str, teryt: str, powiat: str, locality: str) -> GminaMatch:
        if teryt:
            code = re.sub(r"\D", "", teryt)
            if len(code) == 6:
                code = code.zfill(7)
            unit = self.by_code.get(code)
            if unit is not None:
                return GminaMatch(unit)
            if len(code) == 7 and TerritorialUnit.objects.filter(code=code, level="gmina").exists():
                return GminaMatch(
                    code="gmina_other_region",
                    message=_("The gmina with the TERYT code %(code)s is not in %(region)s.")
                    % {"code": code, "region": self.region},
                )
            return GminaMatch(
                code="gmina_teryt_unknown",
                message=_("There is no gmina with the TERYT code %(code)s.") % {"code": teryt},
            )
        query, types = _gmina_query(name)
        if not query:
            return GminaMatch()
        candidates = self.by_name.get(query, [])
        if not candidates:
            suggestions = self.suggestions(query)
            if suggestions:
                message = _(
                    "There is no gmina “%(name)s” in %(region)s. Did you mean: %(suggestions)s?"
                ) % {"name": name, "region": self.region, "suggestions": ", ".join(suggestions)}
            else:
                message = _("There is no gmina “%(name)s” in %(region)s.") % {
                    "name": name,
                    "region": self.region,
                }
            return GminaMatch(code="gmina_unknown", message=message)
        if powiat:
            powiat_key = _POWIAT_PREFIX.sub("", folded_key(powiat)).strip()
            powiat_codes = self.powiats_by_name.get(powiat_key)
            if powiat_codes:
                in_powiat = [unit for unit in candidates if unit.code[:4] in powiat_codes]
                if not in_powiat:
                    return GminaMatch(
                        code="gmina_powiat_mismatch",
                        message=_("There is no gmina “%(name)s” in the powiat “%(powiat)s”.")
                        % {"name": name, "powiat": powiat},
                    )
                candidates = in_powiat
        if types and len(candidates) > 1:
            typed = [unit for unit in candidates if unit.gmina_type in types]
            candidates = typed or candidates
        if len(candidates) > 1 and locality and folded_key(locality) == query:
            # The locality is the town that gives the gmina its name: its urban gmina.
            for town_type in (URBAN, URBAN_RURAL):
                towns = [unit for unit in candidates if unit.gmina_type == town_type]
                if len(towns) == 1:
                    return GminaMatch(towns[0])
        if len(candidates) > 1:
            return GminaMatch(
                code="gmina_ambiguous",
                message=_(
                    "“%(name)s” may be any of: %(gminas)s. Add the powiat, the gmina type "
                    "(miejska, wiejska) or the TERYT code."
                )
                % {"name": name, "gminas": "; ".join(self._describe(u) for u in candidates)},
            )
        return GminaMatch(candidates[0])


# --- Checking rows -----------------------------------------------------------------------------

ACTIONS = ("new", "update", "unchanged", "error")


@dataclass
class RowError:
    column: str
    message: str
    code: str = ""


@dataclass
class RowResult:
    number: int
    action: str = "new"
    errors: list[RowError] = field(default_factory=list)
    entity: Entity | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Prepared:
    number: int
    values: dict[str, str]  # field -> non-empty cell text
    payload: dict[str, Any] = field(default_factory=dict)  # EntityForm data from the row
    errors: list[RowError] = field(default_factory=list)
    gmina: TerritorialUnit | None = None
    gmina_given: bool = False
    skip_form_fields: set[str] = field(default_factory=set)
    ids: dict[str, str] = field(default_factory=dict)  # id/nip/krs/regon, normalised


def _integer_text(text: str) -> str:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d+([.,]0+)?", compact):
        return re.split(r"[.,]", compact)[0]
    return text


def _date_text(text: str) -> str:
    match = _DATE_DMY.match(text)
    if match:
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    match = _DATE_YMD.match(text)
    if match:
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return text


def _year_text(text: str) -> str:
    text = _date_text(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text[:4]
    return _integer_text(text)


def _postal_text(text: str) -> str:
    compact = re.sub(r"\s", "", text)
    if compact.isdigit() and len(compact) in (4, 5):
        compact = compact.zfill(5)
        return f"{compact[:2]}-{compact[2:]}"
    return compact


def _pkd_text(text: str) -> str:
    first = re.split(r"[,;\n]", text)[0].strip()
    match = _PKD.match(first.replace(" ", "") if len(first) > 7 else first)
    if match:
        return f"{match[1]}.{match[2]}.{match[3].upper()}"
    return first


class Importer:
    """Checks rows of one file for one region; with `write`, imports the good ones."""

    def __init__(
        self, *, region: Region, headers: list[str], fields: list[str], actor: Any = None
    ) -> None:
        self.region = region
        self.actor = actor
        self.headers = headers
        self.columns = {key: index for index, key in enumerate(fields) if key}
        self.gminas = GminaResolver(region)
        self.support_centres = {
            folded_key(name): pk
            for pk, name in Organisation.objects.filter(
                kind="support_centre", region=region
            ).values_list("pk", "name")
        }
        self.checker = EntityChecker(gminas=self.gminas.by_code.values())
        self.points: dict[Any, Any] = {}  # located points, shared by the chunks written
        self.seen: dict[tuple[str, str], int] = {}
        self.targeted: dict[int, int] = {}  # entity id -> the row that changes it
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.errors_total = 0

    # Column names for messages.
    def column_of(self, key: str) -> str:
        if key in ("gmina", "teryt", "powiat"):
            for candidate in ("teryt", "gmina", "powiat"):
                if candidate in self.columns:
                    return column_label(self.headers, self.columns[candidate])
        if key in self.columns:
            return column_label(self.headers, self.columns[key])
        if key == NON_FIELD_ERRORS or key not in FIELD_LABELS:
            return ""
        return f"({FIELD_LABELS[key]})"

    def _prepare(self, number: int, cells: list[str]) -> _Prepared:
        values = {key: cells[index].strip() for key, index in self.columns.items()}
        values = {key: value for key, value in values.items() if value}
        row = _Prepared(number=number, values=values)
        payload = row.payload
        for key, text in values.items():
            if key in ("id", "gmina", "teryt", "powiat"):
                continue
            if key in ("kind", "status", "founder_type"):
                choice = choice_from_text(key, text)
                if choice is None:
                    row.errors.append(self._unknown_choice(key, text))
                    row.skip_form_fields.add(key)
                    continue
                payload[key] = choice
            elif key in BOOLEAN_FIELDS:
                word = folded_key(text)
                if word not in YES | NO:
                    row.errors.append(
                        RowError(
                            self.column_of(key),
                            _("Write “tak” or “nie”, not “%(value)s”.") % {"value": text},
                            "boolean",
                        )
                    )
                    row.skip_form_fields.add(key)
                    continue
                payload[key] = "on" if word in YES else ""
            elif key in INTEGER_FIELDS:
                payload[key] = _integer_text(text)
            elif key == "year_founded":
                payload[key] = _year_text(text)
            elif key == "status_since":
                payload[key] = _date_text(text)
            elif key == "postal_code":
                payload[key] = _postal_text(text)
            elif key == "main_pkd":
                payload[key] = _pkd_text(text)
            elif key in ("latitude", "longitude"):
                payload[key] = text.replace(",", ".")
            elif key == "offer_tags":
                payload[key] = text.replace(";", ",")
            elif key == "support_centre":
                centre = self.support_centres.get(folded_key(text))
                if centre is None:
                    row.errors.append(
                        RowError(
                            self.column_of(key),
                            _("There is no support centre “%(name)s” in %(region)s.")
                            % {"name": text, "region": self.region},
                            "support_centre_unknown",
                        )
                    )
                    row.skip_form_fields.add(key)
                    continue
                payload[key] = str(centre)
            else:
                payload[key] = text
        # Gmina: by TERYT code, else by name (with the powiat and locality to decide).
        if values.get("teryt") or values.get("gmina"):
            row.gmina_given = True
            match = self.gminas.resolve(
                name=values.get("gmina", ""),
                teryt=values.get("teryt", ""),
                powiat=values.get("powiat", ""),
                locality=values.get("locality", ""),
            )
            if match.unit is None:
                row.errors.append(RowError(self.column_of("gmina"), match.message, match.code))
                row.skip_form_fields.add("gmina")
            row.gmina = match.unit
        # Identifiers, normalised to find the entity and duplicates in the file.
        if values.get("id"):
            row.ids["id"] = values["id"].removesuffix(".0")
        for key, normalise in (
            ("nip", identifiers.normalise_nip),
            ("krs", identifiers.normalise_krs),
            ("regon", identifiers.normalise_regon),
        ):
            if values.get(key):
                with contextlib.suppress(ValidationError):  # EntityForm says what is wrong
                    row.ids[key] = normalise(values[key])
        return row

    def _unknown_choice(self, key: str, text: str) -> RowError:
        if key == "kind":
            known = ", ".join(KIND_NAMES.values())
        elif key == "status":
            known = ", ".join(STATUS_NAMES.values())
        else:
            known = ", ".join(FOUNDER_NAMES.values())
        return RowError(
            self.column_of(key),
            _("“%(value)s” is not a known value. Use one of: %(known)s.")
            % {"value": text, "known": known},
            f"{key}_unknown",
        )

    def _load_matches(self, rows: list[_Prepared]) -> dict[str, dict[Any, Entity]]:
        """Existing entities the rows may be, in one query."""
        wanted: dict[str, set[Any]] = defaultdict(set)
        for row in rows:
            for key, value in row.ids.items():
                if key == "id":
                    if value.isdigit():
                        wanted["pk"].add(int(value))
                else:
                    wanted[key].add(value)
            if not row.ids and row.values.get("name") and row.gmina is not None:
                wanted["name"].add(row.values["name"])
        condition = Q()
        for key, values in wanted.items():
            if key == "name":
                condition |= Q(region=self.region, name__in=values)
            elif key == "pk":
                condition |= Q(pk__in=values)
            else:
                # "<> ''" as the unique indexes say, or PostgreSQL cannot use them for a
                # list of more than 100 values.
                condition |= Q(**{f"{key}__in": values}) & ~Q(**{key: ""})
        found: dict[str, dict[Any, Entity]] = defaultdict(dict)
        if not wanted:
            return found
        entities = (
            Entity.objects.filter(condition)
            .select_related("gmina", "region__voivodeship")
            .prefetch_related("sectors", "offer_tags")
        )
        for entity in entities:
            found["pk"][entity.pk] = entity
            for key in ("nip", "krs", "regon"):
                if getattr(entity, key):
                    found[key][getattr(entity, key)] = entity
            found["name"][(entity.name, entity.gmina_id)] = entity
        return found

    def _match(
        self, row: _Prepared, found: dict[str, dict[Any, Entity]], result: RowResult
    ) -> Entity | None:
        if "id" in row.ids:
            value = row.ids["id"]
            entity = found["pk"].get(int(value)) if value.isdigit() else None
            if entity is None or entity.region_id != self.region.pk:
                result.errors.append(
                    RowError(
                        self.column_of("id"),
                        _("There is no entity with the ID %(id)s in %(region)s.")
                        % {"id": value, "region": self.region},
                        "id_unknown",
                    )
                )
            return entity
        for key in ("nip", "krs", "regon"):
            if key in row.ids and row.ids[key] in found[key]:
                entity = found[key][row.ids[key]]
                if entity.region_id != self.region.pk:
                    result.errors.append(
                        RowError(
                            self.column_of(key),
                            _(
                                "An entity with %(field)s %(value)s is in the registry of "
                                "another region (%(region)s); it is not imported here."
                            )
                            % {
                                "field": key.upper(),
                                "value": row.ids[key],
                                "region": entity.region,
                            },
                            "other_region",
                        )
                    )
                    return None
                return entity
        if not row.ids and row.gmina is not None and "name" in row.values:
            return found["name"].get((row.values["name"], row.gmina.pk))
        return None

    def _unique(
        self,
        row: _Prepared,
        entity: Entity | None,
        found: dict[str, dict[Any, Entity]],
        result: RowResult,
    ) -> None:
        """EntityForm's identifier uniqueness, for a chunk of rows in one query: a NIP, KRS
        or REGON may belong to no other entity than the one the row changes."""
        for key in ("nip", "krs", "regon"):
            other = found[key].get(row.ids.get(key))
            if other is None or (entity is not None and other.pk == entity.pk):
                continue
            if any(error.code == "other_region" for error in result.errors):
                continue  # already said: the identifier is another region's entity's
            result.errors.append(
                RowError(
                    self.column_of(key),
                    _("An entity with %(field)s %(value)s is already in the registry.")
                    % {"field": key.upper(), "value": row.ids[key]},
                    "unique",
                )
            )

    def _duplicates(self, row: _Prepared, result: RowResult) -> None:
        """The second row with the same ID, NIP, KRS or REGON (or, without identifiers, the
        same name in the same gmina) is an error: the file says one entity twice."""
        keys = list(row.ids.items())
        if not row.ids and row.gmina is not None and "name" in row.values:
            keys.append(("name", f"{folded_key(row.values['name'])}|{row.gmina.pk}"))
        for key, value in keys:
            earlier = self.seen.setdefault((key, value), row.number)
            if earlier == row.number:
                continue
            if key == "name":
                message = _("Row %(row)s has the same name and gmina; this row repeats it.") % {
                    "row": earlier
                }
            else:
                message = _("Row %(row)s has the same %(field)s; this row repeats it.") % {
                    "row": earlier,
                    "field": EXPORT_HEADERS[key],
                }
            result.errors.append(RowError(self.column_of(key), message, "duplicate_in_file"))

    def check_row(self, row: _Prepared, found: dict[str, dict[Any, Entity]]) -> RowResult:
        result = RowResult(number=row.number, errors=list(row.errors))
        self._duplicates(row, result)
        entity = self._match(row, found, result)
        if entity is not None:
            earlier = self.targeted.get(entity.pk)
            if earlier is not None:
                result.errors.append(
                    RowError(
                        "",
                        _("Row %(row)s already changes this entity (%(name)s).")
                        % {"row": earlier, "name": entity.name},
                        "duplicate_in_file",
                    )
                )
            else:
                self.targeted[entity.pk] = row.number
        present = set(row.payload)
        if entity is not None:
            payload = {**form_data_from(entity), **row.payload}
            if row.gmina is not None:
                payload["gmina"] = row.gmina.code
                present.add("gmina")
            if "kind" in present:
                present.add("founder_type")
        else:
            payload = {"status": LifecycleStatus.ACTIVE, "is_public": "on", **row.payload}
            gmina = row.gmina
            if gmina is None and not row.gmina_given and row.values.get("locality"):
                # No gmina column: the locality may name the gmina ("Lublin").
                gmina = self.gminas.resolve(
                    name=row.values["locality"], locality=row.values["locality"]
                ).unit
            if gmina is not None:
                payload["gmina"] = gmina.code
            elif not row.gmina_given:
                result.errors.append(
                    RowError(
                        self.column_of("gmina"),
                        _("Give the gmina (its name or TERYT code)."),
                        "gmina_missing",
                    )
                )
                row.skip_form_fields.add("gmina")
        before = _current(entity) if entity is not None else {}
        self._unique(row, entity, found, result)
        # Identifiers were checked against the registry for the whole chunk at once above.
        form = self.checker.check(payload, entity)
        if not form.is_valid():
            for key, errors in form.errors.as_data().items():
                if key in row.skip_form_fields:
                    continue
                for error in errors:
                    for message in error.messages:
                        result.errors.append(
                            RowError(self.column_of(key), message, error.code or "")
                        )
        if result.errors:
            result.action = "error"
            return result
        cleaned = form.cleaned_data
        if entity is None:
            result.action = "new"
            # Relations only when the file has them: empty ones would cost queries for nothing.
            result.data = {
                key: value
                for key, value in cleaned.items()
                if key not in ("sectors", "offer_tags") or key in present
            }
            return result
        result.entity = entity
        result.data = {key: cleaned[key] for key in present if key in cleaned}
        result.action = "update" if _differs(before, result.data) else "unchanged"
        return result

    def run(
        self, rows: Iterable[tuple[int, list[str]]], *, progress: Any = None, write: bool = False
    ) -> list[tuple[int, RowError]]:
        """Check every row (and write the good ones when `write`); returns the errors as
        (row number, error), at most MAX_REPORTED_ERRORS of them; counts go to self.counts."""
        errors: list[tuple[int, RowError]] = []
        self.errors_total = 0
        processed = 0
        chunk: list[tuple[int, list[str]]] = []

        def flush() -> None:
            nonlocal processed
            prepared = [self._prepare(number, cells) for number, cells in chunk]
            found = self._load_matches(prepared)
            new_rows = []
            for row in prepared:
                result = self.check_row(row, found)
                self.counts[result.action] += 1
                for error in result.errors:
                    self.errors_total += 1
                    if len(errors) < MAX_REPORTED_ERRORS:
                        errors.append((result.number, error))
                if write and result.action == "new":
                    new_rows.append(result.data)
                elif write and result.action == "update":
                    assert result.entity is not None
                    services.entity_update(entity=result.entity, data=result.data, actor=self.actor)
                processed += 1
                if progress is not None and processed % PROGRESS_EVERY == 0:
                    progress(processed)
            if new_rows:
                services.entities_create_many(rows=new_rows, actor=self.actor, points=self.points)
            chunk.clear()

        with _heap_frozen():
            for item in rows:
                chunk.append(item)
                if len(chunk) >= CHUNK_SIZE:
                    flush()
            if chunk:
                flush()
        return errors


@contextlib.contextmanager
def _heap_frozen() -> Iterator[None]:
    """Spare the objects that exist before a long run from Python's cyclic garbage
    collector, which would otherwise walk all of them again every few thousand rows;
    what the run itself allocates is collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _current(entity: Entity) -> dict[str, Any]:
    """The entity's values as cleaned data has them (the form changes the instance it
    validates, so they are taken before)."""
    values: dict[str, Any] = {key: getattr(entity, key) for key in ENTITY_FIELDS}
    values["sectors"] = sorted(sector.code for sector in entity.sectors.all())
    values["offer_tags"] = sorted(tag.name.lower() for tag in entity.offer_tags.all())
    return values


def _differs(before: dict[str, Any], data: dict[str, Any]) -> bool:
    for key, value in data.items():
        if key == "sectors":
            value = sorted(sector.code for sector in value)
        elif key == "offer_tags":
            value = sorted(name.lower() for name in value)
        if before[key] != value:
            return True
    return False


# --- Batches -----------------------------------------------------------------------------------


def batch_create(*, region: Region, upload: Any, actor: Any, language: str) -> ImportBatch:
    """Store an uploaded file as an import batch with the detected column mapping.

    Raises ImportFileError when the file cannot be read."""
    upload.seek(0)
    sheet = read_sheet(upload, upload.name)
    try:
        mapping = mapping_from_sheet(sheet, language=language)
    finally:
        sheet.close()
    upload.seek(0)
    batch = ImportBatch(
        region=region,
        created_by=actor,
        original_name=upload.name[:255],
        mapping=mapping,
        total_rows=sheet.total,
    )
    batch.file.save(upload.name, upload, save=False)
    batch.save()
    return batch


def _open_batch_sheet(batch: ImportBatch) -> Sheet:
    """The batch's file, read as on upload (the mapping refers to its columns)."""
    with batch.file.open("rb") as stream:
        sheet = read_sheet(stream, batch.original_name)
    sheet.header_row = batch.mapping.get("header_row", sheet.header_row)
    sheet.headers = batch.mapping.get("headers", sheet.headers)
    return sheet


def _set(batch: ImportBatch, **values: Any) -> None:
    for key, value in values.items():
        setattr(batch, key, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**values)


class _SideProgress:
    """Writes processed_rows from outside the import's transaction, so that the progress
    page sees it before the commit. PostgreSQL only: SQLite allows one writer at a time,
    and there the count is written when the import ends."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.connection = None
        if connections["default"].vendor == "postgresql":
            self.connection = connections.create_connection("default")

    def __call__(self, processed: int) -> None:
        if self.connection is None:
            return
        table = self.connection.ops.quote_name(ImportBatch._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s WHERE id = %s",
                    [processed, self.batch.pk],
                )
        except DatabaseError:
            logger.warning("import %s: progress not recorded", self.batch.pk, exc_info=True)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def _report(
    importer: Importer, errors: list[tuple[int, RowError]], *, phase: str
) -> dict[str, Any]:
    return {
        "phase": phase,
        "counts": dict(importer.counts),
        "errors": [
            {"row": number, "column": error.column, "message": error.message, "code": error.code}
            for number, error in errors
        ],
        "errors_total": importer.errors_total,
    }


def _language(batch: ImportBatch) -> str:
    return str(batch.mapping.get("language") or settings.LANGUAGE_CODE)


def batch_check(batch_id: int) -> ImportBatch:
    """Check every row of the batch with the current mapping; write no entity."""
    batch = ImportBatch.objects.select_related("region__voivodeship").get(pk=batch_id)
    with translation.override(_language(batch)):
        _set(batch, status=ImportStatus.CHECKING, processed_rows=0)
        try:
            sheet = _open_batch_sheet(batch)
            try:
                importer = Importer(
                    region=batch.region,
                    headers=batch.mapping["headers"],
                    fields=batch.mapping["fields"],
                )
                errors = importer.run(
                    sheet.rows(), progress=lambda n: _set(batch, processed_rows=n)
                )
            finally:
                sheet.close()
        except Exception as error:
            logger.exception("import %s: check failed", batch.pk)
            _fail(batch, error)
            return batch
        report = _report(importer, errors, phase="check")
        _set(
            batch,
            status=ImportStatus.CHECKED,
            processed_rows=sum(importer.counts.values()),
            total_rows=sum(importer.counts.values()),
            report=report,
        )
    return batch


def batch_import(batch_id: int) -> ImportBatch:
    """Check every row again and write the good ones, all in one transaction."""
    batch = ImportBatch.objects.select_related("region__voivodeship", "created_by").get(pk=batch_id)
    with translation.override(_language(batch)):
        _set(batch, status=ImportStatus.IMPORTING, processed_rows=0)
        progress = _SideProgress(batch)
        try:
            sheet = _open_batch_sheet(batch)
            try:
                with transaction.atomic():
                    importer = Importer(
                        region=batch.region,
                        headers=batch.mapping["headers"],
                        fields=batch.mapping["fields"],
                        actor=batch.created_by,
                    )
                    errors = importer.run(sheet.rows(), progress=progress, write=True)
                    counts = importer.counts
                    if counts["new"] or counts["update"]:
                        audit_log(
                            actor=batch.created_by,
                            action="registry.import.completed",
                            target=batch,
                            region_code=batch.region.code,
                            changes={
                                "file": batch.original_name,
                                "created": counts["new"],
                                "updated": counts["update"],
                                "unchanged": counts["unchanged"],
                                "skipped": counts["error"],
                            },
                        )
            finally:
                sheet.close()
                progress.close()
        except Exception as error:
            logger.exception("import %s: import failed", batch.pk)
            _fail(batch, error)
            return batch
        report = {
            **_report(importer, errors, phase="import"),
            "check": batch.report.get("counts", {}),
        }
        _set(
            batch,
            status=ImportStatus.IMPORTED,
            processed_rows=sum(importer.counts.values()),
            total_rows=sum(importer.counts.values()),
            report=report,
            finished_at=timezone.now(),
        )
    return batch


def _fail(batch: ImportBatch, error: Exception) -> None:
    if isinstance(error, ImportFileError):
        message = str(error)
    else:
        message = _("The import stopped because of an unexpected error; nothing was written.")
    _set(
        batch,
        status=ImportStatus.FAILED,
        report={**batch.report, "failure": message},
        finished_at=timezone.now(),
    )
