import pytest

from koordynator.accounts.enums import Role
from tests.factories import region_for, user_with_role
from tests.factories.municipalities import local_governments_of


@pytest.fixture
def region(db):
    return region_for("06", slug="lubelskie")


@pytest.fixture
def other_region(db):
    return region_for("12", slug="malopolskie")


@pytest.fixture
def local_governments(region):
    return local_governments_of(region)


@pytest.fixture
def coordinator(region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
