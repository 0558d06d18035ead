from django.urls import path

from .views import applicant, licences, public, reviews, staff

app_name = "certification"

urlpatterns = [
    # Public
    path("certification/", public.about, name="about"),
    path("certification/calls/<int:call_id>/", public.call_detail, name="call"),
    path("certification/calls/<int:call_id>/rules/", public.rules_file, name="rules"),
    path("certification/register/", public.register, name="register"),
    path("certification/photos/<int:item_id>/", public.item_photo, name="item_photo"),
    path("certification/verify/", public.verify, name="verify"),
    path("certification/verify/<str:code>/", public.verify_code, name="verify_code"),
    # The panel: staff, applicants, board members
    path("panel/certification/", staff.home, name="home"),
    path("panel/certification/calls/new/", staff.call_create, name="staff_call_create"),
    path("panel/certification/calls/<int:call_id>/", staff.call_detail, name="staff_call"),
    path("panel/certification/calls/<int:call_id>/edit/", staff.call_edit, name="staff_call_edit"),
    path("panel/certification/calls/<int:call_id>/apply/", applicant.apply, name="apply"),
    path(
        "panel/certification/applications/<int:application_id>/",
        staff.application_detail,
        name="application",
    ),
    path(
        "panel/certification/applications/<int:application_id>/transitions/<str:name>/",
        staff.application_transition,
        name="application_transition",
    ),
    path(
        "panel/certification/applications/<int:application_id>/edit/",
        applicant.application_edit,
        name="application_edit",
    ),
    path(
        "panel/certification/applications/<int:application_id>/items/",
        applicant.item_add,
        name="item_add",
    ),
    path(
        "panel/certification/items/<int:item_id>/remove/",
        applicant.item_remove,
        name="item_remove",
    ),
    path(
        "panel/certification/applications/<int:application_id>/recommendations/",
        applicant.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "panel/certification/recommendations/<int:recommendation_id>/remove/",
        applicant.recommendation_remove,
        name="recommendation_remove",
    ),
    path(
        "panel/certification/applications/<int:application_id>/evidence/",
        applicant.evidence_file,
        name="evidence",
    ),
    path(
        "panel/certification/recommendations/<int:recommendation_id>/letter/",
        applicant.letter_file,
        name="letter",
    ),
    path(
        "panel/certification/applications/<int:application_id>/review/",
        reviews.review,
        name="review",
    ),
    path("panel/certification/licences/", licences.licence_list, name="licences"),
    path("panel/certification/licences/<int:licence_id>/", licences.licence_detail, name="licence"),
    path(
        "panel/certification/licences/<int:licence_id>/revoke/",
        licences.licence_revoke,
        name="licence_revoke",
    ),
    path(
        "panel/certification/licences/<int:licence_id>/renew/",
        licences.licence_renew,
        name="licence_renew",
    ),
    path(
        "panel/certification/licences/<int:licence_id>/certificate.pdf",
        licences.certificate,
        name="certificate",
    ),
    path(
        "panel/certification/renewals/<int:renewal_id>/decide/",
        licences.renewal_decide,
        name="renewal_decide",
    ),
]
