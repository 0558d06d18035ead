"""A document's content must be the type its name says."""

import io
import zipfile

import pytest

from koordynator.core.uploads import is_document


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n..."
DOCX = package({"word/document.xml": b"<w:document/>"})
XLSX = package({"xl/workbook.xml": b"<workbook/>"})
ODT = package({"mimetype": b"application/vnd.oasis.opendocument.text"})
ODS = package({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})


@pytest.mark.parametrize(
    ("data", "suffix", "expected"),
    [
        (PDF, ".pdf", True),
        (DOCX, ".docx", True),
        (XLSX, ".xlsx", True),
        (ODT, ".odt", True),
        (b"MZ\x90\x00 an executable", ".pdf", False),
        (DOCX, ".xlsx", False),
        (XLSX, ".docx", False),
        (ODS, ".odt", False),
        (b"not a zip", ".docx", False),
        (PDF, ".exe", False),
    ],
)
def test_content_must_match_the_name(data, suffix, expected):
    assert is_document(data, suffix) is expected


def test_a_photo_is_decoded_resized_and_renamed():
    from PIL import Image

    from koordynator.core.uploads import prepare_photo

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), "navy").save(buffer, "JPEG")
    photo = prepare_photo(buffer.getvalue(), max_side=1600, thumbnail_size=(400, 300))
    assert (photo.width, photo.height) == (1600, 800)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (400, 200)
    assert photo.image.name.endswith(".jpg")
    assert photo.thumbnail.name == photo.image.name.replace(".jpg", "-small.jpg")


def test_what_is_not_a_photo_is_refused_in_polish():
    from koordynator.core.uploads import UploadError, prepare_photo

    with pytest.raises(UploadError) as error:
        prepare_photo(PDF, max_side=100, thumbnail_size=(10, 10))
    assert error.value.code == "not_image"
    assert error.value.message == "Ten plik nie jest zdjęciem. Wgraj obraz JPEG, PNG lub WebP."


@pytest.mark.django_db
def test_files_are_deleted_only_once_the_change_is_committed(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from koordynator.core.uploads import delete_files_on_commit

    name = default_storage.save("core-test/old.txt", ContentFile(b"old"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_files_on_commit(name, "", None)
    assert default_storage.exists(name)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not default_storage.exists(name)
