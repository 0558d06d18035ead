"""/api/v1/committee/...: public reads, staff reads and writes, 409 for forbidden moves."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.accounts.services import api_token_issue
from koordynator.committee.enums import AttendanceStatus
from koordynator.committee.models import Sitting
from tests.factories import user_with_role
from tests.factories.committee import MemberFactory

from .builders import approved_sitting, attend, convened, plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JSON = "application/json"


def bearer(user):
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def current(committee):
    return [
        MemberFactory(
            committee=committee,
            full_name=name,
            email=f"{n}@example.org",
            term_starts_on=date(TODAY.year - 1, 1, 1),
            term_ends_on=date(TODAY.year + 1, 12, 31),
        )
        for n, name in enumerate(("Anna Świątek", "Bartosz Łęcki", "Celina Ćwik"))
    ]


def test_committees_and_current_members_are_public_without_contacts(
    client, committee, current, coordinator
):
    body = client.get("/api/v1/committee/committees").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["region"], item["current_members"], item["quorum_percent"]) == ("06", 3, 50)
    members = client.get(f"/api/v1/committee/members?committee={committee.pk}").json()
    assert members["count"] == 3
    assert {m["full_name"] for m in members["items"]} == {
        "Anna Świątek",
        "Bartosz Łęcki",
        "Celina Ćwik",
    }
    assert all(m["email"] is None and m["flagged_for_dismissal"] is None for m in members["items"])
    staff = client.get(
        f"/api/v1/committee/members?committee={committee.pk}", **bearer(coordinator)
    ).json()
    assert sorted(m["email"] for m in staff["items"]) == [
        "0@example.org",
        "1@example.org",
        "2@example.org",
    ]
    assert {m["flagged_for_dismissal"] for m in staff["items"]} == {False}


def test_public_sittings_show_attendance_only_once_the_minutes_are_approved(
    client, committee, current, coordinator
):
    approved, _ = approved_sitting(committee, current, coordinator, day=date(TODAY.year, 1, 15))
    open_sitting = convened(committee, coordinator, day=date(TODAY.year, 2, 15))
    attend(open_sitting, coordinator, {current[0]: AttendanceStatus.PRESENT})
    body = client.get("/api/v1/committee/sittings").json()
    assert body["count"] == 2
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[approved.pk]["attendance"][0]["status"] == "present"
    assert by_id[approved.pk]["minutes_pdf_url"] == f"/committee/sittings/{approved.pk}/minutes.pdf"
    assert by_id[open_sitting.pk]["attendance"] is None
    assert [i["title"] for i in by_id[open_sitting.pk]["agenda"]] == [
        "Otwarcie posiedzenia",
        "Plan pracy",
    ]
    staff = client.get(
        f"/api/v1/committee/sittings/{open_sitting.pk}", **bearer(coordinator)
    ).json()
    assert staff["attendance"][0] == {
        "member": current[0].pk,
        "full_name": "Anna Świątek",
        "status": "present",
    }
    assert staff["quorum"] == {"members": 3, "present": 1, "required": 2, "is_present": False}


def test_cancelled_sittings_are_hidden_from_the_public(client, committee, current, coordinator):
    from koordynator.committee import services

    sitting = plan(committee, coordinator)
    services.sitting_transition(sitting=sitting, transition="cancel", actor=coordinator)
    assert client.get("/api/v1/committee/sittings").json()["count"] == 0
    assert client.get(f"/api/v1/committee/sittings/{sitting.pk}").status_code == 404
    assert client.get("/api/v1/committee/sittings", **bearer(coordinator)).json()["count"] == 1


def test_a_coordinator_runs_a_sitting_through_the_api(client, committee, current, coordinator):
    token = bearer(coordinator)
    day = min(TODAY, date(TODAY.year, 3, 12))  # votes and "held" wait for the sitting's day
    response = client.post(
        "/api/v1/committee/sittings",
        {
            "committee": committee.pk,
            "starts_at": f"{day}T10:00:00+01:00",
            "ends_at": f"{day}T13:00:00+01:00",
            "venue_name": "Sala Kolumnowa",
            "agenda": [
                {"title": "Otwarcie"},
                {"title": "Plan pracy", "description": "Projekt planu."},
            ],
        },
        content_type=JSON,
        **token,
    )
    assert response.status_code == 201
    sitting = response.json()
    assert (sitting["number"], sitting["status"], len(sitting["agenda"])) == (1, "planned", 2)
    url = f"/api/v1/committee/sittings/{sitting['id']}"
    conflict = client.post(f"{url}/transitions/hold", content_type=JSON, **token)
    assert conflict.status_code == 409
    assert conflict["Content-Type"] == "application/problem+json"
    assert conflict.json()["detail"] == (
        "Posiedzenie w stanie „zaplanowane” nie może przejść do stanu „odbyte”."
    )
    assert (
        client.post(f"{url}/transitions/convene", content_type=JSON, **token).json()["status"]
        == "convened"
    )
    attendance = client.put(
        f"{url}/attendance",
        {"attendance": [{"member": m.pk, "status": "present"} for m in current]},
        content_type=JSON,
        **token,
    )
    assert attendance.json()["quorum"]["is_present"] is True
    resolution = client.post(
        f"{url}/resolutions",
        {
            "kind": "opinion",
            "title": "w sprawie programu",
            "agenda_item": sitting["agenda"][1]["id"],
        },
        content_type=JSON,
        **token,
    ).json()
    too_many = client.post(
        f"/api/v1/committee/resolutions/{resolution['id']}/vote",
        {"votes_for": 3, "votes_against": 1},
        content_type=JSON,
        **token,
    )
    assert too_many.status_code == 422
    assert too_many.json()["errors"] == [
        {"field": "votes_for", "message": "Głosów: 4, a obecnych członków tylko 3."}
    ]
    voted = client.post(
        f"/api/v1/committee/resolutions/{resolution['id']}/vote",
        {"votes_for": 2, "votes_against": 0, "votes_abstained": 1},
        content_type=JSON,
        **token,
    )
    assert (voted.json()["status"], voted.json()["reference"]) == ("adopted", f"1/{TODAY.year}")
    again = client.post(
        f"/api/v1/committee/resolutions/{resolution['id']}/vote",
        {"votes_for": 3},
        content_type=JSON,
        **token,
    )
    assert again.status_code == 409
    client.post(f"{url}/transitions/hold", content_type=JSON, **token)
    minutes = client.post(f"{url}/minutes", content_type=JSON, **token)
    assert minutes.status_code == 201
    assert minutes.json()["status"] == "draft"
    assert client.get(f"{url}/minutes").status_code == 404
    client.post(f"{url}/minutes/transitions/submit", content_type=JSON, **token)
    approved = client.post(f"{url}/minutes/transitions/approve", content_type=JSON, **token)
    assert approved.json()["status"] == "approved"
    assert client.get(f"{url}/minutes").json()["status"] == "approved"
    assert (
        client.post(f"{url}/transitions/close", content_type=JSON, **token).json()["status"]
        == "closed"
    )
    public = client.get(f"/api/v1/committee/resolutions?year={TODAY.year}&q=programy").json()
    assert [r["reference"] for r in public["items"]] == [f"1/{TODAY.year}"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("support", 403), ("member", 404), ("stranger", 404)],
)
def test_writes_need_a_coordinator_of_the_region(
    client, committee, region, other_region, who, status
):
    sitting = plan(committee, user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    users = {
        "support": lambda: user_with_role(Role.SUPPORT_CENTRE_STAFF, region=region),
        "member": lambda: user_with_role(Role.COMMITTEE_MEMBER, region=region),
        "stranger": lambda: user_with_role(Role.REGIONAL_COORDINATOR, region=other_region),
    }
    headers = bearer(users[who]()) if who in users else {}
    response = client.post(
        f"/api/v1/committee/sittings/{sitting.pk}/transitions/convene", content_type=JSON, **headers
    )
    assert response.status_code == status
    sitting.refresh_from_db()
    assert sitting.status == "planned"
    create = client.post(
        "/api/v1/committee/sittings",
        {
            "committee": committee.pk,
            "starts_at": "2026-03-12T10:00:00Z",
            "ends_at": "2026-03-12T12:00:00Z",
        },
        content_type=JSON,
        **headers,
    )
    assert create.status_code == status
    assert Sitting.objects.count() == 1


def test_drafts_are_for_readers_of_the_committee(client, committee, current, coordinator, region):
    sitting = convened(committee, coordinator)
    from koordynator.committee import services

    services.resolution_create(
        sitting=sitting, kind="resolution", title="projekt", actor=coordinator
    )
    assert client.get("/api/v1/committee/resolutions").json()["count"] == 0
    member = user_with_role(Role.COMMITTEE_MEMBER, region=region)
    body = client.get("/api/v1/committee/resolutions", **bearer(member)).json()
    assert [(r["title"], r["status"], r["reference"]) for r in body["items"]] == [
        ("projekt", "draft", "")
    ]


def test_api_lists_read_the_same_number_of_queries_for_one_and_three(
    client, committee, current, coordinator
):
    token = bearer(coordinator)
    urls = [
        "/api/v1/committee/sittings",
        "/api/v1/committee/resolutions",
        "/api/v1/committee/members",
    ]
    client.get(urls[0], **token)  # the token's first use is recorded; later ones are not

    def count():
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url, **token).status_code == 200
            result[url] = len(context)
        return result

    approved_sitting(committee, current, coordinator, day=date(TODAY.year, 1, 1), title="pierwsza")
    one = count()
    approved_sitting(committee, current, coordinator, day=date(TODAY.year, 1, 2), title="druga")
    approved_sitting(committee, current, coordinator, day=date(TODAY.year, 1, 3), title="trzecia")
    three = count()
    assert three == one


def test_votes_attendance_and_held_before_the_sittings_day_answer_409(
    client, committee, current, coordinator
):
    token = bearer(coordinator)
    sitting = convened(committee, coordinator, day=TODAY + timedelta(days=7))
    url = f"/api/v1/committee/sittings/{sitting.pk}"
    early = client.put(
        f"{url}/attendance",
        {"attendance": [{"member": current[0].pk, "status": "present"}]},
        content_type=JSON,
        **token,
    )
    held = client.post(f"{url}/transitions/hold", content_type=JSON, **token)
    assert (early.status_code, held.status_code) == (409, 409)
    assert "od dnia posiedzenia" in early.json()["detail"]
    assert not sitting.attendances.exists()
