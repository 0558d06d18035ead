"""The public directory in sitemap.xml: its pages and every public entity's profile."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from koordynator.content.sitemaps import PageSitemap, PostSitemap
from koordynator.registry.models import Entity
from koordynator.registry.selectors import public_entities


class PortalSitemap(Sitemap[str]):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:directory",
            "portal:map",
            "portal:open_data",
            "portal:regions",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class EntitySitemap(Sitemap[Entity]):
    changefreq = "weekly"
    limit = 10_000  # a sitemap file per 10,000 profiles

    def items(self) -> QuerySet[Entity]:
        return public_entities().only("pk", "updated_at").order_by("pk")

    def location(self, item: Entity) -> str:
        return reverse("portal:entity", args=[item.pk])

    def lastmod(self, item: Entity) -> datetime:
        return item.updated_at


SITEMAPS = {
    "portal": PortalSitemap,
    "entities": EntitySitemap,
    "news": PostSitemap,
    "pages": PageSitemap,
}
