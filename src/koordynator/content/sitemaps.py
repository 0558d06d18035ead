"""News posts and fixed pages in sitemap.xml."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .enums import PageSlug
from .models import Post
from .selectors import public_posts


class PostSitemap(Sitemap[Post]):
    changefreq = "monthly"

    def items(self) -> QuerySet[Post]:
        return public_posts().prefetch_related(None)

    def location(self, item: Post) -> str:
        return reverse("content:post_detail", args=[item.region.slug, item.slug])

    def lastmod(self, item: Post) -> datetime:
        return item.updated_at


class PageSitemap(Sitemap[str]):
    changefreq = "yearly"

    def items(self) -> list[str]:
        return ["content:news_list", *(f"content:page/{slug}" for slug in PageSlug.values)]

    def location(self, item: str) -> str:
        name, _, slug = item.partition("/")
        return reverse(name, args=[slug] if slug else [])
