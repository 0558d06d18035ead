"""Two people taking the last place at once: the event's row lock lets one through."""

import threading

import pytest
from django.db import connection, connections

from koordynator.events import services
from koordynator.events.models import Registration
from koordynator.events.services import Application, Attendee
from koordynator.territory.models import TerritorialUnit
from koordynator.territory.services import units_import
from koordynator.territory.terc import builtin_units
from tests.factories.events import EventFactory


@pytest.fixture
def committed_territory(transactional_db):
    """Transactional tests empty the database when they end; load the territory again."""
    if not TerritorialUnit.objects.filter(code="0607011").exists():
        units_import(records=builtin_units())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_are_not_both_confirmed(committed_territory):
    event = EventFactory(capacity=1)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.registration_create(
                event=event,
                application=Application(
                    person=Attendee(first_name="Jan", last_name="Nowak", email=f"j{n}@ex.org"),
                    organisation_name="Fundacja",
                    consent_personal_data=True,
                ),
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]
