"""The demo committee: every sector, officers, one member flagged for three unexcused
absences, sittings of two years with approved minutes and numbered resolutions."""

import pytest
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.committee import selectors
from koordynator.committee.enums import Sector
from koordynator.committee.models import Committee, Member, Minutes, Resolution, Sitting
from koordynator.demo.committee import load_demo_committee
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_demo_committee_and_its_two_years_of_work(region):
    user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    login = UserFactory(email="rkres@demo.example")
    load_demo_committee(region)
    committee = Committee.objects.get(region=region)
    year = timezone.localdate().year
    current = list(selectors.current_members(committee))
    assert len(current) == 17
    assert {m.sector for m in current} == set(Sector.values)
    assert sorted(m.get_role_display() for m in selectors.officers(current)) == [
        "przewodniczący",
        "sekretarz",
        "wiceprzewodniczący",
        "wiceprzewodniczący",
    ]
    assert [m.full_name for m in selectors.former_members(committee)] == ["Jan Kołodziej"]
    flagged = Member.objects.filter(pk__in=selectors.flagged_member_ids(committee))
    assert [m.full_name for m in flagged] == ["Zbigniew Wróbel"]
    assert login.has_perm("committee.read_materials", committee)
    years = {row.year: (row.held, row.planned) for row in selectors.sittings_per_year(committee)}
    assert (years[year - 1], years[year]) == ((2, 0), (1, 1))
    assert Minutes.objects.filter(status="approved").count() == 3
    assert Sitting.objects.filter(committee=committee, status="closed").count() == 3
    references = sorted(
        (r.year, r.kind, r.reference) for r in Resolution.objects.filter(status="adopted")
    )
    assert references == [
        (year - 1, "opinion", f"1/{year - 1}"),
        (year - 1, "resolution", f"1/{year - 1}"),
        (year - 1, "resolution", f"2/{year - 1}"),
        (year, "opinion", f"1/{year}"),
        (year, "resolution", f"1/{year}"),
    ]
    rejected = Resolution.objects.get(status="rejected")
    assert (rejected.number, rejected.rejection_reason) == (None, "not_enough_for")
    counts = (Member.objects.count(), Sitting.objects.count(), Resolution.objects.count())
    load_demo_committee(region)
    assert (Member.objects.count(), Sitting.objects.count(), Resolution.objects.count()) == counts
