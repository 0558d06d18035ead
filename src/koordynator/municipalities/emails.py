"""The reminder that a local government's answer to the yearly survey is awaited: to
its contact address and to its officers' accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import selectors
from .models import Survey


def reminder_messages(
    survey_id: int, local_government_ids: list[int], *, site_url: str = ""
) -> list[EmailMessage]:
    """One message per local government that has not answered yet and has an address."""
    survey = Survey.objects.select_related("region__voivodeship").filter(pk=survey_id).first()
    if survey is None:
        return []
    url = site_url.rstrip("/") + reverse("municipalities:my_answers")
    messages = []
    pending = selectors.nonrespondents(survey).filter(pk__in=local_government_ids)
    recipients = selectors.reminder_recipients(list(pending))
    with translation.override(settings.LANGUAGE_CODE):
        for local_government in pending:
            addresses = recipients.get(local_government.pk, [])
            if not addresses:
                continue
            context = {"survey": survey, "local_government": local_government, "url": url}
            subject = render_to_string("municipalities/email/reminder_subject.txt", context).strip()
            body = render_to_string("municipalities/email/reminder.txt", context)
            messages.append(EmailMessage(" ".join(subject.split()), body, None, addresses))
    return messages
