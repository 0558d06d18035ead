import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory

from koordynator.core.http import site_url, stored_file_response


class _Field:
    """Enough of a model's file field for a FieldFile."""

    storage = default_storage


def _stored(name: str, content: bytes = b"%PDF-1.7 test") -> FieldFile:
    saved = default_storage.save(name, ContentFile(content))
    return FieldFile(instance=None, field=_Field(), name=saved)


def test_a_pdf_opens_in_the_browser_under_its_name_with_the_files_extension():
    response = stored_file_response(_stored("docs/rules.pdf"), "rules-7")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="rules-7.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_other_documents_download_and_a_public_one_may_be_cached():
    response = stored_file_response(_stored("docs/plan.odt", b"odt"), "Plan.odt", private=False)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="Plan.odt"'
    assert "Cache-Control" not in response


def test_an_unnamed_file_is_a_document_and_a_missing_one_a_404():
    stored = _stored("docs/sheet.xlsx", b"xlsx")
    assert 'filename="document.xlsx"' in stored_file_response(stored, "")["Content-Disposition"]
    default_storage.delete(stored.name)
    with pytest.raises(Http404):
        stored_file_response(FieldFile(instance=None, field=_Field(), name=stored.name), "sheet")
    with pytest.raises(Http404):
        stored_file_response(None, "nothing")


def test_site_url_is_the_address_the_request_came_to():
    request = RequestFactory().get("/panel/committee/", secure=True)
    assert site_url(request) == "https://testserver/"
