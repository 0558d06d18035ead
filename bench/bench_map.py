"""The public map at national scale: 100,000 entities spread over Poland, the map's data
requests for the whole country and zoomed in (time and size of the answer).

Usage: cd bench && DATABASE_URL=postgres://... ../.venv/bin/python -u bench_map.py
       (ENTITIES=20000 for a quicker run; SQLite without DATABASE_URL)
Target: the whole country's map data under 300 ms and 500 kB with 100,000 entities.
"""

import os
import random
import time
from pathlib import Path

from common import measure, throwaway_database

ENTITIES = int(os.environ.get("ENTITIES", "100000"))
UNLOCATED_SHARE = 0.02
OFFICIAL_TERC = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "teryt"
    / "TERC_Urzedowy_2024-01-01.csv"
)
# What a 1280 x 600 pixel map shows (west,south,east,north) at the zoom the page opens with.
COUNTRY = {"zoom": "6", "bbox": "5.06,46.6,33.19,57.0"}
# A phone (375 x 500 pixels) showing the whole country.
COUNTRY_PHONE = {"zoom": "5", "bbox": "10.9,44.9,27.3,58.4"}
# Zoomed in: Lublin and its surroundings, then a few streets of Warsaw's centre.
LUBLIN_AREA = {"zoom": "11", "bbox": "22.13,51.14,23.01,51.35"}
WARSAW_STREETS = {"zoom": "15", "bbox": "20.98,52.22,21.04,52.24"}


def create_entities() -> None:
    from django.db import connection

    from koordynator.registry import search
    from koordynator.registry.enums import EntityKind
    from koordynator.registry.models import Entity
    from koordynator.territory.models import Region, TerritorialUnit
    from koordynator.territory.services import (
        places_load,
        region_create,
        units_import,
        units_locate,
    )
    from koordynator.territory.terc import builtin_units, read_terc_file

    records = read_terc_file(OFFICIAL_TERC).records if OFFICIAL_TERC.exists() else builtin_units()
    units_import(records=records)
    places_load()
    units_locate()
    for voivodeship in TerritorialUnit.objects.filter(level="voivodeship"):
        region_create(
            voivodeship_code=voivodeship.code,
            slug=voivodeship.name_folded.replace(" ", "-"),
            coordinator_name=f"ROPS {voivodeship.name}",
        )
    regions = {r.voivodeship.code: r for r in Region.objects.select_related("voivodeship")}
    gminas = list(TerritorialUnit.objects.filter(level="gmina", latitude__isnull=False))
    rng = random.Random(11)
    kinds = [k.value for k in EntityKind]
    weights = [3 if k in ("association", "foundation") else 1 for k in kinds]
    words = ["Nadzieja", "Razem", "Tęcza", "Horyzont", "Przystań"]
    start = time.perf_counter()
    batch = []
    for n in range(ENTITIES):
        gmina = rng.choice(gminas)
        kind = rng.choices(kinds, weights)[0]
        located = rng.random() >= UNLOCATED_SHARE
        batch.append(
            Entity(
                region=regions[gmina.code[:2]],
                kind=kind,
                name=f"{kind.replace('_', ' ').title()} {rng.choice(words)} {n}",
                description="Organizacja pożytku publicznego, usługi społeczne.",
                gmina=gmina,
                locality=gmina.name,
                # Spread around the gmina's point, as addresses are.
                latitude=gmina.latitude + rng.uniform(-0.04, 0.04) if located else None,
                longitude=gmina.longitude + rng.uniform(-0.06, 0.06) if located else None,
                location_source="place" if located else "",
                is_social_enterprise=rng.random() < 0.05,
                is_public=rng.random() < 0.97,
            )
        )
        if len(batch) == 5000:
            search.index(batch)
            Entity.objects.bulk_create(batch)
            batch = []
    search.index(batch)
    Entity.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum does after a bulk load
    label = f"create {ENTITIES} entities over {len(gminas)} gminas (bulk, bench data)"
    print(f"{label:<60} {time.perf_counter() - start:7.2f} s")


def main() -> None:
    with throwaway_database():
        from django.test import Client

        create_entities()
        client = Client()
        for label, params, repeat in (
            ("map data, whole country (desktop, zoom 6)", COUNTRY, 100),
            ("map data, whole country (phone, zoom 5)", COUNTRY_PHONE, 100),
            ("map data, whole country, kind=cis", {**COUNTRY, "kind": "cis"}, 100),
            (
                "map data, whole country, social enterprises",
                {**COUNTRY, "social_enterprise": "on"},
                100,
            ),
            ("map data, whole country, search q=tecza (20%)", {**COUNTRY, "q": "tecza"}, 30),
            (
                "map data, one region (lubelskie, zoom 8)",
                {"zoom": "8", "bbox": "20.5,50.2,25.0,52.4", "region": "lubelskie"},
                100,
            ),
            ("map data, zoomed in: Lublin area (zoom 11)", LUBLIN_AREA, 100),
            ("map data, zoomed in: Warsaw streets (zoom 15)", WARSAW_STREETS, 100),
        ):
            response = client.get("/map/data/", params)
            assert response.status_code == 200, response.content[:500]
            data = response.json()
            shape = (
                f"{len(data['clusters'])} clusters, {len(data['points'])} points, "
                f"{data['in_view']} in view, {data['unlocated']} unlocated"
            )
            measure(label, lambda params=params: client.get("/map/data/", params), repeat=repeat)
            print(f"{'':<60} {len(response.content) / 1000:7.1f} kB  ({shape})")
            client.get("/map/data/", {"region": "all"})  # forget the region chosen


if __name__ == "__main__":
    main()
