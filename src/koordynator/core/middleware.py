"""What every request passes: display preferences (text size, contrast), and no NUL
character in its address."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.core.exceptions import RequestDataTooBig
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
    endpoint, before any view reads it. An API's JSON body holding one is a 422 naming the
    field (pages' forms refuse it themselves, field by field)."""

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
        if request.path_info.startswith("/api/") and request.content_type == "application/json":
            field = _nul_field(_json_body(request))
            if field is not None:
                return problem_response(
                    status=422,
                    detail=_("Some fields are invalid."),
                    errors=[
                        {
                            "field": field,
                            "message": _("Remove the NUL character (0x00): no record can hold it."),
                        }
                    ],
                )
        return self.get_response(request)


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (RequestDataTooBig, ValueError):
        return None  # the API answers a body too large or not JSON itself


def _nul_field(value: Any, path: tuple[str, ...] = ()) -> str | None:
    """The path ("criteria.1.name") of the first key or string holding a NUL, if any."""
    if isinstance(value, str):
        return (".".join(path) or "__all__") if "\x00" in value else None
    items: Any
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        where = (*path, str(key))
        if "\x00" in str(key):
            return ".".join(where)
        found = _nul_field(item, where)
        if found is not None:
            return found
    return None
