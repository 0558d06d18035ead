"""Documents are checked by their content, photos by opening them."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from koordynator.certification.uploads import UploadError, document_file, photo_file


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"%PDF-1.7\n"),
        ("a.docx", _zip({"word/document.xml": "<w/>"})),
        ("a.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"})),
    ],
)
def test_documents_that_are_what_they_say(name, content):
    stored = document_file(SimpleUploadedFile(name, content), name)
    assert stored.name.endswith(name[1:])
    assert stored.name != name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"MZ\x90\x00"),
        ("a.docx", b"%PDF-1.7"),
        ("a.odt", _zip({"mimetype": "application/zip"})),
        ("a.exe", b"%PDF-1.7"),
        ("a.pdf", b""),
    ],
)
def test_documents_that_are_not(name, content):
    with pytest.raises(UploadError):
        document_file(SimpleUploadedFile(name, content), name)


def test_photo_is_re_encoded_and_a_non_photo_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1000), (10, 120, 200)).save(buffer, "JPEG")
    stored = photo_file(SimpleUploadedFile("p.jpg", buffer.getvalue()))
    with Image.open(stored) as picture:
        assert picture.size == (1600, 533)
    with pytest.raises(UploadError):
        photo_file(SimpleUploadedFile("p.jpg", b"%PDF-1.4"))
