"""Template tags of the public maps (the map page and the one-point map of a profile)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def map_tile_attributes() -> SafeString:
    """data- attributes with the tile server (a setting: an intranet can run its own; empty
    means no background map) for static/portal/map.js."""
    return format_html(
        'data-tile-url="{}" data-tile-attribution="{}"',
        settings.KOORDYNATOR_TILE_URL,
        settings.KOORDYNATOR_TILE_ATTRIBUTION,
    )
