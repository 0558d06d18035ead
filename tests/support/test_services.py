"""Accreditation, subregions, support records and investment grants: what is refused is
refused with a message naming the rule, and writes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from koordynator.core.api import DomainValidationError, TransitionNotAllowed
from koordynator.core.models import AuditEntry
from koordynator.support import services
from koordynator.support.enums import AccreditationStatus
from koordynator.support.models import (
    Accreditation,
    AccreditationReminder,
    FundedJob,
    GrantAgreement,
    SupportRecord,
)
from koordynator.territory.models import TerritorialUnit
from tests.factories.support import SIGNED, agreement, entity_in, job, support_centre

pytestmark = pytest.mark.django_db


def _nothing_written(count_before):
    assert GrantAgreement.objects.count() == count_before[0]
    assert FundedJob.objects.count() == count_before[1]
    assert AuditEntry.objects.filter(action="support.agreement.created").count() == count_before[2]


def _counts():
    return (
        GrantAgreement.objects.count(),
        FundedJob.objects.count(),
        AuditEntry.objects.filter(action="support.agreement.created").count(),
    )


def test_an_agreement_within_the_default_limits_is_written_and_audited(centre):
    signed = agreement(centre, jobs=6, amount_per_job=Decimal("20000.00"), bridging_months=12)
    assert signed.jobs.count() == 6
    assert AuditEntry.objects.filter(action="support.agreement.created").count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"jobs": 7}, "jobs", "6 miejsc pracy na umowę"),
        ({"amount_per_job": Decimal("20000.01")}, "amount_per_job", "20\u00a0000,00\u00a0zł"),
        ({"bridging_months": 13}, "bridging_months", "12 miesięcy"),
    ],
)
def test_an_agreement_over_a_limit_is_refused_naming_it_and_writes_nothing(
    centre, extra, field, words
):
    before = _counts()
    with pytest.raises(DomainValidationError) as refused:
        agreement(centre, **extra)
    assert words in refused.value.errors[field]
    _nothing_written(before)


def test_the_region_sets_its_own_limits_for_a_year(centre, region):
    services.grant_limit_set(
        region=region,
        year=SIGNED.year,
        max_jobs=2,
        max_amount_per_job=Decimal("30000"),
        max_bridging_months=6,
        actor=None,
    )
    with pytest.raises(DomainValidationError) as refused:
        agreement(centre, jobs=3)
    assert "2 miejsc pracy" in refused.value.errors["jobs"]
    assert agreement(centre, jobs=2, amount_per_job=Decimal("30000"), bridging_months=6)
    # Another year keeps the defaults.
    assert agreement(centre, jobs=6, signed_on=date(2026, 2, 1))


def test_accreditation_over_two_years_is_refused(centre):
    before = Accreditation.objects.count()
    with pytest.raises(DomainValidationError) as refused:
        services.accreditation_grant(
            centre=centre,
            decision_number="DES-9/2025",
            granted_on=date(2025, 6, 1),
            valid_until=date(2027, 6, 1),
            actor=None,
        )
    assert "najwyżej na 2 lata" in refused.value.errors["valid_until"]
    assert "31.05.2027" in refused.value.errors["valid_until"]
    assert Accreditation.objects.count() == before
    exactly_two = services.accreditation_grant(
        centre=centre,
        decision_number="DES-10/2025",
        granted_on=date(2025, 6, 1),
        valid_until=date(2027, 5, 31),
        actor=None,
    )
    assert exactly_two.status == AccreditationStatus.ACTIVE


def test_a_suspended_or_expired_centre_cannot_record_grants(centre):
    accreditation = centre.accreditations.get()
    services.accreditation_move(accreditation=accreditation, transition="suspend", actor=None)
    before = _counts()
    with pytest.raises(TransitionNotAllowed) as refused:
        agreement(centre)
    assert "zawieszona" in refused.value.errors["centre"]
    _nothing_written(before)
    services.accreditation_move(accreditation=accreditation, transition="resume", actor=None)
    assert agreement(centre)
    with pytest.raises(TransitionNotAllowed) as refused:
        agreement(centre, signed_on=date(2027, 1, 4))
    assert "ważnej w dniu 04.01.2027" in refused.value.errors["centre"]


def test_the_daily_expiry_expires_past_accreditations_once_and_audits(centre):
    assert services.accreditations_expire(today=date(2026, 12, 31)) == 0
    assert services.accreditations_expire(today=date(2027, 1, 1)) == 1
    assert services.accreditations_expire(today=date(2027, 1, 2)) == 0
    assert centre.accreditations.get().status == AccreditationStatus.EXPIRED
    assert AuditEntry.objects.filter(action="support.accreditation.expired").count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.accreditation_move(
            accreditation=centre.accreditations.get(), transition="resume", actor=None
        )


def test_reminders_90_and_30_days_before_are_sent_once(centre, coordinator, staff, mailoutbox):
    centre.email = "owes@example.org"
    centre.save()
    assert services.accreditations_remind(today=date(2026, 10, 2)) == 1
    assert services.accreditations_remind(today=date(2026, 10, 2)) == 0
    assert services.accreditations_remind(today=date(2026, 12, 1)) == 1
    assert AccreditationReminder.objects.count() == 2


def test_a_powiat_has_one_centre_at_a_time(centre, other_centre):
    krasnicki = TerritorialUnit.objects.get(code="0607")
    services.subregion_assign(
        centre=centre, powiat=krasnicki, valid_from=date(2025, 1, 1), actor=None
    )
    with pytest.raises(DomainValidationError) as refused:
        services.subregion_assign(
            centre=other_centre, powiat=krasnicki, valid_from=date(2026, 1, 1), actor=None
        )
    assert "obsługuje wtedy już" in refused.value.errors["powiat"]
    area = centre.subregion.get()
    services.subregion_end(area=area, valid_to=date(2025, 12, 31), actor=None)
    assert services.subregion_assign(
        centre=other_centre, powiat=krasnicki, valid_from=date(2026, 1, 1), actor=None
    )


def test_a_powiat_of_another_voivodeship_is_refused(centre):
    with pytest.raises(DomainValidationError):
        services.subregion_assign(
            centre=centre,
            powiat=TerritorialUnit.objects.get(code="1261"),
            valid_from=date(2025, 1, 1),
            actor=None,
        )


def test_one_training_record_covers_many_entities(centre):
    entities = [entity_in(), entity_in("0663011"), entity_in()]
    record = services.support_record_create(
        centre=centre,
        kind="training",
        given_on=date(2025, 4, 2),
        hours=Decimal("6"),
        people=14,
        topic="Zamówienia publiczne z klauzulami społecznymi",
        entities=entities,
        actor=None,
    )
    assert set(record.entities.all()) == set(entities)
    assert AuditEntry.objects.filter(action="support.record.created").count() == 1


def test_support_to_nobody_is_refused(centre):
    with pytest.raises(DomainValidationError) as refused:
        services.support_record_create(
            centre=centre,
            kind="advice",
            given_on=date(2025, 4, 2),
            hours=Decimal("0"),
            people=1,
            topic="x",
            actor=None,
        )
    assert set(refused.value.errors) == {"hours", "entities"}
    assert not SupportRecord.objects.exists()


def test_a_founding_group_is_linked_to_its_entity_once_registered(centre):
    group = services.founding_group_create(
        centre=centre,
        name="Grupa inicjatywna spółdzielni „Razem”",
        people_count=5,
        powiat=TerritorialUnit.objects.get(code="0607"),
        actor=None,
    )
    entity = entity_in(kind="social_cooperative")
    services.founding_group_register(
        group=group, entity=entity, registered_on=date(2025, 9, 1), actor=None
    )
    with pytest.raises(TransitionNotAllowed):
        services.founding_group_register(
            group=group, entity=entity, registered_on=date(2025, 9, 1), actor=None
        )


def test_a_job_ended_before_its_durability_is_flagged(centre):
    signed = agreement(centre, jobs=2)
    early, late = signed.jobs.order_by("pk")
    services.job_end(job=early, ended_on=date(2025, 12, 31), actor=None)
    services.job_end(job=late, ended_on=date(2026, 3, 10), actor=None)
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.ended_early
    assert not late.ended_early
    with pytest.raises(TransitionNotAllowed):
        services.job_end(job=early, ended_on=date(2026, 1, 1), actor=None)


def test_a_job_fraction_above_full_time_is_refused(centre):
    with pytest.raises(DomainValidationError) as refused:
        services.grant_agreement_create(
            centre=centre,
            entity=entity_in(),
            number="UM/1",
            signed_on=SIGNED,
            amount_per_job=Decimal("1000"),
            jobs=[job(fte="1.5")],
            actor=None,
        )
    assert "jobs.1.fte" in refused.value.errors


def test_an_unaccredited_centre_cannot_record_grants(region):
    centre = support_centre(region, accredited=False)
    with pytest.raises(TransitionNotAllowed):
        agreement(centre)
