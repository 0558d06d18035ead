"""/panel/support/: OWES staff see their own centre, coordinators the region's network."""

from datetime import date

import pytest
from django.urls import reverse

from koordynator.accounts.enums import Role
from koordynator.support import services
from koordynator.territory.models import TerritorialUnit
from tests.factories import user_with_role
from tests.factories.support import agreement, support_record

pytestmark = pytest.mark.django_db
URL = reverse("support:desk")


def test_staff_see_their_own_centre_only(client, centre, other_centre, staff):
    agreement(centre, jobs=2)
    agreement(other_centre, jobs=5)
    support_record(other_centre, topic="Temat innego ośrodka")
    client.force_login(staff)
    page = client.get(URL, {"year": 2025}).content.decode()
    assert centre.name in page
    assert other_centre.name not in page
    assert "Temat innego ośrodka" not in page
    assert 'data-figure="jobs_created">2<' in page
    assert "Pokrycie powiatów" not in page


def test_the_coordinator_sees_every_centre_and_the_coverage(
    client, centre, other_centre, coordinator
):
    agreement(centre, jobs=2)
    agreement(other_centre, jobs=5)
    services.subregion_assign(
        centre=centre,
        powiat=TerritorialUnit.objects.get(code="0607"),
        valid_from=date(2025, 1, 1),
        actor=None,
    )
    client.force_login(coordinator)
    page = client.get(URL, {"year": "2025"}).content.decode()
    assert centre.name in page
    assert other_centre.name in page
    assert 'data-figure="jobs_created">7<' in page
    assert "Pokrycie powiatów" in page
    assert "bialski" in page  # a gap
    assert "kraśnicki" in page  # in the table of jobs by powiat


def test_others_get_404_and_visitors_the_login(client, region):
    assert client.get(URL).status_code == 302
    client.force_login(user_with_role(Role.ENTITY_REPRESENTATIVE, region=region))
    assert client.get(URL).status_code == 404


def test_a_bad_year_falls_back_to_the_previous_one(client, coordinator, centre):
    client.force_login(coordinator)
    assert client.get(URL, {"year": "abc"}).status_code == 200
    assert client.get(URL, {"year": "99999"}).status_code == 200


def test_the_quarter_shows_every_centres_hours_side_by_side(
    client, centre, other_centre, coordinator
):
    support_record(centre, given_on=date(2025, 5, 6), hours="6", kind="training")
    support_record(other_centre, given_on=date(2025, 5, 7), hours="2.5", kind="training")
    support_record(other_centre, given_on=date(2025, 11, 7), hours="9", kind="legal")
    client.force_login(coordinator)
    page = client.get(URL, {"year": "2025", "quarter": "2"}).content.decode()
    assert "Wsparcie udzielone w 2. kwartale 2025 roku" in page
    row = page[page.index('<th scope="row">szkolenie</th>') :].split("</tr>")[0]
    assert ">6<" in row
    assert ">2,50<" in row
    assert '<th scope="row">doradztwo prawne</th>' not in page
