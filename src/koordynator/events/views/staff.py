"""Staff pages: the region's events, the event form, and the registrations of an event
with the buttons that approve, reject or cancel them.

Every page needs a login and a permission from events/rules.py; an event the user may not
manage answers 404, like a missing one. Reads go through selectors, writes through services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.accounts.selectors import regions_for_staff
from koordynator.core.api import DomainValidationError
from koordynator.core.http import site_url
from koordynator.territory.models import Region

from .. import selectors, services
from ..enums import RegistrationStatus
from ..forms import EventForm
from ..models import Event
from ..rules import (
    ADD_EVENT_IN_REGION,
    CANCEL_REGISTRATION,
    CHANGE_EVENT,
    DECIDE_REGISTRATION,
    LIST_EVENTS,
    VIEW_REGISTRATIONS,
)
from .public import show_errors

STAFF_PAGE_SIZE = 25


def _event_for(request: HttpRequest, event_id: int, perm: str = CHANGE_EVENT) -> Event:
    event = selectors.event_for_staff(request.user, event_id)
    if event is None or not request.user.has_perm(perm, event):
        raise Http404
    return event


def _form_choices(request: HttpRequest) -> dict[str, Any]:
    return {
        "programmes": selectors.programmes_for_staff(request.user),
        "gminas": selectors.gminas_for_staff(request.user),
        "organisers": selectors.support_centres_for_staff(request.user),
    }


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_EVENTS)
    events = selectors.events_for_staff(request.user)
    page = Paginator(events, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/staff/event_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    regions = list(regions_for_staff(request.user))
    if not regions or not request.user.has_perm(LIST_EVENTS):
        raise Http404
    is_post = request.method == "POST"
    form = EventForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        regions=regions_for_staff(request.user) if len(regions) > 1 else None,
        **_form_choices(request),
    )
    if is_post and form.is_valid():
        region: Region = form.cleaned_data.get("region") or regions[0]
        require_perm(request, ADD_EVENT_IN_REGION, region)
        upload = request.FILES.get("regulations")
        try:
            event = services.event_create(
                region=region,
                data=form.service_data(),
                actor=request.user,
                regulations=upload,
                regulations_name=(upload.name or "") if upload else "",
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The event “%(title)s” was saved.") % {"title": event.title}
            )
            return redirect("events:staff_event_edit", event.pk)
    return render(request, "events/staff/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    is_post = request.method == "POST"
    form = EventForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        event=event,
        **_form_choices(request),
    )
    if is_post and form.is_valid():
        upload = request.FILES.get("regulations")
        try:
            services.event_update(
                event=event,
                data=form.service_data(),
                actor=request.user,
                regulations=upload,
                regulations_name=(upload.name or "") if upload else "",
                remove_regulations=form.cleaned_data.get("remove_regulations", False),
                site_url=site_url(request),
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("events:staff_event_edit", event.pk)
    return render(request, "events/staff/event_form.html", {"form": form, "event": event})


@login_required
def registration_list(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id, VIEW_REGISTRATIONS)
    services.participants_viewed(event=event, actor=request.user, view="registration_list")
    return render(
        request,
        "events/staff/registration_list.html",
        {
            "event": event,
            "groups": [
                (status, RegistrationStatus(status).label, rows)
                for status, rows in selectors.registrations_by_status(event)
            ],
        },
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, registration_id: int, action: str) -> HttpResponse:
    registration = selectors.registration_for_staff(request.user, registration_id)
    perm = CANCEL_REGISTRATION if action == "cancel" else DECIDE_REGISTRATION
    if registration is None or not request.user.has_perm(perm, registration):
        raise Http404
    operations = {
        "approve": (services.registration_approve, _("The registration of %(name)s was approved.")),
        "reject": (services.registration_reject, _("The registration of %(name)s was rejected.")),
        "cancel": (services.registration_cancel, _("The registration of %(name)s was cancelled.")),
    }
    if action not in operations:
        raise Http404
    operation, done = operations[action]
    try:
        operation(registration=registration, actor=request.user, site_url=site_url(request))
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(request, done % {"name": registration.full_name})
    return redirect("events:staff_registrations", registration.event_id)
