"""The demo region's news and pages."""

import pytest
from django.utils import timezone

from koordynator.content import selectors
from koordynator.content.enums import PostStatus
from koordynator.content.models import Page, Post, PostDocument
from koordynator.demo.content import load_demo_content
from tests.factories import region_for

pytestmark = pytest.mark.django_db


def test_demo_content_is_complete_and_loads_once():
    region = region_for("06", slug="lubelskie")
    load_demo_content(region)
    load_demo_content(region)
    posts = Post.objects.filter(region=region)
    assert posts.count() == 6
    public = list(selectors.public_posts(region))
    assert len(public) == 4
    scheduled = posts.get(status=PostStatus.SCHEDULED)
    assert scheduled.published_at > timezone.now()
    assert posts.filter(status=PostStatus.DRAFT).count() == 1
    with_gallery = [post for post in public if post.images.count() >= 3]
    assert len(with_gallery) == 1
    document = PostDocument.objects.get(post=with_gallery[0])
    assert document.document_type == "pdf"
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert all(image.alt_text for image in with_gallery[0].images.all())
    assert Page.objects.filter(region=region).count() == 3
    assert "fikcyjne" in Page.objects.get(region=region, slug="contact").body
