"""What every context checks of an upload: a document's content must be the type its name
says, whatever the browser declared (a renamed executable is not a PDF), and a photo is
decoded and encoded again before anyone sees it."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A DOCX or XLSX file is a ZIP package with this member.
_PACKAGE_MEMBERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def is_document(data: bytes, suffix: str) -> bool:
    """Whether `data` is a document of the type `suffix` names: ".pdf", ".docx", ".odt" or
    ".xlsx" (anything else: no)."""
    if suffix == ".pdf":
        return data.startswith(b"%PDF-")
    if suffix not in _PACKAGE_MEMBERS and suffix != ".odt":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if suffix == ".odt":
                return "mimetype" in names and package.read("mimetype").strip() == _ODT_MIMETYPE
            return _PACKAGE_MEMBERS[suffix] in names
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


class UploadError(Exception):
    """The file is not what it may be; the message (in the user's language) says why."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Photo:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int
    thumbnail_width: int
    thumbnail_height: int


PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PHOTO_PIXELS = 50_000_000


def _encode(picture: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=85)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def prepare_photo(data: bytes, *, max_side: int, thumbnail_size: tuple[int, int]) -> Photo:
    """A JPEG, PNG or WebP photo made safe to publish: decoded (so it is really an image),
    turned upright, at most `max_side` pixels on its longest side, encoded again without
    its metadata (location, camera), under a random name, with a thumbnail.
    Raises UploadError otherwise."""
    not_a_photo = UploadError(
        _("This file is not a photo. Upload a JPEG, PNG or WebP image."), code="not_image"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    if image_format not in PHOTO_FORMATS:
        raise not_a_photo
    if width * height > MAX_PHOTO_PIXELS:
        raise UploadError(
            _("The photo is too large: at most 50 megapixels."), code="too_many_pixels"
        )
    try:
        # verify() leaves the image unusable: open it again to decode it.
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            picture = ImageOps.exif_transpose(source)
            if picture.mode not in ("RGB", "RGBA", "L", "LA"):
                picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            small = picture.copy()
            small.thumbnail(thumbnail_size, Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    extension = PHOTO_FORMATS[image_format]
    stem = uuid.uuid4().hex
    return Photo(
        image=ContentFile(_encode(picture, image_format), name=f"{stem}.{extension}"),
        thumbnail=ContentFile(_encode(small, image_format), name=f"{stem}-small.{extension}"),
        width=picture.width,
        height=picture.height,
        thumbnail_width=small.width,
        thumbnail_height=small.height,
    )


def store_photo(photo: Photo, *, image: FieldFile, thumbnail: FieldFile) -> None:
    """Put a prepared photo and its thumbnail in a row's two file fields; the caller saves
    the row (and its sizes)."""
    image.save(photo.image.name or "photo", photo.image, save=False)
    thumbnail.save(photo.thumbnail.name or "photo-small", photo.thumbnail, save=False)


def delete_files_on_commit(*files: FieldFile | str | None) -> None:
    """Remove replaced or deleted files once the change is committed (never before: a
    rolled-back change must still find its files). Empty names are skipped."""
    names: list[str] = []
    for file in files:
        name = file if isinstance(file, str) or file is None else file.name
        if name:
            names.append(name)

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(remove)
