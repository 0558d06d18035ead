"""Calls, applications and licences of the "Zakup Prospołeczny" mark, made through the
services as a user would make them (so every step is audited as in real life)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.certification import services
from koordynator.certification.models import Application, Call, Licence
from tests.factories import EntityFactory, OrganisationFactory, region_for, user_with_role

DECLARATIONS = {
    "declares_legal_form": True,
    "declares_social_goals": True,
    "declares_six_months": True,
    "declares_own_revenue": True,
}


def pdf_upload(name: str = "dokument.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def make_call(*, region=None, coordinator=None, reviewers=None, **overrides) -> Call:
    """An open call of lubelskie with two criteria (quality 10 × 2, social value 5 × 1) and
    a board of two, unless told otherwise."""
    region = region or region_for("06")
    coordinator = coordinator or user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    if reviewers is None:
        reviewers = [user_with_role(Role.REVIEWER, region=region) for _ in range(2)]
    now = timezone.now()
    values = {
        "title": "Nabór 2026",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=30),
        "pass_threshold": Decimal(60),
        "criteria": [
            {"name": "Jakość", "max_points": 10, "weight": 2},
            {"name": "Wartość społeczna", "max_points": 5, "weight": 1},
        ],
        "scoring_deadline": timezone.localdate() + datetime.timedelta(days=20),
        **overrides,
    }
    return services.call_create(actor=coordinator, region=region, reviewers=reviewers, **values)


def make_applicant(region=None, name="Spółdzielnia Socjalna „Smak”"):
    """A representative and the entity they represent."""
    region = region or region_for("06")
    organisation = OrganisationFactory(kind=OrganisationKind.ENTITY, region=region)
    user = user_with_role(Role.ENTITY_REPRESENTATIVE, region=region, organisation=organisation)
    entity = EntityFactory(name=name, kind="social_cooperative", organisation=organisation)
    return user, entity


def make_application(call, user, entity, *, item="Pierogi lubelskie", category="food"):
    """A complete draft: declarations, evidence, one product, two recommendations."""
    application = services.application_create(
        actor=user, call=call, entity=entity, declarations=DECLARATIONS
    )
    services.application_update(
        actor=user, application=application, declarations=DECLARATIONS, evidence=pdf_upload()
    )
    services.application_item_add(
        actor=user,
        application=application,
        name=item,
        kind="product",
        category=category,
        description="Ręcznie lepione, z lokalnych składników.",
        price_range="30–45 zł/kg",
        where_to_buy="Sklep przy ul. Lubelskiej 1",
    )
    for name in ("Anna Nowak", "Jan Kowalski"):
        services.recommendation_add(
            actor=user, application=application, referee_name=name, referee_contact="tel. 123"
        )
    return application


def review_all(application, points=None):
    """Every board member declares no conflict and scores every criterion."""
    call = application.call
    for reviewer in call.reviewers.all():
        criteria = list(call.criteria.all())
        services.review_record(
            reviewer=reviewer,
            application=application,
            no_conflict=True,
            scores={c.pk: ((points or c.max_points), "Bardzo dobrze.") for c in criteria},
        )


def bring_to(application, status, coordinator):
    """Move a complete draft along the cycle up to `status`."""
    order = ["submitted", "formally_accepted", "in_review", "scored", "granted"]
    steps = {
        "submitted": lambda: services.application_submit(
            actor=application.created_by, application=application
        ),
        "formally_accepted": lambda: services.application_accept_formally(
            actor=coordinator, application=application
        ),
        "in_review": lambda: services.application_start_review(
            actor=coordinator, application=application
        ),
        "scored": lambda: review_all(application),
        "granted": lambda: services.application_grant(
            actor=coordinator, application=application, reason="Powyżej progu."
        ),
    }
    for step in order[: order.index(status) + 1]:
        steps[step]()
    return Application.objects.get(pk=application.pk)


def make_licence(call=None, coordinator=None, *, item="Pierogi lubelskie", category="food"):
    """A granted application's licence, valid from today."""
    region = region_for("06")
    coordinator = coordinator or user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    call = call or make_call(region=region, coordinator=coordinator)
    user, entity = make_applicant(region, name=f"Spółdzielnia Socjalna „{item}”")
    application = make_application(call, user, entity, item=item, category=category)
    bring_to(application, "granted", coordinator)
    return Licence.objects.select_related("item__application__entity").get(
        item__application=application
    )
