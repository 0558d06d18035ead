import pytest

from koordynator.content.models import Tag
from koordynator.core.tags import tags_for
from koordynator.registry.models import OfferTag


@pytest.mark.django_db
def test_tags_for_finds_any_case_creates_new_names_once_and_keeps_polish_letters_in_slugs():
    existing = Tag.objects.create(name="RKRES", slug="rkres")
    tags = tags_for(Tag, ["rkres", " Łódzkie   spotkania ", "ŁÓDZKIE SPOTKANIA", ""], max_length=60)
    assert tags[0] == existing
    assert [(tag.name, tag.slug) for tag in tags[1:]] == [
        ("Łódzkie spotkania", "lodzkie-spotkania")
    ]


@pytest.mark.django_db
def test_tags_for_numbers_a_slug_another_tag_has():
    OfferTag.objects.create(name="Łączenie", slug="laczenie")
    (tag,) = tags_for(OfferTag, ["łączenie!"], max_length=80)
    assert tag.slug == "laczenie-2"
