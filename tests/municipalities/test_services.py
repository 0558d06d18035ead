"""Writes: local governments from the territory, surveys, answers, expert support, plans."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.core.api import DomainValidationError
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed
from koordynator.municipalities import services
from koordynator.municipalities.enums import EntryMethod, PlanStatus, SurveyStatus
from koordynator.municipalities.models import LocalGovernment, LocalPlan, SurveyAnswer
from koordynator.territory.models import TerritorialUnit
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.content import pdf_bytes
from tests.factories.municipalities import (
    LocalPlanFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    local_government,
)

pytestmark = pytest.mark.django_db

CLAUSES = {
    "clause_contracts_count": 3,
    "clause_contracts_value": Decimal("250000.00"),
    "reserved_count": 2,
    "reserved_value": Decimal("100000.00"),
    "employment_count": 1,
    "employment_value": Decimal("150000.00"),
    "entity_contracts_count": 2,
    "entity_contracts_value": Decimal("100000.00"),
    "small_grant_tasks_count": 4,
    "small_grant_tasks_value": Decimal("36000.00"),
}


def test_sync_is_idempotent_and_audited(region, coordinator):
    first = services.local_governments_sync(region=region, actor=coordinator)
    second = services.local_governments_sync(region=region, actor=coordinator)
    assert (first.created, second.created, second.updated) == (234, 0, 0)
    assert LocalGovernment.objects.filter(region=region).count() == 234
    assert AuditEntry.objects.filter(action="municipalities.local_governments.synced").count() == 1
    lublin = LocalGovernment.objects.get(unit__code="0663011")
    assert (lublin.kind, lublin.powiat.code) == ("city_with_powiat_rights", "0663")
    assert not LocalGovernment.objects.filter(unit__code="0663").exists()


def test_sync_follows_a_unit_leaving_the_register(region, coordinator):
    services.local_governments_sync(region=region, actor=coordinator)
    TerritorialUnit.objects.filter(code="0607062").update(is_active=False)
    result = services.local_governments_sync(region=region, actor=coordinator)
    assert (result.created, result.updated, result.deactivated) == (0, 0, 1)
    assert not LocalGovernment.objects.get(unit__code="0607062").is_active


def test_survey_opens_once_per_year_and_closes_by_the_table(region, coordinator):
    survey = services.survey_open(
        region=region,
        year=2024,
        opens_on=date(2025, 1, 1),
        closes_on=date(2025, 2, 1),
        actor=coordinator,
    )
    with pytest.raises(DomainValidationError) as error:
        services.survey_open(
            region=region,
            year=2024,
            opens_on=date(2025, 1, 1),
            closes_on=date(2025, 2, 1),
            actor=coordinator,
        )
    assert "year" in error.value.errors
    survey = services.survey_close(survey=survey, actor=coordinator)
    assert survey.status == SurveyStatus.CLOSED
    with pytest.raises(TransitionNotAllowed):
        services.survey_close(survey=survey, actor=coordinator)
    # Past its closing date (1 Feb 2025) a survey opens again only with a new one.
    reopened = services.survey_reopen(
        survey=survey, actor=coordinator, closes_on=timezone.localdate() + timedelta(days=7)
    )
    assert reopened.status == SurveyStatus.OPEN
    actions = list(
        AuditEntry.objects.filter(object_type="municipalities.survey")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "municipalities.survey.opened",
        "municipalities.survey.closed",
        "municipalities.survey.reopened",
    ]


def test_answer_is_saved_once_and_corrected(region, coordinator):
    survey = SurveyFactory(region=region)
    lg = local_government("0607052")
    answer = services.answer_save(
        survey=survey,
        local_government=lg,
        figures=CLAUSES,
        entry_method=EntryMethod.PAPER,
        actor=coordinator,
    )
    assert answer.uses_social_clauses
    services.answer_save(
        survey=survey,
        local_government=lg,
        figures={**CLAUSES, "small_grant_tasks_count": 5},
        entry_method=EntryMethod.PAPER,
        actor=coordinator,
    )
    assert SurveyAnswer.objects.get().small_grant_tasks_count == 5
    corrected = AuditEntry.objects.get(action="municipalities.answer.corrected")
    assert corrected.changes["small_grant_tasks_count"] == 5
    assert "reserved_count" not in corrected.changes


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"clause_contracts_count": 1, "reserved_count": 2}, "reserved_count"),
        ({"clause_contracts_count": 3, "reserved_count": 1}, "clause_contracts_count"),
        (
            {"clause_contracts_count": 1, "reserved_count": 1, "entity_contracts_count": 2},
            "entity_contracts_count",
        ),
        ({"small_grant_tasks_value": 100}, "small_grant_tasks_count"),
    ],
)
def test_figures_that_do_not_add_up_are_refused(region, coordinator, figures, field):
    with pytest.raises(DomainValidationError) as error:
        services.answer_save(
            survey=SurveyFactory(region=region),
            local_government=local_government(),
            figures=figures,
            entry_method=EntryMethod.PAPER,
            actor=coordinator,
        )
    assert field in error.value.errors
    assert not SurveyAnswer.objects.exists()


def test_online_answer_needs_an_open_survey(region):
    survey = SurveyFactory(region=region, status=SurveyStatus.CLOSED)
    with pytest.raises(DomainValidationError):
        services.answer_save(
            survey=survey,
            local_government=local_government(),
            figures={},
            entry_method=EntryMethod.ONLINE,
            actor=None,
        )


def test_reminders_go_to_the_contact_and_the_officers_after_commit(
    region, coordinator, immediate_tasks, django_capture_on_commit_callbacks
):
    survey = SurveyFactory(region=region)
    lg = local_government("0607052")
    lg.contact_email = "sekretariat@gmina.example"
    lg.save()
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    officer = user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation)
    answered = local_government("0607062")
    SurveyAnswerFactory(survey=survey, local_government=answered)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.reminders_send(
            survey=survey, local_governments=[lg, answered], actor=coordinator
        )
    assert count == 2
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted(["sekretariat@gmina.example", officer.email])
    assert "2017" in mail.outbox[0].subject


def test_plan_moves_through_its_states_and_adoption_needs_a_resolution(region, coordinator):
    gmina = TerritorialUnit.objects.get(code="0607052")
    plan = services.plan_create(
        region=region,
        data={"title": "Plan dla gminy Kraśnik"},
        area=[gmina],
        documents={
            "document": services.Upload(SimpleUploadedFile("plan.pdf", pdf_bytes()), "plan.pdf")
        },
        actor=coordinator,
    )
    assert plan.document_name == "plan.pdf"
    assert not plan.document.name.endswith("plan.pdf")
    plan = services.plan_transition(plan=plan, status=PlanStatus.CONSULTATION, actor=coordinator)
    with pytest.raises(DomainValidationError) as error:
        services.plan_transition(plan=plan, status=PlanStatus.ADOPTED, actor=coordinator)
    assert "resolution_number" in error.value.errors
    plan = services.plan_transition(
        plan=plan,
        status=PlanStatus.ADOPTED,
        resolution_number="XX/1/2024",
        resolution_date=date(2024, 5, 5),
        actor=coordinator,
    )
    with pytest.raises(TransitionNotAllowed):
        services.plan_transition(plan=plan, status=PlanStatus.DRAFTING, actor=coordinator)
    assert list(
        AuditEntry.objects.filter(object_type="municipalities.localplan")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "municipalities.plan.created",
        "municipalities.plan.consultation",
        "municipalities.plan.adopted",
    ]


def test_plan_documents_are_checked_by_content(region, coordinator):
    gmina = TerritorialUnit.objects.get(code="0607052")
    fake = SimpleUploadedFile("plan.pdf", b"MZ this is not a pdf")
    with pytest.raises(DomainValidationError) as error:
        services.plan_create(
            region=region,
            data={"title": "Plan"},
            area=[gmina],
            documents={"diagnosis": services.Upload(fake, "plan.pdf")},
            actor=coordinator,
        )
    assert "diagnosis" in error.value.errors
    assert not LocalPlan.objects.exists()


def test_plan_area_is_one_powiat_or_gminas_of_the_region(region, coordinator):
    powiat = TerritorialUnit.objects.get(code="0607")
    gmina = TerritorialUnit.objects.get(code="0607052")
    foreign = TerritorialUnit.objects.get(code="1201")
    for area in ([powiat, gmina], [foreign], []):
        with pytest.raises(DomainValidationError):
            services.plan_create(region=region, data={"title": "P"}, area=area, actor=coordinator)


def test_coverage_counts_gminas_of_adopted_plans_and_of_their_powiats(region, local_governments):
    from koordynator.municipalities.indicators import plan_coverage

    LocalPlanFactory(adopted=True, area=[TerritorialUnit.objects.get(code="0607")])
    LocalPlanFactory(adopted=True, area=[TerritorialUnit.objects.get(code="0601011")])
    LocalPlanFactory(area=[TerritorialUnit.objects.get(code="0602011")])  # a draft
    coverage = plan_coverage(region)
    assert (coverage.gminas, coverage.covered) == (213, 11)
    rows = {row.code: row for row in coverage.powiats}
    assert (rows["0607"].covered, rows["0607"].gminas) == (10, 10)
    assert rows["0601"].covered == 1
    assert coverage.plans_by_status["drafting"] == 1


def test_demo_data_shows_growth_and_runs_twice(demo):
    from koordynator.demo.data import load_demo
    from koordynator.municipalities import indicators
    from koordynator.municipalities.models import ExpertSupport
    from koordynator.territory.models import Region

    load_demo()
    load_demo()
    region = Region.objects.get(slug="lubelskie")
    shares = [(row.year, row.share_using_clauses) for row in indicators.yearly(region)]
    assert shares == [
        (2022, Decimal("8.0")),
        (2023, Decimal("13.8")),
        (2024, Decimal("20.0")),
        (2025, Decimal("23.3")),
    ]
    assert ExpertSupport.objects.filter(region=region).count() == 27
    statuses = indicators.plan_coverage(region).plans_by_status
    assert statuses == {"drafting": 1, "consultation": 1, "adopted": 2, "expired": 1}


def test_a_survey_closes_by_itself_after_its_closing_day_and_staff_may_reopen_it(
    region, coordinator
):
    today = timezone.localdate()
    survey = SurveyFactory(region=region, closes_on=today)
    lg = local_government("0607052")
    assert survey.is_open  # the whole closing day
    survey.closes_on = today - timedelta(days=1)
    survey.save()
    assert (survey.is_open, survey.current_status) == (False, SurveyStatus.CLOSED)
    with pytest.raises(DomainValidationError) as late:
        services.answer_save(
            survey=survey,
            local_government=lg,
            figures={},
            entry_method=EntryMethod.ONLINE,
            actor=coordinator,
        )
    assert "__all__" in late.value.errors
    assert not SurveyAnswer.objects.exists()
    with pytest.raises(DomainValidationError) as no_date:
        services.survey_reopen(survey=survey, actor=coordinator)
    assert "closes_on" in no_date.value.errors
    reopened = services.survey_reopen(
        survey=survey, actor=coordinator, closes_on=today + timedelta(days=14)
    )
    assert (reopened.is_open, reopened.closes_on) == (True, today + timedelta(days=14))
