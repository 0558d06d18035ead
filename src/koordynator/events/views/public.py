"""Public pages: an event with its registration form (and, once it is over, its report
and photos), the recruitment rules, and a person's registration (reached by the secret
link of their e-mail) with the buttons that cancel it, download its data, erase them,
and download the certificate of participation. The lists are in calendar.py."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from koordynator.core import forms as core_forms
from koordynator.core.api import DomainValidationError
from koordynator.core.http import site_url
from koordynator.territory.models import Region

from .. import documents, selectors, services
from ..emails import registration_url
from ..enums import RegistrationStatus, TargetGroup
from ..forms import ColleagueFormSet, RegistrationForm
from ..models import Event
from ..privacy import privacy_notice_for
from ..rules import CHANGE_EVENT, VIEW_EVENT


def show_errors(form: Form, error: DomainValidationError, colleagues: object = None) -> None:
    """Put a service's errors beside the form's fields (a colleague's beside theirs)."""
    for key, message in error.errors.items():
        if key.startswith("colleagues.") and colleagues is not None:
            _, number, name = key.split(".", 2)
            forms = colleagues.forms  # type: ignore[attr-defined]
            if int(number) < len(forms):
                forms[int(number)].add_error(name, message)
                continue
        core_forms.show_errors(form, DomainValidationError({key: message}))


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
    if event is None or not request.user.has_perm(VIEW_EVENT, event):
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
            "can_manage": request.user.has_perm(CHANGE_EVENT, event),
        }
    )
    if event.has_ended_at():
        context["report"] = selectors.event_report(event)
        context["photos"] = list(event.photos.order_by("uploaded_at", "id"))
    return render(request, "events/event_detail.html", context)


SUGGESTIONS = 10


@require_safe
def organisation_suggestions(request: HttpRequest) -> HttpResponse:
    """The directory's organisations of a region that match what was typed, as datalist
    options (the directory is public)."""
    region_id = request.GET.get("region", "")
    region = Region.objects.filter(pk=int(region_id)).first() if region_id.isdigit() else None
    typed = request.GET.get("organisation_name") or request.GET.get("host_name") or ""
    found = (
        selectors.organisation_suggestions(region, typed[:200], limit=SUGGESTIONS)
        if region is not None
        else []
    )
    return render(request, "events/_organisation_suggestions.html", {"entities": found})


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
            "has_attended": registration.attendances.exists(),
        },
    )
    # The address is a secret: keep it out of other sites' logs and shared caches.
    # "same-origin", not "no-referrer": browsers send "Origin: null" with a form posted
    # from a no-referrer page, and Django's CSRF check refuses it (the cancel button).
    response["Referrer-Policy"] = "same-origin"
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


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def registration_data(request: HttpRequest, registration_id: int, token: str) -> HttpResponse:
    """Everything kept about the person, as a JSON file to download."""
    registration = selectors.registration_by_token(registration_id, token)
    if registration is None:
        raise Http404
    response = JsonResponse(
        selectors.registration_personal_data(registration),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="registration-{registration.pk}.json"'
    return _private(response)


@require_POST
def registration_erase(request: HttpRequest, registration_id: int, token: str) -> HttpResponse:
    """Erase the person's data now; the place is given up if the event is still ahead.
    The link stops working, so the person lands on the event's page."""
    registration = selectors.registration_by_token(registration_id, token)
    if registration is None:
        raise Http404
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that your data should be erased."))
        return redirect("events:registration", registration_id, token)
    services.registration_erase(registration=registration, site_url=site_url(request))
    messages.success(
        request,
        _(
            "Your personal data for this event have been erased. The link from the e-mail "
            "no longer works."
        ),
    )
    if registration.event.is_published:
        return redirect("events:event_detail", registration.event_id)
    return redirect("events:event_list")


def registration_certificate(
    request: HttpRequest, registration_id: int, token: str
) -> HttpResponse:
    """The person's own certificate, once they were marked present."""
    registration = selectors.registration_by_token(registration_id, token)
    if registration is None:
        raise Http404
    try:
        registration = services.certificate_issue(registration=registration, actor=None)
    except DomainValidationError:
        raise Http404 from None
    response = HttpResponse(
        documents.certificates_pdf(registration.event, [registration], site_url(request)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{registration.certificate_code}.pdf"'
    )
    return _private(response)
