"""Local governments of the demo region: yearly survey answers that show the use of
social clauses growing (8% → 14% → 20% of those who answered), an open survey with the
first answers, expert support against a yearly target of 16, and local plans in every
state. Gminas keep their real names; every figure, person and resolution is invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership
from koordynator.core.actors import Actor
from koordynator.events.enums import EventKind
from koordynator.events.models import Event
from koordynator.municipalities import services
from koordynator.municipalities.enums import EntryMethod, PlanStatus
from koordynator.municipalities.models import (
    ExpertSupport,
    LocalGovernment,
    LocalPlan,
    Survey,
)
from koordynator.territory.models import Region, TerritorialUnit

SEED = 2026
DEMO_NOTE = "Dane przykładowe: liczby i osoby są fikcyjne."
# year: (answered, used clauses); the region has 234 local governments.
CLOSED_SURVEYS = {2022: (150, 12), 2023: (160, 22), 2024: (175, 35)}
OPEN_SURVEY = (2025, 60, 14)
SUPPORT_TARGET = 16
SUPPORT_TOPICS = [
    "Klauzule społeczne w zamówieniach publicznych",
    "Zlecanie zadań publicznych w trybie art. 19a",
    "Diagnoza ekonomii społecznej w gminie",
    "Przygotowanie lokalnego planu rozwoju ekonomii społecznej",
    "Współpraca z podmiotami reintegracyjnymi (CIS, KIS)",
]
EXPERTS = ["Ekspertka A. Nowicka (fikcyjna)", "Ekspert M. Zawada (fikcyjny)"]
PLANS = [
    # title, area codes, status, period
    (
        "Lokalny plan rozwoju ekonomii społecznej powiatu kraśnickiego",
        ["0607"],
        PlanStatus.ADOPTED,
        (2024, 2030),
    ),
    (
        "Plan rozwoju ekonomii społecznej gminy Janów Lubelski",
        ["0605053"],
        PlanStatus.ADOPTED,
        (2023, 2027),
    ),
    (
        "Wspólny plan ekonomii społecznej gmin Roztocza",
        ["0620043", "0618082", "0620032"],
        PlanStatus.CONSULTATION,
        (2025, 2030),
    ),
    (
        "Plan rozwoju ekonomii społecznej powiatu bialskiego",
        ["0601"],
        PlanStatus.DRAFTING,
        (2026, 2031),
    ),
    ("Program ekonomii społecznej miasta Chełm", ["0662011"], PlanStatus.EXPIRED, (2018, 2022)),
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _actor(region: Region) -> Any:
    membership = (
        Membership.objects.filter(role=Role.REGIONAL_COORDINATOR, region=region)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _figures(rng: random.Random, uses_clauses: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if uses_clauses:
        reserved = rng.randint(0, 2)
        employment = rng.randint(1, 3)
        total = reserved + employment
        value = Decimal(rng.randint(40, 900) * 1000)
        figures.update(
            clause_contracts_count=total,
            clause_contracts_value=value,
            reserved_count=reserved,
            reserved_value=(value / 3).quantize(Decimal("0.01")) if reserved else 0,
            employment_count=employment,
            employment_value=value - ((value / 3).quantize(Decimal("0.01")) if reserved else 0),
            entity_contracts_count=min(reserved, total),
            entity_contracts_value=(value / 3).quantize(Decimal("0.01")) if reserved else 0,
        )
    if rng.random() < 0.6:
        figures.update(
            open_call_tasks_count=rng.randint(1, 12),
            open_call_tasks_value=Decimal(rng.randint(20, 400) * 1000),
        )
    if rng.random() < 0.4:
        small = rng.randint(1, 5)
        figures.update(
            small_grant_tasks_count=small,
            small_grant_tasks_value=Decimal(small * rng.randint(3, 10) * 1000),
        )
    return figures


def _answer_survey(
    survey: Survey,
    local_governments: list[LocalGovernment],
    rng: random.Random,
    answered: int,
    used: int,
    actor: Actor,
) -> None:
    chosen = rng.sample(local_governments, answered)
    users = set(rng.sample(range(answered), used))
    for number, local_government in enumerate(chosen):
        services.answer_save(
            survey=survey,
            local_government=local_government,
            figures=_figures(rng, number in users),
            remarks=DEMO_NOTE if number == 0 else "",
            # Past its closing date a survey takes no answers online: the demo's earlier
            # years came in on paper and from the centre's spreadsheets.
            entry_method=(
                EntryMethod.PAPER
                if not number % 3
                else EntryMethod.ONLINE
                if survey.is_open
                else EntryMethod.IMPORT
            ),
            actor=actor,
        )


def _surveys(region: Region, local_governments: list[LocalGovernment], actor: Actor) -> None:
    rng = random.Random(SEED)
    for year, (answered, used) in CLOSED_SURVEYS.items():
        if Survey.objects.filter(region=region, year=year).exists():
            continue
        survey = services.survey_open(
            region=region,
            year=year,
            opens_on=date(year + 1, 1, 15),
            closes_on=date(year + 1, 3, 31),
            actor=actor,
        )
        _answer_survey(survey, local_governments, rng, answered, used, actor)
        services.survey_close(survey=survey, actor=actor)
    year, answered, used = OPEN_SURVEY
    if not Survey.objects.filter(region=region, year=year).exists():
        # Open whenever the demo is loaded: it closes by itself at its date.
        survey = services.survey_open(
            region=region,
            year=year,
            opens_on=date(year + 1, 1, 15),
            closes_on=max(date(year + 1, 3, 31), timezone.localdate() + timedelta(days=60)),
            actor=actor,
        )
        _answer_survey(survey, local_governments, rng, answered, used, actor)


def _expert_support(region: Region, local_governments: list[LocalGovernment], actor: Actor) -> None:
    if ExpertSupport.objects.filter(region=region).exists():
        return
    rng = random.Random(SEED + 1)
    gminas = [lg for lg in local_governments if lg.kind not in ("voivodeship", "powiat")]
    for year, count in ((2024, 16), (2025, 11)):
        services.support_target_set(region=region, year=year, target=SUPPORT_TARGET, actor=actor)
        for number, local_government in enumerate(rng.sample(gminas, count)):
            starts_on = date(year, 2, 1) + timedelta(days=number * 12)
            services.expert_support_create(
                local_government=local_government,
                data={
                    "topic": rng.choice(SUPPORT_TOPICS),
                    "expert_name": rng.choice(EXPERTS),
                    "starts_on": starts_on,
                    "ends_on": starts_on + timedelta(days=rng.randint(20, 60)),
                    "hours": Decimal(rng.choice([8, 12, 16, 24, 32])),
                    "outcome": "Rekomendacje dla gminy (opis fikcyjny).",
                },
                actor=actor,
            )


def _plans(region: Region, actor: Actor) -> None:
    if LocalPlan.objects.filter(region=region).exists():
        return
    workshops = list(
        Event.objects.filter(region=region, kind=EventKind.WORKSHOP).order_by("starts_at")[:2]
    )
    by_code = {
        lg.unit.code: lg
        for lg in LocalGovernment.objects.filter(region=region).select_related("unit")
    }
    for number, (title, codes, status, (start, end)) in enumerate(PLANS):
        area = list(TerritorialUnit.objects.filter(code__in=codes))
        if len(area) != len(codes):
            continue
        documents = {
            "diagnosis": services.Upload(
                SimpleUploadedFile("diagnoza.pdf", PDF), "diagnoza-ekonomii-spolecznej.pdf"
            )
        }
        if status in (PlanStatus.ADOPTED, PlanStatus.EXPIRED, PlanStatus.CONSULTATION):
            documents["document"] = services.Upload(
                SimpleUploadedFile("plan.pdf", PDF), "lokalny-plan.pdf"
            )
        plan = services.plan_create(
            region=region,
            data={
                "title": title,
                "local_government": by_code.get(codes[0]),
                "period_from": start,
                "period_to": end,
                "description": DEMO_NOTE,
            },
            area=area,
            workshops=workshops if number < 3 else [],
            documents=documents,
            actor=actor,
        )
        path = {
            PlanStatus.DRAFTING: [],
            PlanStatus.CONSULTATION: [PlanStatus.CONSULTATION],
            PlanStatus.ADOPTED: [PlanStatus.CONSULTATION, PlanStatus.ADOPTED],
            PlanStatus.EXPIRED: [PlanStatus.CONSULTATION, PlanStatus.ADOPTED, PlanStatus.EXPIRED],
        }[status]
        for step in path:
            plan = services.plan_transition(
                plan=plan,
                status=step,
                resolution_number=f"{number + 10}/{start}" if step == PlanStatus.ADOPTED else "",
                resolution_date=date(start - 1, 11, 20) if step == PlanStatus.ADOPTED else None,
                actor=actor,
            )


def load_demo_municipalities(region: Region) -> None:
    """The demo region's local governments and their data. Running it again changes nothing."""
    actor = _actor(region)
    services.local_governments_sync(region=region, actor=actor)
    local_governments = list(
        LocalGovernment.objects.filter(region=region, is_active=True)
        .select_related("unit", "powiat")
        .order_by("unit__code")
    )
    krasnik = next((lg for lg in local_governments if lg.unit.code == "0607052"), None)
    if krasnik is not None and not krasnik.contact_email:
        services.local_government_update_contact(
            local_government=krasnik,
            contact_name="Joanna Urzędniczka (fikcyjna)",
            contact_email="jst@demo.example",
            contact_phone="81 000 00 00",
            actor=actor,
        )
    _surveys(region, local_governments, actor)
    _expert_support(region, local_governments, actor)
    _plans(region, actor)
