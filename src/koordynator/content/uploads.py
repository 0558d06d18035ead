"""Checks and preparation of uploaded photos and documents.

A file is read whole before anything is written: a photo must open and verify with
Pillow, a document must be what its name says (a PDF starts with ``%PDF-``; DOCX, XLSX and
ODT are ZIP packages with their own inner files). Photos are then re-encoded: that drops
their metadata (a phone's GPS position), turns them upright and limits their size, and a
smaller copy is made for galleries and lists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from koordynator.core.uploads import Photo, UploadError, is_document, prepare_photo

from .enums import DocumentType

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 2400  # longest side of the stored photo
THUMBNAIL_SIZE = (800, 600)

# What a document's name may end with, and how to recognise its content.
DOCUMENT_TYPES = {
    "pdf": DocumentType.PDF,
    "docx": DocumentType.DOCX,
    "odt": DocumentType.ODT,
    "xlsx": DocumentType.XLSX,
}


@dataclass(frozen=True)
class PreparedDocument:
    file: ContentFile[bytes]
    original_name: str
    document_type: str
    size: int


def _read(upload: IO[bytes], limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
        code="too_large",
    )


def _random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def prepare_image(upload: IO[bytes]) -> Photo:
    """Check an uploaded photo and make its stored version and thumbnail.

    Raises ValidationError (in the user's language) if it is not a JPEG, PNG or WebP image
    within the limits.
    """
    data = _read(upload, MAX_IMAGE_BYTES)
    try:
        return prepare_photo(data, max_side=MAX_IMAGE_SIDE, thumbnail_size=THUMBNAIL_SIZE)
    except UploadError as error:
        raise ValidationError(error.message, code=error.code) from None


def prepare_document(upload: IO[bytes], name: str) -> PreparedDocument:
    """Check an uploaded document: a PDF, DOCX, ODT or XLSX file within the size limit."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    declared = DOCUMENT_TYPES.get(extension)
    wrong_type = ValidationError(
        _("Attach a PDF, DOCX, ODT or XLSX document; this file is not one."), code="wrong_type"
    )
    if declared is None:
        raise wrong_type
    data = _read(upload, MAX_DOCUMENT_BYTES)
    if not is_document(data, f".{declared}"):
        raise wrong_type
    original = PurePath(name).name[-255:]
    return PreparedDocument(
        file=ContentFile(data, name=_random_name(extension)),
        original_name=original,
        document_type=declared,
        size=len(data),
    )
