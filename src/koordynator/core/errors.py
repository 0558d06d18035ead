"""Error pages: a clear message in the user's language, never a traceback."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _render(request: HttpRequest, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        from .api import problem_response

        return problem_response(status=status)
    return render(request, f"errors/{status}.html", status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    # A forbidden object looks the same as a missing one.
    return _render(request, 404)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500)
