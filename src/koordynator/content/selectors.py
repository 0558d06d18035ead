"""Reads of news posts and fixed pages, scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.selectors import is_national_admin, region_ids_with_role
from koordynator.core.tenancy import scope_to_regions
from koordynator.territory.models import Region

from .defaults import default_page_text, shown_text
from .enums import PageSlug, PostStatus
from .models import Page, Post, PostDocument, PostImage, Tag

# News and pages speak for the regional centre: its coordinators write them.
EDITOR_ROLES = {Role.REGIONAL_COORDINATOR}


def editor_region_ids(user: Any) -> set[int] | None:
    """Regions whose news and pages the user may write; None means every region."""
    if is_national_admin(user):
        return None
    return region_ids_with_role(user, EDITOR_ROLES)


def regions_for_editor(user: Any) -> QuerySet[Region]:
    regions = Region.objects.select_related("voivodeship")
    region_ids = editor_region_ids(user)
    return regions if region_ids is None else regions.filter(pk__in=region_ids)


def _visible(now: datetime | None = None) -> Q:
    return Q(
        status__in=[PostStatus.SCHEDULED, PostStatus.PUBLISHED],
        published_at__lte=now or timezone.now(),
    )


def public_posts(
    region: Region | None = None, *, tag: str | None = None, now: datetime | None = None
) -> QuerySet[Post]:
    """Posts the public may read: published, or scheduled and their time has come; newest
    first. `region` None gives every region's."""
    posts = Post.objects.filter(_visible(now))
    if region is not None:
        posts = posts.filter(region=region)
    if tag:
        posts = posts.filter(tags__slug=tag)
    return (
        posts.select_related("region__voivodeship")
        .prefetch_related("tags")
        .order_by("-published_at", "-id")
    )


def _with_attachments(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("region__voivodeship").prefetch_related(
        "tags",
        Prefetch("images", queryset=PostImage.objects.order_by("position", "id")),
        Prefetch("documents", queryset=PostDocument.objects.order_by("position", "id")),
    )


def public_post(region_slug: str, slug: str, *, now: datetime | None = None) -> Post | None:
    return (
        _with_attachments(Post.objects.filter(_visible(now)))
        .filter(region__slug=region_slug, slug=slug)
        .first()
    )


def tags_in_use(region: Region | None = None, *, now: datetime | None = None) -> QuerySet[Tag]:
    """Tags of the public posts, with how many posts each has (``post_count``)."""
    visible = Q(posts__status__in=[PostStatus.SCHEDULED, PostStatus.PUBLISHED]) & Q(
        posts__published_at__lte=now or timezone.now()
    )
    if region is not None:
        visible &= Q(posts__region=region)
    return (
        Tag.objects.annotate(post_count=Count("posts", filter=visible, distinct=True))
        .filter(post_count__gt=0)
        .order_by("name")
    )


def posts_for_staff(user: Any, *, status: str | None = None) -> QuerySet[Post]:
    """Every post of the regions the user edits (none for other roles), newest first;
    drafts, which have no publication time, by their last change."""
    posts = scope_to_regions(Post.objects.all(), editor_region_ids(user))
    if status == "public":
        posts = posts.filter(_visible())
    elif status == PostStatus.SCHEDULED:
        posts = posts.filter(status=PostStatus.SCHEDULED, published_at__gt=timezone.now())
    elif status == PostStatus.DRAFT:
        posts = posts.filter(status=PostStatus.DRAFT)
    return (
        posts.select_related("region__voivodeship", "author")
        .annotate(image_count=Count("images", distinct=True))
        .order_by("-updated_at", "-id")
    )


def post_for_staff(user: Any, post_id: int) -> Post | None:
    posts = scope_to_regions(Post.objects.all(), editor_region_ids(user))
    return _with_attachments(posts).select_related("author").filter(pk=post_id).first()


def image_for_staff(user: Any, image_id: int) -> PostImage | None:
    images = PostImage.objects.select_related("post__region__voivodeship")
    region_ids = editor_region_ids(user)
    if region_ids is not None:
        images = images.filter(post__region_id__in=region_ids)
    return images.filter(pk=image_id).first()


def document_for_staff(user: Any, document_id: int) -> PostDocument | None:
    documents = PostDocument.objects.select_related("post__region__voivodeship")
    region_ids = editor_region_ids(user)
    if region_ids is not None:
        documents = documents.filter(post__region_id__in=region_ids)
    return documents.filter(pk=document_id).first()


# --- Files of posts, for the file view ---------------------------------------------------------


def post_with_region(post_id: int) -> Post | None:
    return Post.objects.select_related("region__voivodeship").filter(pk=post_id).first()


def image_with_post(image_id: int) -> PostImage | None:
    return PostImage.objects.select_related("post__region__voivodeship").filter(pk=image_id).first()


def document_with_post(document_id: int) -> PostDocument | None:
    return (
        PostDocument.objects.select_related("post__region__voivodeship")
        .filter(pk=document_id)
        .first()
    )


# --- Fixed pages -------------------------------------------------------------------------------


def page_for(region: Region | None, slug: str) -> Page:
    """The page the public reads: the region's own, else the platform's, else the default
    text (unsaved), so that a fixed page is never missing or empty."""
    pages = {
        page.region_id: page
        for page in Page.objects.filter(slug=slug).filter(
            Q(region__isnull=True) | Q(region=region) if region else Q(region__isnull=True)
        )
    }
    page = pages.get(region.pk if region else None) or pages.get(None)
    if page is None:
        text = default_page_text(slug, region)
        page = Page(region=region, slug=slug, title=text.title, body=text.body)
    return page


def public_page(region: Region | None, slug: str) -> Page:
    """The page as a reader in the active language sees it (never saved: in English, a
    page that keeps its default text reads the English default)."""
    page = page_for(region, slug)
    text = shown_text(page)
    page.title, page.body = text.title, text.body
    return page


@dataclass(frozen=True)
class PageRow:
    """A fixed page as the staff list shows it: written by the region, or not yet."""

    region: Region | None
    slug: str
    label: str
    page: Page | None


def pages_for_staff(user: Any) -> list[PageRow]:
    """Every fixed page of the regions the user edits (and the platform's, for national
    administrators), whether written yet or not."""
    region_ids = editor_region_ids(user)
    regions: list[Region | None] = list(regions_for_editor(user))
    if region_ids is None:
        regions.insert(0, None)
    pages = {
        (page.region_id, page.slug): page
        for page in scope_to_regions(Page.objects.all(), region_ids)
    }
    return [
        PageRow(region, slug, str(label), pages.get((region.pk if region else None, slug)))
        for region in regions
        for slug, label in PageSlug.choices
    ]
