"""Measuring search quality: an evaluation set is entities plus queries with the entities each
must find. `load_entities` writes the entities as an import does (name, kind, description,
the town as the locality and its gmina), `evaluate` runs every query through the search the
directory uses and returns recall@k and the mean reciprocal rank."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet

from koordynator.core.actors import Actor
from koordynator.core.text import fold
from koordynator.territory.models import Region, TerritorialUnit

from . import search, services
from .models import Entity


@dataclass
class Evaluation:
    queries: int
    recall: float  # share of the expected entities found in the first k results
    mrr: float  # mean over queries of 1 / rank of the first expected entity
    misses: list[tuple[str, list[str], list[str]]]  # query, expected, first k found


def _gmina_for(town: str, gminas: dict[str, list[TerritorialUnit]]) -> TerritorialUnit:
    """The town's gmina: the urban one when the name is shared."""
    candidates = gminas.get(fold(town)) or next(iter(gminas.values()))
    return min(candidates, key=lambda unit: (unit.gmina_type not in (1, 3), unit.code))


def load_entities(paths: list[Path], *, actor: Actor = None) -> dict[str, int]:
    """Create the entities of the CSV files (key, name, kind, town, description); returns
    key -> entity id. Every voivodeship gets a region first, as on a national platform."""
    for voivodeship in TerritorialUnit.objects.filter(level="voivodeship"):
        Region.objects.get_or_create(
            voivodeship=voivodeship,
            defaults={"slug": voivodeship.name_folded.replace(" ", "-"), "coordinator_name": ""},
        )
    gminas: dict[str, list[TerritorialUnit]] = {}
    for unit in TerritorialUnit.objects.filter(level="gmina", is_active=True):
        gminas.setdefault(unit.name_folded, []).append(unit)
    rows = []
    keys = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as stream:
            for record in csv.DictReader(stream):
                keys.append(record["key"])
                rows.append(
                    {
                        "name": record["name"],
                        "kind": record["kind"],
                        "description": record["description"],
                        "locality": record["town"],
                        "gmina": _gmina_for(record["town"], gminas),
                        "status": "active",
                        "is_public": True,
                    }
                )
    entities = services.entities_create_many(rows=rows, actor=actor)
    return {key: entity.pk for key, entity in zip(keys, entities, strict=True)}


def evaluate(
    queries_path: Path, ids: dict[str, int], *, entities: QuerySet[Entity], k: int = 10
) -> Evaluation:
    keys = {pk: key for key, pk in ids.items()}
    found_total = expected_total = 0
    reciprocal = 0.0
    misses = []
    with queries_path.open(encoding="utf-8", newline="") as stream:
        records = list(csv.DictReader(stream))
    for record in records:
        expected = [key for key in record["expected"].split(";") if key]
        ranked = [keys.get(pk, "?") for pk in (search.ranked_ids(entities, record["query"]) or [])]
        top = ranked[:k]
        found = [key for key in expected if key in top]
        found_total += len(found)
        expected_total += len(expected)
        ranks = [ranked.index(key) + 1 for key in expected if key in ranked]
        reciprocal += 1 / min(ranks) if ranks else 0.0
        if len(found) < len(expected):
            misses.append((record["query"], expected, top))
    return Evaluation(
        queries=len(records),
        recall=found_total / max(expected_total, 1),
        mrr=reciprocal / max(len(records), 1),
        misses=misses,
    )
