"""The "Zakup Prospołeczny" mark in the demo region: last year's call with granted, refused
and rejected applications and their licences (active after a renewal, expiring, expired), and this year's open call with the demo representative's draft.

Everything is made through the certification services, as on the site; the past is then
faked by moving the dates back, as only a demo loader may. Last year's applications came
on paper (as the regional centres' rules allow), so the regional centre typed them in.
The second board member's term has ended: they sat on last year's board and keep their
place on this year's call, but hold the reviewer role no longer.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import User
from koordynator.accounts.services import membership_grant, membership_revoke, user_create
from koordynator.certification import services
from koordynator.certification.models import Application, Call, Licence
from koordynator.core.actors import Actor
from koordynator.demo.content import _pdf
from koordynator.registry.enums import EntityKind
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

PAST_DAYS = 400  # last year's call opened about 13 months ago
FORMER_REVIEWER = "kapitula@demo.example"

CRITERIA = [
    {
        "name": "Jakość produktu lub usługi",
        "description": "Wykonanie, trwałość, opinie klientów.",
        "max_points": 10,
        "weight": Decimal(2),
    },
    {
        "name": "Wartość społeczna",
        "description": "Zatrudnienie i reintegracja osób zagrożonych wykluczeniem.",
        "max_points": 10,
        "weight": Decimal(2),
    },
    {
        "name": "Lokalność i ekologia",
        "description": "Lokalne surowce, krótki łańcuch dostaw, dbałość o środowisko.",
        "max_points": 5,
        "weight": Decimal(1),
    },
]

DECLARATIONS = dict.fromkeys(services.DECLARATION_FIELDS, True)

# (product or service, kind, category, description, price, where; points per criterion of
# the two reviews; the decision)
PAST_APPLICATIONS: list[dict[str, Any]] = [
    {
        "items": [
            (
                "Pierogi z kaszą gryczaną i twarogiem",
                "product",
                "food",
                "Ręcznie lepione z mąki z lokalnego młyna; mrożone lub świeże.",
                "35–45 zł/kg",
                "Sklep spółdzielni i targ w Kraśniku (sobota)",
            ),
            (
                "Catering na spotkania i szkolenia",
                "service",
                "food",
                "Obiady i przerwy kawowe dla 10–150 osób, dowóz w powiecie.",
                "od 28 zł za osobę",
                "Zamówienia telefoniczne i mailowe",
            ),
        ],
        "points": [(9, 10, 4), (8, 9, 5)],
        "decision": "grant",
        "licence": "renewed",
    },
    {
        "items": [
            (
                "Świece z wosku sojowego",
                "product",
                "crafts",
                "Świece w szkle i puszkach, zapachy z olejków naturalnych.",
                "25–60 zł",
                "Sklep internetowy i kiermasze",
            ),
        ],
        "points": [(8, 8, 4), (7, 9, 3)],
        "decision": "grant",
        "licence": "expiring",
        "own": True,  # the demo representative's entity: its renewal is theirs to ask
    },
    {
        "items": [
            (
                "Sprzątanie biur i klatek schodowych",
                "service",
                "cleaning",
                "Regularne sprzątanie, mycie okien, pielęgnacja terenów przy budynkach.",
                "wycena indywidualna",
                "Zlecenia dla firm, wspólnot i urzędów",
            ),
        ],
        "points": [(7, 8, 3), (8, 7, 3)],
        "decision": "grant",
        "licence": "expired",
    },
    {
        "items": [
            (
                "Pamiątki z drewna",
                "product",
                "crafts",
                "Breloki, podkładki i zabawki z drewna z recyklingu.",
                "10–80 zł",
                "Punkt informacji turystycznej",
            ),
        ],
        "points": [(4, 6, 2), (5, 5, 2)],
        "decision": "refuse",
    },
    {
        "items": [
            (
                "Usługi poligraficzne",
                "service",
                "printing",
                "Ulotki, plakaty, wizytówki.",
                "wycena indywidualna",
                "Pracownia w Lublinie",
            ),
        ],
        "decision": "reject",
    },
]


def _document(title: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title).getvalue(), content_type="application/pdf")


def _applicants(region: Region, count: int) -> list[Entity]:
    return list(
        Entity.objects.filter(
            region=region,
            organisation__isnull=True,
            kind__in=[EntityKind.SOCIAL_COOPERATIVE, EntityKind.FOUNDATION],
        ).order_by("pk")[:count]
    )


def _complete(application: Application, actor: Actor, items: list[tuple[str, ...]]) -> None:
    services.application_update(
        actor=actor,
        application=application,
        declarations=DECLARATIONS,
        evidence=_document("Statut i sprawozdanie finansowe (przykład)", "dokumenty.pdf"),
    )
    for name, kind, category, description, price, where in items:
        services.application_item_add(
            actor=actor,
            application=application,
            name=name,
            kind=kind,
            category=category,
            description=description,
            price_range=price,
            where_to_buy=where,
        )
    services.recommendation_add(
        actor=actor,
        application=application,
        referee_name="Marta Wiśniewska (osoba fikcyjna)",
        referee_organisation="Gminny Ośrodek Pomocy Społecznej",
        letter=_document("List polecający (przykład)", "list.pdf"),
    )
    services.recommendation_add(
        actor=actor,
        application=application,
        referee_name="Piotr Zieliński (osoba fikcyjna)",
        referee_organisation="Lokalna Grupa Działania",
        referee_contact="tel. 81 000 00 00 (fikcyjny)",
    )


def _past_call(region: Region, coordinator: User, board: list[User], representative: User) -> None:
    now = timezone.now()
    call = services.call_create(
        actor=coordinator,
        region=region,
        title="Nabór wniosków o znak „Zakup Prospołeczny” 2025",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        pass_threshold=Decimal(60),
        criteria=CRITERIA,
        reviewers=board,
        scoring_deadline=timezone.localdate() + datetime.timedelta(days=45),
        rules_document=_document("Regulamin naboru 2025 (przykład)", "regulamin.pdf"),
    )
    criteria = list(call.criteria.all())
    others = iter(_applicants(region, len(PAST_APPLICATIONS)))
    own = _own_entity(region, representative)
    for spec in PAST_APPLICATIONS:
        entity = own if spec.get("own") and own is not None else next(others, None)
        if entity is None:
            continue
        applicant = representative if entity == own else coordinator
        application = services.application_create(actor=applicant, call=call, entity=entity)
        _complete(application, applicant, spec["items"])
        services.application_submit(actor=applicant, application=application)
        if spec["decision"] == "reject":
            services.application_reject_formally(
                actor=coordinator,
                application=application,
                reason="Podmiot działa krócej niż 6 miesięcy.",
            )
            continue
        services.application_accept_formally(actor=coordinator, application=application)
        services.application_start_review(actor=coordinator, application=application)
        for reviewer, points in zip(board, spec["points"], strict=True):
            services.review_record(
                reviewer=reviewer,
                application=application,
                no_conflict=True,
                scores={
                    c.pk: (value, "Ocena na podstawie wniosku i rekomendacji.")
                    for c, value in zip(criteria, points, strict=True)
                },
            )
        if spec["decision"] == "grant":
            services.application_grant(
                actor=coordinator, application=application, reason="Wynik powyżej progu 60%."
            )
        else:
            services.application_refuse(
                actor=coordinator, application=application, reason="Wynik poniżej progu 60%."
            )
    _move_to_the_past(call, coordinator)


def _move_to_the_past(call: Call, coordinator: User) -> None:
    """Last year's call: its dates a year back, and its licences in the states the demo
    shows (renewed and active, expiring, expired)."""
    shift = datetime.timedelta(days=PAST_DAYS)
    today = timezone.localdate()
    Call.objects.filter(pk=call.pk).update(
        opens_at=call.opens_at - shift,
        closes_at=call.closes_at - shift,
        scoring_deadline=(call.scoring_deadline or today) - shift,
    )
    for application in call.applications.all():
        Application.objects.filter(pk=application.pk).update(
            submitted_at=(application.submitted_at or timezone.now()) - shift + _days(3),
            decided_at=(application.decided_at or timezone.now()) - shift + _days(40),
        )
    ends = {
        "renewed": today + _days(5),  # renewed below for another year
        "expiring": today + _days(20),
        "expired": today - _days(60),
    }
    plans = {spec["items"][0][0]: spec.get("licence", "") for spec in PAST_APPLICATIONS}
    for licence in Licence.objects.filter(item__application__call=call):
        first_item = licence.item.application.items.order_by("pk").first()
        plan = plans.get(first_item.name if first_item else "", "")
        valid_until = ends.get(plan, today + _days(5))
        valid_from = valid_until - _days(364)
        Licence.objects.filter(pk=licence.pk).update(
            valid_from=valid_from,
            valid_until=valid_until,
            number=licence.number.replace(f"/{today.year}/", f"/{valid_from.year}/"),
        )
        licence.refresh_from_db()
        if plan == "renewed":
            renewal = services.renewal_submit(
                actor=coordinator, licence=licence, nothing_changed=True
            )
            services.renewal_decide(actor=coordinator, renewal=renewal, grant=True)


def _own_entity(region: Region, representative: User) -> Entity | None:
    return Entity.objects.filter(
        region=region, organisation__memberships__user=representative
    ).first()


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _open_call(region: Region, coordinator: User, board: list[User], representative: User) -> None:
    now = timezone.now()
    call = services.call_create(
        actor=coordinator,
        region=region,
        title="Nabór wniosków o znak „Zakup Prospołeczny” 2026",
        opens_at=now - _days(10),
        closes_at=now + _days(40),
        pass_threshold=Decimal(60),
        criteria=CRITERIA,
        reviewers=board,
        scoring_deadline=timezone.localdate() + _days(60),
        rules_document=_document("Regulamin naboru 2026 (przykład)", "regulamin.pdf"),
    )
    own = _own_entity(region, representative)
    if own is None:
        return
    draft = services.application_create(
        actor=representative, call=call, entity=own, declarations=DECLARATIONS
    )
    services.application_item_add(
        actor=representative,
        application=draft,
        name="Przetwory z owoców z ogrodu spółdzielni",
        kind="product",
        category="food",
        description="Dżemy i soki bez konserwantów, z owoców z własnego sadu.",
        price_range="12–20 zł",
        where_to_buy="Sklep spółdzielni",
    )


@transaction.atomic
def load_demo_certification(region: Region) -> None:
    """Create the demo calls once; running it again changes nothing."""
    if Call.objects.filter(region=region).exists():
        return
    coordinator = User.objects.get(email="rops@demo.example")
    reviewer = User.objects.get(email="recenzent@demo.example")
    representative = User.objects.get(email="pes@demo.example")
    former = User.objects.filter(email=FORMER_REVIEWER).first() or user_create(
        email=FORMER_REVIEWER, full_name="Karol Kapitulny (osoba fikcyjna)"
    )
    membership = membership_grant(user=former, role=Role.REVIEWER, region=region)
    board = [reviewer, former]
    _past_call(region, coordinator, board, representative)
    _open_call(region, coordinator, board, representative)
    membership_revoke(membership=membership)
