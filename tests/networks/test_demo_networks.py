"""The demo region's networks and partnerships: built through the services, linked to the
events demo's meetings without adding events, visible to the demo's member logins."""

import pytest

from koordynator.accounts.models import User
from koordynator.demo.data import load_demo
from koordynator.events.models import Event
from koordynator.networks import selectors
from koordynator.networks.models import Network, NetworkDocument, Partnership

pytestmark = pytest.mark.django_db


def test_demo_networks_and_partnerships_load_once(demo):
    load_demo()
    events = Event.objects.count()
    load_demo()
    assert Event.objects.count() == events
    assert Network.objects.count() == 3
    group = Network.objects.get(kind="thematic_group")
    active = group.members.filter(left_on=None)
    assert active.count() == 28
    assert {member.entity.kind for member in active} == {"cis", "kis", "zaz", "wtz"}
    assert group.members.exclude(left_on=None).count() == 1
    meetings = selectors.meetings_split(group)
    assert len(meetings.past) == 1
    assert len(meetings.upcoming) == 1
    assert meetings.past[0].attended_count > 0
    assert NetworkDocument.objects.count() == 4
    assert all(document.file.read(5) == b"%PDF-" for document in NetworkDocument.objects.all())
    support_centres = Network.objects.get(kind="support_centre_network")
    assert support_centres.members.filter(kind="organisation").count() == 2
    partnerships = list(Partnership.objects.all())
    assert 5 <= len(partnerships) <= 8
    assert {p.status for p in partnerships} >= {"active", "ended"}
    years = selectors.partnership_years(group.region)
    assert len(years) >= 4
    for email in ("pes@demo.example", "jst@demo.example", "owes@demo.example"):
        assert selectors.member_network_ids(User.objects.get(email=email)), email
    owes = User.objects.get(email="owes@demo.example")
    assert owes.has_perm("networks.manage_network", group)
