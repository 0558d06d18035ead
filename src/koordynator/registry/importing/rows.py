"""Checking rows: each row's cells read into EntityForm data, matched to the registry and
validated; with `write`, the good rows written through the registry's services."""

from __future__ import annotations

import contextlib
import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from koordynator.accounts.models import Organisation
from koordynator.core.actors import Actor
from koordynator.territory.models import Region, TerritorialUnit

from .. import identifiers, services
from ..enums import LifecycleStatus
from ..forms import ENTITY_FIELDS, EntityChecker, form_data_from
from ..models import Entity
from .columns import EXPORT_HEADERS, FIELD_LABELS, column_label
from .gminas import GminaResolver
from .values import (
    BOOLEAN_FIELDS,
    FOUNDER_NAMES,
    INTEGER_FIELDS,
    KIND_NAMES,
    NO,
    STATUS_NAMES,
    YES,
    choice_from_text,
    folded_key,
)

MAX_REPORTED_ERRORS = 2000
PROGRESS_EVERY = 200
CHUNK_SIZE = 500

_PKD = re.compile(r"^(\d{2})\.?(\d{2})\.?\s*([A-Za-z])$")
_DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")

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


# Cells as spreadsheets write them, read into the text EntityForm takes. They never raise: a
# cell they do not understand is passed on as it is, and the form says what is wrong with it.


def integer_text(text: str) -> str:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d+([.,]0+)?", compact):
        return re.split(r"[.,]", compact)[0]
    return text


def date_text(text: str) -> str:
    match = _DATE_DMY.match(text)
    if match:
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    match = _DATE_YMD.match(text)
    if match:
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return text


def year_text(text: str) -> str:
    text = date_text(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text[:4]
    return integer_text(text)


def postal_text(text: str) -> str:
    compact = re.sub(r"\s", "", text)
    if compact.isdigit() and len(compact) in (4, 5):
        compact = compact.zfill(5)
        return f"{compact[:2]}-{compact[2:]}"
    return compact


def pkd_text(text: str) -> str:
    first = re.split(r"[,;\n]", text)[0].strip()
    match = _PKD.match(first.replace(" ", "") if len(first) > 7 else first)
    if match:
        return f"{match[1]}.{match[2]}.{match[3].upper()}"
    return first


class Importer:
    """Checks rows of one file for one region; with `write`, imports the good ones."""

    def __init__(
        self, *, region: Region, headers: list[str], fields: list[str], actor: Actor = None
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
                payload[key] = integer_text(text)
            elif key == "year_founded":
                payload[key] = year_text(text)
            elif key == "status_since":
                payload[key] = date_text(text)
            elif key == "postal_code":
                payload[key] = postal_text(text)
            elif key == "main_pkd":
                payload[key] = pkd_text(text)
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
