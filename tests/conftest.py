import fcntl
import io
import os
import pickle
from pathlib import Path

import hypothesis
import pytest
from django.db import transaction

from koordynator.accounts.enums import Role
from koordynator.territory.services import places_load, units_import, units_locate
from koordynator.territory.terc import builtin_units
from tests import snapshots
from tests.factories import region_for, user_with_role

# A shared machine may pause any example for longer than Hypothesis' 200 ms: timing is for
# bench/, never a reason for a property to fail.
hypothesis.settings.register_profile("koordynator", deadline=None)
hypothesis.settings.load_profile("koordynator")

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_TERC = REPOSITORY.parent / "shared" / "data" / "teryt" / "TERC_Urzedowy_2024-01-01.csv"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the shipped territory once; tests run in transactions on top of it.

    pytest-django runs transactional (browser) tests last, so their flushes do not take it
    away from the others. With several workers (xdist) the first one loads it through the
    services and leaves a copy of its rows in the run's temporary folder; the others put
    that copy in their own database.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    with django_db_blocker.unblock():
        if run is None:
            _load_territory()
            return
        from django.db import connection

        shared = tmp_path_factory.getbasetemp().parent / f"territory-{run}-{connection.vendor}"
        with open(shared.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if shared.exists():
                with transaction.atomic():
                    snapshots.restore_changes(connection, pickle.loads(shared.read_bytes()))
                return
            before = snapshots.table_contents(connection)
            _load_territory()
            shared.write_bytes(pickle.dumps(snapshots.copy_changes(connection, before)))


def _load_territory() -> None:
    units_import(records=builtin_units())
    places_load()
    units_locate()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that read the demo run on one xdist worker (`--dist loadgroup`), which loads it
    once for all of them."""
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once per test process through `load_demo` and rolled back, kept as
    the rows it changed and the files it stored."""
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock(), transaction.atomic():
        before = snapshots.table_contents(connection)
        call_command("load_demo", stdout=io.StringIO())
        changes = snapshots.copy_changes(connection, before)
        transaction.set_rollback(True)
    return changes, snapshots.copy_files(default_storage)


@pytest.fixture
def demo(db, _demo_loaded):
    """The demo region as `load_demo` leaves it, for tests that read it (and may load it
    again, which changes nothing). Put back in the test's transaction from one load."""
    from django.core.files.storage import default_storage
    from django.db import connection

    changes, files = _demo_loaded
    snapshots.restore_changes(connection, changes)
    snapshots.restore_files(default_storage, files)


@pytest.fixture
def committed_territory(transactional_db):
    """Transactional tests (browser, parallel requests) empty the database when they end;
    the next one loads the shipped territory again."""
    from koordynator.territory.models import TerritorialUnit

    if not TerritorialUnit.objects.filter(code="0607011").exists():
        units_import(records=builtin_units())


@pytest.fixture
def region(db):
    """The demo's voivodeship (lubelskie) as a region."""
    return region_for("06", slug="lubelskie")


@pytest.fixture
def other_region(db):
    """Another region (małopolskie), for what one region must not see of another."""
    return region_for("12", slug="malopolskie")


@pytest.fixture
def coordinator(region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=region)


@pytest.fixture
def other_coordinator(other_region):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=other_region)


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run at once, where they are enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def official_terc() -> Path:
    if not SHARED_TERC.exists():
        pytest.skip("The official TERC file is not beside the repository.")
    return SHARED_TERC


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: what one test kept must not answer another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language, Polish: a request in English
    leaves English active in the thread, and the next test must not read it."""
    from django.utils import translation

    translation.deactivate()
