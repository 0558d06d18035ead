"""An entity's public profile: what the public may see, schema.org data, the sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from koordynator.registry.models import OfferTag
from tests.factories import EntityFactory, region_for

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def cooperative():
    region_for("06", slug="lubelskie")
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Kwiat Lnu”",
        short_name="Kwiat Lnu",
        kind="social_cooperative",
        description="Szyjemy </script><b>odzież</b> z lnu.",
        offer="Catering i szycie.",
        nip="7122845213",
        krs="0000123456",
        email="biuro@kwiatlnu.example",
        phone="81 123 45 67",
        website="https://kwiatlnu.example",
        address="ul. Lubelska 3",
        postal_code="23-200",
        year_founded=2015,
    )
    entity.offer_tags.add(OfferTag.objects.create(name="catering", slug="catering"))
    return entity


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_profile_shows_contact_offer_and_location(client, cooperative):
    response = client.get(f"/directory/{cooperative.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Kwiat Lnu", "Catering i szycie.", "biuro@kwiatlnu.example", "23-200"):
        assert text in html
    assert "&lt;b&gt;odzież&lt;/b&gt;" in html  # the description is text, never markup
    assert 'data-latitude="50.9236"' in html or "50.9236" in html


def test_profile_carries_schema_org_organization(client, cooperative):
    data = json_ld(client.get(f"/directory/{cooperative.pk}/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "Spółdzielnia Socjalna „Kwiat Lnu”"
    assert data["url"].endswith(f"/directory/{cooperative.pk}/")
    assert data["taxID"] == "7122845213"
    assert data["address"]["postalCode"] == "23-200"
    assert data["address"]["addressRegion"] == "lubelskie"
    assert data["location"]["geo"]["latitude"] == pytest.approx(50.9236)
    assert {"@type": "PropertyValue", "propertyID": "KRS", "value": "0000123456"} in data[
        "identifier"
    ]
    # "</script>" in a description cannot end the JSON-LD element early.
    assert data["description"].startswith("Szyjemy </script>")


@pytest.mark.parametrize("hidden", [{"is_public": False}, {"status": "closed"}])
def test_hidden_and_closed_entities_have_no_public_profile(client, hidden):
    region_for("06", slug="lubelskie")
    entity = EntityFactory(**hidden)
    assert client.get(f"/directory/{entity.pk}/").status_code == 404
    assert client.get("/directory/999999/").status_code == 404


def test_directory_links_to_profiles(client, cooperative):
    html = client.get("/directory/").content.decode()
    assert f'href="/directory/{cooperative.pk}/"' in html


def test_sitemap_lists_public_profiles_and_news_only(client, cooperative):
    hidden = EntityFactory(is_public=False)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(section.endswith("/sitemap-entities.xml") for section in sections)
    response = client.get("/sitemap-entities.xml")
    assert response.status_code == 200
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert any(url.endswith(f"/directory/{cooperative.pk}/") for url in urls)
    assert not any(url.endswith(f"/directory/{hidden.pk}/") for url in urls)
    pages = ET.fromstring(client.get("/sitemap-pages.xml").content)
    assert any(
        loc.text.endswith("/pages/accessibility-statement/") for loc in pages.iter(f"{SITEMAP}loc")
    )


def test_profile_lists_published_events_still_to_come_at_the_entity(client, cooperative):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.events import EventFactory

    now = timezone.now()
    EventFactory(title="Wizyta studyjna w spółdzielni", host=cooperative)
    EventFactory(
        title="Spotkanie minione",
        host=cooperative,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=2),
    )
    EventFactory(title="Szkic wizyty", host=cooperative, is_published=False)
    EventFactory(title="Gdzie indziej")
    html = client.get(f"/directory/{cooperative.pk}/").content.decode()
    assert "Wizyta studyjna w spółdzielni" in html
    for title in ("Spotkanie minione", "Szkic wizyty", "Gdzie indziej"):
        assert title not in html
