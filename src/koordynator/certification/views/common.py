"""What the certification pages share: errors beside fields, private files."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.forms import BaseForm
from django.http import FileResponse, Http404

from koordynator.core.api import DomainValidationError


def show_errors(form: BaseForm, error: DomainValidationError) -> None:
    """Put a service's errors beside the form's fields (others above the form)."""
    for key, message in error.errors.items():
        form.add_error(key if key in form.fields else None, message)


def error_text(error: DomainValidationError) -> str:
    return " ".join(str(message) for message in error.errors.values())


def file_response(field: Any, filename_stem: str) -> FileResponse:
    """A stored file as a download, named `filename_stem` with the file's own extension;
    private (never kept by shared caches)."""
    if not field:
        raise Http404
    suffix = PurePath(field.name).suffix.lower()
    response = FileResponse(
        field.open("rb"), as_attachment=suffix != ".pdf", filename=f"{filename_stem}{suffix}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
