from django.urls import path

from .views import attendance, calendar, public, staff

app_name = "events"

urlpatterns = [
    # Public
    path("events/", calendar.event_list, name="event_list"),
    path("events/calendar/", calendar.calendar, name="calendar"),
    path("events/archive/", calendar.archive, name="archive"),
    path("events/feed.ics", calendar.feed, name="feed"),
    path("events/<int:event_id>/", public.event_detail, name="event_detail"),
    path("events/<int:event_id>/rules/", public.regulations_file, name="regulations"),
    path("events/organisations/", public.organisation_suggestions, name="organisation_suggestions"),
    path("events/photos/<int:photo_id>/<str:size>/", calendar.photo_file, name="photo"),
    path("events/certificates/verify/", calendar.certificate_verify, name="certificate_verify"),
    path("events/certificates/<str:code>/", calendar.certificate_detail, name="certificate"),
    path(
        "events/registrations/<int:registration_id>/<str:token>/",
        public.registration_detail,
        name="registration",
    ),
    path(
        "events/registrations/<int:registration_id>/<str:token>/cancel/",
        public.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "events/registrations/<int:registration_id>/<str:token>/data.json",
        public.registration_data,
        name="registration_data",
    ),
    path(
        "events/registrations/<int:registration_id>/<str:token>/erase/",
        public.registration_erase,
        name="registration_erase",
    ),
    path(
        "events/registrations/<int:registration_id>/<str:token>/certificate.pdf",
        public.registration_certificate,
        name="registration_certificate",
    ),
    # Staff
    path("panel/events/", staff.event_list, name="staff_event_list"),
    path("panel/events/new/", staff.event_create, name="staff_event_create"),
    path("panel/events/<int:event_id>/", staff.event_edit, name="staff_event_edit"),
    path(
        "panel/events/<int:event_id>/registrations/",
        staff.registration_list,
        name="staff_registrations",
    ),
    path("panel/events/<int:event_id>/check-in/", attendance.checkin, name="staff_checkin"),
    path(
        "panel/events/<int:event_id>/check-in/<int:registration_id>/",
        attendance.checkin_mark,
        name="staff_checkin_mark",
    ),
    path(
        "panel/events/<int:event_id>/attendance.pdf",
        attendance.attendance_pdf,
        name="staff_attendance_pdf",
    ),
    path("panel/events/<int:event_id>/report/", attendance.report, name="staff_report"),
    path(
        "panel/events/<int:event_id>/certificates.pdf",
        attendance.certificates_pdf,
        name="staff_certificates_pdf",
    ),
    path(
        "panel/events/<int:event_id>/certificates/<int:registration_id>.pdf",
        attendance.registration_certificate,
        name="staff_registration_certificate",
    ),
    path("panel/events/<int:event_id>/photos/", attendance.photo_list, name="staff_photos"),
    path(
        "panel/events/<int:event_id>/photos/<int:photo_id>/delete/",
        attendance.photo_delete,
        name="staff_photo_delete",
    ),
    path(
        "panel/events/registrations/<int:registration_id>/<str:action>/",
        staff.registration_decide,
        name="staff_registration_decide",
    ),
]
