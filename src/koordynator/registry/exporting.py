"""Export of the registry: CSV and XLSX with the importer's Polish headers (an exported file
imports back unchanged), JSON in the API's shape, GeoJSON for maps.

Every format goes through the entities in chunks (`iterator(chunk_size=...)`), so that a
100,000-entity export never holds the whole registry in memory; CSV, JSON and GeoJSON are
streamed as they are produced, XLSX is written to a temporary file first (the format is a
zip archive).
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from koordynator.accounts.selectors import regions_for_staff
from koordynator.territory.models import TerritorialUnit

from . import selectors
from .api import INTERNAL_FIELDS, entity_out
from .enums import EntityKind, LifecycleStatus
from .importing.columns import EXPORT_HEADERS
from .importing.values import FOUNDER_NAMES, KIND_NAMES, STATUS_NAMES
from .models import Entity

CHUNK_SIZE = 2000
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "geojson": ("application/geo+json", "geojson"),
}
COLUMNS = list(EXPORT_HEADERS)
# The open data: what the public directory shows (the API's public fields).
PUBLIC_COLUMNS = [key for key in COLUMNS if key not in INTERNAL_FIELDS]
# Identifiers and codes stay text in XLSX, or Excel would drop the leading zeros of a KRS.
NUMBER_COLUMNS = {
    "employees_total",
    "employees_at_risk",
    "employees_disabled",
    "reintegration_participants",
    "year_founded",
}
# What the columns that are not fields of an entity hold, for column_label.
_COLUMN_LABELS = {
    "id": gettext_lazy("ID in koordynator"),
    "teryt": gettext_lazy("TERYT code of the gmina"),
    "powiat": gettext_lazy("Powiat"),
}


def column_label(key: str) -> str:
    """What a column of the exported files holds, in the reader's language (its header
    stays Polish: it names a file format that imports back)."""
    if key in _COLUMN_LABELS:
        return str(_COLUMN_LABELS[key])
    return capfirst(str(getattr(Entity._meta.get_field(key), "verbose_name", key)))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XLSX (XML 1.0) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportForm(forms.Form):
    """The format and the list's filters (q, kind, powiat, status); invalid filters are
    ignored, not fatal."""

    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("csv", gettext_lazy("CSV (Excel, semicolon separated): imports back")),
            ("xlsx", gettext_lazy("XLSX (Excel): imports back")),
            ("json", gettext_lazy("JSON (as the API gives it)")),
            ("geojson", gettext_lazy("GeoJSON (points for maps)")),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )
    q = forms.CharField(
        label=gettext_lazy("Name, place or identifier"), required=False, max_length=200
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *EntityKind.choices],
    )
    powiat = forms.ChoiceField(label=gettext_lazy("Powiat"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("every status")), *LifecycleStatus.choices],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        powiats = TerritorialUnit.objects.filter(
            level="powiat", is_active=True, parent__region__in=regions_for_staff(user)
        ).order_by("name", "code")
        powiat = self.fields["powiat"]
        assert isinstance(powiat, forms.ChoiceField)
        powiat.choices = [("", gettext_lazy("all powiats")), *((u.code, str(u)) for u in powiats)]

    def filters(self) -> dict[str, Any]:
        """selectors.entities_filter's keyword arguments from the valid fields only."""
        self.is_valid()
        valid = getattr(self, "cleaned_data", {})
        return {
            key: valid.get(key) or None
            for key in ("q", "kind", "powiat", "status")
            if key not in self.errors
        }


def entities_to_export(user: Any, filters: dict[str, Any]) -> QuerySet[Entity]:
    """What the user may export: their regions' entities, filtered as the list is."""
    entities = selectors.entities_filter(selectors.entities_for_staff(user), **filters)
    return selectors.entity_list_rows(entities).prefetch_related("sectors", "offer_tags")


def _rows(entities: QuerySet[Entity]) -> Iterator[Entity]:
    return entities.iterator(chunk_size=CHUNK_SIZE)


def _yes_no(value: bool) -> str:
    return "tak" if value else "nie"


def entity_values(entity: Entity) -> dict[str, Any]:
    """An entity as the importer reads it back: Polish names of kinds and statuses, the
    gmina by name and TERYT code, lists comma separated. Numbers stay numbers."""
    gmina = entity.gmina
    return {
        "id": entity.pk,
        "name": entity.name,
        "short_name": entity.short_name,
        "kind": KIND_NAMES.get(entity.kind, entity.kind),
        "founder_type": FOUNDER_NAMES.get(entity.founder_type, entity.founder_type),
        "nip": entity.nip,
        "regon": entity.regon,
        "krs": entity.krs,
        "address": entity.address,
        "postal_code": entity.postal_code,
        "locality": entity.locality,
        "gmina": gmina.name,
        "teryt": gmina.code,
        "powiat": gmina.parent.name if gmina.parent else "",
        "email": entity.email,
        "phone": entity.phone,
        "website": entity.website,
        "description": entity.description,
        "offer": entity.offer,
        "offer_tags": ", ".join(sorted(tag.name for tag in entity.offer_tags.all())),
        "sectors": ", ".join(sorted(sector.code for sector in entity.sectors.all())),
        "main_pkd": entity.main_pkd,
        "employees_total": entity.employees_total,
        "employees_at_risk": entity.employees_at_risk,
        "employees_disabled": entity.employees_disabled,
        "reintegration_participants": entity.reintegration_participants,
        "year_founded": entity.year_founded,
        "has_paid_activity": _yes_no(entity.has_paid_activity),
        "has_economic_activity": _yes_no(entity.has_economic_activity),
        "status": STATUS_NAMES.get(entity.status, entity.status),
        "status_since": entity.status_since.isoformat() if entity.status_since else "",
        "is_public": _yes_no(entity.is_public),
        "support_centre": entity.support_centre.name if entity.support_centre else "",
    }


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # An apostrophe keeps Excel from running a value as a formula (CSV injection);
    # the importer takes it off again.
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Line:
    """A file-like object csv.writer writes one line into, to hand it on at once."""

    def write(self, value: str) -> str:
        return value


def csv_lines(entities: QuerySet[Entity], *, public: bool = False) -> Iterator[str]:
    """The CSV, line by line: UTF-8 with a BOM (Excel reads it right), `;` separated;
    `public`: the open data's columns only."""
    columns = PUBLIC_COLUMNS if public else COLUMNS
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([EXPORT_HEADERS[key] for key in columns])
    for entity in _rows(entities):
        values = entity_values(entity)
        yield writer.writerow([_csv_cell(values[key]) for key in columns])


def write_xlsx(entities: QuerySet[Entity], target: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Podmioty")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    header = []
    for key in COLUMNS:
        cell = WriteOnlyCell(sheet, value=EXPORT_HEADERS[key])
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for entity in _rows(entities):
        values = entity_values(entity)
        row = []
        for key in COLUMNS:
            value = values[key]
            if key in NUMBER_COLUMNS or key == "id":
                row.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", str(value or "")))
            cell.data_type = "s"  # text, never a formula
            row.append(cell)
        sheet.append(row)
    workbook.save(target)


def xlsx_file(entities: QuerySet[Entity]) -> IO[bytes]:
    """The XLSX in a temporary file (deleted when closed), positioned at its start."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    write_xlsx(entities, target)
    target.seek(0)
    return target


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _joined(opening: str, items: Iterable[str], closing: str) -> Iterator[str]:
    yield opening
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + item
    yield "\n" + closing + "\n"


def json_chunks(entities: QuerySet[Entity], *, public: bool = False) -> Iterator[str]:
    """A JSON array of entities, each as GET /api/v1/entities/{id} gives it to staff (to
    the public when `public`)."""
    internal = not public
    items = (
        entity_out(e, internal=internal).model_dump(exclude_unset=True) for e in _rows(entities)
    )
    return _joined("[", (_dumps(item) for item in items), "]")


def geojson_feature(entity: Entity) -> dict[str, Any]:
    has_point = entity.latitude is not None and entity.longitude is not None
    gmina = entity.gmina
    return {
        "type": "Feature",
        "id": entity.pk,
        "geometry": (
            {"type": "Point", "coordinates": [entity.longitude, entity.latitude]}
            if has_point
            else None
        ),
        "properties": {
            "id": entity.pk,
            "name": entity.name,
            "kind": entity.kind,
            "kind_label": KIND_NAMES.get(entity.kind, entity.kind),
            "is_social_enterprise": entity.is_social_enterprise,
            "status": entity.status,
            "nip": entity.nip,
            "regon": entity.regon,
            "krs": entity.krs,
            "address": entity.address,
            "postal_code": entity.postal_code,
            "locality": entity.locality,
            "gmina": gmina.code,
            "gmina_name": gmina.name,
            "powiat": gmina.code[:4],
            "powiat_name": gmina.parent.name if gmina.parent else "",
            "email": entity.email,
            "phone": entity.phone,
            "website": entity.website,
            "location_source": entity.location_source,
        },
    }


def geojson_chunks(entities: QuerySet[Entity]) -> Iterator[str]:
    """A GeoJSON FeatureCollection (RFC 7946: longitude first); entities without a point
    have a null geometry. Its properties are public data (the open data uses it too)."""
    return _joined(
        '{"type": "FeatureCollection", "features": [',
        (_dumps(geojson_feature(entity)) for entity in _rows(entities)),
        "]}",
    )


def file_name(extension: str, prefix: str = "podmioty") -> str:
    return f"{prefix}-{timezone.localdate():%Y-%m-%d}.{extension}"
