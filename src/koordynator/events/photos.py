"""Photos of an event, checked whole before anything is written and re-encoded by
core.uploads (no metadata such as a phone's GPS position, turned upright, at most 2400 px),
with a thumbnail."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koordynator.core import uploads

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2400
THUMBNAIL_SIZE = (600, 450)


def prepare_photo(upload: IO[bytes]) -> uploads.Photo:
    """The stored photo and its thumbnail; ValidationError if it is not a JPEG, PNG or
    WebP image within the limits."""
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="too_large")
    try:
        return uploads.prepare_photo(data, max_side=MAX_SIDE, thumbnail_size=THUMBNAIL_SIZE)
    except uploads.UploadError as error:
        raise ValidationError(error.message, code=error.code) from None
