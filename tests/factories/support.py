"""Support centres (OWES) and their records, built through the services where the services
check something (accreditations, agreements), so a factory never makes a record the
platform would refuse."""

from datetime import date
from decimal import Decimal

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.support import services
from koordynator.support.enums import JobholderGroup, SupportKind
from koordynator.territory.models import TerritorialUnit
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

# The years the tests' agreements are signed in, and a day the accreditation covers.
YEAR = 2025
SIGNED = date(YEAR, 3, 10)


def support_centre(region=None, name=None, accredited=True):
    """A support centre in `region` (lubelskie), accredited from 2025-01-01 for two years."""
    region = region or region_for("06")
    centre = OrganisationFactory(
        kind=OrganisationKind.SUPPORT_CENTRE,
        region=region,
        **({"name": name} if name else {}),
    )
    if accredited:
        services.accreditation_grant(
            centre=centre,
            decision_number=f"DES-{centre.pk}/2025",
            granted_on=date(2025, 1, 1),
            valid_until=date(2026, 12, 31),
            actor=None,
        )
    return centre


def centre_staff(centre):
    return user_with_role(Role.SUPPORT_CENTRE_STAFF, region=centre.region, organisation=centre)


def entity_in(gmina_code="0607011", **extra):
    gmina = TerritorialUnit.objects.get(code=gmina_code)
    return EntityFactory(gmina=gmina, region=region_for(gmina_code[:2]), **extra)


def job(position="Kucharz", starts_on=SIGNED, fte="1", group=JobholderGroup.UNEMPLOYED):
    return services.JobData(position=position, starts_on=starts_on, fte=Decimal(fte), group=group)


def agreement(centre, entity=None, *, jobs=1, number=None, signed_on=SIGNED, **extra):
    values = {
        "amount_per_job": Decimal("20000.00"),
        "bridging_monthly": Decimal("2500.00"),
        "bridging_months": 12,
        **extra,
    }
    return services.grant_agreement_create(
        centre=centre,
        entity=entity or entity_in(),
        number=number or f"UM/{centre.pk}/{signed_on.isoformat()}/{_next()}",
        signed_on=signed_on,
        jobs=[job(starts_on=signed_on) for _ in range(jobs)],
        actor=None,
        **values,
    )


def support_record(
    centre, entities=(), *, given_on=SIGNED, hours="4", kind=SupportKind.ADVICE, **extra
):
    return services.support_record_create(
        centre=centre,
        kind=kind,
        given_on=given_on,
        hours=Decimal(hours),
        people=extra.pop("people", 2),
        topic=extra.pop("topic", "Biznesplan"),
        entities=list(entities) or [entity_in()],
        actor=None,
        **extra,
    )


_counter = iter(range(1, 10**9))


def _next():
    return next(_counter)
