"""What the committee pages share: errors beside fields, files, the region looked at."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest

from koordynator.core.api import DomainValidationError


def show_errors(form: BaseForm, error: DomainValidationError) -> None:
    """Put a service's errors beside the form's fields (others above the form)."""
    for key, message in error.errors.items():
        form.add_error(key if key in form.fields else None, message)


def error_text(error: DomainValidationError) -> str:
    return " ".join(str(message) for message in error.errors.values())


def file_response(field: Any, file_name: str, *, private: bool) -> FileResponse:
    """A stored file under the name it was uploaded with; a PDF opens in the browser,
    other documents download. Private files are never kept by shared caches."""
    if not field:
        raise Http404
    suffix = PurePath(field.name).suffix.lower()
    name = file_name or f"document{suffix}"
    response = FileResponse(field.open("rb"), as_attachment=suffix != ".pdf", filename=name)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")
