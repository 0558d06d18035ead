"""Factories for local governments, surveys, answers, expert support and local plans."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from koordynator.municipalities.enums import EntryMethod, PlanStatus, SurveyStatus
from koordynator.municipalities.models import (
    ExpertSupport,
    LocalGovernment,
    LocalPlan,
    Survey,
    SurveyAnswer,
)
from koordynator.municipalities.services import local_governments_sync
from tests.factories import region_for


def lubelskie():
    return region_for("06", slug="lubelskie")


def local_governments_of(region=None):
    """Every local government of the region (lubelskie), made from the territory."""
    region = region or lubelskie()
    local_governments_sync(region=region, actor=None)
    return list(LocalGovernment.objects.filter(region=region).select_related("unit", "powiat"))


def local_government(code: str = "0607052"):
    """One local government of lubelskie by TERYT code (default: rural gmina Kraśnik)."""
    local_governments_sync(region=region_for(code[:2]), actor=None)
    return LocalGovernment.objects.select_related("unit", "powiat").get(unit__code=code)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey
        django_get_or_create = ["region", "year"]

    region = factory.LazyFunction(lubelskie)
    year = 2017
    opens_on = date(2018, 1, 15)
    # Open: a survey past its closing date takes no answers.
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    status = SurveyStatus.OPEN


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    """An answer with no contracts and no tasks, written straight to the table."""

    class Meta:
        model = SurveyAnswer

    survey = factory.SubFactory(SurveyFactory)
    local_government = factory.LazyFunction(local_government)
    entry_method = EntryMethod.PAPER

    class Params:
        with_clauses = factory.Trait(
            clause_contracts_count=2,
            clause_contracts_value=150000,
            reserved_count=1,
            reserved_value=50000,
            employment_count=1,
            employment_value=100000,
        )


class ExpertSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertSupport

    local_government = factory.LazyFunction(local_government)
    region = factory.LazyAttribute(lambda o: o.local_government.region)
    topic = "Klauzule społeczne w zamówieniach publicznych"
    expert_name = "Ekspert Testowy"
    starts_on = date(2024, 3, 1)
    ends_on = date(2024, 4, 30)
    hours = 24


class LocalPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPlan
        skip_postgeneration_save = True

    region = factory.LazyFunction(lubelskie)
    title = factory.Sequence(lambda n: f"Lokalny plan rozwoju ekonomii społecznej nr {n}")
    status = PlanStatus.DRAFTING

    class Params:
        adopted = factory.Trait(
            status=PlanStatus.ADOPTED,
            resolution_number="XII/100/2024",
            resolution_date=date(2024, 6, 1),
            period_from=2024,
            period_to=2030,
        )

    @factory.post_generation
    def area(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.area.set(extracted)
