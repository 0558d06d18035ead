"""Events of the demo region, the kinds the regional centres' news describe: networking
meetings of CIS and KIS (and of ZAZ and WTZ), county workshops on local plans for the
social economy as one programme, a fair, a study visit abroad and a regional conference;
past ones with registrations, attendance and hence reports, future ones open for
registration. People are invented (e-mail addresses under example.org).

Everything goes through the events services. A past event is created ahead, people
register for it, then its dates are moved back and attendance is marked, as staff would
have done on the day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership
from koordynator.events import services
from koordynator.events.enums import EventKind, OrganisationType, TargetGroup
from koordynator.events.models import Event, Programme
from koordynator.events.services import Application, Attendee
from koordynator.registry.enums import EntityKind
from koordynator.registry.models import Entity
from koordynator.territory.models import Region, TerritorialUnit

DEMO_NOTE = "Wydarzenie przykładowe w danych demonstracyjnych: uczestnicy są fikcyjni."
WORKSHOPS = "Warsztaty powiatowe: lokalne plany rozwoju ekonomii społecznej"

FIRST_NAMES = [
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Ewa", "Joanna", "Magdalena", "Żaneta",
    "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz", "Józef",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Wróbel", "Dudek",
    "Pawlak", "Sikora", "Bąk", "Gęsiarz", "Łukasik", "Żak", "Ćwiklińska", "Śliwa",
]  # fmt: skip


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    days_from_now: int  # negative: in the past
    length_days: int
    gmina: str  # TERYT code of the venue's gmina, "" abroad
    venue_name: str
    description: str
    participants: int  # registrations (past events: most of them came)
    capacity: int | None = None
    country: str = "PL"
    target_groups: tuple[str, ...] = ()
    entity_kinds: tuple[str, ...] = ()
    organisation_type: str = OrganisationType.ENTITY
    in_programme: bool = False


EVENTS = [
    DemoEvent(
        title="Spotkanie sieciujące Centrów i Klubów Integracji Społecznej",
        kind=EventKind.NETWORKING_MEETING,
        days_from_now=-60,
        length_days=1,
        gmina="0663011",
        venue_name="Regionalny Ośrodek Polityki Społecznej, sala konferencyjna",
        description="Wymiana doświadczeń CIS i KIS: reintegracja zawodowa, współpraca z "
        "urzędami pracy i ośrodkami pomocy społecznej.",
        participants=30,
        capacity=30,
        target_groups=(TargetGroup.REINTEGRATION_ENTITIES,),
        entity_kinds=(EntityKind.CIS, EntityKind.KIS),
    ),
    DemoEvent(
        title="Warsztat powiatowy w Kraśniku: lokalny plan rozwoju ekonomii społecznej",
        kind=EventKind.WORKSHOP,
        days_from_now=-40,
        length_days=1,
        gmina="0607011",
        venue_name="Starostwo Powiatowe w Kraśniku",
        description="Diagnoza potrzeb i pierwszy szkic lokalnego planu dla powiatu.",
        participants=16,
        target_groups=(TargetGroup.LOCAL_GOVERNMENTS, TargetGroup.SOCIAL_ECONOMY_ENTITIES),
        organisation_type=OrganisationType.LOCAL_GOVERNMENT,
        in_programme=True,
    ),
    DemoEvent(
        title="Warsztat powiatowy w Białej Podlaskiej: lokalny plan rozwoju ekonomii społecznej",
        kind=EventKind.WORKSHOP,
        days_from_now=-25,
        length_days=1,
        gmina="0661011",
        venue_name="Urząd Miasta Biała Podlaska",
        description="Cele, działania i wskaźniki lokalnego planu; klauzule społeczne w zamówieniach.",
        participants=14,
        target_groups=(TargetGroup.LOCAL_GOVERNMENTS,),
        organisation_type=OrganisationType.LOCAL_GOVERNMENT,
        in_programme=True,
    ),
    DemoEvent(
        title="Wizyta studyjna we Włoszech: spółdzielnie socjalne w Bolonii",
        kind=EventKind.STUDY_VISIT,
        days_from_now=-90,
        length_days=4,
        gmina="",
        country="IT",
        venue_name="Bolonia (Włochy)",
        description="Poznanie włoskich spółdzielni socjalnych typu B i ich współpracy z gminami.",
        participants=12,
        capacity=12,
        target_groups=(TargetGroup.SOCIAL_COOPERATIVES,),
        entity_kinds=(EntityKind.SOCIAL_COOPERATIVE,),
    ),
    DemoEvent(
        title="Warsztat powiatowy w Zamościu: lokalny plan rozwoju ekonomii społecznej",
        kind=EventKind.WORKSHOP,
        days_from_now=20,
        length_days=1,
        gmina="0664011",
        venue_name="Urząd Miasta Zamość",
        description="Trzecie spotkanie cyklu warsztatów powiatowych.",
        participants=6,
        capacity=25,
        target_groups=(TargetGroup.LOCAL_GOVERNMENTS,),
        organisation_type=OrganisationType.LOCAL_GOVERNMENT,
        in_programme=True,
    ),
    DemoEvent(
        title="Spotkanie sieciujące Zakładów Aktywności Zawodowej i Warsztatów Terapii Zajęciowej",
        kind=EventKind.NETWORKING_MEETING,
        days_from_now=30,
        length_days=1,
        gmina="0663011",
        venue_name="Regionalny Ośrodek Polityki Społecznej, sala konferencyjna",
        description="Zatrudnienie wspierane i przejścia z WTZ do ZAZ.",
        participants=8,
        capacity=50,
        target_groups=(TargetGroup.REINTEGRATION_ENTITIES,),
        entity_kinds=(EntityKind.ZAZ, EntityKind.WTZ),
    ),
    DemoEvent(
        title="Targi Ekonomii Społecznej",
        kind=EventKind.FAIR,
        days_from_now=45,
        length_days=1,
        gmina="0663011",
        venue_name="Plac Zamkowy",
        description="Stoiska podmiotów ekonomii społecznej: rękodzieło, catering, usługi.",
        participants=10,
        target_groups=(TargetGroup.SOCIAL_ECONOMY_ENTITIES, TargetGroup.RESIDENTS),
        entity_kinds=(EntityKind.SOCIAL_COOPERATIVE, EntityKind.ASSOCIATION),
    ),
    DemoEvent(
        title="Konferencja „Dni z Ekonomią Społeczną”",
        kind=EventKind.CONFERENCE,
        days_from_now=70,
        length_days=2,
        gmina="0663011",
        venue_name="Centrum Spotkania Kultur",
        description="Regionalna konferencja: podsumowanie roku, znak „Zakup Prospołeczny”.",
        participants=12,
        capacity=150,
        target_groups=(TargetGroup.SOCIAL_ECONOMY_ENTITIES, TargetGroup.LOCAL_GOVERNMENTS),
    ),
]


def _staff(region: Region) -> Any:
    membership = (
        Membership.objects.filter(region=region, role=Role.REGIONAL_COORDINATOR)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _at(days_from_now: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days_from_now)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _register(event: Event, spec: DemoEvent, rng: random.Random, entities: list[Entity]) -> None:
    for number in range(spec.participants):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        entity = rng.choice(entities) if entities and rng.random() < 0.8 else None
        organisation = "" if entity else f"Urząd Gminy nr {number + 1} (fikcyjny)"
        services.registration_create(
            event=event,
            application=Application(
                person=Attendee(
                    first_name=first,
                    last_name=last,
                    email=f"uczestnik{event.pk}.{number}@example.org",
                    dietary_needs="wegetariańska" if rng.random() < 0.2 else "",
                ),
                organisation_name=organisation,
                organisation_type=(OrganisationType.ENTITY if entity else spec.organisation_type),
                entity=entity,
                consent_personal_data=True,
                consent_photos=rng.random() < 0.7,
            ),
        )


def load_demo_events(region: Region) -> None:
    """The demo region's events; does nothing when they are there already."""
    if Event.objects.filter(region=region, title=EVENTS[0].title).exists():
        return
    actor = _staff(region)
    rng = random.Random(2024)
    programme = Programme.objects.filter(region=region, name=WORKSHOPS).first()
    if programme is None:
        programme = services.programme_create(
            region=region,
            name=WORKSHOPS,
            description="Cykl warsztatów w powiatach, z których powstają lokalne plany.",
            actor=actor,
        )
    for spec in EVENTS:
        gmina = TerritorialUnit.objects.filter(code=spec.gmina).first() if spec.gmina else None
        entities = list(
            Entity.objects.filter(region=region, kind__in=spec.entity_kinds).order_by("id")
            if spec.entity_kinds
            else Entity.objects.filter(region=region).order_by("id")[:40]
        )
        is_past = spec.days_from_now < 0
        # A past event is first set up ahead, so that people can register for it.
        offset = 14 if is_past else spec.days_from_now
        data = {
            "kind": spec.kind,
            "title": spec.title,
            "description": f"{spec.description}\n\n{DEMO_NOTE}",
            "starts_at": _at(offset, 10),
            "ends_at": _at(offset + spec.length_days - 1, 15),
            "venue_name": spec.venue_name,
            "venue_gmina": gmina,
            "venue_country": spec.country,
            "target_groups": list(spec.target_groups),
            "programme": programme if spec.in_programme else None,
            "is_published": True,
            "has_registration": True,
            "capacity": spec.capacity,
        }
        event = services.event_create(region=region, data=data, actor=actor)
        _register(event, spec, rng, entities)
        if not is_past:
            continue
        event = services.event_update(
            event=event,
            data={
                "starts_at": _at(spec.days_from_now, 10),
                "ends_at": _at(spec.days_from_now + spec.length_days - 1, 15),
            },
            actor=actor,
        )
        for registration in event.registrations.filter(status="confirmed").order_by("id"):
            for day in event.days:
                if rng.random() < 0.9:
                    services.attendance_mark(
                        registration=registration, day=day, present=True, actor=actor
                    )
