"""The information clause shown beside the consent on the registration form."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Event


def privacy_notice_for(event: Event) -> str:
    """The event's own clause, or the standard one naming the regional centre."""
    if event.privacy_notice.strip():
        return event.privacy_notice
    return _(
        "The controller of your personal data is %(controller)s. We process the data you give "
        "in this form to organise the event and to account for it to the programme that pays "
        "for it (art. 6(1)(a) and (c) GDPR), for as long as the programme's rules require. "
        "You may see, correct or ask us to erase your data, withdraw your consent at any time "
        "and complain to the President of the Personal Data Protection Office (UODO)."
    ) % {"controller": event.region.coordinator_name}
