"""Staff pages, the officer's answer form and the public page."""

import re

import pytest
from django.urls import reverse

from koordynator.accounts.enums import OrganisationKind, Role
from koordynator.municipalities.enums import SurveyStatus
from koordynator.municipalities.models import Survey, SurveyAnswer
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.municipalities import (
    LocalPlanFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    local_government,
)

pytestmark = pytest.mark.django_db

ZERO_ANSWER = dict.fromkeys(
    [
        "clause_contracts_count",
        "clause_contracts_value",
        "reserved_count",
        "reserved_value",
        "employment_count",
        "employment_value",
        "award_criteria_count",
        "award_criteria_value",
        "other_clause_count",
        "other_clause_value",
        "entity_contracts_count",
        "entity_contracts_value",
        "open_call_tasks_count",
        "open_call_tasks_value",
        "small_grant_tasks_count",
        "small_grant_tasks_value",
    ],
    "0",
)


def twenty_of_a_hundred(region, local_governments):
    survey = SurveyFactory(region=region, year=2017)
    for number, lg in enumerate(local_governments[:100]):
        SurveyAnswerFactory(survey=survey, local_government=lg, with_clauses=number < 20)
    return survey


def shown_share(html: str, year: int) -> str:
    match = re.search(rf'data-year="{year}">([^<]+)<', html)
    assert match, "the year's share is not in the table"
    return match.group(1)


def officer_of(code, region):
    lg = local_government(code)
    organisation = OrganisationFactory(
        kind=OrganisationKind.LOCAL_GOVERNMENT, region=region, territorial_unit=lg.unit
    )
    return user_with_role(Role.LOCAL_GOVERNMENT_OFFICER, organisation=organisation), lg


def test_public_page_shows_twenty_percent_and_changes_with_one_more_answer(
    client, region, local_governments
):
    survey = twenty_of_a_hundred(region, local_governments)
    html = client.get("/local-governments/").content.decode()
    assert shown_share(html, 2017) == "20%"
    assert 'data-indicator="share">20%<' in html
    assert "<svg" in html
    assert "<table" in html
    SurveyAnswerFactory(survey=survey, local_government=local_governments[150], with_clauses=True)
    html = client.get("/local-governments/").content.decode()
    assert shown_share(html, 2017) == "20,8%"  # 21 of 101


def test_staff_indicators_page_shows_the_same_figure(
    client, region, local_governments, coordinator
):
    twenty_of_a_hundred(region, local_governments)
    client.force_login(coordinator)
    response = client.get(reverse("municipalities:indicators"))
    assert response.status_code == 200
    assert shown_share(response.content.decode(), 2017) == "20%"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REGIONAL_COORDINATOR, 200),
        (Role.SUPPORT_CENTRE_STAFF, 200),
        (Role.NATIONAL_ADMIN, 200),
        (Role.ENTITY_REPRESENTATIVE, 404),
        (Role.LOCAL_GOVERNMENT_OFFICER, 404),
        (Role.COMMITTEE_MEMBER, 404),
    ],
)
def test_indicators_page_permissions(client, region, local_governments, role, status):
    client.force_login(user_with_role(role, region=region))
    assert client.get(reverse("municipalities:indicators")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.REGIONAL_COORDINATOR, 200),
        (Role.NATIONAL_ADMIN, 200),
        (Role.SUPPORT_CENTRE_STAFF, 404),
        (Role.LOCAL_GOVERNMENT_OFFICER, 404),
    ],
)
def test_survey_pages_are_for_coordinators(client, region, local_governments, role, status):
    survey = SurveyFactory(region=region)
    client.force_login(user_with_role(role, region=region))
    assert client.get(reverse("municipalities:survey_list")).status_code == status
    assert (
        client.get(reverse("municipalities:survey_detail", args=[survey.pk])).status_code == status
    )


def test_coordinator_of_another_region_gets_404(client, region, other_region, local_governments):
    survey = SurveyFactory(region=region)
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR, region=other_region))
    assert client.get(reverse("municipalities:survey_detail", args=[survey.pk])).status_code == 404


def test_open_a_survey_and_enter_a_paper_answer(client, region, local_governments, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("municipalities:survey_list"),
        {"year": "2024", "opens_on": "2025-01-10", "closes_on": "2025-03-31"},
    )
    survey = Survey.objects.get(year=2024)
    assert response.status_code == 302
    lg = local_government("0607052")
    url = reverse("municipalities:answer_edit", args=[survey.pk, lg.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            **ZERO_ANSWER,
            "clause_contracts_count": "1",
            "reserved_count": "1",
            "clause_contracts_value": "12500,50",
            "reserved_value": "12500,50",
        },
    )
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.entry_method, str(answer.clause_contracts_value)) == ("paper", "12500.50")


def test_answer_form_errors_are_shown_beside_the_fields(
    client, region, local_governments, coordinator
):
    survey = SurveyFactory(region=region)
    client.force_login(coordinator)
    lg = local_government("0607052")
    response = client.post(
        reverse("municipalities:answer_edit", args=[survey.pk, lg.pk]),
        {**ZERO_ANSWER, "clause_contracts_count": "1", "reserved_count": "3"},
    )
    assert response.status_code == 200
    assert 'href="#id_reserved_count"' in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_response_rate_page_lists_who_has_not_answered(
    client, region, local_governments, coordinator
):
    survey = SurveyFactory(region=region)
    SurveyAnswerFactory(survey=survey, local_government=local_governments[0])
    client.force_login(coordinator)
    html = client.get(reverse("municipalities:survey_detail", args=[survey.pk])).content.decode()
    assert 'data-indicator="response-rate">0,4%<' in html  # 1 of 234
    assert str(local_governments[1]) in html


def test_send_reminders_button(
    client,
    region,
    local_governments,
    coordinator,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    survey = SurveyFactory(region=region)
    officer, _lg = officer_of("0607052", region)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("municipalities:survey_remind", args=[survey.pk]))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[officer.email]]


def test_officer_answers_only_for_their_own_local_government(client, region, local_governments):
    survey = SurveyFactory(region=region)
    officer, lg = officer_of("0607052", region)
    other = local_government("0607062")
    client.force_login(officer)
    page = client.get(reverse("municipalities:my_answers")).content.decode()
    assert reverse("municipalities:my_answer", args=[survey.pk, lg.pk]) in page
    response = client.post(
        reverse("municipalities:my_answer", args=[survey.pk, lg.pk]), ZERO_ANSWER
    )
    assert response.status_code == 302
    assert SurveyAnswer.objects.get().entry_method == "online"
    assert (
        client.get(reverse("municipalities:my_answer", args=[survey.pk, other.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("municipalities:answer_edit", args=[survey.pk, lg.pk])).status_code
        == 404
    )


def test_officer_cannot_answer_a_closed_survey(client, region, local_governments):
    survey = SurveyFactory(region=region, status="closed")
    officer, lg = officer_of("0607052", region)
    client.force_login(officer)
    assert (
        client.get(reverse("municipalities:my_answer", args=[survey.pk, lg.pk])).status_code == 404
    )


def test_survey_list_query_count_does_not_grow_per_local_government(
    client, region, local_governments, coordinator, django_assert_max_num_queries
):
    survey = SurveyFactory(region=region)
    for lg in local_governments[:3]:
        SurveyAnswerFactory(survey=survey, local_government=lg)
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):
        assert (
            client.get(reverse("municipalities:survey_detail", args=[survey.pk])).status_code == 200
        )


@pytest.mark.parametrize("count", [1, 3])
def test_plan_list_query_count(
    client, region, local_governments, coordinator, count, django_assert_max_num_queries
):
    from koordynator.territory.models import TerritorialUnit

    for _ in range(count):
        LocalPlanFactory(area=[TerritorialUnit.objects.get(code="0607052")])
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("municipalities:plan_list")).status_code == 200


def test_staff_pages_render(client, region, local_governments, coordinator):
    client.force_login(coordinator)
    for name in [
        "overview",
        "survey_list",
        "support_list",
        "support_create",
        "plan_list",
        "plan_create",
    ]:
        assert client.get(reverse(f"municipalities:{name}")).status_code == 200, name


def test_public_sees_only_plans_past_the_draft(client, region, local_governments):
    from koordynator.territory.models import TerritorialUnit

    gmina = TerritorialUnit.objects.get(code="0607052")
    LocalPlanFactory(title="Plan przyjęty", adopted=True, area=[gmina])
    LocalPlanFactory(title="Szkic planu", area=[gmina])
    html = client.get("/local-governments/").content.decode()
    assert "Plan przyjęty" in html
    assert "Szkic planu" not in html


def test_officer_types_amounts_as_the_platform_prints_them(client, region, local_governments):
    survey = SurveyFactory(region=region)
    officer, lg = officer_of("0607052", region)
    client.force_login(officer)
    url = reverse("municipalities:my_answer", args=[survey.pk, lg.pk])
    response = client.post(
        url,
        {
            **ZERO_ANSWER,
            "clause_contracts_count": "1\u00a0234",
            "reserved_count": "1 234",
            "clause_contracts_value": "250 000,50",
            "reserved_value": "250\u202f000,50",
        },
    )
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert (answer.clause_contracts_count, answer.reserved_count) == (1234, 1234)
    assert (str(answer.clause_contracts_value), str(answer.reserved_value)) == (
        "250000.50",
        "250000.50",
    )
    page = client.get(url).content.decode()
    assert 'value="250\u00a0000,50"' in page  # drawn the way it is typed back


def test_a_number_grouped_wrongly_is_a_clear_error(client, region, local_governments):
    survey = SurveyFactory(region=region)
    officer, lg = officer_of("0607052", region)
    client.force_login(officer)
    response = client.post(
        reverse("municipalities:my_answer", args=[survey.pk, lg.pk]),
        {**ZERO_ANSWER, "clause_contracts_value": "25 00,5"},
    )
    assert response.status_code == 200
    assert "Wpisz liczbę, np. 250 000,50." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_a_survey_past_its_closing_date_shows_closed_and_takes_no_online_answers(
    client, region, local_governments, coordinator
):
    from datetime import timedelta

    from django.utils import timezone

    survey = SurveyFactory(region=region, closes_on=timezone.localdate() - timedelta(days=1))
    officer, lg = officer_of("0607052", region)
    client.force_login(officer)
    assert reverse("municipalities:my_answer", args=[survey.pk, lg.pk]) not in (
        client.get(reverse("municipalities:my_answers")).content.decode()
    )
    response = client.post(
        reverse("municipalities:my_answer", args=[survey.pk, lg.pk]), ZERO_ANSWER
    )
    assert response.status_code == 404
    assert not SurveyAnswer.objects.exists()
    client.force_login(coordinator)
    page = client.get(reverse("municipalities:survey_detail", args=[survey.pk])).content.decode()
    assert f"Status: {SurveyStatus.CLOSED.label}" in page
    assert 'name="closes_on"' in page  # reopening asks for a new closing date
