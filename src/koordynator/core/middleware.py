"""What every request passes: display preferences (text size, contrast), and no NUL
character in its address."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from .api import problem_response
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


class RefuseNulCharactersMiddleware:
    """PostgreSQL refuses a NUL character in text, so a path or query string holding one
    could only end in a database error: it is answered 400 here, once for every page and
    endpoint, before any view reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in request.path_info or "\x00" in query:
            message = _(
                "The address holds a NUL character (0x00), which no page or record can hold."
            )
            if request.path_info.startswith("/api/"):
                return problem_response(status=400, detail=message)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
