"""/api/v1/support/...: limits answer 422 naming them, a centre without an active
accreditation 409, another centre's records 404, and nothing is written when refused."""

from datetime import date
from typing import get_args

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koordynator.accounts.enums import Role
from koordynator.accounts.services import api_token_issue
from koordynator.support import api, services
from koordynator.support.enums import JobholderGroup, SupportKind
from koordynator.support.models import FundedJob, GrantAgreement, SupportRecord
from tests.factories import user_with_role
from tests.factories.support import (
    agreement,
    centre_staff,
    entity_in,
    support_centre,
    support_record,
)

pytestmark = pytest.mark.django_db


def bearer(user):
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def grant_payload(centre, entity, jobs=1, **extra):
    return {
        "centre": centre.pk,
        "entity": entity.pk,
        "number": "UM/2025/7",
        "signed_on": "2025-03-10",
        "amount_per_job": "20000.00",
        "bridging_monthly": "2500",
        "bridging_months": 12,
        "jobs": [
            {
                "position": "Pomoc kuchenna",
                "starts_on": "2025-04-01",
                "fte": "0.5",
                "group": "disabled",
            }
        ]
        * jobs,
        **extra,
    }


def post(client, path, body, token):
    return client.post(path, body, content_type="application/json", **token)


def test_staff_record_a_grant_with_its_jobs(client, centre, staff):
    response = post(
        client, "/api/v1/support/grants", grant_payload(centre, entity_in(), 6), bearer(staff)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["jobs"]) == 6
    assert body["amount"] == "120000.00"
    assert body["bridging_amount"] == "30000.00"
    assert body["jobs"][0]["durability_ends_on"] == "2026-04-01"


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"jobs": 7}, "jobs", "6 miejsc pracy"),
        ({"amount_per_job": "20000.01"}, "amount_per_job", "20\u00a0000,00\u00a0zł"),
        ({"bridging_months": 13}, "bridging_months", "12 miesięcy"),
    ],
)
def test_a_grant_over_a_limit_answers_422_naming_it(client, centre, staff, extra, field, words):
    jobs = extra.pop("jobs", 1)
    payload = grant_payload(centre, entity_in(), jobs, **extra)
    response = post(client, "/api/v1/support/grants", payload, bearer(staff))
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert words in errors[field]
    assert not GrantAgreement.objects.exists()
    assert not FundedJob.objects.exists()


def test_a_suspended_centre_answers_409(client, centre, staff):
    services.accreditation_move(
        accreditation=centre.accreditations.get(), transition="suspend", actor=None
    )
    response = post(
        client, "/api/v1/support/grants", grant_payload(centre, entity_in()), bearer(staff)
    )
    assert response.status_code == 409
    assert "zawieszona" in response.json()["detail"]
    assert not GrantAgreement.objects.exists()


def test_another_centres_records_answer_404(client, centre, other_centre, staff):
    theirs = agreement(other_centre)
    record = support_record(other_centre)
    token = bearer(staff)
    assert (
        client.get(f"/api/v1/support/centres/{other_centre.pk}/accreditations", **token).status_code
        == 404
    )
    response = post(
        client, "/api/v1/support/grants", grant_payload(other_centre, entity_in()), token
    )
    assert response.status_code == 404
    job = theirs.jobs.get()
    assert (
        post(
            client, f"/api/v1/support/jobs/{job.pk}/end", {"ended_on": "2025-06-01"}, token
        ).status_code
        == 404
    )
    assert client.get("/api/v1/support/grants", **token).json()["count"] == 0
    listed = client.get("/api/v1/support/services", **token).json()
    assert record.pk not in [item["id"] for item in listed["items"]]
    assert [c["id"] for c in client.get("/api/v1/support/centres", **token).json()["items"]] == [
        centre.pk
    ]
    assert (
        client.get(
            f"/api/v1/support/summary?year=2025&centre={other_centre.pk}", **token
        ).status_code
        == 404
    )


def test_the_coordinator_creates_and_renames_a_centre_and_grants_accreditation(
    client, region, coordinator
):
    token = bearer(coordinator)
    created = post(
        client,
        "/api/v1/support/centres",
        {"region": "06", "name": "OWES Chełmski (fikcyjny)"},
        token,
    )
    assert created.status_code == 201
    centre_id = created.json()["id"]
    renamed = client.patch(
        f"/api/v1/support/centres/{centre_id}",
        {"email": "owes@example.org"},
        content_type="application/json",
        **token,
    )
    assert renamed.json()["email"] == "owes@example.org"
    too_long = post(
        client,
        f"/api/v1/support/centres/{centre_id}/accreditations",
        {"decision_number": "DES-1", "granted_on": "2025-01-01", "valid_until": "2027-01-01"},
        token,
    )
    assert too_long.status_code == 422
    granted = post(
        client,
        f"/api/v1/support/centres/{centre_id}/accreditations",
        {"decision_number": "DES-1", "granted_on": "2025-01-01", "valid_until": "2026-12-31"},
        token,
    )
    assert granted.status_code == 201
    assert granted.json()["status"] == "active"


def test_staff_may_not_change_their_centre_or_its_accreditation(client, centre, staff):
    token = bearer(staff)
    response = client.patch(
        f"/api/v1/support/centres/{centre.pk}",
        {"name": "X"},
        content_type="application/json",
        **token,
    )
    assert response.status_code == 403
    assert (
        post(client, "/api/v1/support/centres", {"region": "06", "name": "X"}, token).status_code
        == 404
    )


def test_bulk_training_record_and_filters(client, centre, staff):
    entities = [entity_in(), entity_in("0663011")]
    token = bearer(staff)
    response = post(
        client,
        "/api/v1/support/services",
        {
            "centre": centre.pk,
            "kind": "training",
            "date": "2025-05-06",
            "hours": "6",
            "people": 12,
            "topic": "Księgowość spółdzielni socjalnej",
            "entities": [e.pk for e in entities],
        },
        token,
    )
    assert response.status_code == 201, response.content
    assert SupportRecord.objects.get().entities.count() == 2
    support_record(centre, given_on=date(2025, 1, 2))
    listed = client.get(
        "/api/v1/support/services?kind=training&from=2025-05-01&to=2025-05-31", **token
    ).json()
    assert listed["count"] == 1
    assert listed["items"][0]["entities"] == sorted(e.pk for e in entities)
    by_entity = client.get(f"/api/v1/support/services?entity={entities[1].pk}", **token).json()
    assert by_entity["count"] == 1


def test_bad_input_answers_422_never_500(client, centre, staff):
    token = bearer(staff)
    for body in [
        {"centre": centre.pk},
        grant_payload(centre, entity_in(), jobs=1, amount_per_job="-5"),
        {
            **grant_payload(centre, entity_in()),
            "jobs": [{"position": "x", "starts_on": "2025-04-01", "fte": "1.5", "group": "other"}],
        },
        {
            **grant_payload(centre, entity_in()),
            "jobs": [
                {"position": "x", "starts_on": "2025-04-01", "fte": "1", "group": "Jan Kowalski"}
            ],
        },
        {**grant_payload(centre, entity_in()), "entity": 10**9},
    ]:
        assert post(client, "/api/v1/support/grants", body, token).status_code == 422, body
    assert client.get("/api/v1/support/summary?year=abc", **token).status_code == 422
    assert client.get("/api/v1/support/services?kind=nope", **token).status_code == 422
    assert not GrantAgreement.objects.exists()


def test_job_end_and_summary(client, centre, staff):
    signed = agreement(centre, jobs=2)
    token = bearer(staff)
    job = signed.jobs.first()
    ended = post(client, f"/api/v1/support/jobs/{job.pk}/end", {"ended_on": "2025-09-30"}, token)
    assert ended.status_code == 200
    assert ended.json()["ended_early"] is True
    again = post(client, f"/api/v1/support/jobs/{job.pk}/end", {"ended_on": "2025-10-30"}, token)
    assert again.status_code == 409
    figures = client.get("/api/v1/support/summary?year=2025", **token).json()
    assert figures == {
        "jobs_created": 2,
        "jobs_ended_early": 1,
        "grants_count": 1,
        "grants_amount": "40000.00",
        "bridging_amount": "30000.00",
        "entities_supported": 0,
        "entities_founded": 0,
        "support_hours": "0.00",
    }


def test_the_api_names_every_kind_and_group_of_the_enums():
    assert set(get_args(api.SupportKindName)) == set(SupportKind.values)
    assert set(get_args(api.GroupName)) == set(JobholderGroup.values)


def test_the_api_needs_a_staff_token(client, region):
    assert client.get("/api/v1/support/summary?year=2025").status_code == 401
    representative = user_with_role(Role.ENTITY_REPRESENTATIVE, region=region)
    assert (
        client.get("/api/v1/support/summary?year=2025", **bearer(representative)).status_code == 403
    )
    assert client.get("/api/v1/support/grants", **bearer(representative)).status_code == 403


def test_the_region_coordinator_reads_every_centre(
    client, centre, other_centre, coordinator, other_coordinator
):
    agreement(centre, jobs=2)
    agreement(other_centre, jobs=3)
    assert (
        client.get("/api/v1/support/summary?year=2025", **bearer(coordinator)).json()[
            "jobs_created"
        ]
        == 5
    )
    assert (
        client.get("/api/v1/support/summary?year=2025", **bearer(other_coordinator)).json()[
            "jobs_created"
        ]
        == 0
    )
    assert centre_staff(centre)


def test_the_list_of_centres_reads_their_accreditations_at_once(client, region, coordinator):
    token = bearer(coordinator)
    support_centre(region)
    client.get("/api/v1/support/centres", **token)  # the token's first use is recorded
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/support/centres", **token).json()["count"] == 1
    for _ in range(3):
        support_centre(region)
    with CaptureQueriesContext(connection) as four:
        body = client.get("/api/v1/support/centres", **token).json()
    assert body["count"] == 4
    assert {item["accreditation_status"] for item in body["items"]} == {"active"}
    assert len(four) == len(one)
