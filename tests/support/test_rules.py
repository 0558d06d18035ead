"""Who may do what with support centres: role × action, in the own region and another;
and the staff of one centre do not reach another centre's records in their region."""

import pytest

from koordynator.accounts.enums import Role
from koordynator.accounts.models import Membership
from koordynator.support import rules as support_rules
from tests.factories import EntityFactory, user_with_role
from tests.factories.support import agreement, centre_staff, support_centre, support_record
from tests.permissions import NO, OWN, YES, Matrix

pytestmark = pytest.mark.django_db


def records(region, people):
    centre = support_centre(region)
    if people is not None:
        # The own region's support centre staff work for this centre.
        Membership.objects.filter(
            user=people.users[Role.SUPPORT_CENTRE_STAFF], role=Role.SUPPORT_CENTRE_STAFF
        ).update(organisation=centre)
    entity = EntityFactory(region=region)
    signed = agreement(centre, entity)
    return {
        "region": region,
        "centre": centre,
        "record": support_record(centre, [entity]),
        "agreement": signed,
        "job": signed.jobs.get(),
    }


MATRIX = Matrix(
    records=records,
    rows={
        #                                       on           admin coord owes pes jst rkres rev anon
        support_rules.USE_SUPPORT: (None, YES, YES, YES, NO, NO, NO, NO, NO),
        support_rules.VIEW_SUMMARY: (None, YES, YES, YES, NO, NO, NO, NO, NO),
        support_rules.ADD_CENTRE: ("region", YES, OWN, NO, NO, NO, NO, NO, NO),
        support_rules.SET_GRANT_LIMITS: ("region", YES, OWN, NO, NO, NO, NO, NO, NO),
        support_rules.VIEW_CENTRE: ("centre", YES, OWN, OWN, NO, NO, NO, NO, NO),
        support_rules.CHANGE_CENTRE: ("centre", YES, OWN, NO, NO, NO, NO, NO, NO),
        support_rules.MANAGE_ACCREDITATION: ("centre", YES, OWN, NO, NO, NO, NO, NO, NO),
        support_rules.MANAGE_SUBREGION: ("centre", YES, OWN, NO, NO, NO, NO, NO, NO),
        support_rules.RECORD_SUPPORT: ("centre", YES, OWN, OWN, NO, NO, NO, NO, NO),
        support_rules.RECORD_GRANT: ("centre", YES, OWN, OWN, NO, NO, NO, NO, NO),
        support_rules.VIEW_RECORD: ("record", YES, OWN, OWN, NO, NO, NO, NO, NO),
        support_rules.CHANGE_RECORD: ("job", YES, OWN, OWN, NO, NO, NO, NO, NO),
    },
)
test_matrix = MATRIX.test()


def test_staff_of_one_centre_do_not_reach_another_centres_records(region):
    mine, theirs = support_centre(region), support_centre(region)
    staff = centre_staff(mine)
    signed = agreement(theirs)
    record = support_record(theirs)
    for perm, obj in [
        (support_rules.VIEW_CENTRE, theirs),
        (support_rules.RECORD_GRANT, theirs),
        (support_rules.RECORD_SUPPORT, theirs),
        (support_rules.VIEW_RECORD, record),
        (support_rules.VIEW_RECORD, signed),
        (support_rules.CHANGE_RECORD, signed.jobs.get()),
    ]:
        assert not staff.has_perm(perm, obj), perm
    assert staff.has_perm(support_rules.RECORD_GRANT, mine)


def test_staff_without_a_centre_reach_no_centre(region):
    centre = support_centre(region)
    unattached = user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region)
    assert not unattached.has_perm(support_rules.VIEW_CENTRE, centre)
