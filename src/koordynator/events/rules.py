"""Who may do what with events.

Staff of a region (the regional centre's coordinators and the support centres' staff)
manage its events and their registrations; national administrators manage every region's.
The public sees published events and registers without an account: a person's own
registration is reached by the secret link of their e-mail (tokens.py), not by a rule.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.selectors import staff_region_ids

from .models import Event, Registration


def _manages_region_id(user: Any, region_id: int | None) -> bool:
    region_ids = staff_region_ids(user)
    return region_ids is None or (region_id is not None and region_id in region_ids)


@rules.predicate
def is_published_event(user: Any, event: Event | None) -> bool:
    return event is not None and event.is_published


@rules.predicate
def manages_event(user: Any, event: Event | None) -> bool:
    return event is not None and _manages_region_id(user, event.region_id)


@rules.predicate
def manages_event_of(user: Any, registration: Registration | None) -> bool:
    return registration is not None and _manages_region_id(user, registration.event.region_id)


@rules.predicate
def manages_region(user: Any, region: Any) -> bool:
    """The object is the Region a new event is to belong to."""
    return region is not None and _manages_region_id(user, region.pk)


@rules.predicate
def manages_some_region(user: Any) -> bool:
    region_ids = staff_region_ids(user)
    return region_ids is None or bool(region_ids)


rules.add_perm("events.view_event", is_published_event | manages_event)
rules.add_perm("events.register", is_published_event)
rules.add_perm("events.list_events", manages_some_region)
rules.add_perm("events.add_event_in_region", manages_region)
rules.add_perm("events.change_event", manages_event)
rules.add_perm("events.view_registrations", manages_event)
rules.add_perm("events.decide_registration", manages_event_of)
rules.add_perm("events.cancel_registration", manages_event_of)
rules.add_perm("events.mark_attendance", manages_event)
rules.add_perm("events.view_report", manages_event)
rules.add_perm("events.issue_certificates", manages_event)
rules.add_perm("events.manage_photos", manages_event)
