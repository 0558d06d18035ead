"""About 300 fictional entities of the demo region, in realistic proportions.

Every name is invented and every description says so; identifiers have valid check digits
but are generated, so they may belong to someone real only by chance: they are marked too.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from koordynator.accounts.models import Organisation
from koordynator.registry.enums import EntityKind, FounderType, LifecycleStatus
from koordynator.registry.forms import EntityForm
from koordynator.registry.models import Entity, Sector
from koordynator.registry.services import (
    entity_create,
    sectors_load,
    social_enterprise_status_grant,
)
from koordynator.territory.models import Region, TerritorialUnit

DEMO_NOTE = "Dane przykładowe: podmiot fikcyjny."
SEED = 2026

# kind: how many, name patterns, sectors, offer tags
KINDS: dict[str, dict[str, Any]] = {
    EntityKind.ASSOCIATION: {
        "count": 150,
        "names": [
            "Stowarzyszenie „{word}”",
            "Stowarzyszenie na rzecz Rozwoju Gminy {gmina}",
            "Stowarzyszenie Przyjaciół {gmina_genitive}",
            "Lokalna Grupa „{word}”",
            "Stowarzyszenie Kulturalne „{word}”",
        ],
        "sectors": ["94", "88", "85", "90", "93"],
        "offer": ["warsztaty", "wydarzenia kulturalne", "edukacja", "wolontariat", "turystyka"],
    },
    EntityKind.FOUNDATION: {
        "count": 60,
        "names": [
            "Fundacja „{word}”",
            "Fundacja Pomocy „{word}”",
            "Fundacja Rozwoju {gmina_genitive}",
        ],
        "sectors": ["88", "85", "86", "94"],
        "offer": ["szkolenia", "doradztwo", "opieka", "rehabilitacja", "edukacja"],
    },
    EntityKind.OTHER_NGO: {
        "count": 25,
        "names": ["Koło Gospodyń Wiejskich w {locality_locative}", "Ludowy Klub Sportowy „{word}”"],
        "sectors": ["94", "93", "56"],
        "offer": ["catering", "rękodzieło", "wyroby regionalne", "zajęcia sportowe"],
    },
    EntityKind.SOCIAL_COOPERATIVE: {
        "count": 30,
        "names": ["Spółdzielnia Socjalna „{word}”"],
        "sectors": ["56", "81", "43", "96", "88"],
        "offer": [
            "catering",
            "sprzątanie",
            "pielęgnacja zieleni",
            "usługi remontowe",
            "opieka nad osobami starszymi",
            "szycie",
        ],
    },
    EntityKind.CIS: {
        "count": 6,
        "names": ["Centrum Integracji Społecznej „{word}” w {locality_locative}"],
        "sectors": ["88", "85"],
        "offer": ["reintegracja zawodowa", "pracownia gastronomiczna", "pracownia remontowa"],
    },
    EntityKind.KIS: {
        "count": 8,
        "names": ["Klub Integracji Społecznej „{word}” w {locality_locative}"],
        "sectors": ["88"],
        "offer": ["reintegracja społeczna", "doradztwo zawodowe"],
    },
    EntityKind.ZAZ: {
        "count": 4,
        "names": ["Zakład Aktywności Zawodowej „{word}” w {locality_locative}"],
        "sectors": ["88", "18", "81"],
        "offer": ["poligrafia", "pralnia", "sprzątanie", "catering"],
    },
    EntityKind.WTZ: {
        "count": 10,
        "names": ["Warsztat Terapii Zajęciowej „{word}” w {locality_locative}"],
        "sectors": ["88"],
        "offer": ["rękodzieło", "ceramika", "zajęcia terapeutyczne"],
    },
    EntityKind.CHURCH_LEGAL_PERSON: {
        "count": 3,
        "names": ["Caritas Parafii „{word}” w {locality_locative}"],
        "sectors": ["88", "87"],
        "offer": ["pomoc żywnościowa", "opieka"],
    },
    EntityKind.WORK_COOPERATIVE: {
        "count": 2,
        "names": ["Spółdzielnia Pracy „{word}”"],
        "sectors": ["31", "16"],
        "offer": ["meble", "stolarka"],
    },
    EntityKind.DISABLED_PERSONS_COOPERATIVE: {
        "count": 1,
        "names": ["Spółdzielnia Inwalidów „{word}”"],
        "sectors": ["17", "82"],
        "offer": ["usługi introligatorskie", "pakowanie"],
    },
    EntityKind.AGRICULTURAL_COOPERATIVE: {
        "count": 1,
        "names": ["Rolnicza Spółdzielnia Produkcyjna „{word}”"],
        "sectors": ["01"],
        "offer": ["warzywa", "owoce", "przetwory"],
    },
}
WORDS = [
    "Nadzieja",
    "Razem",
    "Przystań",
    "Tęcza",
    "Horyzont",
    "Wspólna Sprawa",
    "Pod Dębem",
    "Złoty Kłos",
    "Lubelska Jabłoń",
    "Zielony Most",
    "Dobry Start",
    "Nowa Droga",
    "Słoneczne Wzgórze",
    "Kraina Lessu",
    "Pomocna Dłoń",
    "Źródło",
    "Bursztyn",
    "Wrzos",
    "Kalina",
    "Nad Wieprzem",
    "Nad Bugiem",
    "Roztocze",
    "Jutrzenka",
    "Sosenka",
    "Przylądek",
    "Wiatrak",
    "Kompas",
    "Ogniwo",
    "Promyk",
    "Mosty",
]
STREETS = [
    "Lubelska",
    "Kościuszki",
    "Polna",
    "Szkolna",
    "Ogrodowa",
    "Mickiewicza",
    "Kwiatowa",
    "Długa",
    "Rynek",
    "Zamojska",
]


def _nip(rng: random.Random) -> str:
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def _regon(rng: random.Random) -> str:
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


# The genitive and locative of the demo region's towns, written out: Polish place names
# decline irregularly (Krasnystaw: Krasnegostawu, w Krasnymstawie; Biała Podlaska: Białej
# Podlaskiej), and no rule guesses them safely.
PLACE_FORMS: dict[str, tuple[str, str]] = {
    "Biała Podlaska": ("Białej Podlaskiej", "Białej Podlaskiej"),
    "Biłgoraj": ("Biłgoraja", "Biłgoraju"),
    "Chełm": ("Chełma", "Chełmie"),
    "Dęblin": ("Dęblina", "Dęblinie"),
    "Hrubieszów": ("Hrubieszowa", "Hrubieszowie"),
    "Krasnystaw": ("Krasnegostawu", "Krasnymstawie"),
    "Kraśnik": ("Kraśnika", "Kraśniku"),
    "Lubartów": ("Lubartowa", "Lubartowie"),
    "Lublin": ("Lublina", "Lublinie"),
    "Łuków": ("Łukowa", "Łukowie"),
    "Międzyrzec Podlaski": ("Międzyrzeca Podlaskiego", "Międzyrzecu Podlaskim"),
    "Puławy": ("Puław", "Puławach"),
    "Radzyń Podlaski": ("Radzynia Podlaskiego", "Radzyniu Podlaskim"),
    "Rejowiec Fabryczny": ("Rejowca Fabrycznego", "Rejowcu Fabrycznym"),
    "Stoczek Łukowski": ("Stoczka Łukowskiego", "Stoczku Łukowskim"),
    "Świdnik": ("Świdnika", "Świdniku"),
    "Terespol": ("Terespola", "Terespolu"),
    "Tomaszów Lubelski": ("Tomaszowa Lubelskiego", "Tomaszowie Lubelskim"),
    "Włodawa": ("Włodawy", "Włodawie"),
    "Zamość": ("Zamościa", "Zamościu"),
}


def _genitive(name: str) -> str:
    """The genitive ("Przyjaciół Kraśnika"); a gmina whose forms are not written out is
    named after the word gmina, which keeps its name as it is ("Przyjaciół Gminy
    Zakrzówek")."""
    if name in PLACE_FORMS:
        return PLACE_FORMS[name][0]
    return f"Gminy {name}"


def _locative(name: str) -> str:
    """The locative ("w Kraśniku"); otherwise "w gminie Zakrzówek", never "w Zakrzówek"."""
    if name in PLACE_FORMS:
        return PLACE_FORMS[name][1]
    return f"gminie {name}"


@transaction.atomic
def load_demo_registry(
    region: Region, support_centres: list[Organisation], representative_org: Organisation
) -> int:
    """Create the demo entities once; returns how many exist."""
    if Entity.objects.filter(region=region).exists():
        return Entity.objects.filter(region=region).count()
    sectors_load()
    rng = random.Random(SEED)
    gminas = list(
        TerritorialUnit.objects.filter(level="gmina", code__startswith=region.code, is_active=True)
    )
    weights = [5 if g.gmina_type == 1 else 2 if g.gmina_type == 3 else 1 for g in gminas]
    sector_codes = set(Sector.objects.values_list("code", flat=True))
    used_names: set[str] = set()
    created = 0
    for kind, spec in KINDS.items():
        for _ in range(spec["count"]):
            gmina = rng.choices(gminas, weights)[0]
            word = rng.choice(WORDS)
            name = rng.choice(spec["names"]).format(
                word=word,
                gmina=gmina.name,
                gmina_genitive=_genitive(gmina.name),
                locality_locative=_locative(gmina.name),
            )
            while name in used_names:
                name = f"{name} {rng.randint(2, 99)}"
            used_names.add(name)
            has_economic_activity = (
                kind in (EntityKind.SOCIAL_COOPERATIVE, EntityKind.WORK_COOPERATIVE)
                or rng.random() < 0.25
            )
            employees = (
                rng.randint(3, 40)
                if has_economic_activity or kind in (EntityKind.ZAZ, EntityKind.CIS)
                else (rng.randint(0, 3) if rng.random() < 0.4 else None)
            )
            offer = rng.sample(spec["offer"], k=min(len(spec["offer"]), rng.randint(1, 3)))
            form = EntityForm(
                data={
                    "name": name,
                    "kind": kind,
                    "founder_type": rng.choice(
                        [FounderType.NATURAL_PERSONS, FounderType.LEGAL_PERSONS]
                    )
                    if kind == EntityKind.SOCIAL_COOPERATIVE
                    else "",
                    "description": f"{DEMO_NOTE} Działa na terenie gminy {gmina.name}: {', '.join(offer)}.",
                    "offer": ", ".join(offer).capitalize() + ".",
                    "offer_tags": ", ".join(offer),
                    "sectors": ", ".join(
                        s
                        for s in rng.sample(spec["sectors"], k=min(2, len(spec["sectors"])))
                        if s in sector_codes
                    ),
                    "nip": _nip(rng) if rng.random() < 0.7 else "",
                    "regon": _regon(rng) if rng.random() < 0.6 else "",
                    "krs": str(rng.randint(100000, 999999))
                    if kind not in (EntityKind.CIS, EntityKind.KIS, EntityKind.WTZ)
                    and rng.random() < 0.8
                    else "",
                    "address": f"ul. {rng.choice(STREETS)} {rng.randint(1, 80)}",
                    "postal_code": f"2{rng.randint(0, 4)}-{rng.randint(0, 999):03d}",
                    "locality": gmina.name,
                    "gmina": gmina.code,
                    "email": f"kontakt{created + 1}@podmiot-demo.example",
                    "phone": f"+48 81 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    "has_economic_activity": "on" if has_economic_activity else "",
                    "has_paid_activity": "on" if rng.random() < 0.4 else "",
                    "employees_total": employees if employees is not None else "",
                    "employees_at_risk": (employees // 2)
                    if employees
                    and kind in (EntityKind.SOCIAL_COOPERATIVE, EntityKind.CIS, EntityKind.ZAZ)
                    else "",
                    "employees_disabled": (employees * 7 // 10)
                    if employees and kind == EntityKind.ZAZ
                    else "",
                    "reintegration_participants": rng.randint(10, 60)
                    if kind in (EntityKind.CIS, EntityKind.KIS, EntityKind.WTZ)
                    else "",
                    "year_founded": rng.randint(1995, 2025),
                    "support_centre": rng.choice(support_centres).pk
                    if kind in (EntityKind.SOCIAL_COOPERATIVE, EntityKind.CIS, EntityKind.KIS)
                    or rng.random() < 0.2
                    else "",
                    "status": LifecycleStatus.ACTIVE
                    if rng.random() < 0.93
                    else rng.choice([LifecycleStatus.SUSPENDED, LifecycleStatus.IN_LIQUIDATION]),
                    "is_public": "on" if rng.random() < 0.95 else "",
                }
            )
            if not form.is_valid():  # pragma: no cover - demo data must always be valid
                raise ValueError(f"Demo entity {name} is invalid: {form.errors.as_json()}")
            entity = entity_create(data=form.cleaned_data, actor=None)
            if kind == EntityKind.SOCIAL_COOPERATIVE and rng.random() < 0.6:
                from datetime import date

                social_enterprise_status_grant(
                    entity=entity,
                    decision_number=f"WPS-II.9513.{rng.randint(1, 300)}.{rng.randint(2023, 2025)}",
                    granted_on=date(
                        rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    actor=None,
                )
            created += 1
    # The demo representative's own entity.
    own = (
        Entity.objects.filter(region=region, kind=EntityKind.SOCIAL_COOPERATIVE)
        .order_by("pk")
        .first()
    )
    if own is not None:
        own.name = representative_org.name
        own.organisation = representative_org
        own.save(update_fields=["name", "organisation"])
    return created
