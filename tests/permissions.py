"""Role × action matrices: who may do what, in the user's own region and in another.

Each context's `tests/<context>/test_rules.py` declares its `MATRIX`: for every permission
its rules register, the record it is checked on and what each role may do with the own
region's record and with another region's. `tests/test_permission_matrix.py` fails for a
registered permission that no matrix covers.

    MATRIX = Matrix(
        records=records,  # (region, people or None) -> {name: record}
        rows={
            #                          on        admin coord owes pes  jst  rkres rev  anon
            registry_rules.VIEW_ENTITY: ("entity", YES, OWN, OWN, OWN, NO,  NO,   NO,  NO),
        },
    )
    test_matrix = MATRIX.test()

A row checked on no record (`None`) says YES or NO; a row checked on a record says YES
(the own region's record and another region's), OWN (the own region's only) or NO.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.territory.models import Region, TerritorialUnit
from tests.factories import OrganisationFactory, region_for, user_with_role

YES = "yes"
OWN = "own"
NO = "no"

ANONYMOUS = "anonymous"
# The columns of a row, in this order.
ROLES: tuple[str, ...] = (
    Role.NATIONAL_ADMIN,
    Role.REGIONAL_COORDINATOR,
    Role.SUPPORT_CENTRE_STAFF,
    Role.ENTITY_REPRESENTATIVE,
    Role.LOCAL_GOVERNMENT_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.REVIEWER,
    ANONYMOUS,
)
# The officer works for gmina Kraśnik (rural), in the own region.
OFFICER_UNIT = "0607052"


@dataclass
class People:
    """One user of each role in the own region, and the organisations that tie the
    representative and the officer to records."""

    region: Region
    users: dict[str, Any]
    entity_organisation: Any
    local_government_organisation: Any

    @property
    def representative(self) -> Any:
        return self.users[Role.ENTITY_REPRESENTATIVE]

    @property
    def officer(self) -> Any:
        return self.users[Role.LOCAL_GOVERNMENT_OFFICER]

    @property
    def coordinator(self) -> Any:
        return self.users[Role.REGIONAL_COORDINATOR]

    @property
    def reviewer(self) -> Any:
        return self.users[Role.REVIEWER]


def people_of(region: Region) -> People:
    entity_organisation = OrganisationFactory(kind=OrganisationKind.ENTITY, region=region)
    local_government_organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT,
        region=region,
        territorial_unit=TerritorialUnit.objects.get(code=OFFICER_UNIT),
    )
    organisations = {
        Role.ENTITY_REPRESENTATIVE: entity_organisation,
        Role.LOCAL_GOVERNMENT_OFFICER: local_government_organisation,
    }
    users: dict[str, Any] = {
        role: user_with_role(role, region=region, organisation=organisations.get(role))
        for role in ROLES
        if role != ANONYMOUS
    }
    users[ANONYMOUS] = AnonymousUser()
    return People(region, users, entity_organisation, local_government_organisation)


Row = tuple[Any, ...]  # (record name or None, then one cell per role in ROLES)
Records = Callable[[Region, People | None], dict[str, Any]]


@dataclass(frozen=True)
class Matrix:
    """`records(region, people)` makes the records the rows name, in `region`; `people`
    are the own region's users (to tie records to them: a represented entity, a seat on
    a board), None for another region's records, tied to no one."""

    records: Records
    rows: dict[str, Row]

    def __post_init__(self) -> None:
        for perm, row in self.rows.items():
            assert len(row) == len(ROLES) + 1, f"{perm}: a record and {len(ROLES)} cells"
            cells = row[1:]
            allowed = {YES, NO} if row[0] is None else {YES, OWN, NO}
            assert set(cells) <= allowed, f"{perm}: cells among {sorted(allowed)}"
            assert cells[0] != OWN, f"{perm}: national administrators have no own region"

    def expected(self, perm: str, role: str) -> str:
        row = self.rows[perm]
        return str(row[1 + ROLES.index(role)])

    def check(self, role: str) -> None:
        region, other_region = region_for("06"), region_for("12", slug="malopolskie")
        people = people_of(region)
        user = people.users[role]
        own, elsewhere = self.records(region, people), self.records(other_region, None)
        failures = []
        for perm, row in self.rows.items():
            expected = self.expected(perm, role)
            target = row[0]
            if target is None:
                found = [user.has_perm(perm)]
                wanted = [expected == YES]
            else:
                found = [user.has_perm(perm, own[target]), user.has_perm(perm, elsewhere[target])]
                wanted = [expected in (YES, OWN), expected == YES]
            if found != wanted:
                failures.append(f"{perm} on {target}: expected {expected}, got {found}")
        assert not failures, f"{role}:\n" + "\n".join(failures)

    def test(self) -> Callable[[str], None]:
        """The matrix as a test, one case per role."""

        @pytest.mark.django_db
        @pytest.mark.parametrize("role", ROLES)
        def test_role_by_action_in_own_and_other_region(role: str) -> None:
            self.check(role)

        return test_role_by_action_in_own_and_other_region
