import pytest
from openapi_spec_validator import validate


@pytest.mark.django_db
def test_openapi_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/territories" in schema["paths"]


@pytest.mark.django_db
def test_docs_use_only_vendored_assets(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


@pytest.mark.django_db
def test_unexpected_errors_answer_problem_json_without_traceback(client, monkeypatch):
    from koordynator.territory import selectors

    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "units_list", explode)
    response = client.get("/api/v1/territories")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
