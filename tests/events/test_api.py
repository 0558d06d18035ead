"""/api/v1/events and /api/v1/registrations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.services import api_token_issue
from koordynator.core.models import AuditEntry
from koordynator.events.models import Event, Registration
from koordynator.events.tokens import registration_token
from tests.factories import region_for, user_with_role
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def token_for(role, region=None):
    user = user_with_role(role, region=region or region_for("06", slug="lubelskie"))
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def person(n=1, **extra):
    return {
        "first_name": "Jan",
        "last_name": "Nowak",
        "email": f"jan{n}@example.org",
        "organisation_name": "Fundacja Pod Lipą",
        "consent_personal_data": True,
        **extra,
    }


def test_public_list_shows_published_upcoming_events_with_counts(client, region):
    event = EventFactory(capacity=2)
    EventFactory(is_published=False)
    EventFactory(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    response = client.get("/api/v1/events")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == event.pk
    assert (item["capacity"], item["confirmed_count"], item["waitlist_count"]) == (2, 1, 1)
    assert item["attended_count"] == 0
    assert item["region"] == "06"


def test_unpublished_event_is_404_for_the_public_and_seen_by_staff(client, region):
    event = EventFactory(is_published=False)
    response = client.get(f"/api/v1/events/{event.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    staff = client.get(f"/api/v1/events/{event.pk}", **token_for(Role.REGIONAL_COORDINATOR))
    assert staff.status_code == 200
    assert staff.json()["is_published"] is False


def test_staff_create_and_patch_an_event(client, region):
    headers = token_for(Role.REGIONAL_COORDINATOR)
    start = timezone.now() + timedelta(days=10)
    response = client.post(
        "/api/v1/events",
        {
            "kind": "training",
            "title": "Szkolenie z klauzul społecznych",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=6)).isoformat(),
            "venue_gmina": "0607011",
            "capacity": 1,
            "is_published": True,
            "target_groups": ["local_governments"],
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["venue_gmina"] == "0607011"
    assert body["target_groups"] == ["local_governments"]
    event = Event.objects.get()
    assert event.region.code == "06"
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    event.waitlist_counter = 1
    event.save()
    response = client.patch(
        f"/api/v1/events/{event.pk}", {"capacity": 2}, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["confirmed_count"] == 2
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_bad_event_answers_422_problem_with_fields(client, region):
    start = timezone.now() + timedelta(days=10)
    response = client.post(
        "/api/v1/events",
        {
            "kind": "party",
            "title": "X",
            "starts_at": start.isoformat(),
            "ends_at": (start - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
        **token_for(Role.REGIONAL_COORDINATOR),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert {error["field"] for error in response.json()["errors"]} == {"kind"}
    assert not Event.objects.exists()


def test_writes_need_a_token_and_a_role_of_the_region(client, region, other_region):
    event = EventFactory()
    assert client.post("/api/v1/events", {}, content_type="application/json").status_code == 401
    entity_person = token_for(Role.ENTITY_REPRESENTATIVE)
    response = client.patch(
        f"/api/v1/events/{event.pk}",
        {"title": "Y"},
        content_type="application/json",
        **entity_person,
    )
    assert response.status_code == 403
    other = token_for(Role.REGIONAL_COORDINATOR, region=other_region)
    response = client.patch(
        f"/api/v1/events/{event.pk}", {"title": "Y"}, content_type="application/json", **other
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title != "Y"


def test_public_registration_without_a_token(client, region):
    event = EventFactory(capacity=1)
    first = client.post(
        f"/api/v1/events/{event.pk}/registrations", person(1), content_type="application/json"
    )
    assert first.status_code == 201, first.content
    assert first.json() == {
        "id": Registration.objects.get(email="jan1@example.org").pk,
        "event_id": event.pk,
        "status": "confirmed",
        "waitlist_position": None,
        "colleagues": [],
    }
    second = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        person(2, colleagues=[{"first_name": "Ewa", "last_name": "Zielińska"}]),
        content_type="application/json",
    )
    body = second.json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1)
    assert [(c["status"], c["waitlist_position"]) for c in body["colleagues"]] == [
        ("waitlisted", 2)
    ]


def test_registration_errors_are_422_problems(client, region):
    event = EventFactory()
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        person(1, consent_personal_data=False, email="not-an-address"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"email", "consent_personal_data"}
    client.post(
        f"/api/v1/events/{event.pk}/registrations", person(1), content_type="application/json"
    )
    duplicate = client.post(
        f"/api/v1/events/{event.pk}/registrations", person(1), content_type="application/json"
    )
    assert duplicate.status_code == 422
    assert [error["field"] for error in duplicate.json()["errors"]] == ["email"]
    assert Registration.objects.count() == 1


def test_registration_for_an_unpublished_event_is_404(client, region):
    event = EventFactory(is_published=False)
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations", person(1), content_type="application/json"
    )
    assert response.status_code == 404


def test_cancel_with_the_persons_token_and_refused_with_a_wrong_one(client, region):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    url = f"/api/v1/registrations/{registration.pk}/cancel"
    wrong = client.post(url, {"token": "0" * 40}, content_type="application/json")
    assert wrong.status_code == 404
    assert wrong["Content-Type"] == PROBLEM
    other = client.post(
        url, {"token": registration_token(waiting)}, content_type="application/json"
    )
    assert other.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    response = client.post(
        url, {"token": registration_token(registration)}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    again = client.post(
        url, {"token": registration_token(registration)}, content_type="application/json"
    )
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM


def test_staff_cancel_with_their_token(client, region, other_region):
    registration = RegistrationFactory(event=EventFactory())
    url = f"/api/v1/registrations/{registration.pk}/cancel"
    other = token_for(Role.REGIONAL_COORDINATOR, region=other_region)
    assert client.post(url, {}, content_type="application/json", **other).status_code == 404
    staff = token_for(Role.SUPPORT_CENTRE_STAFF)
    response = client.post(url, {}, content_type="application/json", **staff)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="events.registration.cancelled")
    assert entry.actor is not None
