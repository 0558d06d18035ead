"""The demo region's committee (RKRES): appointed by the voivodeship board, seventeen members
across every sector with a chair, a deputy chair and a secretary, one former member, two
sittings last year and two this year (one held, one planned) with agendas, attendance,
approved minutes and resolutions and opinions numbered per year. One member has missed
three sittings in a row without excuse. Public bodies keep their real names; every person,
number and resolution is invented.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone, translation

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership, User
from koordynator.committee import services
from koordynator.committee.enums import (
    AttendanceStatus,
    EndReason,
    MemberRole,
    MinutesTransition,
    ResolutionKind,
    Sector,
    SittingTransition,
)
from koordynator.committee.models import Committee, Member, Sitting
from koordynator.committee.uploads import Upload
from koordynator.core.actors import Actor
from koordynator.core.text import fold
from koordynator.territory.models import Region, TerritorialUnit

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
VENUE = {
    "venue_name": "Urząd Marszałkowski Województwa Lubelskiego, sala konferencyjna",
    "venue_address": "ul. Spokojna 4, 20-074 Lublin",
}
LUBLIN = "0663011"
MEMBER_LOGIN = "rkres@demo.example"

# full name, sector, role, organisation, deputy (name, organisation) or None
MEMBERS: list[tuple[str, str, str, str, tuple[str, str] | None]] = [
    (
        "Marek Wiśniewski",
        Sector.REGIONAL_GOVERNMENT,
        MemberRole.CHAIR,
        "Zarząd Województwa Lubelskiego",
        None,
    ),
    (
        "Elżbieta Kowalczyk",
        Sector.SOCIAL_ECONOMY_ENTITIES,
        MemberRole.DEPUTY_CHAIR,
        "Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)",
        ("Paweł Sobczak", "Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)"),
    ),
    (
        "Agnieszka Mazur",
        Sector.REGIONAL_GOVERNMENT,
        MemberRole.SECRETARY,
        "Regionalny Ośrodek Polityki Społecznej w Lublinie",
        None,
    ),
    (
        "Tomasz Lis",
        Sector.VOIVODE,
        MemberRole.MEMBER,
        "Lubelski Urząd Wojewódzki w Lublinie",
        ("Ewa Jabłońska", "Lubelski Urząd Wojewódzki w Lublinie"),
    ),
    ("Katarzyna Zając", Sector.LOCAL_GOVERNMENT, MemberRole.MEMBER, "Gmina Kraśnik", None),
    ("Piotr Nowicki", Sector.LOCAL_GOVERNMENT, MemberRole.MEMBER, "Urząd Miasta Chełm", None),
    (
        "Joanna Wójcik",
        Sector.SUPPORT_CENTRES,
        MemberRole.MEMBER,
        "Ośrodek Wsparcia Ekonomii Społecznej „Lubelska Sieć” (fikcyjny)",
        None,
    ),
    (
        "Grzegorz Kamiński",
        Sector.SUPPORT_CENTRES,
        MemberRole.DEPUTY_CHAIR,
        "Ośrodek Wsparcia Ekonomii Społecznej „Roztocze Razem” (fikcyjny)",
        None,
    ),
    (
        "Barbara Lewandowska",
        Sector.PUBLIC_BENEFIT_COUNCIL,
        MemberRole.MEMBER,
        "Wojewódzka Rada Działalności Pożytku Publicznego Województwa Lubelskiego",
        None,
    ),
    (
        "Stanisław Dudek",
        Sector.COOPERATIVE_UNIONS,
        MemberRole.MEMBER,
        "Regionalny Związek Rewizyjny Spółdzielni (fikcyjny)",
        ("Irena Kubiak", "Regionalny Związek Rewizyjny Spółdzielni (fikcyjny)"),
    ),
    (
        "dr hab. Anna Szymańska",
        Sector.SCIENCE,
        MemberRole.MEMBER,
        "Instytut Nauk Społecznych, uczelnia w Lublinie (fikcyjny)",
        None,
    ),
    (
        "Halina Sikora",
        Sector.TRADE_UNIONS,
        MemberRole.MEMBER,
        "Międzyzakładowy Związek Zawodowy Pracowników Socjalnych (fikcyjny)",
        None,
    ),
    (
        "Krzysztof Baran",
        Sector.EMPLOYERS,
        MemberRole.MEMBER,
        "Pracodawcy Ziemi Lubelskiej (fikcyjni)",
        None,
    ),
    (
        "Magdalena Kaczmarek",
        Sector.NGOS,
        MemberRole.MEMBER,
        "Fundacja „Razem dla Regionu” (fikcyjna)",
        None,
    ),
    (
        "Ryszard Członek",
        Sector.NGOS,
        MemberRole.MEMBER,
        "Stowarzyszenie „Aktywni Lokalnie” (fikcyjne)",
        None,
    ),
    (
        "Zbigniew Wróbel",
        Sector.SOCIAL_ECONOMY_ENTITIES,
        MemberRole.MEMBER,
        "Centrum Integracji Społecznej w Zamościu (fikcyjne)",
        None,
    ),
]
# Resigned in the middle of last year; replaced by the business member below.
FORMER = ("Jan Kołodziej", Sector.BUSINESS, "Lubelska Izba Przedsiębiorców (fikcyjna)")
REPLACEMENT = ("Rafał Pietrzak", Sector.BUSINESS, "Lubelska Izba Przedsiębiorców (fikcyjna)")
ABSENT_MEMBER = "Zbigniew Wróbel"
EXCUSED = {"Halina Sikora", "Piotr Nowicki"}
BY_DEPUTY = {"Tomasz Lis", "Stanisław Dudek"}


def _actor(region: Region) -> Any:
    membership = (
        Membership.objects.filter(role=Role.REGIONAL_COORDINATOR, region=region)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _email(full_name: str) -> str:
    words = fold(full_name.replace("dr hab. ", "")).split()
    return f"{words[0]}.{words[-1]}@rkres.example.org"


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _sitting_days(today: date) -> list[date]:
    """Two days last year, one held this year (a month ago when possible) and one to come
    this year (in about six weeks, or next week late in the year)."""
    year = today.year
    held = today - timedelta(days=30)
    if held.year != year:
        held = date(year, 1, 2) if today > date(year, 1, 2) else today - timedelta(days=1)
    planned = today + timedelta(days=45)
    if planned.year != year:
        planned = today + timedelta(days=7)
    return [date(year - 1, 3, 18), date(year - 1, 10, 21), held, planned]


def _rules_document() -> Upload:
    return Upload(file=io.BytesIO(PDF), name="Regulamin RKRES.pdf")


def load_demo_committee(region: Region) -> None:
    """The demo region's committee and its work. Running it again changes nothing."""
    if Committee.objects.filter(region=region).exists():
        return
    with translation.override("pl"):
        _load(region)


def _load(region: Region) -> None:
    actor = _actor(region)
    today = timezone.localdate()
    founded = date(today.year - 2, 11, 3)
    term_end = services.default_term_end(founded)
    committee = services.committee_create(
        region=region,
        data={
            "name": "Regionalny Komitet Rozwoju Ekonomii Społecznej Województwa Lubelskiego",
            "founding_body": "Zarząd Województwa Lubelskiego",
            "founding_resolution_number": f"CXII/2145/{founded.year}",
            "founding_resolution_date": founded,
            "description": (
                "Komitet koordynuje i wspiera wdrażanie polityki rozwoju ekonomii społecznej "
                "w województwie lubelskim: opiniuje programy regionalne, monitoruje działania "
                "ośrodków wsparcia ekonomii społecznej i wskazuje kierunki współpracy "
                "samorządów z podmiotami ekonomii społecznej. Dane członków są fikcyjne."
            ),
            "quorum_percent": 50,
            "named_votes": False,
            "minimum_sittings_per_year": 2,
        },
        rules=_rules_document(),
        actor=actor,
    )
    act = f"Uchwała nr CXII/2146/{founded.year} Zarządu Województwa Lubelskiego"
    login = User.objects.filter(email=MEMBER_LOGIN).first()
    members: dict[str, Member] = {}
    for full_name, sector, role, organisation, deputy in MEMBERS:
        members[full_name] = services.member_appoint(
            committee=committee,
            data={
                "full_name": full_name,
                "organisation": organisation,
                "sector": sector,
                "role": role,
                "email": _email(full_name),
                "user": login if full_name == "Ryszard Członek" else None,
                "appointment_act": act,
                "term_starts_on": founded,
                "term_ends_on": term_end,
                "deputy_name": deputy[0] if deputy else "",
                "deputy_organisation": deputy[1] if deputy else "",
                "deputy_email": _email(deputy[0]) if deputy else "",
            },
            actor=actor,
        )
    resigned_on = date(today.year - 1, 6, 30)
    former = services.member_appoint(
        committee=committee,
        data={
            "full_name": FORMER[0],
            "organisation": FORMER[2],
            "sector": FORMER[1],
            "role": MemberRole.MEMBER,
            "email": _email(FORMER[0]),
            "appointment_act": act,
            "term_starts_on": founded,
            "term_ends_on": term_end,
        },
        actor=actor,
    )
    members[FORMER[0]] = services.member_end(
        member=former,
        ended_on=resigned_on,
        reason=EndReason.RESIGNED,
        note="Rezygnacja złożona na piśmie.",
        actor=actor,
    )
    members[REPLACEMENT[0]] = services.member_appoint(
        committee=committee,
        data={
            "full_name": REPLACEMENT[0],
            "organisation": REPLACEMENT[2],
            "sector": REPLACEMENT[1],
            "role": MemberRole.MEMBER,
            "email": _email(REPLACEMENT[0]),
            "appointment_act": f"Uchwała nr XC/1710/{today.year - 1} Zarządu Województwa Lubelskiego",
            "term_starts_on": resigned_on + timedelta(days=1),
            "term_ends_on": term_end,
        },
        actor=actor,
    )
    first, second, third, planned = _sitting_days(today)
    _held_sitting(
        committee,
        actor,
        first,
        agenda=[
            "Otwarcie posiedzenia i przyjęcie porządku obrad",
            f"Przyjęcie planu pracy Komitetu na rok {first.year}",
            "Zaopiniowanie projektu Regionalnego Programu Rozwoju Ekonomii Społecznej "
            f"w Województwie Lubelskim na lata {first.year}–2030",
            "Informacja ośrodków wsparcia ekonomii społecznej o sytuacji sektora w regionie",
            "Wolne wnioski i zakończenie posiedzenia",
        ],
        resolutions=[
            (
                2,
                ResolutionKind.RESOLUTION,
                f"w sprawie przyjęcia planu pracy Komitetu na rok {first.year}",
                "Komitet przyjmuje plan pracy na rok stanowiący załącznik do uchwały.",
                True,
            ),
            (
                3,
                ResolutionKind.OPINION,
                "w sprawie projektu Regionalnego Programu Rozwoju Ekonomii Społecznej "
                "w Województwie Lubelskim",
                "Komitet pozytywnie opiniuje projekt programu i rekomenduje uwzględnienie "
                "działań na rzecz podmiotów reintegracyjnych (CIS, KIS, ZAZ, WTZ).",
                True,
            ),
        ],
        members=members,
    )
    _held_sitting(
        committee,
        actor,
        second,
        agenda=[
            "Otwarcie posiedzenia i przyjęcie porządku obrad",
            "Informacja o przyznawaniu znaku „Zakup Prospołeczny” w regionie",
            "Klauzule społeczne w zamówieniach samorządów – wyniki badania ankietowego",
            "Wniosek o zmianę regulaminu Komitetu w zakresie głosowań imiennych",
            "Wolne wnioski i zakończenie posiedzenia",
        ],
        resolutions=[
            (
                3,
                ResolutionKind.RESOLUTION,
                "w sprawie rekomendacji stosowania klauzul społecznych przez samorządy "
                "województwa lubelskiego",
                "Komitet rekomenduje jednostkom samorządu terytorialnego stosowanie "
                "zamówień zastrzeżonych (art. 94 Prawa zamówień publicznych).",
                True,
            ),
            (
                4,
                ResolutionKind.RESOLUTION,
                "w sprawie zmiany regulaminu Komitetu",
                "Wprowadza się głosowania imienne we wszystkich sprawach.",
                False,
            ),
        ],
        members=members,
    )
    _held_sitting(
        committee,
        actor,
        third,
        agenda=[
            "Otwarcie posiedzenia i przyjęcie porządku obrad",
            f"Przyjęcie planu pracy Komitetu na rok {third.year}",
            f"Opinia o działalności ośrodków wsparcia ekonomii społecznej w roku {third.year - 1}",
            "Wolne wnioski i zakończenie posiedzenia",
        ],
        resolutions=[
            (
                2,
                ResolutionKind.RESOLUTION,
                f"w sprawie przyjęcia planu pracy Komitetu na rok {third.year}",
                "Komitet przyjmuje plan pracy na rok stanowiący załącznik do uchwały.",
                True,
            ),
            (
                3,
                ResolutionKind.OPINION,
                "w sprawie działalności ośrodków wsparcia ekonomii społecznej "
                f"w roku {third.year - 1}",
                "Komitet pozytywnie ocenia wsparcie udzielone podmiotom ekonomii społecznej "
                "i utworzenie nowych miejsc pracy w przedsiębiorstwach społecznych.",
                True,
            ),
        ],
        members=members,
        documents={2: f"Projekt planu pracy na rok {third.year}"},
    )
    upcoming = services.sitting_create(
        committee=committee,
        data={
            "starts_at": _moment(planned, 11),
            "ends_at": _moment(planned, 13, 30),
            "venue_gmina": TerritorialUnit.objects.filter(code=LUBLIN).first(),
            "description": "Posiedzenie Komitetu; obrady są jawne.",
            **VENUE,
        },
        agenda=[
            ("Otwarcie posiedzenia i przyjęcie porządku obrad", ""),
            (
                "Sprawozdanie z realizacji Regionalnego Programu Rozwoju Ekonomii Społecznej",
                "Przedstawia Regionalny Ośrodek Polityki Społecznej w Lublinie.",
            ),
            ("Wolne wnioski i zakończenie posiedzenia", ""),
        ],
        actor=actor,
    )
    item = upcoming.agenda_items.get(position=2)
    services.agenda_document_add(
        item=item,
        title="Sprawozdanie z realizacji programu (projekt)",
        upload=Upload(file=io.BytesIO(PDF), name="sprawozdanie.pdf"),
        actor=actor,
    )


def _held_sitting(
    committee: Committee,
    actor: Actor,
    day: date,
    *,
    agenda: list[str],
    resolutions: list[tuple[int, str, str, str, bool]],
    members: dict[str, Member],
    documents: dict[int, str] | None = None,
) -> Sitting:
    """A sitting taken through its whole course: convened, attended, voted, held, its
    minutes drafted and approved, closed."""
    sitting = services.sitting_create(
        committee=committee,
        data={
            "starts_at": _moment(day, 10),
            "ends_at": _moment(day, 13),
            "venue_gmina": TerritorialUnit.objects.filter(code=LUBLIN).first(),
            **VENUE,
        },
        agenda=[(title, "") for title in agenda],
        actor=actor,
    )
    items = {item.position: item for item in sitting.agenda_items.all()}
    for position, title in (documents or {}).items():
        services.agenda_document_add(
            item=items[position],
            title=title,
            upload=Upload(file=io.BytesIO(PDF), name=f"{title}.pdf"),
            actor=actor,
        )
    sitting = services.sitting_transition(
        sitting=sitting, transition=SittingTransition.CONVENE, actor=actor
    )
    statuses = {}
    for member in members.values():
        if not member.is_current_on(day):
            continue
        if member.full_name == ABSENT_MEMBER:
            statuses[member.pk] = AttendanceStatus.UNEXCUSED
        elif member.full_name in EXCUSED:
            statuses[member.pk] = AttendanceStatus.EXCUSED
        elif member.full_name in BY_DEPUTY and member.has_deputy:
            statuses[member.pk] = AttendanceStatus.DEPUTY
        else:
            statuses[member.pk] = AttendanceStatus.PRESENT
    services.attendance_set(sitting=sitting, statuses=statuses, actor=actor)
    present = sum(
        1
        for status in statuses.values()
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)
    )
    for position, kind, title, text, passes in resolutions:
        resolution = services.resolution_create(
            sitting=sitting,
            kind=kind,
            title=title,
            text=text,
            agenda_item=items[position],
            actor=actor,
        )
        votes_for, votes_against = (present - 2, 0) if passes else (4, present - 6)
        services.resolution_vote(
            resolution=resolution,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstained=2,
            actor=actor,
        )
    sitting = services.sitting_transition(
        sitting=sitting, transition=SittingTransition.HOLD, actor=actor
    )
    minutes = services.minutes_draft(sitting=sitting, actor=actor)
    minutes = services.minutes_transition(
        minutes=minutes, transition=MinutesTransition.SUBMIT, actor=actor
    )
    services.minutes_transition(minutes=minutes, transition=MinutesTransition.APPROVE, actor=actor)
    return services.sitting_transition(
        sitting=sitting, transition=SittingTransition.CLOSE, actor=actor
    )
