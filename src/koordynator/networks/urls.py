from django.urls import path

from .views import partnerships, public, staff

app_name = "networks"

urlpatterns = [
    # Public
    path("networks/", public.networks, name="public"),
    # Members and staff
    path("panel/networks/", staff.network_list, name="network_list"),
    path("panel/networks/new/", staff.network_create, name="network_create"),
    path("panel/networks/mine/", staff.my_networks, name="mine"),
    path("panel/networks/entities/", staff.entity_suggestions, name="entity_suggestions"),
    path("panel/networks/<int:network_id>/", staff.network_detail, name="detail"),
    path("panel/networks/<int:network_id>/edit/", staff.network_edit, name="edit"),
    path("panel/networks/<int:network_id>/members.pdf", staff.members_pdf, name="members_pdf"),
    path("panel/networks/<int:network_id>/members/new/", staff.member_add, name="member_add"),
    path(
        "panel/networks/<int:network_id>/members/<int:member_id>/leave/",
        staff.member_leave,
        name="member_leave",
    ),
    path(
        "panel/networks/<int:network_id>/meetings/new/",
        staff.meeting_create,
        name="meeting_create",
    ),
    path("panel/networks/<int:network_id>/meetings/link/", staff.meeting_link, name="meeting_link"),
    path(
        "panel/networks/<int:network_id>/meetings/<int:meeting_id>/unlink/",
        staff.meeting_unlink,
        name="meeting_unlink",
    ),
    path(
        "panel/networks/<int:network_id>/documents/new/",
        staff.document_add,
        name="document_add",
    ),
    path(
        "panel/networks/<int:network_id>/documents/<int:document_id>/",
        staff.document_file,
        name="document_file",
    ),
    path(
        "panel/networks/<int:network_id>/documents/<int:document_id>/delete/",
        staff.document_delete,
        name="document_delete",
    ),
    # Partnerships
    path("panel/networks/partnerships/", partnerships.partnership_list, name="partnership_list"),
    path(
        "panel/networks/partnerships/new/",
        partnerships.partnership_create,
        name="partnership_create",
    ),
    path(
        "panel/networks/partnerships/<int:partnership_id>/",
        partnerships.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "panel/networks/partnerships/<int:partnership_id>/end/",
        partnerships.partnership_end,
        name="partnership_end",
    ),
    path(
        "panel/networks/partnerships/<int:partnership_id>/document/",
        partnerships.partnership_document,
        name="partnership_document",
    ),
]
