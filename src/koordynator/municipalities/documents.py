"""Checks of uploaded plan documents: a PDF, DOCX or ODT by its content, not only by its
name, and not larger than the limit."""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from django.utils.translation import gettext as _

from koordynator.core.api import DomainValidationError
from koordynator.core.uploads import is_document

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
DOCUMENT_TYPES = frozenset({".pdf", ".docx", ".odt"})
DOCUMENT_ACCEPT = ".pdf,.docx,.odt"


def read_document(upload: IO[bytes], file_name: str, *, field: str) -> tuple[bytes, str]:
    """The file's bytes and its extension; a DomainValidationError on `field` otherwise."""
    suffix = PurePath(file_name).suffix.lower()
    upload.seek(0)
    content = upload.read(MAX_DOCUMENT_SIZE + 1)
    if len(content) > MAX_DOCUMENT_SIZE:
        raise DomainValidationError({field: _("The file is larger than 20 MB.")})
    if not content:
        raise DomainValidationError({field: _("The file is empty.")})
    if suffix not in DOCUMENT_TYPES or not is_document(content, suffix):
        raise DomainValidationError({field: _("Attach a PDF, DOCX or ODT file.")})
    return content, suffix
