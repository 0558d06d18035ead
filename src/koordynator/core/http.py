"""The request as koordynator's middleware leaves it, for type checking: views take these
instead of HttpRequest and read what the middleware set without casts."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.http import FileResponse, Http404, HttpRequest

from .preferences import DisplayPreferences


class Request(HttpRequest):
    """Every request: core.middleware.DisplayPreferencesMiddleware sets `display`.
    `koordynator.territory.http.Request` adds the region; contexts above territory use that
    one."""

    display: DisplayPreferences


# Stored documents by extension: a PDF opens in the browser, the others download.
DOCUMENT_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def site_url(request: HttpRequest) -> str:
    """The platform's address as the request reached it, for links in e-mails."""
    return request.build_absolute_uri("/")


def stored_file_response(field: Any, filename: str, *, private: bool = True) -> FileResponse:
    """A stored file under `filename` (given the file's own extension when it lacks one;
    "document.<ext>" when empty): a PDF opens in the browser, other documents download.
    Private files are never kept by shared caches. A missing file is a 404."""
    if not field:
        raise Http404
    suffix = PurePath(field.name).suffix.lower()
    if not filename:
        filename = f"document{suffix}"
    elif not filename.lower().endswith(suffix):
        filename += suffix
    try:
        handle = field.open("rb")
    except OSError:  # FileNotFoundError among them
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=suffix != ".pdf",
        filename=filename,
        content_type=DOCUMENT_CONTENT_TYPES.get(suffix),
    )
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
