"""The invitation to a convened sitting: to every current member (their deputy in copy),
with the agenda in the text and the sitting as a calendar file."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from koordynator.events.ics import event_calendar

from . import selectors

CALENDAR_FILE_NAME = "posiedzenie.ics"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def invitation_messages(sitting_id: int, *, site_url: str = "") -> list[EmailMessage]:
    """One message per current member with an address; none for a sitting no longer
    convened (cancelled before the job ran)."""
    sitting = selectors.convened_sitting(sitting_id)
    if sitting is None:
        return []
    url = site_url.rstrip("/") + reverse("committee:sitting_detail", args=[sitting.pk])
    agenda = list(selectors.agenda_of(sitting))
    calendar = event_calendar(sitting.event, url=url)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for member, addresses in selectors.invitation_recipients(sitting):
            if not addresses:
                continue
            context = {
                "sitting": sitting,
                "committee": sitting.committee,
                "event": sitting.event,
                "member": member,
                "agenda": agenda,
                "url": url,
            }
            subject = render_to_string("committee/email/invitation_subject.txt", context)
            body = render_to_string("committee/email/invitation.txt", context)
            message = EmailMessage(
                " ".join(subject.split()), body, None, addresses[:1], cc=addresses[1:]
            )
            message.attach(CALENDAR_FILE_NAME, calendar, CALENDAR_CONTENT_TYPE)
            messages.append(message)
    return messages
