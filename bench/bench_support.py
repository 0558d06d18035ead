"""Support centres: the year's summary for a region with 3 centres, 2,000 agreements
(about 7,000 funded jobs) and 10,000 support records, for the region, a centre and a
powiat, in-process and through the API. Target: under 50 ms p95 on PostgreSQL.

Usage: DATABASE_URL=postgres://... .venv/bin/python bench/bench_support.py
       (AGREEMENTS=2000 RECORDS=10000 by default; SQLite works too)
"""

import datetime
import os
import random
from decimal import Decimal
from typing import Any

from common import measure, throwaway_database

AGREEMENTS = int(os.environ.get("AGREEMENTS", "2000"))
RECORDS = int(os.environ.get("RECORDS", "10000"))
ENTITIES = 600
YEAR = 2025


def _load() -> tuple[Any, list[Any]]:
    from koordynator.accounts.enums import OrganisationKind
    from koordynator.accounts.models import Organisation
    from koordynator.registry.models import Entity
    from koordynator.support.models import (
        Accreditation,
        FundedJob,
        GrantAgreement,
        SupportRecord,
    )
    from koordynator.territory.models import Region, TerritorialUnit
    from koordynator.territory.services import units_import
    from koordynator.territory.terc import builtin_units

    rng = random.Random(17)
    units_import(records=builtin_units())
    region = Region.objects.create(
        voivodeship=TerritorialUnit.objects.get(code="06"), slug="lubelskie"
    )
    gminas = list(TerritorialUnit.objects.filter(level="gmina", code__startswith="06"))
    centres = [
        Organisation.objects.create(
            name=f"OWES {n}", kind=OrganisationKind.SUPPORT_CENTRE, region=region
        )
        for n in range(3)
    ]
    for centre in centres:
        Accreditation.objects.create(
            centre=centre,
            decision_number=f"DES-{centre.pk}",
            granted_on=datetime.date(YEAR, 1, 1),
            valid_until=datetime.date(YEAR + 1, 12, 31),
        )
    entities = Entity.objects.bulk_create(
        Entity(
            region=region,
            kind="social_cooperative",
            name=f"Spółdzielnia Socjalna {n}",
            gmina=(gmina := rng.choice(gminas)),
            locality=gmina.name,
        )
        for n in range(ENTITIES)
    )
    agreements = GrantAgreement.objects.bulk_create(
        GrantAgreement(
            centre=rng.choice(centres),
            entity=rng.choice(entities),
            number=f"UM/{n}",
            signed_on=datetime.date(rng.choice([YEAR - 1, YEAR]), rng.randint(1, 12), 10),
            amount_per_job=Decimal("20000"),
            bridging_monthly=Decimal("2500"),
            bridging_months=rng.randint(0, 12),
        )
        for n in range(AGREEMENTS)
    )
    FundedJob.objects.bulk_create(
        FundedJob(
            agreement=agreement,
            position="Kucharz",
            starts_on=agreement.signed_on,
            fte=Decimal("1"),
            group="unemployed",
            ended_early=rng.random() < 0.1,
        )
        for agreement in agreements
        for _ in range(rng.randint(1, 6))
    )
    records = SupportRecord.objects.bulk_create(
        SupportRecord(
            centre=rng.choice(centres),
            kind=rng.choice(["advice", "training", "animation"]),
            given_on=datetime.date(rng.choice([YEAR - 1, YEAR]), rng.randint(1, 12), 5),
            hours=Decimal(rng.randint(1, 8)),
            people=rng.randint(1, 10),
            topic="Doradztwo",
        )
        for _ in range(RECORDS)
    )
    links = SupportRecord.entities.through
    links.objects.bulk_create(
        links(supportrecord_id=record.pk, entity_id=entity.pk)
        for record in records
        for entity in rng.sample(entities, rng.choice([1, 1, 1, 3]))
    )
    return region, centres


def main() -> None:
    with throwaway_database():
        from django.test import Client

        from koordynator.accounts.enums import Role
        from koordynator.accounts.models import Membership, User
        from koordynator.accounts.services import api_token_issue
        from koordynator.support import selectors

        region, centres = _load()
        figures = selectors.summary(region_ids={region.pk}, year=YEAR)
        print(f"jobs created {figures.jobs_created}, support hours {figures.support_hours}")
        measure(
            "summary of a region's year",
            lambda: selectors.summary(region_ids={region.pk}, year=YEAR),
        )
        measure(
            "summary of a centre's year",
            lambda: selectors.summary(
                region_ids={region.pk},
                year=YEAR,
                centre=centres[0].pk,
            ),
        )
        measure(
            "summary of a powiat's year",
            lambda: selectors.summary(region_ids={region.pk}, year=YEAR, powiat="0607"),
        )
        user = User.objects.create_user("rops@bench.example")
        Membership.objects.create(user=user, role=Role.REGIONAL_COORDINATOR, region=region)
        _token, key = api_token_issue(user=user, name="bench")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        measure(
            "GET /api/v1/support/summary?year=",
            lambda: client.get("/api/v1/support/summary", {"year": YEAR}),
        )


if __name__ == "__main__":
    main()
