"""PostgreSQL refuses a NUL character in text: every request naming one is refused first."""

import pytest

pytestmark = pytest.mark.django_db

API = [
    "/api/v1/territories?q=%00",
    "/api/v1/territories?q=lub%00lin",
    "/api/v1/entities?q=%00",
    "/api/v1/territories/06%00",
    "/api/v1/territories?%00=1",
    "/api/v1/committee/resolutions?q=a%00",
    "/api/v1/nowhere%00",
]
PAGES = [
    "/directory/?q=%00",
    "/map/data/?q=%00",
    "/events/?q=%00",
    "/accounts/login/?next=/%00",
    "/news/%00/",
]


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_a_nul_byte_as_a_problem(client, region, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_refuses_a_nul_byte(client, region, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_refusal_is_said_in_polish(client, region):
    response = client.get("/api/v1/territories?q=%00")
    assert response.json()["title"] == "Nieprawidłowe żądanie"
    assert "znak" in response.json()["detail"]


def test_a_request_without_one_is_answered(client, region):
    assert client.get("/api/v1/territories?q=lublin").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Nabór\u0000"}, "title"),
        ({"title": "Nabór", "criteria": [{"name": "a"}, {"name": "\u0000"}]}, "criteria.1.name"),
        ({"title\u0000": "Nabór"}, "title\u0000"),
    ],
)
def test_a_nul_character_in_a_json_body_is_invalid_input_naming_the_field(
    client, coordinator, body, field
):
    from koordynator.accounts.services import api_token_issue
    from koordynator.certification.models import Call

    _, key = api_token_issue(user=coordinator, name="test")
    response = client.post(
        "/api/v1/certification/calls",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["field"] == field
    assert "NUL" in error["message"]
    assert not Call.objects.exists()


def test_an_escaped_backslash_before_u0000_is_only_text(client, coordinator):
    from koordynator.accounts.services import api_token_issue

    _, key = api_token_issue(user=coordinator, name="test")
    response = client.post(
        "/api/v1/certification/calls",
        '{"title": "C:\\\\u0000"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
    assert "title" not in [error["field"] for error in response.json()["errors"]]
