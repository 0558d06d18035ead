"""Two votes at once in the same committee and year take two numbers, never one twice.
PostgreSQL only: SQLite has one writer at a time."""

import threading

import pytest
from django.db import connections

from koordynator.accounts.enums import Role
from koordynator.committee import services
from tests.factories import region_for, user_with_role
from tests.factories.committee import CommitteeFactory, MemberFactory
from tests.markers import postgresql_only

from .builders import all_present, convened


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_votes_at_once_take_two_numbers(committed_territory):
    region = region_for("06", slug="lubelskie")
    committee = CommitteeFactory(region=region)
    members = [MemberFactory(committee=committee) for _ in range(3)]
    coordinator = user_with_role(Role.REGIONAL_COORDINATOR, region=region)
    sitting = convened(committee, coordinator)
    all_present(sitting, coordinator, members)
    drafts = [
        services.resolution_create(
            sitting=sitting, kind="resolution", title=f"w sprawie nr {n}", actor=coordinator
        )
        for n in range(2)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    references: list[str] = []

    def vote(resolution) -> None:
        try:
            barrier.wait()
            voted = services.resolution_vote(resolution=resolution, votes_for=3, actor=coordinator)
            references.append(voted.reference)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == ["1/2026", "2/2026"]
