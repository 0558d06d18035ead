"""Which region a public page looks at: named in the address, remembered in the session,
or the only one served; the regions served are kept in the cache and forgotten whenever
one changes."""

from __future__ import annotations

import pytest

from koordynator.territory.models import Region
from koordynator.territory.selectors import served_regions
from tests.factories import region_for

pytestmark = pytest.mark.django_db


def looked_at(client, **params):
    return client.get("/directory/", params).wsgi_request.region


def test_the_only_region_served_is_looked_at_without_asking(client):
    assert looked_at(client) is None  # none served yet
    lubelskie = region_for("06", slug="lubelskie")
    assert looked_at(client) == lubelskie
    region_for("12", slug="malopolskie")
    assert looked_at(client) is None  # two: the whole country until one is chosen


def test_a_region_chosen_is_remembered_until_all_are_chosen(client):
    lubelskie = region_for("06", slug="lubelskie")
    region_for("12", slug="malopolskie")
    assert looked_at(client, region="lubelskie") == lubelskie
    assert looked_at(client) == lubelskie
    assert looked_at(client, region="no-such-region") == lubelskie
    assert looked_at(client, region="all") is None
    assert looked_at(client) is None


def test_a_changed_or_deleted_region_is_seen_at_once():
    region = region_for("06", slug="lubelskie")
    assert [r.slug for r in served_regions()] == ["lubelskie"]
    region.slug = "lubelskie-rops"
    region.save()
    assert [r.slug for r in served_regions()] == ["lubelskie-rops"]
    Region.objects.filter(pk=region.pk).delete()
    assert served_regions() == []
