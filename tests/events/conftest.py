import pytest
from django.db import connection

from koordynator.accounts.enums import Role
from tests.factories import region_for, user_with_role


@pytest.fixture
def region(db):
    return region_for("06", slug="lubelskie")


@pytest.fixture
def other_region(db):
    return region_for("12", slug="malopolskie")


@pytest.fixture
def coordinator(region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region)


@pytest.fixture
def other_coordinator(other_region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=other_region)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: SQLite has one writer at a time"
)
