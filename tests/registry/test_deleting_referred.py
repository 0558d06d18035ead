"""An entity that other records still name (a network's member, a party to an agreement,
an applicant for the mark) is not deleted: the API answers 409 and the page says why."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from koordynator.accounts.services import api_token_issue
from koordynator.core.models import AuditEntry
from koordynator.registry.models import Entity
from tests.factories import EntityFactory
from tests.factories.certification import make_applicant, make_application, make_call
from tests.factories.networks import MemberFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _applicant():
    user, entity = make_applicant()
    make_application(make_call(), user, entity)
    return entity


REFERRERS = {
    "network member": (
        lambda: MemberFactory(entity=EntityFactory(kind="cis")).entity,
        "członkowie sieci",
    ),
    "party": (lambda: PartyFactory(entity=EntityFactory()).entity, "strony porozumień"),
    "applicant": (_applicant, "wnioski"),
}


@pytest.fixture(params=list(REFERRERS))
def referred(request, region):
    make, named = REFERRERS[request.param]
    return make(), named


def test_the_api_answers_409_naming_what_refers_to_it(client, coordinator, referred):
    entity, named = referred
    _, key = api_token_issue(user=coordinator, name="test")
    response = client.delete(f"/api/v1/entities/{entity.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert named in response.json()["detail"]
    assert entity.name in response.json()["detail"]
    assert Entity.objects.filter(pk=entity.pk).exists()
    assert not AuditEntry.objects.filter(action="registry.entity.deleted").exists()


def test_the_staff_page_says_why_and_keeps_it(client, coordinator, referred):
    entity, named = referred
    client.force_login(coordinator)
    response = client.post(reverse("registry:entity_delete", args=[entity.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:entity_detail", args=[entity.pk])
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert named in message
    assert "Nie można usunąć" in message
    assert Entity.objects.filter(pk=entity.pk).exists()


def test_an_entity_nothing_refers_to_is_deleted(client, coordinator, region):
    entity = EntityFactory()
    _, key = api_token_issue(user=coordinator, name="test")
    response = client.delete(f"/api/v1/entities/{entity.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 204
    assert not Entity.objects.filter(pk=entity.pk).exists()
