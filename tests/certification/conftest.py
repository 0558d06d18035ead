import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.certification import services
from tests.factories import EntityFactory, OrganisationFactory, user_with_role


@pytest.fixture(autouse=True)
def _immediate_tasks(immediate_tasks):
    pass


@pytest.fixture
def board(region):
    return [user_with_role(Role.REVIEWER, region=region) for _ in range(2)]


@pytest.fixture
def call(region, coordinator, board):
    now = timezone.now()
    return services.call_create(
        actor=coordinator,
        region=region,
        title="Nabór 2026",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        pass_threshold=Decimal(60),
        criteria=[
            {"name": "Jakość", "max_points": 10, "weight": 2},
            {"name": "Wartość społeczna", "max_points": 5, "weight": 1},
        ],
        reviewers=board,
        scoring_deadline=timezone.localdate() + datetime.timedelta(days=3),
    )


@pytest.fixture
def applicant(region):
    organisation = OrganisationFactory(kind=OrganisationKind.ENTITY, region=region)
    user = user_with_role(Role.ENTITY_REPRESENTATIVE, region=region, organisation=organisation)
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Smak”", kind="social_cooperative", organisation=organisation
    )
    return user, entity


def pdf_upload(name="dokument.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


DECLARATIONS = {
    "declares_legal_form": True,
    "declares_social_goals": True,
    "declares_six_months": True,
    "declares_own_revenue": True,
}


@pytest.fixture
def complete_application(call, applicant):
    """A draft with everything a submission needs."""
    user, entity = applicant
    application = services.application_create(
        actor=user, call=call, entity=entity, declarations=DECLARATIONS
    )
    services.application_update(
        actor=user, application=application, declarations=DECLARATIONS, evidence=pdf_upload()
    )
    services.application_item_add(
        actor=user,
        application=application,
        name="Pierogi lubelskie",
        kind="product",
        category="food",
        description="Ręcznie lepione.",
    )
    for name in ("Anna Nowak", "Jan Kowalski"):
        services.recommendation_add(
            actor=user, application=application, referee_name=name, referee_contact="tel. 123"
        )
    return application
