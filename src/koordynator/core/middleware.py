"""Display preferences (text size, contrast) on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .http import Request
from .preferences import DisplayPreferences


class DisplayPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        request.display = DisplayPreferences.from_cookie(
            request.COOKIES.get(DisplayPreferences.COOKIE, "")
        )
        return self.get_response(request)
