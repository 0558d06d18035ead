"""What every context checks of an uploaded document: its content must be the type its
name says, whatever the browser declared (a renamed executable is not a PDF)."""

from __future__ import annotations

import io
import zipfile

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
