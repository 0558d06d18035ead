"""Which field each column of a spreadsheet holds: the fields, the headers exports write and
the header patterns that recognise them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .values import folded_key

if TYPE_CHECKING:
    from .reading import Sheet

SAMPLE_ROWS = 3

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
