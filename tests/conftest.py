from pathlib import Path

import pytest

from koordynator.territory.services import places_load, units_import, units_locate
from koordynator.territory.terc import builtin_units

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_TERC = REPOSITORY.parent / "shared" / "data" / "teryt" / "TERC_Urzedowy_2024-01-01.csv"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped territory once; tests run in transactions on top of it.

    pytest-django runs transactional (browser) tests last, so their flushes do not take it
    away from the others.
    """
    with django_db_blocker.unblock():
        units_import(records=builtin_units())
        places_load()
        units_locate()


@pytest.fixture
def committed_territory(transactional_db):
    """Transactional tests (browser, parallel requests) empty the database when they end;
    the next one loads the shipped territory again."""
    from koordynator.territory.models import TerritorialUnit

    if not TerritorialUnit.objects.filter(code="0607011").exists():
        units_import(records=builtin_units())


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
