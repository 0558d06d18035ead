import pytest

from koordynator.accounts.enums import Role
from tests.factories import region_for, user_with_role
from tests.factories.committee import CommitteeFactory, MemberFactory


@pytest.fixture
def region(db):
    return region_for("06", slug="lubelskie")


@pytest.fixture
def other_region(db):
    return region_for("12", slug="malopolskie")


@pytest.fixture
def committee(region):
    return CommitteeFactory(region=region)


@pytest.fixture
def members(committee):
    """Four members for 2024–2027; the first has a deputy."""
    first = MemberFactory(
        committee=committee,
        full_name="Anna Świątek",
        deputy_name="Józef Żółkiewski",
        deputy_email="zastepca@example.org",
    )
    return [first] + [
        MemberFactory(committee=committee, full_name=name)
        for name in ("Bartosz Łęcki", "Celina Ćwik", "Dariusz Źrebak")
    ]


@pytest.fixture
def coordinator(region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
