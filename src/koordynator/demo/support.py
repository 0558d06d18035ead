"""The demo region's support centres (OWES), as the source texts describe the region:
three accredited centres whose subregions cover every powiat, the support they gave, and
the investment grants of the previous year, whose jobs add up to the 186 new jobs the
regional centre reports. Centres, agreements and people are invented (the centres'
names say so); nothing names a jobholder.

Everything goes through the support services; the figures are computed from the records.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Membership, Organisation
from koordynator.core.actors import Actor
from koordynator.events.models import Event
from koordynator.registry.enums import EntityKind
from koordynator.registry.models import Entity
from koordynator.support import services
from koordynator.support.enums import JobholderGroup, SupportKind
from koordynator.support.models import Accreditation
from koordynator.territory.models import Region, TerritorialUnit

THIRD_CENTRE = "Ośrodek Wsparcia Ekonomii Społecznej „Nadbużańskie Centrum” (fikcyjny)"
JOBS_CREATED = 186
# Each centre's powiats (TERYT codes), together every powiat of lubelskie once, and the
# jobs its agreements created in the previous year.
SUBREGIONS: list[tuple[str, list[str], int]] = [
    (
        "Lubelska Sieć",
        ["0605", "0607", "0608", "0609", "0610", "0612", "0614", "0616", "0617", "0663"],
        80,
    ),
    ("Roztocze Razem", ["0602", "0603", "0604", "0606", "0618", "0620", "0662", "0664"], 62),
    ("Nadbużańskie Centrum", ["0601", "0611", "0613", "0615", "0619", "0661"], 44),
]
JOB_PATTERN = [6, 4, 5, 3, 6, 2, 5]
POSITIONS = [
    "Kucharz",
    "Pomoc kuchenna",
    "Opiekun osoby starszej",
    "Pracownik porządkowy",
    "Ogrodnik",
    "Sprzedawca",
    "Pracownik administracyjny",
    "Krawcowa",
]
GROUPS = [
    JobholderGroup.UNEMPLOYED,
    JobholderGroup.DISABLED,
    JobholderGroup.AT_RISK,
    JobholderGroup.UNEMPLOYED,
    JobholderGroup.OTHER,
]
TOPICS: list[tuple[str, str, str]] = [
    (SupportKind.ANIMATION, "Spotkanie animacyjne z mieszkańcami gminy", "3"),
    (SupportKind.BUSINESS_ADVICE, "Biznesplan i wniosek o dotację inwestycyjną", "4"),
    (SupportKind.ACCOUNTING, "Księgowość spółdzielni socjalnej", "2.5"),
    (SupportKind.LEGAL, "Statut i rejestracja w KRS", "2"),
    (SupportKind.MENTORING, "Mentoring zarządu w pierwszym roku działalności", "6"),
    (SupportKind.ADVICE, "Zamówienia publiczne z klauzulami społecznymi", "3"),
]


def _coordinator(region: Region) -> Membership | None:
    return (
        Membership.objects.filter(region=region, role=Role.REGIONAL_COORDINATOR)
        .select_related("user")
        .first()
    )


def _centres(region: Region, actor: Actor) -> list[Organisation]:
    centres = []
    for short, _powiats, _jobs in SUBREGIONS:
        centre = Organisation.objects.filter(
            region=region, kind=OrganisationKind.SUPPORT_CENTRE, name__contains=short
        ).first()
        if centre is None:
            centre = services.centre_create(
                region=region, name=THIRD_CENTRE, is_fictional=True, actor=actor
            )
        centres.append(centre)
    return centres


def _entities_of(region: Region, powiats: list[str]) -> list[Entity]:
    entities = list(
        Entity.objects.filter(region=region, gmina__parent__code__in=powiats).order_by("pk")
    )
    return entities or list(Entity.objects.filter(region=region).order_by("pk")[:20])


def _agreements(
    centre: Organisation, entities: list[Entity], jobs_total: int, year: int, actor: Actor
) -> None:
    remaining, number = jobs_total, 0
    while remaining:
        jobs = min(JOB_PATTERN[number % len(JOB_PATTERN)], remaining)
        signed_on = datetime.date(year, 1, 20) + datetime.timedelta(days=(number * 9) % 300)
        starts_on = signed_on + datetime.timedelta(days=14)
        agreement = services.grant_agreement_create(
            centre=centre,
            entity=entities[number % len(entities)],
            number=f"OWES/{centre.pk}/DI/{number + 1}/{year}",
            signed_on=signed_on,
            amount_per_job=Decimal("20000.00") - Decimal(500) * (number % 4),
            bridging_monthly=Decimal("2400.00") + Decimal(100) * (number % 3),
            bridging_months=12 - 3 * (number % 3),
            jobs=[
                services.JobData(
                    position=POSITIONS[(number + index) % len(POSITIONS)],
                    starts_on=starts_on,
                    fte=Decimal("1") if index % 3 else Decimal("0.5"),
                    group=GROUPS[(number + index) % len(GROUPS)],
                )
                for index in range(jobs)
            ],
            actor=actor,
        )
        # Some jobs end within their durability period: they still count as created.
        if number % 4 == 1:
            job = agreement.jobs.order_by("pk").first()
            if job is not None:
                services.job_end(
                    job=job, ended_on=starts_on + datetime.timedelta(days=150), actor=actor
                )
        remaining -= jobs
        number += 1


def _support(
    region: Region,
    centre: Organisation,
    powiats: list[str],
    entities: list[Entity],
    year: int,
    actor: Actor,
) -> None:
    event = Event.objects.filter(region=region).order_by("pk").first()
    for index, (kind, topic, hours) in enumerate(TOPICS * 2):
        services.support_record_create(
            centre=centre,
            kind=kind,
            given_on=datetime.date(year, 2 + index % 10, 3 + index),
            hours=Decimal(hours),
            people=1 + index % 3,
            topic=topic,
            entities=[entities[index % len(entities)]],
            actor=actor,
        )
    services.support_record_create(
        centre=centre,
        kind=SupportKind.TRAINING,
        given_on=datetime.date(year, 10, 14),
        hours=Decimal("6"),
        people=18,
        topic="Szkolenie: marketing produktów i usług ekonomii społecznej",
        entities=entities[:8],
        event=event,
        actor=actor,
    )
    group = services.founding_group_create(
        centre=centre,
        name=f"Grupa inicjatywna spółdzielni socjalnej ({centre.name[:40]})",
        people_count=5,
        powiat=TerritorialUnit.objects.get(code=powiats[0]),
        actor=actor,
    )
    cooperative = next(
        (e for e in reversed(entities) if e.kind == EntityKind.SOCIAL_COOPERATIVE), None
    )
    if cooperative is not None:
        # The group registered its cooperative: an entity founded in the year.
        services.founding_group_register(
            group=group, entity=cooperative, registered_on=datetime.date(year, 9, 15), actor=actor
        )
    services.support_record_create(
        centre=centre,
        kind=SupportKind.BUSINESS_ADVICE,
        given_on=datetime.date(year, 3, 11),
        hours=Decimal("8"),
        people=5,
        topic="Pomysł na spółdzielnię i biznesplan",
        founding_group=group,
        actor=actor,
    )


def load_demo_support(region: Region) -> None:
    """The demo region's support centres and their records; does nothing when they are
    there."""
    if Accreditation.objects.filter(centre__region=region).exists():
        return
    membership = _coordinator(region)
    actor = membership.user if membership else None
    today = timezone.localdate()
    year = today.year - 1
    for centre, (_short, powiats, jobs) in zip(_centres(region, actor), SUBREGIONS, strict=True):
        # Granted for the longest term the act allows, so the previous year is covered.
        services.accreditation_grant(
            centre=centre,
            decision_number=f"DES-I.{centre.pk}.{year}",
            granted_on=datetime.date(year, 1, 1),
            valid_until=datetime.date(year + 1, 12, 31),
            actor=actor,
        )
        for code in powiats:
            services.subregion_assign(
                centre=centre,
                powiat=TerritorialUnit.objects.get(code=code),
                valid_from=datetime.date(year, 1, 1),
                actor=actor,
            )
        entities = _entities_of(region, powiats)
        _agreements(centre, entities, jobs, year, actor)
        _support(region, centre, powiats, entities, year, actor)
