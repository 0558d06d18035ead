"""Who may do what with support centres and their records.

National administrators: everything. Regional coordinators (ROPS): every centre of their
region, its accreditations, subregion, records and the limits of grants. Support centre
staff: read and write their own centre's records only (the organisation of their
support_centre_staff membership); another centre's records are not theirs to see.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.models import Organisation
from koordynator.accounts.rules import (
    coordinates_region_of,
    has_staff_role_here,
    is_national_administrator,
    region_id_of,
)
from koordynator.accounts.selectors import region_ids_with_role, support_centre_organisation_ids

from .models import FundedJob

# No object: the staff pages and the network's figures.
USE_SUPPORT = "support.use_support"
VIEW_SUMMARY = "support.view_summary"
# The object is the Region (a centre is created in it, its year's limits set).
ADD_CENTRE = "support.add_centre"
SET_GRANT_LIMITS = "support.set_grant_limits"
# The object is the centre (an Organisation of kind support_centre).
VIEW_CENTRE = "support.view_centre"
CHANGE_CENTRE = "support.change_centre"
MANAGE_ACCREDITATION = "support.manage_accreditation"
MANAGE_SUBREGION = "support.manage_subregion"
RECORD_SUPPORT = "support.record_support"
RECORD_GRANT = "support.record_grant"
# The object is a record of a centre: support record, founding group, agreement or job.
VIEW_RECORD = "support.view_record"
CHANGE_RECORD = "support.change_record"


def centre_id_of(obj: Any) -> int | None:
    """The support centre a centre or one of its records belongs to."""
    if isinstance(obj, Organisation):
        return int(obj.pk) if obj.kind == OrganisationKind.SUPPORT_CENTRE else None
    if isinstance(obj, FundedJob):
        return int(obj.agreement.centre_id)
    centre_id = getattr(obj, "centre_id", None)
    return int(centre_id) if centre_id is not None else None


@rules.predicate
def works_for_centre(user: Any, obj: Any) -> bool:
    """Support centre staff of the centre `obj` is (or belongs to), in its region."""
    centre_id = centre_id_of(obj)
    return (
        centre_id is not None
        and centre_id in support_centre_organisation_ids(user)
        and region_id_of(obj) in region_ids_with_role(user, {Role.SUPPORT_CENTRE_STAFF})
    )


@rules.predicate
def is_centre(user: Any, obj: Any) -> bool:
    return isinstance(obj, Organisation) and obj.kind == OrganisationKind.SUPPORT_CENTRE


is_admin = is_national_administrator

rules.add_perm(USE_SUPPORT, is_admin | has_staff_role_here)
rules.add_perm(VIEW_SUMMARY, is_admin | has_staff_role_here)
rules.add_perm(ADD_CENTRE, is_admin | coordinates_region_of)
rules.add_perm(SET_GRANT_LIMITS, is_admin | coordinates_region_of)
rules.add_perm(VIEW_CENTRE, is_centre & (is_admin | coordinates_region_of | works_for_centre))
rules.add_perm(CHANGE_CENTRE, is_centre & (is_admin | coordinates_region_of))
rules.add_perm(MANAGE_ACCREDITATION, is_centre & (is_admin | coordinates_region_of))
rules.add_perm(MANAGE_SUBREGION, is_centre & (is_admin | coordinates_region_of))
rules.add_perm(RECORD_SUPPORT, is_centre & (is_admin | coordinates_region_of | works_for_centre))
rules.add_perm(RECORD_GRANT, is_centre & (is_admin | coordinates_region_of | works_for_centre))
rules.add_perm(VIEW_RECORD, is_admin | coordinates_region_of | works_for_centre)
rules.add_perm(CHANGE_RECORD, is_admin | coordinates_region_of | works_for_centre)
