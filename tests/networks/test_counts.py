"""The partnership indicators per year, counted exactly by the database."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koordynator.networks.selectors import (
    partnership_counts,
    partnership_counts_by_year,
    partnership_years,
)
from tests.factories import EntityFactory
from tests.factories.municipalities import local_government
from tests.factories.networks import PartnershipFactory, PartyFactory, partnership_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements(region, other_region):
    """Six agreements, one of them in another region:

    A 2023-03-01 → 2024-06-30: entity X + business (spans two years)
    B 2020-01-01 → 2022-12-31: entity + science (ends the day before 2023)
    C 2024-01-01 → indefinite, signed 2023-12-15: entity X + local government + science
    D 2024-05-01 → indefinite, signed 2024-04-01: two entities
    E 2025-01-01 → indefinite, signed 2024-11-20: entity + other organisation
    F in małopolskie, 2024: entity + business (never counted here)
    """
    x = EntityFactory(name="Spółdzielnia Socjalna „Iks”")
    a = PartnershipFactory(
        region=region,
        signed_on=date(2023, 3, 1),
        starts_on=date(2023, 3, 1),
        ends_on=date(2024, 6, 30),
    )
    PartyFactory(partnership=a, entity=x)
    PartyFactory(partnership=a, business=True)
    partnership_with(
        "science",
        region=region,
        signed_on=date(2019, 12, 1),
        starts_on=date(2020, 1, 1),
        ends_on=date(2022, 12, 31),
    )
    c = PartnershipFactory(region=region, signed_on=date(2023, 12, 15), starts_on=date(2024, 1, 1))
    PartyFactory(partnership=c, entity=x)
    PartyFactory(
        partnership=c, kind="local_government", entity=None, local_government=local_government()
    )
    PartyFactory(partnership=c, science=True)
    partnership_with(
        "entity", region=region, signed_on=date(2024, 4, 1), starts_on=date(2024, 5, 1)
    )
    partnership_with(
        "other", region=region, signed_on=date(2024, 11, 20), starts_on=date(2025, 1, 1)
    )
    partnership_with(
        "business",
        region=other_region,
        signed_on=date(2024, 1, 10),
        starts_on=date(2024, 2, 1),
    )


def as_tuple(counts):
    return (
        counts.active,
        counts.business,
        counts.science,
        counts.local_government,
        counts.other,
        counts.entities,
        counts.signed,
    )


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # active, business, science, local government, other, entities, signed
        (2019, (0, 0, 0, 0, 0, 0, 1)),
        (2022, (1, 0, 1, 0, 0, 1, 0)),
        (2023, (1, 1, 0, 0, 0, 1, 2)),
        (2024, (3, 1, 1, 1, 1, 3, 2)),
        (2025, (3, 0, 1, 1, 2, 4, 0)),
    ],
)
def test_counts_of_one_year(region, agreements, year, expected):
    assert as_tuple(partnership_counts(region, year)) == expected


def test_an_agreement_spanning_two_years_counts_in_both_and_not_after(region):
    agreement = partnership_with(
        "business", region=region, starts_on=date(2023, 12, 31), ends_on=date(2024, 1, 1)
    )
    assert [row.active for row in partnership_counts_by_year(region, [2022, 2023, 2024, 2025])] == [
        0,
        1,
        1,
        0,
    ]
    agreement.ends_on = date(2023, 12, 31)
    agreement.save()
    assert partnership_counts(region, 2024).active == 0


def test_every_year_in_two_queries(region, agreements):
    with CaptureQueriesContext(connection) as queries:
        rows = partnership_counts_by_year(region, list(range(2019, 2026)))
    assert len(queries) == 2
    assert [row.year for row in rows] == list(range(2019, 2026))
    assert as_tuple(rows[5]) == (3, 1, 1, 1, 1, 3, 2)


def test_years_run_from_the_first_agreement_to_this_year(region, agreements):
    assert partnership_years(region, today=date(2026, 5, 1)) == list(range(2019, 2027))


def test_no_agreements_no_years(region):
    assert partnership_years(region) == []
    assert partnership_counts_by_year(region, []) == []
