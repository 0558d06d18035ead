"""Who may do what with events: role × action."""

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import Role
from tests.factories import user_with_role
from tests.factories.events import EventFactory, RegistrationFactory

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
