"""Who may do what with events.

Staff of a region (the regional centre's coordinators and the support centres' staff)
manage its events and their registrations; national administrators manage every region's.
The public sees published events and registers without an account: a person's own
registration is reached by the secret link of their e-mail (tokens.py), not by a rule.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.rules import (
    has_staff_role_here,
    is_national_administrator,
    is_staff_of_region_of,
)

from .models import Event

# The object is the Event.
VIEW_EVENT = "events.view_event"
REGISTER = "events.register"
CHANGE_EVENT = "events.change_event"
VIEW_REGISTRATIONS = "events.view_registrations"
MARK_ATTENDANCE = "events.mark_attendance"
VIEW_REPORT = "events.view_report"
ISSUE_CERTIFICATES = "events.issue_certificates"
MANAGE_PHOTOS = "events.manage_photos"
LIST_EVENTS = "events.list_events"
# The object is the Region a new event is to belong to.
ADD_EVENT_IN_REGION = "events.add_event_in_region"
# The object is the Registration.
DECIDE_REGISTRATION = "events.decide_registration"
CANCEL_REGISTRATION = "events.cancel_registration"


@rules.predicate
def is_published_event(user: Any, event: Event | None) -> bool:
    return event is not None and event.is_published


# An event, a registration (its event's region) or a Region.
manages_region_of = is_national_administrator | is_staff_of_region_of

rules.add_perm(VIEW_EVENT, is_published_event | manages_region_of)
rules.add_perm(REGISTER, is_published_event)
rules.add_perm(LIST_EVENTS, is_national_administrator | has_staff_role_here)
rules.add_perm(ADD_EVENT_IN_REGION, manages_region_of)
rules.add_perm(CHANGE_EVENT, manages_region_of)
rules.add_perm(VIEW_REGISTRATIONS, manages_region_of)
rules.add_perm(DECIDE_REGISTRATION, manages_region_of)
rules.add_perm(CANCEL_REGISTRATION, manages_region_of)
rules.add_perm(MARK_ATTENDANCE, manages_region_of)
rules.add_perm(VIEW_REPORT, manages_region_of)
rules.add_perm(ISSUE_CERTIFICATES, manages_region_of)
rules.add_perm(MANAGE_PHOTOS, manages_region_of)
