"""/api/v1/municipalities/..."""

from decimal import Decimal

import pytest

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.accounts.services import api_token_issue
from koordynator.municipalities.models import SurveyAnswer
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.municipalities import SurveyAnswerFactory, SurveyFactory, local_government

pytestmark = pytest.mark.django_db


def bearer(user):
    _, key = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_indicators_show_twenty_percent_and_follow_one_more_answer(
    client, region, local_governments
):
    survey = SurveyFactory(region=region, year=2017)
    for number, lg in enumerate(local_governments[:100]):
        SurveyAnswerFactory(survey=survey, local_government=lg, with_clauses=number < 20)
    body = client.get("/api/v1/municipalities/indicators?region=06").json()
    assert body["denominator"] == "answered"
    year = body["years"][0]
    assert (year["year"], year["used_clauses"], year["answered"]) == (2017, 20, 100)
    assert Decimal(year["share_using_clauses"]) == Decimal("20.0")
    assert year["local_governments"] == 234
    SurveyAnswerFactory(survey=survey, local_government=local_governments[100])
    year = client.get("/api/v1/municipalities/indicators").json()["years"][0]
    assert Decimal(year["share_using_clauses"]) == Decimal("19.8")


def test_local_governments_hide_contacts_from_the_public(client, region, local_governments):
    lg = local_government("0607052")
    lg.contact_email = "jst@gmina.example"
    lg.save()
    public = client.get("/api/v1/municipalities/local-governments?powiat=0607").json()
    assert public["count"] == 11
    item = next(i for i in public["items"] if i["teryt"] == "0607052")
    assert item["contact_email"] is None
    staff = client.get(
        "/api/v1/municipalities/local-governments?powiat=0607",
        **bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region)),
    ).json()
    assert next(i for i in staff["items"] if i["teryt"] == "0607052")["contact_email"] == (
        "jst@gmina.example"
    )


def test_coordinator_posts_an_answer_and_it_counts(client, region, local_governments):
    survey = SurveyFactory(region=region, year=2017)
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    response = client.post(
        f"/api/v1/municipalities/surveys/{survey.pk}/answers",
        {
            "teryt": "0607052",
            "clause_contracts_count": 1,
            "employment_count": 1,
            "clause_contracts_value": "1000.00",
            "employment_value": "1000.00",
        },
        content_type="application/json",
        **token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["uses_social_clauses"] is True
    assert SurveyAnswer.objects.get().entry_method == "api"
    listed = client.get(f"/api/v1/municipalities/surveys/{survey.pk}/answers", **token).json()
    assert listed["count"] == 1
    share = client.get("/api/v1/municipalities/indicators").json()["years"][0]
    assert Decimal(share["share_using_clauses"]) == Decimal("100.0")


def test_bad_figures_answer_422_in_the_problem_format(client, region, local_governments):
    survey = SurveyFactory(region=region)
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    response = client.post(
        f"/api/v1/municipalities/surveys/{survey.pk}/answers",
        {"teryt": "0607052", "clause_contracts_count": 1, "reserved_count": 2},
        content_type="application/json",
        **token,
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "reserved_count"


def test_officer_token_answers_only_for_its_own_local_government(client, region, local_governments):
    survey = SurveyFactory(region=region)
    lg = local_government("0607052")
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    token = bearer(user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation))
    url = f"/api/v1/municipalities/surveys/{survey.pk}/answers"
    own = client.post(url, {"teryt": "0607052"}, content_type="application/json", **token)
    assert own.status_code == 200
    assert own.json()["entry_method"] == "online"
    other = client.post(url, {"teryt": "0607062"}, content_type="application/json", **token)
    assert other.status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REGIONAL_COORDINATOR, 200),
        (Role.ENTITY_REPRESENTATIVE, 404),
        (Role.SUPPORT_CENTRE_STAFF, 404),
    ],
)
def test_answers_list_is_for_coordinators_and_posting_too(
    client, region, local_governments, role, status
):
    survey = SurveyFactory(region=region)
    token = bearer(user_with_role(role, region=region))
    url = f"/api/v1/municipalities/surveys/{survey.pk}/answers"
    if role == Role.SUPPORT_CENTRE_STAFF:
        assert client.get(url, **token).status_code == 200  # staff may read
    else:
        assert client.get(url, **token).status_code == status
    response = client.post(url, {"teryt": "0607052"}, content_type="application/json", **token)
    assert response.status_code == status


def test_anonymous_cannot_list_surveys(client, region):
    assert client.get("/api/v1/municipalities/surveys").status_code == 401


def test_plans_and_expert_support(client, region, local_governments):
    from koordynator.territory.models import TerritorialUnit
    from tests.factories.municipalities import ExpertSupportFactory, LocalPlanFactory

    LocalPlanFactory(adopted=True, area=[TerritorialUnit.objects.get(code="0607")])
    LocalPlanFactory(area=[TerritorialUnit.objects.get(code="0607052")])
    ExpertSupportFactory()
    assert client.get("/api/v1/municipalities/plans").json()["count"] == 1
    token = bearer(user_with_role(Role.REGIONAL_COORDINATOR, region=region))
    assert client.get("/api/v1/municipalities/plans", **token).json()["count"] == 2
    support = client.get("/api/v1/municipalities/expert-support", **token).json()
    assert support["items"][0]["teryt"] == "0607052"
    body = client.get("/api/v1/municipalities/indicators").json()
    assert body["plan_coverage"]["covered"] == 10
    assert body["expert_support"][0]["local_governments"] == 1


def test_a_survey_past_its_closing_date_is_closed_in_the_api_and_refuses_the_officer(
    client, region, local_governments, coordinator
):
    from datetime import timedelta

    from django.utils import timezone

    survey = SurveyFactory(region=region, closes_on=timezone.localdate() - timedelta(days=1))
    lg = local_government("0607052")
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    token = bearer(user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation))
    late = client.post(
        f"/api/v1/municipalities/surveys/{survey.pk}/answers",
        {"teryt": "0607052"},
        content_type="application/json",
        **token,
    )
    assert late.status_code == 404  # as for a survey staff closed: not open to officers
    assert not SurveyAnswer.objects.exists()
    surveys = client.get("/api/v1/municipalities/surveys", **bearer(coordinator)).json()
    assert [s["status"] for s in surveys["items"]] == ["closed"]
