import datetime

import pytest
from django.utils import translation

from koordynator.registry.forms import EntityForm
from tests.factories import EntityFactory


@pytest.mark.django_db
def test_the_status_date_shows_in_its_date_input_in_polish():
    # In the Polish format (01.02.2024) the browser would show an empty input.
    entity = EntityFactory(status_since=datetime.date(2024, 2, 1))
    with translation.override("pl"):
        html = str(EntityForm(instance=entity)["status_since"])
    assert 'type="date"' in html
    assert 'value="2024-02-01"' in html
