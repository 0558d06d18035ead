"""The request as koordynator's middleware leaves it, for type checking: views take these
instead of HttpRequest and read what the middleware set without casts."""

from __future__ import annotations

from django.http import HttpRequest

from .preferences import DisplayPreferences


class Request(HttpRequest):
    """Every request: core.middleware.DisplayPreferencesMiddleware sets `display`.
    `koordynator.territory.http.Request` adds the region; contexts above territory use that
    one."""

    display: DisplayPreferences
