"""The demo's support centres: three accredited centres covering every powiat, and the
previous year's 186 jobs created, computed from the agreements."""

import pytest
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind
from koordynator.accounts.models import Organisation
from koordynator.demo.data import load_demo
from koordynator.support import selectors
from koordynator.support.enums import AccreditationStatus
from koordynator.support.models import FundedJob, GrantAgreement, SupportRecord
from koordynator.territory.models import Region

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_three_accredited_centres_covering_every_powiat(demo):
    region = Region.objects.get(slug="lubelskie")
    centres = Organisation.objects.filter(region=region, kind=OrganisationKind.SUPPORT_CENTRE)
    assert centres.count() == 3
    for centre in centres:
        assert selectors.current_accreditation(centre).status == AccreditationStatus.ACTIVE
        assert SupportRecord.objects.filter(centre=centre).exists()
    state = selectors.coverage(region, timezone.localdate())
    assert state.gaps == []
    assert state.overlaps == []
    assert len(state.served) == 24


def test_the_demo_answers_186_jobs_created_last_year(demo):
    region = Region.objects.get(slug="lubelskie")
    year = timezone.localdate().year - 1
    # Counted here without the selectors: the jobs of the agreements signed in the year.
    counted = sum(
        agreement.jobs.count() for agreement in GrantAgreement.objects.filter(signed_on__year=year)
    )
    assert counted == 186
    figures = selectors.summary(region_ids={region.pk}, year=year)
    assert figures.jobs_created == 186
    ended_early = FundedJob.objects.filter(agreement__signed_on__year=year, ended_early=True)
    assert figures.jobs_ended_early == ended_early.count() > 0
    by_centre = selectors.jobs_by_centre_and_powiat(region=region, year=year)
    assert sum(row.jobs_created for row in by_centre) == 186
    assert len({row.centre_id for row in by_centre}) == 3
    assert figures.entities_founded > 0


def test_loading_the_demo_again_adds_nothing(demo):
    load_demo()
    before = (GrantAgreement.objects.count(), SupportRecord.objects.count())
    load_demo()
    assert (GrantAgreement.objects.count(), SupportRecord.objects.count()) == before
