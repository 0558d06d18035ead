"""The public register: Polish-aware search, filters by category and powiat, and licences
leaving it on the day they end with nobody doing anything."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koordynator.certification import selectors
from koordynator.certification.models import Licence
from tests.factories.certification import make_licence

pytestmark = pytest.mark.django_db


def test_search_folds_polish_letters_and_endings(coordinator):
    pierogi = make_licence(coordinator=coordinator, item="Pierogi z kaszą gryczaną")
    candles = make_licence(coordinator=coordinator, item="Świece sojowe", category="crafts")
    assert selectors.register_filter(q="pierogow") == [pierogi]
    assert selectors.register_filter(q="swiec") == [candles]
    assert selectors.register_filter(q="kasza gryczana") == [pierogi]
    assert selectors.register_filter(q="spoldzielnia socjalna swiece") == [candles]
    assert selectors.register_filter(category="crafts") == [candles]
    assert selectors.register_filter(powiat="0607") == [pierogi, candles]
    assert selectors.register_filter(powiat="0601") == []


def test_register_page_filters_and_lists_the_powiats(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    page = client.get(reverse("certification:register"))
    assert page.status_code == 200
    assert [row[0] for row in page.context["rows"]] == [licence]
    assert [code for code, _name in page.context["form"].fields["powiat"].choices] == ["", "0607"]
    content = page.content.decode()
    assert licence.number in content
    assert "Pierogi lubelskie" in content
    filtered = client.get(reverse("certification:register"), {"category": "crafts"})
    assert filtered.context["rows"] == []


def test_register_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries):
    make_licence(coordinator=coordinator)
    client.get(reverse("certification:register"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("certification:register"))
    make_licence(coordinator=coordinator, item="Świece sojowe", category="crafts")
    make_licence(coordinator=coordinator, item="Sprzątanie biur", category="cleaning")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("certification:register"))
    assert len(response.context["rows"]) == 3


@pytest.fixture
def travel_to(monkeypatch):
    """Move today's date (timezone.localdate) to another day."""
    original = timezone.localdate

    def travel(day):
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: day if value is None else original(value, tz),
        )

    return travel


def test_a_licence_leaves_the_register_the_day_after_it_ends_with_no_job(
    client, coordinator, travel_to
):
    """Time travel: nobody runs anything, the clock moves past the last valid day."""
    licence = make_licence(coordinator=coordinator)
    end = licence.valid_until
    register = reverse("certification:register")
    travel_to(end - datetime.timedelta(days=40))
    assert [row[1] for row in client.get(register).context["rows"]] == ["active"]
    travel_to(end)
    assert [row[1] for row in client.get(register).context["rows"]] == ["expiring"]
    assert client.get("/api/v1/certification/register").json()["count"] == 1
    travel_to(end + datetime.timedelta(days=1))
    assert client.get(register).context["rows"] == []
    assert client.get("/api/v1/certification/register").json()["count"] == 0
    check = client.get(reverse("certification:verify_code", args=[licence.verification_code]))
    assert check.context["status"] == "expired"
    assert Licence.objects.get(pk=licence.pk).revoked_at is None  # nothing was written
