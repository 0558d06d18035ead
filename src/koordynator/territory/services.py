"""Writes to the territory: importing the TERC register, locating units, creating regions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from koordynator.core.actors import Actor
from koordynator.core.audit import audit_log
from koordynator.core.text import fold

from .enums import LocationSource, UnitLevel
from .gazetteer import GazetteerPlace, polish_places
from .models import Place, Region, TerritorialUnit
from .terc import UnitRecord

LEVEL_ORDER = {UnitLevel.VOIVODESHIP: 0, UnitLevel.POWIAT: 1, UnitLevel.GMINA: 2}


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.renamed or self.changed or self.retired or self.reactivated)


def _parent_code(code: str) -> str | None:
    return {2: None, 4: code[:2], 7: code[:4]}[len(code)]


@transaction.atomic
def units_import(*, records: Iterable[UnitRecord], actor: Actor = None) -> ImportReport:
    """Bring the units in line with `records`: add, rename, retire. Safe to run again.

    Units are retired (never deleted) only within the voivodeships and levels the records
    cover, so loading one voivodeship's file leaves the others alone.
    """
    incoming = sorted(
        records, key=lambda record: (LEVEL_ORDER[UnitLevel(record.level)], record.code)
    )
    existing = {unit.code: unit for unit in TerritorialUnit.objects.all()}
    report = ImportReport()
    seen: set[str] = set()
    for record in incoming:
        seen.add(record.code)
        parent_code = _parent_code(record.code)
        parent = existing[parent_code] if parent_code else None
        unit = existing.get(record.code)
        if unit is None:
            unit = TerritorialUnit.objects.create(
                code=record.code,
                level=record.level,
                name=record.name,
                name_folded=fold(record.name),
                gmina_type=record.gmina_type,
                is_city_with_powiat_rights=record.is_city_with_powiat_rights,
                parent=parent,
            )
            existing[record.code] = unit
            report.added.append(record.code)
            continue
        updates: dict[str, Any] = {}
        if unit.name != record.name:
            report.renamed.append((record.code, unit.name, record.name))
            updates.update(name=record.name, name_folded=fold(record.name))
        if unit.is_city_with_powiat_rights != record.is_city_with_powiat_rights:
            updates["is_city_with_powiat_rights"] = record.is_city_with_powiat_rights
            report.changed.append(record.code)
        if not unit.is_active:
            updates["is_active"] = True
            report.reactivated.append(record.code)
        if updates:
            for name, value in updates.items():
                setattr(unit, name, value)
            unit.save(update_fields=list(updates))
        else:
            report.unchanged += 1

    covered = {(code[:2], level) for code, level in ((r.code, r.level) for r in incoming)}
    for unit in existing.values():
        if unit.is_active and unit.code not in seen and (unit.code[:2], unit.level) in covered:
            unit.is_active = False
            unit.save(update_fields=["is_active"])
            report.retired.append(unit.code)

    if report.has_changes:
        audit_log(
            actor=actor,
            action="territory.register.imported",
            target=None,
            object_type="territory.register",
            changes={
                "added": len(report.added),
                "renamed": report.renamed,
                "retired": report.retired,
                "reactivated": report.reactivated,
            },
        )
    return report


@transaction.atomic
def places_load(*, places: Iterable[GazetteerPlace] | None = None) -> int:
    """Replace the gazetteer with GeoNames' Polish places, each linked to its powiat."""
    powiats = TerritorialUnit.objects.filter(level=UnitLevel.POWIAT)
    by_name = {
        (unit.voivodeship_code, unit.name_folded, unit.is_city_with_powiat_rights): unit
        for unit in powiats
    }
    rows = []
    for place in places if places is not None else polish_places():
        folded = fold(place.name)
        if place.powiat_name:
            powiat = by_name.get((place.voivodeship_code, fold(place.powiat_name), False))
        else:
            powiat = by_name.get((place.voivodeship_code, folded, True))
        rows.append(
            Place(
                name=place.name,
                name_folded=folded,
                latitude=place.latitude,
                longitude=place.longitude,
                population=place.population,
                powiat=powiat,
                voivodeship_code=place.voivodeship_code,
            )
        )
    Place.objects.all().delete()
    Place.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def units_locate() -> dict[str, int]:
    """Give every unit a point: its own locality where one matches, else its powiat's.

    Returns how many units got each kind of point.
    """
    places = list(Place.objects.all())
    largest_in_voivodeship: dict[str, Place] = {}
    largest_in_powiat: dict[int, Place] = {}
    by_powiat_and_name: dict[tuple[int, str], Place] = {}
    for candidate in sorted(places, key=lambda p: p.population):
        largest_in_voivodeship[candidate.voivodeship_code] = candidate
        if candidate.powiat_id is not None:
            largest_in_powiat[candidate.powiat_id] = candidate
            by_powiat_and_name[(candidate.powiat_id, candidate.name_folded)] = candidate

    counts: dict[str, int] = defaultdict(int)
    units = list(TerritorialUnit.objects.all())
    points: dict[int, tuple[float | None, float | None, str]] = {}
    place: Place | None
    for unit in sorted(units, key=lambda u: LEVEL_ORDER[UnitLevel(u.level)]):
        if unit.level == UnitLevel.VOIVODESHIP:
            place = largest_in_voivodeship.get(unit.code)
        elif unit.level == UnitLevel.POWIAT:
            place = largest_in_powiat.get(unit.pk)
        else:
            place = by_powiat_and_name.get((unit.parent_id or 0, unit.name_folded))
        parent_point = points.get(unit.parent_id or 0)
        point: tuple[float | None, float | None, str]
        if place is not None:
            point = (place.latitude, place.longitude, LocationSource.PLACE.value)
        elif parent_point is not None and parent_point[0] is not None:
            # The parent's own point is approximate for its children; keep the coarser label.
            if parent_point[2] == LocationSource.PLACE:
                source = (
                    LocationSource.POWIAT
                    if unit.level == UnitLevel.GMINA
                    else LocationSource.VOIVODESHIP
                )
            else:
                source = LocationSource(parent_point[2])
            point = (parent_point[0], parent_point[1], source.value)
        else:
            point = (None, None, LocationSource.NONE.value)
        points[unit.pk] = point
        counts[point[2] or "none"] += 1
        unit.latitude, unit.longitude, unit.location_source = point
    TerritorialUnit.objects.bulk_update(
        units, ["latitude", "longitude", "location_source"], batch_size=1000
    )
    return dict(counts)


@transaction.atomic
def region_create(
    *, voivodeship_code: str, slug: str, coordinator_name: str, actor: Actor = None
) -> Region:
    voivodeship = TerritorialUnit.objects.get(code=voivodeship_code, level=UnitLevel.VOIVODESHIP)
    region, created = Region.objects.update_or_create(
        voivodeship=voivodeship, defaults={"slug": slug, "coordinator_name": coordinator_name}
    )
    audit_log(
        actor=actor,
        action="territory.region.created" if created else "territory.region.updated",
        target=region,
        region_code=voivodeship_code,
        changes={"slug": slug, "coordinator_name": coordinator_name},
    )
    return region
