"""Public calendar pages: upcoming events with filters, a month as an HTML table, the
iCalendar feed, the archive of past events with their participant counts and photos,
and the verification of certificates."""

from __future__ import annotations

import mimetypes
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from .. import selectors, services
from ..documents import event_dates
from ..forms import CertificateCodeForm, EventFilterForm
from ..ics import events_calendar
from ..rules import LIST_EVENTS

PAGE_SIZE = 20


def _filter_form(request: HttpRequest) -> tuple[EventFilterForm, dict[str, Any]]:
    region = getattr(request, "region", None)
    form = EventFilterForm(
        request.GET or None,
        programmes=selectors.programmes_with_events(region),
        powiats=selectors.venue_powiats(region),
    )
    return form, form.filters() if request.GET else {}


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def event_list(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    form, filters = _filter_form(request)
    events = selectors.upcoming_events(region, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "region": region,
            "form": form,
            "query": _query_without(request, "page"),
            "can_manage": request.user.has_perm(LIST_EVENTS),
        },
    )


def _month(request: HttpRequest, filters: dict[str, Any]) -> date:
    month = filters.pop("month", None)
    if month is None:
        value = request.GET.get("month", "")
        try:
            year, number = (int(part) for part in value.split("-"))
            month = date(year, number, 1)
        except ValueError:
            month = timezone.localdate().replace(day=1)
    return month.replace(day=1)


def calendar(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    form, filters = _filter_form(request)
    month = _month(request, filters)
    events = list(selectors.month_events(region, month, **filters))
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    query = _query_without(request, "month", "page")
    return render(
        request,
        "events/calendar.html",
        {
            "month": month,
            "weeks": selectors.calendar_weeks(month, events),
            "events": events,
            "previous": previous,
            "following": following,
            "form": form,
            "query": query,
            "today": timezone.localdate(),
            "region": region,
            "weekdays": [(WEEKDAYS[n], WEEKDAYS_ABBR[n]) for n in range(7)],
        },
    )


def feed(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    events = list(selectors.feed_events(region))
    site = request.build_absolute_uri("/").rstrip("/")
    content = events_calendar(
        events, url_for=lambda event: site + reverse("events:event_detail", args=[event.pk])
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    patch_cache_control(response, public=True, max_age=900)
    return response


def archive(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    form, filters = _filter_form(request)
    events = selectors.past_events(region, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/archive.html",
        {
            "page": page,
            "region": region,
            "form": form,
            "query": _query_without(request, "page"),
        },
    )


def photo_file(request: HttpRequest, photo_id: int, size: str) -> FileResponse:
    photo = selectors.photo_of_visible_event(request.user, photo_id)
    if photo is None or size not in ("full", "small"):
        raise Http404
    file = photo.image if size == "full" else photo.thumbnail
    content_type = mimetypes.guess_type(file.name or "")[0] or "application/octet-stream"
    response = FileResponse(file.open("rb"), content_type=content_type)
    if photo.event.is_published:
        patch_cache_control(response, public=True, max_age=3600)
    return response


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """The form: a code typed goes to the certificate's own address."""
    form = CertificateCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        code = services.normalise_certificate_code(form.cleaned_data["code"])
        if code:
            return redirect("events:certificate", code)
        form.add_error("code", CertificateCodeForm.base_fields["code"].help_text)
    return render(request, "events/certificate_verify.html", {"form": form})


def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    normalised = services.normalise_certificate_code(code)
    if normalised != code and normalised:
        return redirect("events:certificate", normalised)
    registration = selectors.certificate_by_code(normalised)
    response = render(
        request,
        "events/certificate_detail.html",
        {
            "code": normalised,
            "registration": registration,
            "event": registration.event if registration else None,
            "dates": event_dates(registration.event) if registration else "",
            "form": CertificateCodeForm(initial={"code": normalised}),
        },
        status=200 if registration else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
