"""Checks of the files an application or a call carries, read whole before anything is
written: documents (the call's rules, the evidence of eligibility, letters of
recommendation) must be PDF, DOCX or ODT by their content, not only by their name; a photo
of a product must open as a JPEG, PNG or WebP image and is re-encoded, which drops its
metadata (a phone's GPS position). Stored files get random names."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from koordynator.core.uploads import UploadError, is_document, prepare_photo

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".odt")
DOCUMENT_ACCEPT = ",".join(DOCUMENT_SUFFIXES)
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


def _read(upload: IO[bytes], limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(
            _("The file is too large: at most %(megabytes)s MB.")
            % {"megabytes": limit // (1024 * 1024)}
        )
    if not data:
        raise UploadError(_("The file is empty."))
    return data


def document_file(upload: IO[bytes], name: str) -> ContentFile[bytes]:
    """The checked document under a random name with its own extension."""
    suffix = PurePath(name).suffix.lower()
    wrong_type = UploadError(_("Attach a PDF, DOCX or ODT document; this file is not one."))
    if suffix not in DOCUMENT_SUFFIXES:
        raise wrong_type
    data = _read(upload, MAX_DOCUMENT_BYTES)
    if not is_document(data, suffix):
        raise wrong_type
    return ContentFile(data, name=f"{uuid.uuid4().hex}{suffix}")


def photo_file(upload: IO[bytes]) -> ContentFile[bytes]:
    """The checked photo, turned upright, at most 1600 px on its longest side, without
    metadata, under a random name."""
    photo = prepare_photo(
        _read(upload, MAX_PHOTO_BYTES), max_side=MAX_PHOTO_SIDE, thumbnail_size=(400, 300)
    )
    return photo.image
