"""Checks of the committee's files (rules of procedure, agenda documents, attachments to
resolutions): a PDF, DOCX, ODT or XLSX by its content, not only by its name, and not larger
than the limit. Read whole before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.utils.translation import gettext as _

from koordynator.core.api import DomainValidationError
from koordynator.core.uploads import is_document

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
DOCUMENT_TYPES = frozenset({".pdf", ".docx", ".odt", ".xlsx"})
DOCUMENT_ACCEPT = ".pdf,.docx,.odt,.xlsx"


@dataclass(frozen=True)
class Upload:
    """A file as a form or the API hands it over: its content and the name it came with."""

    file: IO[bytes]
    name: str


def read_document(upload: Upload, *, field: str) -> tuple[bytes, str]:
    """The file's bytes and its extension; a DomainValidationError on `field` otherwise."""
    suffix = PurePath(upload.name).suffix.lower()
    upload.file.seek(0)
    content = upload.file.read(MAX_DOCUMENT_SIZE + 1)
    if len(content) > MAX_DOCUMENT_SIZE:
        raise DomainValidationError({field: _("The file is larger than 20 MB.")})
    if not content:
        raise DomainValidationError({field: _("The file is empty.")})
    if suffix not in DOCUMENT_TYPES or not is_document(content, suffix):
        raise DomainValidationError({field: _("Attach a PDF, DOCX, ODT or XLSX file.")})
    return content, suffix
