import pytest

from tests.factories.municipalities import local_governments_of


@pytest.fixture
def local_governments(region):
    return local_governments_of(region)
