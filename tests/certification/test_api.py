"""/api/v1/certification: calls, applications with their moves and reviews, licences, and
the public register; every role sees only what it may."""

import datetime

import pytest
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.services import api_token_issue
from koordynator.certification.models import Application, Call, Review
from tests.factories import region_for, user_with_role
from tests.factories.certification import (
    bring_to,
    make_applicant,
    make_application,
    make_call,
    make_licence,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
BASE = "/api/v1/certification"


def auth(user):
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def call(region, coordinator, board):
    return make_call(region=region, coordinator=coordinator, reviewers=board)


@pytest.fixture
def people(region, coordinator, board, call):
    """One user per role around one application in review."""
    user, entity = make_applicant(region)
    application = bring_to(make_application(call, user, entity), "in_review", coordinator)
    return {
        "application": application,
        "entity": entity,
        "users": {
            "coordinator": coordinator,
            "other_coordinator": user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("12")),
            "applicant": user,
            "other_applicant": make_applicant(region, name="Fundacja Inna")[0],
            "board": board[0],
            "other_reviewer": user_with_role(Role.REVIEWER, region=region),
            "support_centre": user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region),
            "admin": user_with_role(Role.NATIONAL_ADMIN),
        },
    }


def test_public_reads_calls_without_a_token(client, call, region):
    future = make_call(
        region=region,
        title="Nabór przyszły",
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    body = client.get(f"{BASE}/calls").json()
    assert [item["id"] for item in body["items"]] == [call.pk]
    item = body["items"][0]
    assert item["reviewers"] is None
    assert [c["name"] for c in item["criteria"]] == ["Jakość", "Wartość społeczna"]
    assert client.get(f"{BASE}/calls/{future.pk}").status_code == 404
    staff = client.get(f"{BASE}/calls/{future.pk}", **auth(call_manager(call)))
    assert staff.status_code == 200
    assert len(staff.json()["reviewers"]) == 2


def call_manager(call):
    return user_with_role(Role.REGIONAL_COORDINATOR, region=call.region)


def test_staff_create_a_call_and_others_may_not(client, coordinator, board, region):
    now = timezone.now()
    payload = {
        "title": "Nabór 2027",
        "opens_at": now.isoformat(),
        "closes_at": (now + datetime.timedelta(days=20)).isoformat(),
        "pass_threshold": "65",
        "criteria": [{"name": "Jakość", "max_points": 10, "weight": "1.5"}],
        "reviewers": [r.pk for r in board],
    }
    response = client.post(
        f"{BASE}/calls", payload, content_type="application/json", **auth(coordinator)
    )
    assert response.status_code == 201, response.json()
    assert response.json()["pass_threshold"] == "65.00"
    representative = make_applicant(region)[0]
    refused = client.post(
        f"{BASE}/calls", payload, content_type="application/json", **auth(representative)
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM
    bad = client.post(
        f"{BASE}/calls",
        {**payload, "reviewers": [representative.pk]},
        content_type="application/json",
        **auth(coordinator),
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["reviewers"]
    assert Call.objects.count() == 1
    assert client.post(f"{BASE}/calls", payload, content_type="application/json").status_code == 401


def test_representative_creates_and_submits_an_application(client, call, region):
    user, entity = make_applicant(region)
    payload = {
        "call": call.pk,
        "declares_legal_form": True,
        "declares_social_goals": True,
        "declares_six_months": True,
        "declares_own_revenue": True,
        "items": [
            {
                "name": "Catering na spotkania",
                "kind": "service",
                "category": "food",
                "description": "Obiady i przerwy kawowe.",
            }
        ],
        "recommendations": [
            {"referee_name": "Anna Nowak", "referee_contact": "anna@example.org"},
            {"referee_name": "Jan Kowalski", "referee_contact": "tel. 600 000 000"},
        ],
    }
    response = client.post(
        f"{BASE}/applications", payload, content_type="application/json", **auth(user)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["entity"] == {"id": entity.pk, "name": entity.name}
    assert body["missing"] == {"evidence": body["missing"]["evidence"]}
    assert body["transitions"] == ["submit"]
    submit = client.post(f"{BASE}/applications/{body['id']}/transitions/submit", **auth(user))
    assert submit.status_code == 422
    assert [e["field"] for e in submit.json()["errors"]] == ["evidence"]
    bad_item = client.post(
        f"{BASE}/applications",
        {**payload, "items": [{**payload["items"][0], "kind": "thing"}]},
        content_type="application/json",
        **auth(make_applicant(region, name="Fundacja B")[0]),
    )
    assert bad_item.status_code == 422
    assert bad_item.json()["errors"][0]["field"] == "items.0.kind"
    assert Application.objects.count() == 1


def test_a_forbidden_transition_answers_409_and_changes_nothing(client, people, coordinator):
    application = people["application"]
    response = client.post(
        f"{BASE}/applications/{application.pk}/transitions/accept_formally",
        {},
        content_type="application/json",
        **auth(coordinator),
    )
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 409
    assert body["detail"] == (
        "Wniosku o statusie „w ocenie” nie można przenieść do statusu „przyjęty formalnie”."
    )
    application.refresh_from_db()
    assert application.status == "in_review"
    unknown = client.post(
        f"{BASE}/applications/{application.pk}/transitions/approve", **auth(coordinator)
    )
    assert unknown.status_code == 404


def test_transitions_with_their_arguments(client, call, coordinator, region):
    user, entity = make_applicant(region)
    application = bring_to(make_application(call, user, entity), "submitted", coordinator)
    path = f"{BASE}/applications/{application.pk}/transitions"
    missing = client.post(
        f"{path}/request_correction",
        {"message": "Popraw."},
        content_type="application/json",
        **auth(coordinator),
    )
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["deadline"]
    deadline = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        f"{path}/request_correction",
        {"message": "Popraw.", "deadline": deadline},
        content_type="application/json",
        **auth(coordinator),
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["correction_request"]) == (
        "correction_requested",
        "Popraw.",
    )
    # The applicant may not check their own application.
    own = client.post(
        f"{path}/reject_formally",
        {"reason": "x"},
        content_type="application/json",
        **auth(user),
    )
    assert own.status_code == 403
    assert client.post(f"{path}/submit", **auth(user)).json()["status"] == "submitted"


def test_reviews_are_posted_by_the_board_and_hidden_until_own_is_in(client, people, board, call):
    application = people["application"]
    path = f"{BASE}/applications/{application.pk}/reviews"
    criteria = list(call.criteria.all())
    scores = [{"criterion": c.pk, "points": 3, "justification": "Dobrze."} for c in criteria]
    refused = client.post(
        path,
        {"no_conflict": False, "scores": scores},
        content_type="application/json",
        **auth(board[0]),
    )
    assert refused.status_code == 422
    assert not Review.objects.exists()
    incomplete = client.post(
        path,
        {"no_conflict": True, "scores": scores[:1]},
        content_type="application/json",
        **auth(board[0]),
    )
    assert incomplete.status_code == 422
    assert not Review.objects.exists()  # the declaration is not kept without the scores
    response = client.post(
        path,
        {"no_conflict": True, "scores": scores},
        content_type="application/json",
        **auth(board[0]),
    )
    assert response.status_code == 201
    assert response.json()["score"] == "36.00"  # (3×2 + 3×1) / 25
    second = client.get(path, **auth(board[1])).json()
    assert second == []
    first = client.get(path, **auth(board[0])).json()
    assert [r["score"] for r in first] == ["36.00"]
    assert client.get(path, **auth(people["users"]["applicant"])).status_code == 403
    outsider = client.post(
        path,
        {"no_conflict": True, "scores": scores},
        content_type="application/json",
        **auth(people["users"]["other_reviewer"]),
    )
    assert outsider.status_code == 404


@pytest.mark.parametrize(
    ("role", "sees_application", "sees_reviews", "may_start_review"),
    [
        ("coordinator", True, True, True),
        ("other_coordinator", False, False, False),
        ("applicant", True, False, False),
        ("other_applicant", False, False, False),
        ("board", True, True, False),
        ("other_reviewer", False, False, False),
        ("support_centre", False, False, False),
        ("admin", True, True, True),
    ],
)
def test_role_matrix(client, people, role, sees_application, sees_reviews, may_start_review):
    application = people["application"]
    headers = auth(people["users"][role])
    listed = client.get(f"{BASE}/applications", **headers).json()
    assert [a["id"] for a in listed["items"]] == ([application.pk] if sees_application else [])
    detail = client.get(f"{BASE}/applications/{application.pk}", **headers)
    assert detail.status_code == (200 if sees_application else 404)
    reviews = client.get(f"{BASE}/applications/{application.pk}/reviews", **headers)
    assert reviews.status_code == (200 if sees_reviews else 403 if sees_application else 404)
    move = client.post(f"{BASE}/applications/{application.pk}/transitions/start_review", **headers)
    expected = 409 if may_start_review else 403 if sees_application else 404
    assert move.status_code == expected, move.json()["errors"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("coordinator", True),
        ("other_coordinator", False),
        ("holder", True),
        ("other_applicant", False),
        ("reviewer", False),
        ("admin", True),
    ],
)
def test_licences_are_seen_by_staff_and_holders(client, coordinator, region, role, sees):
    licence = make_licence(coordinator=coordinator)
    users = {
        "coordinator": coordinator,
        "other_coordinator": user_with_role(Role.REGIONAL_COORDINATOR, region=region_for("12")),
        "holder": licence.item.application.created_by,
        "other_applicant": make_applicant(region, name="Fundacja C")[0],
        "reviewer": user_with_role(Role.REVIEWER, region=region),
        "admin": user_with_role(Role.NATIONAL_ADMIN),
    }
    body = client.get(f"{BASE}/licences", **auth(users[role])).json()
    assert [item["number"] for item in body["items"]] == ([licence.number] if sees else [])
    if sees:
        assert body["items"][0]["status"] == "active"


def test_licences_filter_by_entity_and_status(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    other = make_licence(coordinator=coordinator, item="Świece sojowe", category="crafts")
    headers = auth(coordinator)
    entity = licence.item.application.entity_id
    body = client.get(f"{BASE}/licences", {"entity": entity}, **headers).json()
    assert [item["id"] for item in body["items"]] == [licence.pk]
    body = client.get(f"{BASE}/licences", {"status": "revoked"}, **headers).json()
    assert body["items"] == []
    assert client.get(f"{BASE}/licences", {"status": "odd"}, **headers).status_code == 422
    assert other.pk != licence.pk
    assert client.get(f"{BASE}/licences").status_code == 401


def test_the_public_register_needs_no_token(client, coordinator):
    licence = make_licence(coordinator=coordinator)
    body = client.get(f"{BASE}/register", {"q": "pierogow"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["number"], item["name"], item["status"]) == (
        licence.number,
        "Pierogi lubelskie",
        "active",
    )
    assert item["holder"]["powiat"] == "0607"
    assert client.get(f"{BASE}/register", {"category": "crafts"}).json()["count"] == 0
