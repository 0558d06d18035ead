"""Factories for the regional committee: written straight to the tables (services are
tested on their own). A sitting comes with its event of kind "committee sitting"."""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from koordynator.committee.enums import AttendanceStatus, MemberRole, Sector, SittingStatus
from koordynator.committee.models import (
    AgendaItem,
    Attendance,
    Committee,
    Member,
    Minutes,
    Resolution,
    Sitting,
)
from koordynator.committee.selectors import resolution_terms
from koordynator.events.enums import EventKind
from tests.factories import region_for
from tests.factories.events import EventFactory


def lubelskie():
    return region_for("06", slug="lubelskie")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["region"]

    region = factory.LazyFunction(lubelskie)
    name = "Regionalny Komitet Rozwoju Ekonomii Społecznej Województwa Lubelskiego"
    founding_body = "Zarząd Województwa Lubelskiego"
    founding_resolution_number = "CXII/2145/2024"
    founding_resolution_date = date(2024, 11, 3)
    quorum_percent = 50


class MemberFactory(factory.django.DjangoModelFactory):
    """A member for the term 2024–2027, representing non-governmental organisations."""

    class Meta:
        model = Member

    committee = factory.SubFactory(CommitteeFactory)
    full_name = factory.Sequence(lambda n: f"Członek Testowy {n}")
    organisation = "Fundacja Testowa"
    sector = Sector.NGOS
    role = MemberRole.MEMBER
    email = factory.Sequence(lambda n: f"czlonek{n}@example.org")
    term_starts_on = date(2024, 11, 3)
    term_ends_on = date(2027, 11, 2)


class SittingFactory(factory.django.DjangoModelFactory):
    """A planned sitting in three weeks (or on `day`), with its event."""

    class Meta:
        model = Sitting

    class Params:
        day = None

    committee = factory.SubFactory(CommitteeFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = SittingStatus.PLANNED
    event = factory.LazyAttribute(
        lambda o: EventFactory(
            region=o.committee.region,
            kind=EventKind.COMMITTEE_SITTING,
            title=f"Posiedzenie nr {o.number}",
            has_registration=False,
            starts_at=at(o.day) if o.day else timezone.now() + timedelta(days=21),
        )
    )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    sitting = factory.SubFactory(SittingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt obrad {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    sitting = factory.SubFactory(SittingFactory)
    member = factory.SubFactory(MemberFactory)
    status = AttendanceStatus.PRESENT


class ResolutionFactory(factory.django.DjangoModelFactory):
    """A draft resolution of a sitting."""

    class Meta:
        model = Resolution

    sitting = factory.SubFactory(SittingFactory)
    committee = factory.LazyAttribute(lambda o: o.sitting.committee)
    kind = "resolution"
    year = factory.LazyAttribute(lambda o: o.sitting.day.year)
    title = factory.Sequence(lambda n: f"w sprawie przyjęcia planu pracy nr {n}")
    text = "Komitet przyjmuje plan pracy."
    search_text = factory.LazyAttribute(lambda o: resolution_terms(o.title))


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    sitting = factory.SubFactory(SittingFactory)
    text = "Protokół z posiedzenia.\n"
