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
