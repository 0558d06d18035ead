"""Public pages: upcoming events, an event with its registration form, the recruitment
rules, and a person's registration (reached by the secret link of their e-mail) with the
button that cancels it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.core.api import DomainValidationError

from .. import selectors, services
from ..emails import registration_url
from ..enums import RegistrationStatus, TargetGroup
from ..forms import ColleagueFormSet, RegistrationForm
from ..models import Event
from ..privacy import privacy_notice_for

EVENTS_PAGE_SIZE = 20


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def show_errors(form: Form, error: DomainValidationError, colleagues: object = None) -> None:
    """Put a service's errors beside the form's fields (a colleague's beside theirs)."""
    for key, message in error.errors.items():
        if key.startswith("colleagues.") and colleagues is not None:
            _, number, name = key.split(".", 2)
            forms = colleagues.forms  # type: ignore[attr-defined]
            if int(number) < len(forms):
                forms[int(number)].add_error(name, message)
                continue
        form.add_error(key if key in form.fields else None, message)


def event_list(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    events = selectors.public_events(region)
    page = Paginator(events, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"page": page, "region": region, "can_manage": request.user.has_perm("events.list_events")},
    )


def _event_context(event: Event) -> dict[str, object]:
    labels = dict(TargetGroup.choices)
    return {
        "event": event,
        "target_groups": [labels[code] for code in event.target_groups if code in labels],
        "privacy_notice": privacy_notice_for(event),
        "places_left": (
            max(event.capacity - event.confirmed_count, 0)  # type: ignore[attr-defined]
            if event.capacity is not None
            else None
        ),
    }


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_visible_to(request.user, event_id)
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    entities = selectors.entities_for_registration(event)
    is_post = request.method == "POST" and event.registration_is_open
    form = RegistrationForm(request.POST if is_post else None, entities=entities)
    colleagues = ColleagueFormSet(request.POST if is_post else None, prefix="colleagues")
    if is_post and form.is_valid() & colleagues.is_valid():
        attendees = [a for a in (f.attendee() for f in colleagues.forms) if a is not None]
        try:
            registration = services.registration_create(
                event=event,
                application=form.application(attendees),
                language=translation.get_language() or "pl",
                site_url=site_url(request),
            )
        except DomainValidationError as error:
            show_errors(form, error, colleagues)
        else:
            return redirect(registration_url(registration))
    context = _event_context(event)
    context.update(
        {
            "form": form,
            "colleagues": colleagues,
            "can_manage": request.user.has_perm("events.change_event", event),
        }
    )
    return render(request, "events/event_detail.html", context)


def regulations_file(request: HttpRequest, event_id: int) -> FileResponse:
    event = selectors.event_visible_to(request.user, event_id)
    if event is None or not event.regulations:
        raise Http404
    return FileResponse(
        event.regulations.open("rb"),
        as_attachment=True,
        filename=event.regulations_name or "rules",
    )


def registration_detail(request: HttpRequest, registration_id: int, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(registration_id, token)
    if registration is None:
        raise Http404
    response = render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waitlist_position(registration),
            "token": token,
            "can_cancel": registration.status
            in (
                RegistrationStatus.PENDING,
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
            ),
        },
    )
    # The address is a secret: keep it out of other sites' logs and shared caches.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def registration_cancel(request: HttpRequest, registration_id: int, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(registration_id, token)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(registration=registration, site_url=site_url(request))
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("events:registration", registration_id, token)
