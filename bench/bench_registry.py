"""Registry at national scale: 100,000 entities, filtered list through the API.

Usage: DATABASE_URL=postgres://... make bench   (ENTITIES=20000 for a quicker run)
"""

import os
import random
import time
from pathlib import Path

from common import measure, throwaway_database

ENTITIES = int(os.environ.get("ENTITIES", "100000"))
OFFICIAL_TERC = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "teryt"
    / "TERC_Urzedowy_2024-01-01.csv"
)


def main() -> None:
    with throwaway_database():
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client

        from koordynator.accounts.enums import Role
        from koordynator.accounts.services import api_token_issue, membership_grant, user_create
        from koordynator.registry import search
        from koordynator.registry.enums import EntityKind
        from koordynator.registry.models import Entity, OfferTag
        from koordynator.territory.models import Region, TerritorialUnit
        from koordynator.territory.services import (
            places_load,
            region_create,
            units_import,
            units_locate,
        )
        from koordynator.territory.terc import builtin_units, read_terc_file

        records = (
            read_terc_file(OFFICIAL_TERC).records if OFFICIAL_TERC.exists() else builtin_units()
        )
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
        gminas = list(TerritorialUnit.objects.filter(level="gmina"))
        rng = random.Random(7)
        kinds = [k.value for k in EntityKind]
        weights = [3 if k in ("association", "foundation") else 1 for k in kinds]
        start = time.perf_counter()
        batch = []
        for n in range(ENTITIES):
            gmina = rng.choice(gminas)
            kind = rng.choices(kinds, weights)[0]
            name = f"{kind.replace('_', ' ').title()} {rng.choice(['Nadzieja', 'Razem', 'Tęcza', 'Horyzont', 'Przystań'])} {n}"
            batch.append(
                Entity(
                    region=regions[gmina.code[:2]],
                    kind=kind,
                    name=name,
                    description="Organizacja pożytku publicznego, usługi społeczne.",
                    gmina=gmina,
                    locality=gmina.name,
                    latitude=gmina.latitude,
                    longitude=gmina.longitude,
                    location_source="gmina",
                    has_economic_activity=rng.random() < 0.2,
                    is_public=rng.random() < 0.97,
                )
            )
            if len(batch) == 5000:
                search.index(batch)
                Entity.objects.bulk_create(batch)
                batch = []
        search.index(batch)
        Entity.objects.bulk_create(batch)
        # Products and services: 40% of entities offer one to three of 60 kinds.
        tags = OfferTag.objects.bulk_create(
            [OfferTag(name=f"usługa {n}", slug=f"usluga-{n}") for n in range(60)]
        )
        links = Entity.offer_tags.through
        links.objects.bulk_create(
            [
                links(entity_id=pk, offertag_id=tag.pk)
                for pk in Entity.objects.values_list("pk", flat=True)
                if rng.random() < 0.4
                for tag in rng.sample(tags, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum does after a bulk load
        print(
            f"{'create ' + str(ENTITIES) + ' entities (bulk, bench data)':<60} {time.perf_counter() - start:7.2f} s"
        )

        coordinator = user_create(email="bench@koordynator.example", password="bench-password-1")
        membership_grant(user=coordinator, role=Role.REGIONAL_COORDINATOR, region=regions["06"])
        _, key = api_token_issue(user=coordinator, name="bench")
        client = Client()
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        measure("API public list, first page", lambda: client.get("/api/v1/entities"), repeat=100)
        measure(
            "API public list, kind + voivodeship filter",
            lambda: client.get(
                "/api/v1/entities", {"kind": "social_cooperative", "voivodeship": "12"}
            ),
            repeat=100,
        )
        measure(
            "API public list, powiat filter, page 3",
            lambda: client.get("/api/v1/entities", {"powiat": "0607", "offset": 100}),
            repeat=100,
        )
        measure(
            "API staff list (token), kind filter",
            lambda: client.get("/api/v1/entities", {"kind": "cis"}, **auth),
            repeat=100,
        )
        for label, q in (
            ("API search, a common word (20% of entities) q=tecza", "tecza"),
            ("API search, one entity by name and number", "przystan 4217"),
            ("API search, inflected and unaccented", "spoldzielni socjalnej horyzont"),
            ("API search, a typo", "stowarzyszenie horyzomt"),
        ):
            measure(label, lambda q=q: client.get("/api/v1/entities", {"q": q}), repeat=50)
        staff = Client()
        staff.force_login(coordinator)
        measure(
            "staff list page (lubelskie), kind filter",
            lambda: staff.get("/panel/registry/", {"kind": "association"}),
            repeat=50,
        )
        measure(
            "staff list page (lubelskie), search q=tecza",
            lambda: staff.get("/panel/registry/", {"q": "tecza"}),
            repeat=50,
        )
        for label, q in (
            (
                "directory page, search q=spoldzielni socjalnej horyzont",
                "spoldzielni socjalnej horyzont",
            ),
            ("directory page, search q=tecza", "tecza"),
        ):
            measure(label, lambda q=q: client.get("/directory/", {"q": q}), repeat=50)
        measure("directory page, no search", lambda: client.get("/directory/"), repeat=50)

        def directory_counted_afresh():
            cache.clear()  # the facet counts, kept a minute, are counted again
            return client.get("/directory/")

        measure("directory page, no search, counts not kept", directory_counted_afresh, repeat=50)
        measure(
            "directory page, powiat + product",
            lambda: client.get("/directory/", {"powiat": "0607", "offer": "usluga-7"}),
            repeat=50,
        )
        measure(
            "API search in one voivodeship, inflected and unaccented",
            lambda: client.get(
                "/api/v1/entities", {"q": "spoldzielni socjalnej horyzont", "voivodeship": "06"}
            ),
            repeat=50,
        )
        measure(
            "directory page, one region (lubelskie), search",
            lambda: client.get(
                "/directory/", {"region": "lubelskie", "q": "spoldzielni socjalnej horyzont"}
            ),
            repeat=50,
        )
        measure(
            "directory page, one region (lubelskie), no search",
            lambda: client.get("/directory/", {"region": "lubelskie"}),
            repeat=50,
        )
        entity_id = Entity.objects.filter(region=regions["06"]).values_list("pk", flat=True).first()
        measure(
            "API one entity",
            lambda: client.get(f"/api/v1/entities/{entity_id}", **auth),
            repeat=100,
        )


if __name__ == "__main__":
    main()
