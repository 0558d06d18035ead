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


def _integer_query_parameters() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for parameter in operations.get("get", {}).get("parameters", [])
        if parameter["in"] == "query"
        and parameter["name"] not in ("limit", "offset")
        and "integer"
        in {parameter["schema"].get("type")}
        | {option.get("type") for option in parameter["schema"].get("anyOf", [])}
    )


YEARS = [(path, name) for path, name in _integer_query_parameters() if name == "year"]


def test_the_document_has_year_filters():
    assert {path for path, _ in YEARS} >= {
        "/api/v1/committee/sittings",
        "/api/v1/committee/resolutions",
        "/api/v1/municipalities/indicators",
        "/api/v1/partnerships/counts",
    }


@pytest.mark.parametrize(("path", "name"), YEARS)
@pytest.mark.parametrize("year", [-1, 0, 10000, 2**63])
def test_a_year_no_date_can_hold_is_invalid_input(
    client, region, coordinator_token, path, name, year
):
    response = client.get(path, {name: year}, **coordinator_token)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == [name]


@pytest.mark.parametrize(("path", "name"), _integer_query_parameters())
@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
def test_no_integer_filter_breaks_a_list(client, coordinator_token, path, name, number):
    response = client.get(re.sub(r"\{[^}]+\}", "1", path), {name: number}, **coordinator_token)
    assert response.status_code < 500, response.content


def _integer_path_parameters() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        {
            (method, path)
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
        }
    )


@pytest.mark.parametrize(("method", "path"), _integer_path_parameters())
def test_no_id_in_a_path_breaks_an_endpoint(client, coordinator_token, method, path):
    response = getattr(client, method)(
        re.sub(r"\{[^}]+\}", str(2**70), path),
        content_type="application/json",
        **coordinator_token,
    )
    assert response.status_code < 500, response.content


def _body_fields(format_: str) -> list[tuple[str, str, str]]:
    """(method, path, field) of every field of a request body in the given format."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def resolve(node):
        if "$ref" in node:
            return components[node["$ref"].rsplit("/", 1)[1]]
        return node

    found = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body is None:
                continue
            for name, field in resolve(body).get("properties", {}).items():
                options = [resolve(field)] + [resolve(o) for o in field.get("anyOf", [])]
                if any(option.get("format") == format_ for option in options):
                    found.add((method, path, name))
    return sorted(found)


DATETIMES = _body_fields("date-time")


def test_the_document_has_datetime_inputs():
    assert {(path, field) for _, path, field in DATETIMES} >= {
        ("/api/v1/events", "starts_at"),
        ("/api/v1/certification/calls", "opens_at"),
        ("/api/v1/committee/sittings", "starts_at"),
    }


@pytest.mark.parametrize(("method", "path", "field"), DATETIMES)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-01-10T10:00:00+23:59", "Podaj przesunięcie strefy czasowej od -15:59 do +15:59."),
        ("2027-01-10T10:00:00-16:00", "Podaj przesunięcie strefy czasowej od -15:59 do +15:59."),
        ("9999-12-31T23:00:00-10:00", "Podaj datę z lat 2000–2100."),
        ("0001-01-01T00:00:00+10:00", "Podaj datę z lat 2000–2100."),
    ],
    ids=["offset-plus-23:59", "offset-minus-16:00", "year-9999", "year-1"],
)
def test_a_datetime_no_database_takes_is_invalid_input(
    client, coordinator_token, method, path, field, value, message
):
    response = getattr(client, method)(
        re.sub(r"\{[^}]+\}", "1", path),
        {field: value},
        content_type="application/json",
        **coordinator_token,
    )
    assert response.status_code == 422, response.content
    assert {"field": field, "message": message} in response.json()["errors"]


def test_a_datetime_with_an_offset_of_a_real_zone_is_taken(client, coordinator_token):
    response = client.post(
        "/api/v1/events",
        {
            "kind": "training",
            "title": "Szkolenie",
            "starts_at": "2027-01-10T10:00:00+14:00",
            "ends_at": "2027-01-10T12:00:00-12:00",
            "venue_gmina": "0607011",
        },
        content_type="application/json",
        **coordinator_token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2027-01-09T20:00:00Z"


def _body_integers() -> list[tuple[str, str, str, int | None, int | None]]:
    """(method, path, field, minimum, maximum) of every integer a request body holds, at
    any depth ("attendance[].member")."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def resolve(node):
        return components[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node

    def walk(node, prefix):
        for name, field in resolve(node).get("properties", {}).items():
            for option in [resolve(field)] + [resolve(o) for o in field.get("anyOf", [])]:
                if option.get("type") == "integer":
                    yield prefix + name, option.get("minimum"), option.get("maximum")
                elif option.get("type") == "array":
                    items = resolve(option["items"])
                    if items.get("type") == "integer":
                        yield f"{prefix}{name}[]", items.get("minimum"), items.get("maximum")
                    else:
                        yield from walk(items, f"{prefix}{name}[].")
                elif "properties" in option:
                    yield from walk(option, f"{prefix}{name}.")

    found = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body is not None:
                found.update((method, path, *field) for field in walk(body, ""))
    return sorted(found, key=lambda row: row[:3])


INTEGERS = _body_integers()


def test_the_document_has_integer_inputs():
    assert ("post", "/api/v1/events", "capacity") in {row[:3] for row in INTEGERS}
    assert len(INTEGERS) >= 40


@pytest.mark.parametrize(("method", "path", "field", "minimum", "maximum"), INTEGERS)
def test_every_integer_a_client_sends_fits_the_database(method, path, field, minimum, maximum):
    assert minimum is not None
    assert minimum >= 0
    # PostgreSQL's integer columns: a count is an integer (or smallint), an id a bigint.
    assert maximum is not None
    assert maximum <= 2**63 - 1


TOP_LEVEL = [row[:3] for row in INTEGERS if "." not in row[2] and "[]" not in row[2]]


@pytest.mark.parametrize(("method", "path", "field"), TOP_LEVEL)
def test_an_integer_past_its_column_is_invalid_input_naming_it(
    client, coordinator_token, method, path, field
):
    response = getattr(client, method)(
        re.sub(r"\{[^}]+\}", "1", path),
        {field: 2**63},
        content_type="application/json",
        **coordinator_token,
    )
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("field", "value", "maximum"),
    [("capacity", 2**40, 2_147_483_647), ("per_organisation_limit", 2**15, 32_767)],
)
def test_an_event_capacity_past_the_column_is_invalid_input(
    client, coordinator_token, field, value, maximum
):
    response = client.post(
        "/api/v1/events",
        {
            "kind": "training",
            "title": "Szkolenie",
            "starts_at": "2027-01-10T10:00:00+01:00",
            "ends_at": "2027-01-10T12:00:00+01:00",
            "venue_gmina": "0607011",
            field: value,
        },
        content_type="application/json",
        **coordinator_token,
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": field, "message": f"Podaj wartość nie większą niż {maximum}."}
    ]


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/api/v1/entities"), ("patch", "/api/v1/events/1")]
)
def test_a_body_over_the_upload_limit_is_too_large(
    client, coordinator_token, settings, method, path
):
    body = '{"name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    response = getattr(client, method)(
        path, body, content_type="application/json", **coordinator_token
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 413
    assert problem["title"] == "Zbyt duże żądanie"
    assert "2,5" in problem["detail"]
