"""The demo region: lubelskie, with one login per role.

Organisations marked fictional are invented; real public bodies (the regional centre,
gminas) keep their real names, but every person and login here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Organisation, User
from koordynator.accounts.services import membership_grant, organisation_create, user_create
from koordynator.demo.certification import load_demo_certification
from koordynator.demo.committee import load_demo_committee
from koordynator.demo.content import load_demo_content
from koordynator.demo.events import load_demo_events
from koordynator.demo.municipalities import load_demo_municipalities
from koordynator.demo.networks import load_demo_networks
from koordynator.demo.registry import load_demo_registry
from koordynator.demo.support import load_demo_support
from koordynator.territory.models import TerritorialUnit
from koordynator.territory.services import places_load, region_create, units_import, units_locate
from koordynator.territory.terc import builtin_units

DEMO_REGION_CODE = "06"
DEMO_PASSWORD = "demo-koordynator-2026"  # noqa: S105 (the published demo password)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    organisation: str | None


DEMO_ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "Regionalny Ośrodek Polityki Społecznej w Lublinie",
        "kind": OrganisationKind.REGIONAL_CENTRE,
        "is_fictional": False,
    },
    {
        "name": "Ośrodek Wsparcia Ekonomii Społecznej „Lubelska Sieć” (fikcyjny)",
        "kind": OrganisationKind.SUPPORT_CENTRE,
        "is_fictional": True,
    },
    {
        "name": "Ośrodek Wsparcia Ekonomii Społecznej „Roztocze Razem” (fikcyjny)",
        "kind": OrganisationKind.SUPPORT_CENTRE,
        "is_fictional": True,
    },
    {
        "name": "Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)",
        "kind": OrganisationKind.ENTITY,
        "is_fictional": True,
    },
    {
        "name": "Gmina Kraśnik (gmina wiejska)",
        "kind": OrganisationKind.LOCAL_GOVERNMENT,
        "is_fictional": False,
        "unit": "0607052",
    },
]

DEMO_LOGINS = [
    DemoLogin("admin@demo.example", "Anna Administratorka", Role.NATIONAL_ADMIN, None),
    DemoLogin(
        "rops@demo.example",
        "Robert Koordynator",
        Role.REGIONAL_COORDINATOR,
        "Regionalny Ośrodek Polityki Społecznej w Lublinie",
    ),
    DemoLogin(
        "owes@demo.example",
        "Olga Doradczyni",
        Role.SUPPORT_CENTRE_STAFF,
        "Ośrodek Wsparcia Ekonomii Społecznej „Lubelska Sieć” (fikcyjny)",
    ),
    DemoLogin(
        "pes@demo.example",
        "Paweł Spółdzielca",
        Role.ENTITY_REPRESENTATIVE,
        "Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)",
    ),
    DemoLogin(
        "jst@demo.example",
        "Joanna Urzędniczka",
        Role.LOCAL_GOVERNMENT_OFFICER,
        "Gmina Kraśnik (gmina wiejska)",
    ),
    DemoLogin("rkres@demo.example", "Ryszard Członek", Role.COMMITTEE_MEMBER, None),
    DemoLogin("recenzent@demo.example", "Renata Recenzentka", Role.REVIEWER, None),
]


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create the demo region and its logins. Running it again changes nothing."""
    if not TerritorialUnit.objects.exists():
        units_import(records=builtin_units())
        places_load()
        units_locate()
    region = region_create(
        voivodeship_code=DEMO_REGION_CODE,
        slug="lubelskie",
        coordinator_name="Regionalny Ośrodek Polityki Społecznej w Lublinie",
    )
    organisations = {}
    for spec in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec["name"], region=region).first()
        if organisation is None:
            organisation = organisation_create(
                name=spec["name"],
                kind=spec["kind"],
                region=region,
                territorial_unit=TerritorialUnit.objects.filter(code=spec.get("unit", "")).first(),
                is_fictional=spec["is_fictional"],
            )
        organisations[spec["name"]] = organisation
    for login in DEMO_LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = user_create(email=login.email, full_name=login.full_name, password=DEMO_PASSWORD)
        if login.role == Role.NATIONAL_ADMIN and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        membership_grant(
            user=user,
            role=login.role,
            region=region,
            organisation=organisations.get(login.organisation) if login.organisation else None,
        )
    load_demo_registry(
        region,
        support_centres=[
            o for o in organisations.values() if o.kind == OrganisationKind.SUPPORT_CENTRE
        ],
        representative_org=organisations["Spółdzielnia Socjalna „Zielony Zakątek” (fikcyjna)"],
    )
    load_demo_content(region)
    load_demo_certification(region)
    load_demo_events(region)
    load_demo_municipalities(region)
    load_demo_networks(region)
    load_demo_committee(region)
    load_demo_support(region)
    return DEMO_LOGINS
