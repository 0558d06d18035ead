"""The invitation to a network's meeting, sent to the accounts of its members. One
message with every address as a blind copy, so members do not see each other's."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import selectors
from .models import NetworkMeeting


def meeting_invitation(meeting_id: int, *, site_url: str = "") -> EmailMessage | None:
    meeting = (
        NetworkMeeting.objects.select_related("network__region", "event__venue_gmina")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    addresses = selectors.member_addresses(meeting.network)
    if not addresses:
        return None
    base = site_url.rstrip("/")
    context = {
        "network": meeting.network,
        "event": meeting.event,
        "network_url": base + reverse("networks:detail", args=[meeting.network_id]),
        "event_url": base + reverse("events:event_detail", args=[meeting.event_id])
        if meeting.event.is_published
        else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("networks/email/invitation_subject.txt", context)
        body = render_to_string("networks/email/invitation.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [], bcc=addresses)
