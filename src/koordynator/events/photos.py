"""Photos of an event, checked whole before anything is written, as the news gallery's
are: the file must open and verify with Pillow; it is re-encoded (no metadata such as a
phone's GPS position, turned upright, at most 2400 px) and gets a thumbnail. (The news'
own helper lives in the content context, above this one.)"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_SIDE = 2400
THUMBNAIL_SIZE = (600, 450)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class PreparedPhoto:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int


def _encode(picture: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=85)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def prepare_photo(upload: IO[bytes]) -> PreparedPhoto:
    """The stored photo and its thumbnail; ValidationError if it is not a JPEG, PNG or
    WebP image within the limits."""
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="too_large")
    not_a_photo = ValidationError(
        _("This file is not a photo. Upload a JPEG, PNG or WebP image."), code="not_image"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            probe.verify()
        if image_format not in FORMATS or width * height > MAX_PIXELS:
            raise not_a_photo
        with Image.open(io.BytesIO(data)) as opened:
            picture = ImageOps.exif_transpose(opened)
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            image_bytes = _encode(picture, image_format)
            small = picture.copy()
            small.thumbnail(THUMBNAIL_SIZE)
            thumbnail_bytes = _encode(small, image_format)
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    extension = FORMATS[image_format]
    name = uuid.uuid4().hex
    return PreparedPhoto(
        image=ContentFile(image_bytes, name=f"{name}.{extension}"),
        thumbnail=ContentFile(thumbnail_bytes, name=f"{name}-small.{extension}"),
        width=width,
        height=height,
    )
