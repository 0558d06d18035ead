"""The event as an iCalendar file (RFC 5545), attached to confirmations."""

from __future__ import annotations

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


def event_calendar(event: Event, *, url: str = "") -> bytes:
    """One VEVENT in a VCALENDAR, times in UTC; the library does the escaping and folding."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
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
    calendar.add_component(entry)
    return calendar.to_ical()
