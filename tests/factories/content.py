"""Factories for news posts and fixed pages."""

import io
from datetime import timedelta

import factory
from django.utils import timezone
from PIL import Image

from koordynator.content.enums import PostStatus
from koordynator.content.models import Page, Post, Tag
from tests.factories import region_for


def image_bytes(size: tuple[int, int] = (640, 480), image_format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, image_format)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A minimal PDF: enough for the type check, which reads the signature."""
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"temat {n}")
    slug = factory.Sequence(lambda n: f"temat-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post of lubelskie, a day old, unless told otherwise."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: region_for("06", slug="lubelskie"))
    title = factory.Sequence(lambda n: f"Spotkanie sieciujące nr {n}")
    slug = factory.Sequence(lambda n: f"spotkanie-sieciujace-nr-{n}")
    lead = "Przedstawiciele CIS i KIS spotkali się, by zbudować sieć współpracy."
    body = "## Program\n\n- warsztaty\n- wizyta w pracowniach"
    status = PostStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=PostStatus.DRAFT, published_at=None)
        scheduled = factory.Trait(
            status=PostStatus.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3)),
        )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    region = factory.LazyFunction(lambda: region_for("06", slug="lubelskie"))
    slug = "contact"
    title = "Kontakt"
    body = "## Sekretariat\n\ntel. 81 000 00 00"
