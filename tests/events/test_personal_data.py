"""Personal data: anonymisation after the retention period, the person's own download and
erasure, and what stays counted."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from koordynator.core.models import AuditEntry
from koordynator.events import selectors, services
from koordynator.events.models import Event, Registration
from koordynator.events.tasks import anonymise_expired_registrations
from koordynator.events.tokens import registration_token
from tests.factories import EntityFactory
from tests.factories.events import AttendanceFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def ended(days_ago: int) -> Event:
    end = timezone.now() - timedelta(days=days_ago)
    return EventFactory(starts_at=end - timedelta(hours=5), ends_at=end)


def test_registrations_are_anonymised_after_the_retention_period_and_counts_stay(region, settings):
    settings.KOORDYNATOR_EVENT_DATA_RETENTION_DAYS = 30
    old, recent = ended(31), ended(29)
    entity = EntityFactory()
    came = RegistrationFactory(
        event=old,
        entity=entity,
        organisation_type="entity",
        phone="600 100 200",
        dietary_needs="bezglutenowa",
        accessibility_needs="pętla indukcyjna",
        needs_sign_language_interpreter=True,
    )
    AttendanceFactory(registration=came)
    RegistrationFactory(event=old, status="cancelled")
    kept = RegistrationFactory(event=recent)
    report_before = selectors.event_report(old)
    assert services.registrations_anonymise_expired() == 2
    came.refresh_from_db()
    assert (came.first_name, came.last_name, came.email, came.phone) == ("", "", "", "")
    assert (came.dietary_needs, came.accessibility_needs) == ("", "")
    assert came.needs_sign_language_interpreter is False
    assert came.anonymised_at is not None
    assert (came.status, came.organisation_type, came.entity_id) == (
        "confirmed",
        "entity",
        entity.pk,
    )
    assert came.attendances.count() == 1
    assert selectors.event_report(old) == report_before
    kept.refresh_from_db()
    assert kept.anonymised_at is None
    assert kept.first_name == "Anna"
    assert services.registrations_anonymise_expired() == 0
    assert AuditEntry.objects.filter(action="events.registration.anonymised").count() == 2


def test_the_command_and_the_task_call_the_same_service(region, settings, immediate_tasks):
    settings.KOORDYNATOR_EVENT_DATA_RETENTION_DAYS = 10
    first = RegistrationFactory(event=ended(11))
    out = io.StringIO()
    call_command("anonymise_event_registrations", stdout=out)
    assert "1" in out.getvalue()
    second = RegistrationFactory(event=ended(12))
    call_command("anonymise_event_registrations", "--enqueue", stdout=io.StringIO())
    assert (
        Registration.objects.filter(
            pk__in=[first.pk, second.pk], anonymised_at__isnull=False
        ).count()
        == 2
    )
    assert anonymise_expired_registrations.call() == 0


def test_the_person_downloads_their_data_as_json(client, region):
    registration = RegistrationFactory(event=EventFactory(), first_name="Zofia", phone="601")
    url = reverse(
        "events:registration_data", args=[registration.pk, registration_token(registration)]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["registration"]["first_name"] == "Zofia"
    assert data["registration"]["phone"] == "601"
    assert data["event"]["id"] == registration.event_id
    wrong = reverse("events:registration_data", args=[registration.pk, "x" * 40])
    assert client.get(wrong).status_code == 404


def test_erasure_cancels_an_upcoming_place_promotes_the_next_and_kills_the_link(client, region):
    event = EventFactory(capacity=1)
    person = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", queue_number=1)
    token = registration_token(person)
    url = reverse("events:registration_erase", args=[person.pk, token])
    response = client.post(url)  # without the confirmation box: nothing happens
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is None
    response = client.post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("events:event_detail", args=[event.pk])
    person.refresh_from_db()
    waiting.refresh_from_db()
    assert person.status == "cancelled"
    assert person.anonymised_at is not None
    assert person.first_name == person.email == ""
    assert waiting.status == "confirmed"
    assert client.get(reverse("events:registration", args=[person.pk, token])).status_code == 404


def test_erasure_after_the_event_keeps_the_attendance(region):
    registration = RegistrationFactory(event=ended(3))
    AttendanceFactory(registration=registration)
    services.registration_erase(registration=registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert registration.attendances.count() == 1
    assert registration.anonymised_at is not None
