"""manage.py support_daily: expiry after valid_until, reminders 90 and 30 days before."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from koordynator.core.api import TransitionNotAllowed
from koordynator.core.models import AuditEntry
from koordynator.support.enums import AccreditationStatus
from tests.factories.support import agreement

pytestmark = pytest.mark.django_db


def _daily(day):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        out = io.StringIO()
        call_command("support_daily", stdout=out)
    return out.getvalue()


def test_the_day_after_valid_until_the_centre_is_expired_and_cannot_record_grants(centre):
    assert "expired: 0" in _daily(date(2026, 12, 31))
    assert "expired: 1" in _daily(date(2027, 1, 1))
    accreditation = centre.accreditations.get()
    assert accreditation.status == AccreditationStatus.EXPIRED
    assert AuditEntry.objects.filter(
        action="support.accreditation.expired", object_id=str(accreditation.pk)
    ).exists()
    with pytest.raises(TransitionNotAllowed):
        agreement(centre, signed_on=date(2026, 12, 30))


def test_reminders_go_to_the_coordinators_and_the_centres_staff_once(
    centre,
    other_centre,
    staff,
    coordinator,
    other_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert "reminders: 2" in _daily(date(2026, 10, 2))  # both centres end 31.12.2026
        assert "reminders: 0" in _daily(date(2026, 10, 2))
    assert len(mailoutbox) == 2
    message = next(m for m in mailoutbox if centre.name in m.body)
    assert set(message.bcc) == {staff.email, coordinator.email}
    assert "90" in message.subject
    assert "31.12.2026" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert "reminders: 2" in _daily(date(2026, 12, 1))
    assert len(mailoutbox) == 4
