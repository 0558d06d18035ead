"""Cooperation networks and partnerships of the demo region, as the regional centres'
news describe them: the network of support centres (OWES), the thematic group of
reintegration entities (CIS, KIS, ZAZ, WTZ) with its meetings and shared minutes, the
regional cooperation platform of local governments and their partners, and cooperation
agreements of entities with businesses, universities and gminas over several years.
Businesses and people are invented; universities and gminas keep their real names, but
every agreement is fictional.

Everything goes through the networks services. The meetings are the events demo's own
events, linked to the networks.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Membership, Organisation
from koordynator.core.actors import Actor
from koordynator.events.models import Event
from koordynator.municipalities.models import LocalGovernment
from koordynator.networks import services
from koordynator.networks.documents import note_pdf
from koordynator.networks.enums import MemberKind, NetworkKind, PartyKind
from koordynator.networks.models import Network, Partnership
from koordynator.registry.enums import EntityKind
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

DEMO_NOTE = "Dane przykładowe: porozumienia, firmy i osoby są fikcyjne."
SUPPORT_NETWORK = "Sieć Ośrodków Wsparcia Ekonomii Społecznej województwa lubelskiego"
THEMATIC_GROUP = "Grupa Tematyczna ds. współpracy podmiotów o charakterze reintegracyjnym"
PLATFORM = "Regionalna Platforma Współpracy na rzecz Ekonomii Społecznej"
REINTEGRATION_KINDS = [EntityKind.CIS, EntityKind.KIS, EntityKind.ZAZ, EntityKind.WTZ]
CIS_KIS_MEETING = "Spotkanie sieciujące Centrów i Klubów Integracji Społecznej"
ZAZ_WTZ_MEETING = (
    "Spotkanie sieciujące Zakładów Aktywności Zawodowej i Warsztatów Terapii Zajęciowej"
)
STUDY_VISIT = "Wizyta studyjna we Włoszech: spółdzielnie socjalne w Bolonii"
FAIR = "Targi Ekonomii Społecznej"
KRASNIK_WORKSHOP = "Warsztat powiatowy w Kraśniku: lokalny plan rozwoju ekonomii społecznej"
CONFERENCE = "Konferencja „Dni z Ekonomią Społeczną”"

# title, subject, signed, starts, ends (None: indefinite), partners: (kind, name or code)
PARTNERSHIPS: list[tuple[str, str, date, date, date | None, list[tuple[str, str]]]] = [
    (
        "Porozumienie o praktykach zawodowych dla uczestników CIS",
        "Praktyki w piekarni i cukierni dla uczestników reintegracji zawodowej.",
        date(2021, 2, 15),
        date(2021, 3, 1),
        date(2023, 2, 28),
        [(PartyKind.BUSINESS, "Piekarnia „Złoty Kłos” sp. z o.o. (fikcyjna)")],
    ),
    (
        "Umowa o współpracy przy badaniu losów absolwentów CIS",
        "Badanie sytuacji zawodowej osób rok po zakończeniu reintegracji.",
        date(2022, 9, 20),
        date(2022, 10, 1),
        date(2024, 9, 30),
        [(PartyKind.SCIENCE, "Uniwersytet Marii Curie-Skłodowskiej w Lublinie")],
    ),
    (
        "Porozumienie o usługach cateringowych dla Urzędu Gminy Kraśnik",
        "Catering na spotkania i wydarzenia gminy w trybie zamówienia zastrzeżonego.",
        date(2023, 4, 3),
        date(2023, 5, 1),
        None,
        [(PartyKind.LOCAL_GOVERNMENT, "0607052")],
    ),
    (
        "Partnerstwo na rzecz zatrudniania osób z niepełnosprawnościami",
        "Staże i zatrudnienie wspomagane absolwentów WTZ w sieci sklepów.",
        date(2023, 11, 10),
        date(2024, 1, 1),
        None,
        [(PartyKind.BUSINESS, "Sieć Sklepów „Lubelski Koszyk” S.A. (fikcyjna)")],
    ),
    (
        "Porozumienie o wspólnych szkoleniach z ekonomii społecznej",
        "Moduł zajęć dla studentów pracy socjalnej prowadzony z praktykami.",
        date(2024, 2, 1),
        date(2024, 2, 1),
        None,
        [(PartyKind.SCIENCE, "Politechnika Lubelska")],
    ),
    (
        "Porozumienie o pielęgnacji zieleni miejskiej",
        "Utrzymanie terenów zielonych przez spółdzielnię socjalną z klauzulą społeczną.",
        date(2024, 12, 5),
        date(2025, 1, 1),
        date(2027, 12, 31),
        [
            (PartyKind.LOCAL_GOVERNMENT, "0664011"),
            (PartyKind.OTHER, "Stowarzyszenie Ogrodników Zamojskich (fikcyjne)"),
        ],
    ),
    (
        "Partnerstwo dwóch spółdzielni socjalnych w usługach remontowych",
        "Wspólne oferty w zamówieniach publicznych na drobne remonty.",
        date(2025, 3, 14),
        date(2025, 4, 1),
        None,
        [(PartyKind.ENTITY, "second")],
    ),
]


def _coordinator(region: Region) -> Membership | None:
    return (
        Membership.objects.filter(region=region, role=Role.REGIONAL_COORDINATOR)
        .select_related("user", "organisation")
        .first()
    )


def _link(network: Network, region: Region, titles: list[str], actor: Actor) -> list[Any]:
    """Make the demo region's events of these titles meetings of the network (the events
    demo holds them; none is added here, so its figures stay as they are)."""
    meetings = []
    for title in titles:
        event = Event.objects.filter(region=region, title=title).first()
        if event is not None:
            meetings.append(services.meeting_link(network=network, event=event, actor=actor))
    return meetings


def _pdf(title: str, subtitle: str, paragraphs: list[str]) -> BytesIO:
    return BytesIO(
        note_pdf(
            heading="Regionalny Ośrodek Polityki Społecznej w Lublinie",
            title=title,
            subtitle=subtitle,
            paragraphs=[*paragraphs, DEMO_NOTE],
        )
    )


def _share(network: Network, title: str, paragraphs: list[str], actor: Actor, **extra: Any) -> None:
    services.document_add(
        network=network,
        title=title,
        upload=_pdf(title, network.name, paragraphs),
        file_name=f"{title}.pdf",
        actor=actor,
        **extra,
    )


def _support_centre_network(region: Region, rops: Organisation | None, actor: Actor) -> Network:
    network = services.network_create(
        region=region,
        data={
            "name": SUPPORT_NETWORK,
            "kind": NetworkKind.SUPPORT_CENTRE_NETWORK,
            "purpose": "Wspólne standardy wsparcia, wymiana doświadczeń i podział pracy "
            "ośrodków wsparcia ekonomii społecznej w subregionach.",
            "description": "Sieć spotyka się co kwartał; raz w roku odbywa wizytę studyjną. "
            + DEMO_NOTE,
            "coordinator": actor,
            "coordinator_organisation": rops,
            "is_public": True,
            "active_from": date(2016, 2, 1),
        },
        actor=actor,
    )
    for support_centre in Organisation.objects.filter(
        region=region, kind=OrganisationKind.SUPPORT_CENTRE
    ).order_by("name"):
        services.member_add(
            network=network,
            kind=MemberKind.ORGANISATION,
            organisation=support_centre,
            joined_on=date(2016, 2, 1),
            actor=actor,
        )
    _link(network, region, [STUDY_VISIT, FAIR], actor)
    _share(
        network,
        "Standardy działania OWES w województwie – wersja robocza",
        [
            "Wspólne standardy doradztwa, animacji i wsparcia inwestycyjnego w subregionach.",
            "Uwagi ośrodków do projektu przyjmujemy do końca miesiąca.",
        ],
        actor,
    )
    return network


def _thematic_group(region: Region, actor: Actor) -> Network:
    lubelska_siec = (
        Organisation.objects.filter(region=region, kind=OrganisationKind.SUPPORT_CENTRE)
        .order_by("name")
        .first()
    )
    network = services.network_create(
        region=region,
        data={
            "name": THEMATIC_GROUP,
            "kind": NetworkKind.THEMATIC_GROUP,
            "purpose": "Współpraca CIS, KIS, ZAZ i WTZ: reintegracja zawodowa i społeczna, "
            "zakładanie spółdzielni socjalnych przez absolwentów, wymiana dobrych praktyk.",
            "description": "Grupa powstała na pierwszym spotkaniu sieciującym podmiotów "
            "reintegracyjnych. " + DEMO_NOTE,
            "coordinator": None,
            "coordinator_organisation": lubelska_siec,
            "is_public": True,
            "active_from": date(2016, 2, 23),
        },
        actor=actor,
    )
    entities = Entity.objects.filter(region=region, kind__in=REINTEGRATION_KINDS).order_by(
        "kind", "name", "id"
    )
    for number, entity in enumerate(entities):
        services.member_add(
            network=network,
            kind=MemberKind.ENTITY,
            entity=entity,
            joined_on=date(2016, 2, 23) + timedelta(days=30 * (number % 8)),
            actor=actor,
        )
    # One that left and came back, so the history shows.
    first = network.members.order_by("id").first()
    if first is not None:
        services.member_leave(member=first, left_on=date(2019, 12, 31), actor=actor)
        services.member_add(
            network=network,
            kind=MemberKind.ENTITY,
            entity=first.entity,
            joined_on=date(2021, 3, 1),
            actor=actor,
        )
    meetings = _link(network, region, [CIS_KIS_MEETING, ZAZ_WTZ_MEETING], actor)
    past = next((meeting for meeting in meetings if meeting.event.title == CIS_KIS_MEETING), None)
    _share(
        network,
        "Notatka ze spotkania sieciującego CIS i KIS",
        [
            "Uczestnicy omówili współpracę z urzędami pracy i ośrodkami pomocy społecznej.",
            "Ustalono wspólny kalendarz szkoleń dla pracowników socjalnych i instruktorów.",
            "Kolejne spotkanie poświęcone będzie zakładaniu spółdzielni socjalnych.",
        ],
        actor,
        meeting=past,
    )
    _share(
        network,
        "Zasady działania Grupy Tematycznej",
        [
            "Grupa zbiera się co najmniej dwa razy w roku, kolejno w siedzibach członków.",
            "Członkiem może zostać każdy CIS, KIS, ZAZ i WTZ z województwa.",
        ],
        actor,
    )
    return network


def _platform(region: Region, rops: Organisation | None, actor: Actor) -> Network:
    network = services.network_create(
        region=region,
        data={
            "name": PLATFORM,
            "kind": NetworkKind.COOPERATION_PLATFORM,
            "purpose": "Sieć współpracy samorządów lokalnych z regionalnymi instytucjami "
            "wsparcia, podmiotami ekonomii społecznej, biznesem i nauką.",
            "description": "Powstała na pierwszym spotkaniu konsultacyjnym dla JST. " + DEMO_NOTE,
            "coordinator": actor,
            "coordinator_organisation": rops,
            "is_public": True,
            "active_from": date(2016, 2, 18),
        },
        actor=actor,
    )
    by_code = {
        lg.unit.code: lg
        for lg in LocalGovernment.objects.filter(
            region=region, unit__code__in=["0607052", "0663011", "0664011", "0605053", "06"]
        ).select_related("unit")
    }
    for code in ("06", "0663011", "0607052", "0664011", "0605053"):
        if code in by_code:
            services.member_add(
                network=network,
                kind=MemberKind.LOCAL_GOVERNMENT,
                local_government=by_code[code],
                joined_on=date(2016, 2, 18),
                actor=actor,
            )
    for organisation in Organisation.objects.filter(
        region=region, kind__in=[OrganisationKind.SUPPORT_CENTRE, OrganisationKind.ENTITY]
    ).order_by("name"):
        entity = Entity.objects.filter(organisation=organisation).first()
        services.member_add(
            network=network,
            kind=MemberKind.ENTITY if entity else MemberKind.ORGANISATION,
            entity=entity,
            organisation=None if entity else organisation,
            joined_on=date(2017, 3, 1),
            actor=actor,
        )
    for kind, name, nip, website in (
        (
            MemberKind.SCIENCE,
            "Uniwersytet Marii Curie-Skłodowskiej w Lublinie",
            "",
            "https://www.umcs.pl",
        ),
        (MemberKind.BUSINESS, "Lubelska Izba Przedsiębiorców (fikcyjna)", "", ""),
        (MemberKind.OTHER, "Wojewódzki Urząd Pracy w Lublinie", "", ""),
    ):
        services.member_add(
            network=network,
            kind=kind,
            name=name,
            nip=nip,
            website=website,
            joined_on=date(2018, 5, 1),
            actor=actor,
        )
    _link(network, region, [KRASNIK_WORKSHOP, CONFERENCE], actor)
    _share(
        network,
        "Prezentacja: zlecanie zadań publicznych podmiotom ekonomii społecznej",
        [
            "Otwarte konkursy ofert i tryb art. 19a ustawy o działalności pożytku publicznego.",
            "Przykłady gmin regionu, które zlecają usługi społeczne spółdzielniom socjalnym.",
        ],
        actor,
    )
    return network


def _partnerships(region: Region, platform: Network, actor: Actor) -> None:
    entities = list(
        Entity.objects.filter(
            region=region,
            kind__in=[EntityKind.SOCIAL_COOPERATIVE, EntityKind.CIS, EntityKind.WTZ],
            is_public=True,
        ).order_by("kind", "id")[:20]
    )
    if len(entities) < 2:
        return
    by_code = {
        lg.unit.code: lg
        for lg in LocalGovernment.objects.filter(region=region).select_related("unit")
    }
    for number, (title, subject, signed_on, starts_on, ends_on, partners) in enumerate(
        PARTNERSHIPS
    ):
        entity = entities[number % len(entities)]
        parties = [services.Party(kind=PartyKind.ENTITY, entity=entity)]
        for kind, value in partners:
            if kind == PartyKind.LOCAL_GOVERNMENT:
                if value not in by_code:
                    continue
                parties.append(services.Party(kind=kind, local_government=by_code[value]))
            elif kind == PartyKind.ENTITY:
                second = entities[(number + 1) % len(entities)]
                parties.append(services.Party(kind=kind, entity=second))
            else:
                parties.append(services.Party(kind=kind, name=value))
        if len(parties) < 2:
            continue
        services.partnership_create(
            region=region,
            data={
                "title": title,
                "subject": f"{subject} {DEMO_NOTE}",
                "signed_on": signed_on,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "network": platform if number % 2 == 0 else None,
                "is_public": number != 3,
            },
            parties=parties,
            actor=actor,
        )


def load_demo_networks(region: Region) -> None:
    """The demo region's networks and partnerships; does nothing when they are there."""
    if (
        Network.objects.filter(region=region).exists()
        or Partnership.objects.filter(region=region).exists()
    ):
        return
    membership = _coordinator(region)
    actor = membership.user if membership else None
    rops = membership.organisation if membership else None
    _support_centre_network(region, rops, actor)
    _thematic_group(region, actor)
    platform = _platform(region, rops, actor)
    _partnerships(region, platform, actor)
