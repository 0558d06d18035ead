"""The e-mail of a registration: sent on commit, a calendar file, the person's link."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from koordynator.events import services
from koordynator.events.services import Application, Attendee
from koordynator.events.tokens import registration_token
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def application(n=1, colleagues=()):
    return Application(
        person=Attendee(first_name="Jan", last_name="Nowak", email=f"jan{n}@example.org"),
        organisation_name="Fundacja Pod Lipą",
        consent_personal_data=True,
        colleagues=colleagues,
    )


def test_confirmation_is_sent_on_commit_with_the_calendar_and_the_link(
    region, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Spotkanie sieciujące; ZAZ, WTZ")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = services.registration_create(
            event=event, application=application(), site_url="https://koordynator.example/"
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan1@example.org"]
    assert event.title in message.subject
    link = (
        f"https://koordynator.example/events/registrations/{registration.pk}/"
        f"{registration_token(registration)}/"
    )
    assert link in message.body
    [(name, content, content_type)] = message.attachments
    assert name == "event.ics"
    assert content_type.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert entry.decoded("dtend") == event.ends_at.replace(microsecond=0)
    assert str(entry["summary"]) == event.title
    assert str(entry["uid"]) == f"event-{event.pk}@koordynator"


def test_waiting_list_message_has_the_place_and_no_calendar(
    region, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, application=application(1))
        services.registration_create(event=event, application=application(2))
    waiting = mail.outbox[1]
    assert waiting.to == ["jan2@example.org"]
    assert waiting.attachments == []
    assert re.search(r"\b1\b", waiting.body)


def test_promotion_is_told_with_the_calendar(
    region, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, application=application(1))
    services.registration_create(event=event, application=application(2))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    recipients = {message.to[0]: message for message in mail.outbox}
    assert set(recipients) == {"jan1@example.org", "jan2@example.org"}
    assert recipients["jan2@example.org"].attachments[0][0] == "event.ics"


def test_colleagues_without_an_e_mail_are_listed_for_the_registrant(
    region, immediate_tasks, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event,
            application=application(colleagues=(Attendee(first_name="Ewa", last_name="Lis"),)),
        )
    [message] = mail.outbox
    colleague = registration.colleagues.get()
    assert "Ewa Lis" in message.body
    assert registration_token(colleague) in message.body
