"""The e-mail that tells a person the status of their registration: its link (to see or
cancel it) and, once confirmed, the event as a calendar file."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import selectors
from .enums import RegistrationStatus
from .ics import event_calendar
from .models import Registration
from .tokens import registration_token

CALENDAR_FILE_NAME = "event.ics"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def registration_url(registration: Registration, site_url: str = "") -> str:
    path = reverse("events:registration", args=[registration.pk, registration_token(registration)])
    return site_url.rstrip("/") + path


def registration_message(registration_id: int, *, site_url: str = "") -> EmailMessage | None:
    """The message for the registration's current status; None when nobody can receive it
    (a colleague without an e-mail whose registrant is gone)."""
    registration = (
        Registration.objects.select_related(
            "event__region__voivodeship", "event__venue_gmina", "registered_by"
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return None
    recipient = registration.email or (
        registration.registered_by.email if registration.registered_by is not None else ""
    )
    if not recipient:
        return None
    event = registration.event
    event_url = site_url.rstrip("/") + reverse("events:event_detail", args=[event.pk])
    colleagues = []
    if registration.registered_by is None:
        colleagues = [
            {
                "registration": colleague,
                "url": registration_url(colleague, site_url),
                "position": selectors.waitlist_position(colleague),
            }
            for colleague in registration.colleagues.order_by("id")
        ]
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event": event,
            "status": registration.status,
            "position": selectors.waitlist_position(registration),
            "url": registration_url(registration, site_url),
            "event_url": event_url,
            "for_colleague": not registration.email,
            "colleagues": colleagues,
        }
        subject = render_to_string("events/email/registration_subject.txt", context).strip()
        body = render_to_string("events/email/registration.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [recipient])
    if registration.status == RegistrationStatus.CONFIRMED:
        message.attach(
            CALENDAR_FILE_NAME, event_calendar(event, url=event_url), CALENDAR_CONTENT_TYPE
        )
    return message
