from django.urls import path

from .views import public, staff

app_name = "committee"

urlpatterns = [
    # Public
    path("committee/", public.committee_page, name="public"),
    path("committee/resolutions/", public.register, name="register"),
    path(
        "committee/resolutions/<int:resolution_id>/",
        public.resolution_detail,
        name="resolution",
    ),
    path("committee/attachments/<int:attachment_id>/", public.attachment_file, name="attachment"),
    path("committee/<int:committee_id>/rules/", public.rules_file, name="rules"),
    path("committee/sittings/<int:sitting_id>/minutes.pdf", public.minutes_pdf, name="minutes_pdf"),
    # Staff and committee members
    path("panel/committee/", staff.overview, name="overview"),
    path("panel/committee/new/", staff.committee_create, name="committee_create"),
    path("panel/committee/<int:committee_id>/edit/", staff.committee_edit, name="committee_edit"),
    path("panel/committee/materials/", staff.materials, name="materials"),
    path("panel/committee/members/", staff.member_list, name="member_list"),
    path("panel/committee/members/new/", staff.member_create, name="member_create"),
    path("panel/committee/members/<int:member_id>/", staff.member_detail, name="member_detail"),
    path("panel/committee/members/<int:member_id>/edit/", staff.member_edit, name="member_edit"),
    path("panel/committee/members/<int:member_id>/end/", staff.member_end, name="member_end"),
    path("panel/committee/sittings/", staff.sitting_list, name="sitting_list"),
    path("panel/committee/sittings/new/", staff.sitting_create, name="sitting_create"),
    path("panel/committee/sittings/<int:sitting_id>/", staff.sitting_detail, name="sitting_detail"),
    path(
        "panel/committee/sittings/<int:sitting_id>/edit/", staff.sitting_edit, name="sitting_edit"
    ),
    path(
        "panel/committee/sittings/<int:sitting_id>/move/<str:transition>/",
        staff.sitting_transition,
        name="sitting_transition",
    ),
    path("panel/committee/sittings/<int:sitting_id>/agenda/", staff.agenda_add, name="agenda_add"),
    path("panel/committee/agenda/<int:item_id>/", staff.agenda_edit, name="agenda_edit"),
    path(
        "panel/committee/agenda/<int:item_id>/move/<str:direction>/",
        staff.agenda_move,
        name="agenda_move",
    ),
    path("panel/committee/agenda/<int:item_id>/remove/", staff.agenda_remove, name="agenda_remove"),
    path(
        "panel/committee/agenda/<int:item_id>/documents/",
        staff.document_add,
        name="document_add",
    ),
    path("panel/committee/documents/<int:document_id>/", staff.document_file, name="document"),
    path(
        "panel/committee/documents/<int:document_id>/remove/",
        staff.document_remove,
        name="document_remove",
    ),
    path(
        "panel/committee/sittings/<int:sitting_id>/attendance/",
        staff.attendance,
        name="attendance",
    ),
    path(
        "panel/committee/sittings/<int:sitting_id>/resolutions/new/",
        staff.resolution_create,
        name="resolution_create",
    ),
    path(
        "panel/committee/resolutions/<int:resolution_id>/",
        staff.resolution_detail,
        name="resolution_detail",
    ),
    path(
        "panel/committee/resolutions/<int:resolution_id>/edit/",
        staff.resolution_edit,
        name="resolution_edit",
    ),
    path(
        "panel/committee/resolutions/<int:resolution_id>/vote/",
        staff.resolution_vote,
        name="resolution_vote",
    ),
    path(
        "panel/committee/resolutions/<int:resolution_id>/attachments/",
        staff.attachment_add,
        name="attachment_add",
    ),
    path("panel/committee/sittings/<int:sitting_id>/minutes/", staff.minutes, name="minutes"),
    path(
        "panel/committee/sittings/<int:sitting_id>/minutes/draft/",
        staff.minutes_draft,
        name="minutes_draft",
    ),
    path(
        "panel/committee/sittings/<int:sitting_id>/minutes/<str:transition>/",
        staff.minutes_transition,
        name="minutes_transition",
    ),
]
