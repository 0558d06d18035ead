"""Public pages: the news list, a post, the RSS feeds, the fixed pages and the files of
posts. Files are served through here, not straight from storage, so that the photos and
documents of drafts stay private until the post is published."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from koordynator.core.http import DOCUMENT_CONTENT_TYPES
from koordynator.territory.http import Request
from koordynator.territory.models import Region

from .. import selectors
from ..enums import PageSlug
from ..markup import render_markdown
from ..models import Post
from ..rules import CHANGE_PAGE_IN_REGION, CHANGE_POST, LIST_POSTS, VIEW_POST

NEWS_PAGE_SIZE = 10
FEED_SIZE = 20


def news_list(request: Request) -> HttpResponse:
    region: Region | None = request.region
    tags = list(selectors.tags_in_use(region))
    tag_slug = request.GET.get("tag") or None
    current_tag = next((tag for tag in tags if tag.slug == tag_slug), None)
    posts = selectors.public_posts(region, tag=tag_slug)
    page = Paginator(posts, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "content/news_list.html",
        {
            "page": page,
            "tags": tags,
            "tag_slug": tag_slug,
            "current_tag": current_tag,
            "query": query.urlencode(),
            "region": region,
            "can_manage": request.user.has_perm(LIST_POSTS),
        },
    )


def post_detail(request: HttpRequest, region_slug: str, slug: str) -> HttpResponse:
    post = selectors.public_post(region_slug, slug)
    if post is None:
        raise Http404
    return render_post(request, post, preview=False)


def post_photo(request: HttpRequest, region_slug: str, slug: str, number: int) -> HttpResponse:
    """One photo of a post's gallery, large, with links to the previous and next: a
    gallery that works by keyboard and without JavaScript."""
    post = selectors.public_post(region_slug, slug)
    if post is None:
        raise Http404
    images = list(post.images.all())
    if not 1 <= number <= len(images):
        raise Http404
    return render(
        request,
        "content/post_photo.html",
        {"post": post, "image": images[number - 1], "number": number, "total": len(images)},
    )


def render_post(request: HttpRequest, post: Post, *, preview: bool) -> HttpResponse:
    return render(
        request,
        "content/post_detail.html",
        {
            "post": post,
            "body_html": render_markdown(post.body),
            "images": list(post.images.all()),
            "documents": list(post.documents.all()),
            "preview": preview,
            "can_edit": request.user.has_perm(CHANGE_POST, post),
        },
    )


def page_detail(request: Request, slug: str) -> HttpResponse:
    if slug not in PageSlug.values:
        raise Http404
    region: Region | None = request.region
    page = selectors.public_page(region, slug)
    return render(
        request,
        "content/page_detail.html",
        {
            "page": page,
            "body_html": render_markdown(page.body),
            "can_edit": request.user.has_perm(CHANGE_PAGE_IN_REGION, region),
            "region": region,
        },
    )


# --- RSS -------------------------------------------------------------------------------------


class NewsFeed(Feed):
    """The news of one region (``/news/<region>/feed/``) or of every region (``/news/feed/``)."""

    def get_object(self, request: HttpRequest, region_slug: str | None = None) -> Region | None:
        if region_slug is None:
            return None
        return get_object_or_404(Region.objects.select_related("voivodeship"), slug=region_slug)

    def title(self, region: Region | None) -> str:
        if region is None:
            return _("News of the social economy – koordynator")
        return _("News of the social economy: %(region)s") % {"region": region.coordinator_name}

    def link(self, region: Region | None) -> str:
        url = reverse("content:news_list")
        return f"{url}?region={region.slug}" if region else f"{url}?region=all"

    def description(self, region: Region | None) -> str:
        if region is None:
            return _("News posts of the regional social policy centres.")
        return _("News posts of %(publisher)s (voivodeship %(voivodeship)s).") % {
            "publisher": region.coordinator_name,
            "voivodeship": region.voivodeship.name,
        }

    def items(self, region: Region | None) -> Any:
        return selectors.public_posts(region)[:FEED_SIZE]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return post.lead

    def item_link(self, post: Post) -> str:
        return reverse("content:post_detail", args=[post.region.slug, post.slug])

    def item_pubdate(self, post: Post) -> Any:
        return post.published_at

    def item_updateddate(self, post: Post) -> Any:
        return post.updated_at

    def item_author_name(self, post: Post) -> str:
        return post.region.coordinator_name

    def item_categories(self, post: Post) -> list[str]:
        return [tag.name for tag in post.tags.all()]


# --- Files of posts --------------------------------------------------------------------------


def _serve(
    request: HttpRequest,
    post: Post,
    file: FieldFile,
    *,
    content_type: str | None = None,
    filename: str | None = None,
) -> FileResponse:
    """The file if the user may see its post (public, or staff of its region)."""
    if not file or not request.user.has_perm(VIEW_POST, post):
        raise Http404
    try:
        handle = default_storage.open(file.name or "")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, filename=filename or "")
    if post.is_public:
        # Names are random and never reused, but a post may be taken down: an hour.
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def cover_file(request: HttpRequest, post_id: int, size: str) -> FileResponse:
    post = selectors.post_with_region(post_id)
    if post is None:
        raise Http404
    return _serve(request, post, post.cover_thumbnail if size == "small" else post.cover_image)


def image_file(request: HttpRequest, image_id: int, size: str) -> FileResponse:
    image = selectors.image_with_post(image_id)
    if image is None:
        raise Http404
    return _serve(request, image.post, image.thumbnail if size == "small" else image.image)


def document_file(request: HttpRequest, document_id: int, filename: str) -> FileResponse:
    document = selectors.document_with_post(document_id)
    if document is None:
        raise Http404
    return _serve(
        request,
        document.post,
        document.file,
        content_type=DOCUMENT_CONTENT_TYPES.get(f".{document.document_type}"),
        filename=document.original_name,
    )
