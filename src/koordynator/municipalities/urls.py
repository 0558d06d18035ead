from django.urls import path

from .views import public, staff

app_name = "municipalities"

urlpatterns = [
    # Public
    path("local-governments/", public.local_governments, name="public"),
    path(
        "local-governments/plans/<int:plan_id>/<str:field>/",
        public.plan_file,
        name="plan_file",
    ),
    # Staff
    path("panel/municipalities/", staff.overview, name="overview"),
    path("panel/municipalities/sync/", staff.local_governments_sync, name="sync"),
    path(
        "panel/municipalities/local-governments/<int:local_government_id>/contact/",
        staff.contact_edit,
        name="contact_edit",
    ),
    path("panel/municipalities/surveys/", staff.survey_list, name="survey_list"),
    path(
        "panel/municipalities/surveys/<int:survey_id>/", staff.survey_detail, name="survey_detail"
    ),
    path(
        "panel/municipalities/surveys/<int:survey_id>/status/<str:action>/",
        staff.survey_status,
        name="survey_status",
    ),
    path(
        "panel/municipalities/surveys/<int:survey_id>/remind/",
        staff.survey_remind,
        name="survey_remind",
    ),
    path(
        "panel/municipalities/surveys/<int:survey_id>/answers/<int:local_government_id>/",
        staff.answer_edit,
        name="answer_edit",
    ),
    path(
        "panel/municipalities/surveys/<int:survey_id>/import/",
        staff.survey_import,
        name="survey_import",
    ),
    path(
        "panel/municipalities/surveys/<int:survey_id>/template.xlsx",
        staff.survey_template,
        name="survey_template",
    ),
    path("panel/municipalities/my-answers/", staff.my_answers, name="my_answers"),
    path(
        "panel/municipalities/my-answers/<int:survey_id>/<int:local_government_id>/",
        staff.my_answer,
        name="my_answer",
    ),
    path("panel/municipalities/indicators/", staff.indicators_page, name="indicators"),
    path("panel/municipalities/support/", staff.support_list, name="support_list"),
    path("panel/municipalities/support/new/", staff.support_edit, name="support_create"),
    path("panel/municipalities/support/target/", staff.support_target, name="support_target"),
    path("panel/municipalities/support/<int:support_id>/", staff.support_edit, name="support_edit"),
    path("panel/municipalities/plans/", staff.plan_list, name="plan_list"),
    path("panel/municipalities/plans/new/", staff.plan_create, name="plan_create"),
    path("panel/municipalities/plans/<int:plan_id>/", staff.plan_edit, name="plan_edit"),
    path(
        "panel/municipalities/plans/<int:plan_id>/status/",
        staff.plan_transition,
        name="plan_transition",
    ),
]
