"""The request as koordynator's middleware leaves it, for the views of every context."""

from __future__ import annotations

from koordynator.core import http

from .models import Region


class Request(http.Request):
    """Every request: `display` (core) and `region`, set by territory.middleware.RegionMiddleware:
    the region public pages are scoped to, None for all of them."""

    region: Region | None
