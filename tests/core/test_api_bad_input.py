"""What a client can send that the database cannot take: a 4xx, never a 500."""

import re

import pytest

from koordynator.accounts.services import api_token_issue
from koordynator.config.api import api

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _operations(method: str, having: str) -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if method in operations
        and any(p["name"] == having for p in operations[method].get("parameters", []))
    )


LISTS = _operations("get", "offset")


@pytest.fixture
def coordinator_token(coordinator):
    _, key = api_token_issue(user=coordinator, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_document_has_the_lists():
    assert len(LISTS) >= 12


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30])
def test_an_offset_past_any_list_is_invalid_input(client, coordinator_token, path, offset):
    response = client.get(re.sub(r"\{[^}]+\}", "1", path), {"offset": offset}, **coordinator_token)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == ["offset"]


def test_the_last_page_of_a_list_still_answers(client):
    response = client.get("/api/v1/territories", {"offset": 1_000_000_000, "limit": 500})
    assert response.status_code == 200
    assert response.json()["items"] == []
