"""Who may do what with events: role × action."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import Role
from koordynator.events import rules as events_rules
from tests.factories import user_with_role
from tests.factories.events import EventFactory, RegistrationFactory
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db

ROLES = {
    "national_admin": (Role.NATIONAL_ADMIN, "06"),
    "coordinator": (Role.REGIONAL_COORDINATOR, "06"),
    "support_centre": (Role.SUPPORT_CENTRE_STAFF, "06"),
    "other_coordinator": (Role.REGIONAL_COORDINATOR, "12"),
    "representative": (Role.ENTITY_REPRESENTATIVE, "06"),
}
MANAGERS = {"national_admin", "coordinator", "support_centre"}


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_matrix(who, region, other_region):
    if who == "anonymous":
        user = AnonymousUser()
    else:
        role, code = ROLES[who]
        user = user_with_role(role, region=region if code == "06" else other_region)
    published, draft = EventFactory(), EventFactory(is_published=False)
    registration = RegistrationFactory(event=published)
    manages = who in MANAGERS
    assert user.has_perm("events.view_event", published)
    assert user.has_perm("events.view_event", draft) is manages
    assert user.has_perm("events.register", published)
    assert user.has_perm("events.register", draft) is False
    assert user.has_perm("events.change_event", published) is manages
    assert user.has_perm("events.add_event_in_region", region) is manages
    assert user.has_perm("events.decide_registration", registration) is manages
    assert user.has_perm("events.cancel_registration", registration) is manages
    assert user.has_perm("events.list_events") is (manages or who == "other_coordinator")


E = events_rules


def records(region, people):
    """A published event, an unpublished one and a registration for it."""
    draft = EventFactory(region=region, is_published=False)
    return {
        "published": EventFactory(region=region),
        "draft": draft,
        "registration": RegistrationFactory(event=draft),
        "region": region,
    }


# fmt: off
MATRIX = Matrix(
    records=records,
    rows={
        #                       on              admin coord owes pes  jst  rkres rev  anon
        E.LIST_EVENTS:         (None,           YES,  YES,  YES, NO,  NO,  NO,   NO,  NO),
        E.ADD_EVENT_IN_REGION: ("region",       YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.REGISTER:            ("published",    YES,  YES,  YES, YES, YES, YES,  YES, YES),
        E.VIEW_EVENT:          ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.CHANGE_EVENT:        ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.VIEW_REGISTRATIONS:  ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.MARK_ATTENDANCE:     ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.VIEW_REPORT:         ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.ISSUE_CERTIFICATES:  ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.MANAGE_PHOTOS:       ("draft",        YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.DECIDE_REGISTRATION: ("registration", YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
        E.CANCEL_REGISTRATION: ("registration", YES,  OWN,  OWN, NO,  NO,  NO,   NO,  NO),
    },
)
# fmt: on
test_role_by_action_matrix = MATRIX.test()
