"""Staff pages after registration: the check-in screen (one click marks a person present
for the day; htmx swaps the row, a plain POST works without JavaScript), the attendance
list as PDF, the report of who came, certificates of participation and the photos.

Every page that shows the participants records who looked (services.participants_viewed).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.core.api import DomainValidationError

from .. import documents, selectors, services
from ..forms import AttendanceForm, PhotoForm
from ..models import Event
from ..rules import (
    ISSUE_CERTIFICATES,
    MANAGE_PHOTOS,
    MARK_ATTENDANCE,
    VIEW_REGISTRATIONS,
    VIEW_REPORT,
)
from .public import site_url
from .staff import _event_for


def _day_from(request: HttpRequest, event: Event) -> date:
    value = request.GET.get("day") or request.POST.get("day") or ""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return selectors.default_day(event)
    return day if day in event.days else selectors.default_day(event)


def _pdf_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id, MARK_ATTENDANCE)
    day = _day_from(request, event)
    query = request.GET.get("q", "").strip()[:100]
    services.participants_viewed(event=event, actor=request.user, view="checkin")
    rows = selectors.checkin_rows(event, day, query)
    counts = selectors.attendance_counts(event)
    return render(
        request,
        "events/staff/checkin.html",
        {
            "event": event,
            "day": day,
            "query": query,
            "rows": rows,
            "counts": counts,
            "present_today": dict(counts).get(day, 0),
            "participant_count": len(selectors.participants(event)),
        },
    )


@login_required
@require_POST
def checkin_mark(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = _event_for(request, event_id, MARK_ATTENDANCE)
    registration = selectors.registration_in_event(event, registration_id)
    form = AttendanceForm(request.POST)
    if registration is None or not form.is_valid():
        raise Http404
    day, present = form.cleaned_data["day"], form.cleaned_data["present"]
    error = ""
    try:
        services.attendance_mark(
            registration=registration, day=day, present=present, actor=request.user
        )
    except DomainValidationError as failure:
        error = " ".join(failure.errors.values())
    if getattr(request, "htmx", False):
        is_present = registration.pk in selectors.present_ids(event, day)
        return render(
            request,
            "events/staff/_checkin_row.html",
            {
                "event": event,
                "day": day,
                "query": request.POST.get("q", ""),
                "registration": registration,
                "present": is_present,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            (_("%(name)s: present.") if present else _("%(name)s: not present."))
            % {"name": registration.full_name},
        )
    query = {"day": day.isoformat(), "q": request.POST.get("q", "")}
    return redirect(
        reverse("events:staff_checkin", args=[event.pk])
        + "?"
        + urlencode({k: v for k, v in query.items() if v})
        + f"#checkin-{registration.pk}"
    )


@login_required
def attendance_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The list to sign for one day (?day=YYYY-MM-DD) or for every day of the event."""
    event = _event_for(request, event_id, VIEW_REGISTRATIONS)
    value = request.GET.get("day", "")
    if value:
        try:
            days = [date.fromisoformat(value)]
        except ValueError:
            raise Http404 from None
        if days[0] not in event.days:
            raise Http404
    else:
        days = event.days
    services.participants_viewed(event=event, actor=request.user, view="attendance_pdf")
    suffix = f"-{value}" if value else ""
    return _pdf_response(
        documents.attendance_pdf(event, days), f"attendance-{event.pk}{suffix}.pdf"
    )


@login_required
def report(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id, VIEW_REPORT)
    return render(
        request,
        "events/staff/report.html",
        {"event": event, "report": selectors.event_report(event)},
    )


@login_required
def certificates_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """Certificates of everybody present; codes are given on the first download."""
    event = _event_for(request, event_id, ISSUE_CERTIFICATES)
    attendees = services.certificates_issue(event=event, actor=request.user)
    if not attendees:
        messages.error(request, _("Nobody has been marked present yet: there is no certificate."))
        return redirect("events:staff_report", event.pk)
    services.participants_viewed(event=event, actor=request.user, view="certificates_pdf")
    return _pdf_response(
        documents.certificates_pdf(event, attendees, site_url(request)),
        f"certificates-{event.pk}.pdf",
    )


@login_required
def registration_certificate(
    request: HttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    event = _event_for(request, event_id, ISSUE_CERTIFICATES)
    registration = selectors.registration_in_event(event, registration_id)
    if registration is None:
        raise Http404
    try:
        registration = services.certificate_issue(registration=registration, actor=request.user)
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
        return redirect("events:staff_checkin", event.pk)
    return _pdf_response(
        documents.certificates_pdf(event, [registration], site_url(request)),
        f"certificate-{registration.certificate_code}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def photo_list(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id, MANAGE_PHOTOS)
    is_post = request.method == "POST"
    form = PhotoForm(request.POST if is_post else None, request.FILES if is_post else None)
    if is_post and form.is_valid():
        try:
            services.event_photo_add(
                event=event,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data.get("caption") or "",
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("image", error)
        except DomainValidationError as failure:
            for key, message in failure.errors.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("events:staff_photos", event.pk)
    return render(
        request,
        "events/staff/photos.html",
        {"event": event, "form": form, "photos": list(event.photos.order_by("uploaded_at", "id"))},
    )


@login_required
@require_POST
def photo_delete(request: HttpRequest, event_id: int, photo_id: int) -> HttpResponse:
    event = _event_for(request, event_id, MANAGE_PHOTOS)
    photo = event.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    services.event_photo_delete(photo=photo, actor=request.user)
    messages.success(request, _("The photo was removed."))
    return redirect("events:staff_photos", event.pk)
