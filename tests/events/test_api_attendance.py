"""/api/v1/events/{id}/registrations and attendance marking over the API."""

import pytest

from koordynator.accounts.enums import Role
from koordynator.core.models import AuditEntry
from koordynator.events.models import Attendance
from tests.factories import region_for
from tests.factories.events import AttendanceFactory, PastEventFactory, RegistrationFactory

from .test_api import token_for

pytestmark = pytest.mark.django_db


def test_staff_list_the_registrations_with_attendance_and_it_is_audited(client, region):
    event = PastEventFactory()
    came = RegistrationFactory(event=event, first_name="Ewa")
    AttendanceFactory(registration=came, day=event.days[1])
    RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    headers = token_for(Role.REGIONAL_COORDINATOR)
    response = client.get(f"/api/v1/events/{event.pk}/registrations", **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["first_name"], first["attended_days"]) == ("Ewa", [event.days[1].isoformat()])
    assert body["items"][1]["queue_number"] == 1
    assert (
        AuditEntry.objects.filter(action="events.participants.viewed", changes__view="api").count()
        == 1
    )
    event_body = client.get(f"/api/v1/events/{event.pk}", **headers).json()
    assert event_body["attended_count"] == 1


def test_registrations_are_not_for_the_public_or_other_regions(client, region):
    event = PastEventFactory()
    RegistrationFactory(event=event)
    url = f"/api/v1/events/{event.pk}/registrations"
    assert client.get(url).status_code == 401
    other = token_for(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))
    assert client.get(url, **other).status_code == 404
    representative = token_for(Role.ENTITY_REPRESENTATIVE)
    assert client.get(url, **representative).status_code == 404
    assert not AuditEntry.objects.filter(action="events.participants.viewed").exists()


def test_put_attendance_marks_and_unmarks_a_day(client, region):
    event = PastEventFactory()
    registration = RegistrationFactory(event=event)
    headers = token_for(Role.SUPPORT_CENTRE_STAFF)
    url = f"/api/v1/registrations/{registration.pk}/attendance/{event.days[0].isoformat()}"
    response = client.put(url, {"present": True}, content_type="application/json", **headers)
    assert response.status_code == 200
    assert response.json() == {
        "registration_id": registration.pk,
        "day": event.days[0].isoformat(),
        "present": True,
        "attended_days": [event.days[0].isoformat()],
    }
    response = client.put(url, {"present": False}, content_type="application/json", **headers)
    assert response.json()["present"] is False
    assert not Attendance.objects.exists()


def test_put_attendance_refuses_bad_days_and_strangers(client, region):
    event = PastEventFactory()
    registration = RegistrationFactory(event=event)
    headers = token_for(Role.REGIONAL_COORDINATOR)
    base = f"/api/v1/registrations/{registration.pk}/attendance/"
    response = client.put(
        base + "2001-01-01", {"present": True}, content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert (
        client.put(
            base + "not-a-day", {"present": True}, content_type="application/json", **headers
        ).status_code
        == 422
    )
    other = token_for(Role.REGIONAL_COORDINATOR, region=region_for("12", slug="malopolskie"))
    day = event.days[0].isoformat()
    assert (
        client.put(
            base + day, {"present": True}, content_type="application/json", **other
        ).status_code
        == 404
    )
    assert (
        client.put(base + day, {"present": True}, content_type="application/json").status_code
        == 401
    )
    assert not Attendance.objects.exists()
