"""Events as iCalendar (RFC 5545): one event attached to confirmations, and the feed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event

PRODUCT_ID = "-//koordynator//events//PL"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@koordynator"


def event_location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address]
    if event.venue_gmina is not None and not event.is_abroad:
        parts.append(event.venue_gmina.name)
    if event.is_abroad:
        parts.append(event.venue_country)
    return ", ".join(part for part in parts if part)


def _entry(event: Event, url: str) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", datetime.now(tz=UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    location = event_location(event)
    if location:
        entry.add("location", location)
    if event.description:
        entry.add("description", event.description)
    if url:
        entry.add("url", url)
    return entry


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def event_calendar(event: Event, *, url: str = "") -> bytes:
    """One VEVENT in a VCALENDAR, times in UTC; the library does the escaping and folding."""
    calendar = _calendar()
    calendar.add_component(_entry(event, url))
    return calendar.to_ical()


def events_calendar(events: Iterable[Event], *, url_for: Callable[[Event], str]) -> bytes:
    """The feed: every event given, with the same UID as its confirmation's file, so a
    calendar that has both keeps one entry."""
    calendar = _calendar()
    calendar.add("x-wr-calname", "koordynator")
    for event in events:
        calendar.add_component(_entry(event, url_for(event)))
    return calendar.to_ical()
