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
