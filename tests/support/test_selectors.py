"""The figures, pinned against counts made here independently of the selectors."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koordynator.support import selectors, services
from koordynator.support.enums import AccreditationStatus
from koordynator.territory.models import TerritorialUnit
from tests.factories.support import (
    agreement,
    centre_staff,
    entity_in,
    support_centre,
    support_record,
)

pytestmark = pytest.mark.django_db

KRASNIK = "0607011"  # gmina in powiat kraśnicki (0607)
LUBLIN = "0663011"  # city with powiat rights (0663)


@pytest.fixture
def figures(region):
    """Two centres, agreements in 2025 and one in 2024, a job ended early."""
    north, south = support_centre(region), support_centre(region)
    krasnik, lublin = entity_in(KRASNIK), entity_in(LUBLIN)
    first = agreement(north, krasnik, jobs=3, bridging_monthly=Decimal("2000"), bridging_months=6)
    agreement(north, lublin, jobs=2, amount_per_job=Decimal("15000.50"), bridging_months=0)
    agreement(south, lublin, jobs=4, bridging_monthly=Decimal("1000"), bridging_months=12)
    services.accreditation_grant(
        centre=south,
        decision_number="DES-old",
        granted_on=date(2024, 1, 1),
        valid_until=date(2024, 12, 31),
        actor=None,
    )
    agreement(south, krasnik, jobs=5, signed_on=date(2024, 5, 5))
    services.job_end(job=first.jobs.first(), ended_on=date(2025, 6, 30), actor=None)
    support_record(north, [krasnik, lublin], hours="6", kind="training")
    support_record(north, [krasnik], hours="2.5")
    support_record(south, [lublin], hours="3", given_on=date(2024, 11, 1))
    group = services.founding_group_create(
        centre=north,
        name="Grupa inicjatywna",
        people_count=5,
        powiat=TerritorialUnit.objects.get(code="0607"),
        actor=None,
    )
    services.founding_group_register(
        group=group, entity=entity_in(KRASNIK), registered_on=date(2025, 8, 1), actor=None
    )
    return north, south


def test_summary_of_a_year_counts_the_jobs_of_agreements_signed_in_it(figures, region):
    _north, _south = figures
    total = selectors.summary(region_ids={region.pk}, year=2025)
    # 3 + 2 + 4 jobs signed in 2025; the 5 of 2024 are not this year's.
    assert total.jobs_created == 9
    # The job ended early still counts as created, and once more apart.
    assert total.jobs_ended_early == 1
    assert total.grants_count == 3
    assert (
        total.grants_amount == Decimal("20000") * 3 + Decimal("15000.50") * 2 + Decimal("20000") * 4
    )
    assert total.bridging_amount == Decimal("2000") * 6 + Decimal("1000") * 12
    assert total.entities_supported == 2
    assert total.entities_founded == 1
    assert total.support_hours == Decimal("8.5")
    assert selectors.summary(region_ids={region.pk}, year=2024).jobs_created == 5


def test_summary_by_centre_and_powiat(figures, region):
    north, south = figures
    by_north = selectors.summary(region_ids={region.pk}, year=2025, centre=north.pk)
    assert (by_north.jobs_created, by_north.jobs_ended_early) == (5, 1)
    assert selectors.summary(region_ids={region.pk}, year=2025, centre=south.pk).jobs_created == 4
    krasnicki = selectors.summary(region_ids={region.pk}, year=2025, powiat="0607")
    assert (krasnicki.jobs_created, krasnicki.grants_count) == (3, 1)
    assert krasnicki.support_hours == Decimal("8.5")
    assert krasnicki.entities_supported == 1
    assert krasnicki.entities_founded == 1
    lublin = selectors.summary(region_ids={region.pk}, year=2025, powiat="0663")
    assert (lublin.jobs_created, lublin.grants_count, lublin.support_hours) == (
        6,
        2,
        Decimal("6"),
    )
    rows = {
        (r.centre_id, r.powiat): r.jobs_created
        for r in selectors.jobs_by_centre_and_powiat(region=region, year=2025)
    }
    assert rows == {(north.pk, "0607"): 3, (north.pk, "0663"): 2, (south.pk, "0663"): 4}


def test_summary_takes_the_same_number_of_queries_whatever_the_rows(figures, region):
    with CaptureQueriesContext(connection) as few:
        selectors.summary(region_ids={region.pk}, year=2025, powiat="0607")
    north, _south = figures
    for _ in range(3):
        agreement(north, entity_in(KRASNIK), jobs=2)
        support_record(north, [entity_in(KRASNIK)])
    with CaptureQueriesContext(connection) as more:
        selectors.summary(region_ids={region.pk}, year=2025, powiat="0607")
    assert len(few) == len(more) == 6  # five figures and the powiat's gminas


def test_the_summary_a_user_sees_is_their_centres(figures, region, coordinator):
    north, _south = figures
    assert selectors.summary_for(centre_staff(north), year=2025).jobs_created == 5
    assert selectors.summary_for(coordinator, year=2025).jobs_created == 9


def test_quarterly_report_by_kind_and_powiat(figures):
    north, _south = figures
    report = selectors.quarterly_report(
        centres=type(north).objects.filter(pk=north.pk), year=2025, quarter=1
    )
    rows = {(r.kind, r.powiat): (r.records, r.hours) for r in report[north.pk]}
    assert rows == {
        ("training", "0607"): (1, Decimal("6")),
        ("training", "0663"): (1, Decimal("6")),
        ("advice", "0607"): (1, Decimal("2.5")),
    }


def test_coverage_shows_gaps_and_overlaps(region):
    north = support_centre(region)
    for code in ["0607", "0663"]:
        services.subregion_assign(
            centre=north,
            powiat=TerritorialUnit.objects.get(code=code),
            valid_from=date(2025, 1, 1),
            actor=None,
        )
    state = selectors.coverage(region, date(2025, 6, 1))
    assert state.served["0607"] == [north.name]
    assert len(state.gaps) == 22
    assert state.overlaps == []
    assert "0607" not in {p.code for p in state.gaps}
    assert selectors.current_accreditation(north).status == AccreditationStatus.ACTIVE
