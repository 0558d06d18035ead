import pytest

from tests.factories.support import centre_staff, support_centre


@pytest.fixture
def centre(region):
    return support_centre(region, name="OWES Lubelski Ośrodek Wsparcia (fikcyjny)")


@pytest.fixture
def other_centre(region):
    return support_centre(region, name="OWES Zamojski (fikcyjny)")


@pytest.fixture
def staff(centre):
    return centre_staff(centre)
