"""The reminder that a centre's accreditation ends soon, to the region's coordinators and
the centre's staff (one message, every address as a blind copy)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership

from .models import Accreditation


def expiry_reminder(accreditation_id: int, days: int) -> EmailMessage | None:
    accreditation = (
        Accreditation.objects.select_related("centre__region__voivodeship")
        .filter(pk=accreditation_id)
        .first()
    )
    if accreditation is None:
        return None
    centre = accreditation.centre
    people = Membership.objects.filter(user__is_active=True, region=centre.region_id).filter(
        role=Role.REGIONAL_COORDINATOR
    ) | Membership.objects.filter(
        user__is_active=True, role=Role.SUPPORT_CENTRE_STAFF, organisation=centre
    )
    addresses = sorted(
        {address for address in people.values_list("user__email", flat=True) if address}
        | ({centre.email} if centre.email else set())
    )
    if not addresses:
        return None
    context = {"accreditation": accreditation, "centre": centre, "days": days}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("support/email/expiry_subject.txt", context)
        body = render_to_string("support/email/expiry.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [], bcc=addresses)
