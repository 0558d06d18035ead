"""Checks and preparation of uploaded photos and documents.

A file is read whole before anything is written: a photo must open and verify with
Pillow, a document must be what its name says (a PDF starts with ``%PDF-``; DOCX, XLSX and
ODT are ZIP packages with their own inner files). Photos are then re-encoded: that drops
their metadata (a phone's GPS position), turns them upright and limits their size, and a
smaller copy is made for galleries and lists.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from koordynator.core.uploads import is_document

from .enums import DocumentType

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
MAX_IMAGE_SIDE = 2400  # longest side of the stored photo
THUMBNAIL_SIZE = (800, 600)
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# What a document's name may end with, and how to recognise its content.
DOCUMENT_TYPES = {
    "pdf": DocumentType.PDF,
    "docx": DocumentType.DOCX,
    "odt": DocumentType.ODT,
    "xlsx": DocumentType.XLSX,
}


@dataclass(frozen=True)
class PreparedImage:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int
    thumbnail_width: int
    thumbnail_height: int


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


def _encode(picture: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=85)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def prepare_image(upload: IO[bytes]) -> PreparedImage:
    """Check an uploaded photo and make its stored version and thumbnail.

    Raises ValidationError (in the user's language) if it is not a JPEG, PNG or WebP image
    within the limits.
    """
    data = _read(upload, MAX_IMAGE_BYTES)
    not_an_image = ValidationError(
        _("This file is not a photo. Upload a JPEG, PNG or WebP image."), code="not_image"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if image_format not in IMAGE_FORMATS:
        raise not_an_image
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The photo is too large: at most 50 megapixels."), code="too_many_pixels"
        )
    try:
        # verify() leaves the image unusable: open it again to decode it.
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            picture = ImageOps.exif_transpose(source)
            if picture.mode not in ("RGB", "RGBA", "L", "LA"):
                picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
            small = picture.copy()
            small.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    extension = IMAGE_FORMATS[image_format]
    stem = uuid.uuid4().hex
    return PreparedImage(
        image=ContentFile(_encode(picture, image_format), name=f"{stem}.{extension}"),
        thumbnail=ContentFile(_encode(small, image_format), name=f"{stem}-small.{extension}"),
        width=picture.width,
        height=picture.height,
        thumbnail_width=small.width,
        thumbnail_height=small.height,
    )


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
