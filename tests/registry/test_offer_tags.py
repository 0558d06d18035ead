"""Offer tags: names any case, slugs that keep Polish letters as base letters, and the
slugs of tags made before that given again by a migration."""

import importlib

import pytest
from django.apps import apps

from koordynator.registry import services
from koordynator.registry.models import OfferTag

pytestmark = pytest.mark.django_db

reslug = importlib.import_module(
    "koordynator.registry.migrations.0006_offer_tag_slugs_keep_polish_letters"
).reslug


def test_offer_tags_keep_polish_letters_in_slugs_and_find_names_any_case():
    catering = OfferTag.objects.create(name="catering", slug="catering")
    tags = services.offer_tags_for(["Catering", "Usługi ślusarskie", "USŁUGI ŚLUSARSKIE"])
    assert tags[0] == catering
    assert [(tag.name, tag.slug) for tag in tags[1:]] == [
        ("Usługi ślusarskie", "uslugi-slusarskie")
    ]


def test_the_migration_gives_old_tags_the_slug_a_new_tag_of_their_name_gets():
    dropped = OfferTag.objects.create(name="Łączenie kabli", slug="aczenie-kabli")
    numbered = OfferTag.objects.create(name="Szycie!", slug="szycie-2")
    taken = OfferTag.objects.create(name="laczenie kabli", slug="laczenie-kabli")
    reslug(apps, None)
    for tag in (dropped, numbered, taken):
        tag.refresh_from_db()
    assert dropped.slug == "laczenie-kabli-2"
    assert numbered.slug == "szycie-2"
    assert taken.slug == "laczenie-kabli"
