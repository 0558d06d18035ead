from django.urls import path

from .views import public, staff

app_name = "events"

urlpatterns = [
    # Public
    path("events/", public.event_list, name="event_list"),
    path("events/<int:event_id>/", public.event_detail, name="event_detail"),
    path("events/<int:event_id>/rules/", public.regulations_file, name="regulations"),
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
    # Staff
    path("panel/events/", staff.event_list, name="staff_event_list"),
    path("panel/events/new/", staff.event_create, name="staff_event_create"),
    path("panel/events/<int:event_id>/", staff.event_edit, name="staff_event_edit"),
    path(
        "panel/events/<int:event_id>/registrations/",
        staff.registration_list,
        name="staff_registrations",
    ),
    path(
        "panel/events/registrations/<int:registration_id>/<str:action>/",
        staff.registration_decide,
        name="staff_registration_decide",
    ),
]
