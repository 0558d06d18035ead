"""The demo region's events: past ones with attendance (so reports have numbers), future
ones open for registration, the county workshops as one programme."""

import pytest
from django.utils import timezone

from koordynator.demo.data import load_demo
from koordynator.events import selectors
from koordynator.events.models import Event, Programme

pytestmark = pytest.mark.django_db


def test_demo_events_are_past_and_future_with_reports_and_can_load_twice(demo):
    load_demo()
    load_demo()
    # The committee's sittings are events too; its own tests look at them.
    events = selectors.with_counts(Event.objects.exclude(kind="committee_sitting"))
    assert events.count() == 8
    now = timezone.now()
    past = [e for e in events if e.ends_at < now]
    future = [e for e in events if e.starts_at > now]
    assert len(past) == 4
    assert len(future) == 4
    assert all(event.attended_count > 0 for event in past)
    assert all(event.attended_count == 0 for event in future)
    assert all(event.registration_is_open for event in future)
    assert {e.kind for e in events} >= {
        "networking_meeting",
        "workshop",
        "fair",
        "study_visit",
        "conference",
    }
    assert Event.objects.filter(venue_country="IT").count() == 1
    assert Programme.objects.get().events.count() == 3
    cis_meeting = events.get(title__startswith="Spotkanie sieciujące Centrów")
    report = selectors.event_report(cis_meeting)
    assert report.participants == cis_meeting.attended_count
    assert sum(count for _label, count in report.by_powiat) == report.participants
