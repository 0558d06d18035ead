"""Factories for events and registrations."""

from datetime import timedelta

import factory
from django.utils import timezone

from koordynator.events.enums import EventKind, RegistrationStatus
from koordynator.events.models import Attendance, Event, Programme, Registration
from koordynator.events.tokens import new_secret
from tests.factories import region_for


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    region = factory.LazyFunction(lambda: region_for("06", slug="lubelskie"))
    name = factory.Sequence(lambda n: f"Sieciowanie CIS i KIS {n}")


class EventFactory(factory.django.DjangoModelFactory):
    """A published networking meeting of lubelskie in two weeks, open for registration,
    with no limit of places, unless told otherwise."""

    class Meta:
        model = Event

    region = factory.LazyFunction(lambda: region_for("06", slug="lubelskie"))
    kind = EventKind.NETWORKING_MEETING
    title = factory.Sequence(lambda n: f"Spotkanie sieciujące CIS i KIS nr {n}")
    description = "Wymiana doświadczeń; obiad na miejscu."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=5))
    venue_name = "Centrum Konferencyjne"
    venue_address = "ul. Lubelska 1"
    is_published = True
    has_registration = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration, written straight to the table (services are tested on
    their own)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = RegistrationStatus.CONFIRMED
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska-{n}")
    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    organisation_name = "Fundacja Testowa"
    organisation_key = "name:fundacja testowa"
    consent_personal_data = True
    secret = factory.LazyFunction(new_secret)


class PastEventFactory(EventFactory):
    """A published event of two days that ended a week ago."""

    starts_at = factory.LazyFunction(
        lambda: (
            timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=8)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1, hours=7))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    day = factory.LazyAttribute(lambda o: o.registration.event.days[0])
