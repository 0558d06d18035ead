"""The event's printed documents: attendance lists and certificates of participation
(PDF, made by core.pdf from the Typst templates in typst/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koordynator.core.pdf import render

from . import selectors
from .ics import event_location
from .models import Event, Registration

TEMPLATES = Path(__file__).resolve().parent / "typst"


def _day_label(day: date) -> str:
    return formats.date_format(day, "l, j E Y")


def event_dates(event: Event) -> str:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if event.is_multi_day:
        return f"{formats.date_format(starts, 'j E Y')} – {formats.date_format(ends, 'j E Y')}"
    return (
        f"{formats.date_format(starts, 'j E Y')}, "
        f"{formats.time_format(starts, 'H:i')}–{formats.time_format(ends, 'H:i')}"
    )


def organiser_name(event: Event) -> str:
    return event.organiser.name if event.organiser else event.region.coordinator_name


def _organisation(registration: Registration) -> str:
    return registration.organisation_name or (
        registration.entity.name if registration.entity is not None else ""
    )


def attendance_pdf(event: Event, days: list[date]) -> bytes:
    """The list to sign: the confirmed people by last name, one page set per day."""
    people = selectors.participants(event)
    data: dict[str, Any] = {
        "title": event.title,
        "organiser": organiser_name(event),
        "venue": event_location(event) or "—",
        "labels": {
            "heading": _("Attendance list"),
            "day": _("Day"),
            "venue": _("Venue"),
            "number": _("No."),
            "name": _("First and last name"),
            "organisation": _("Organisation"),
            "signature": _("Signature"),
            "page": _("page"),
            "total": _("People on the list"),
            "empty": _("Nobody has a confirmed place."),
        },
        "days": [
            {
                "label": _day_label(day),
                "number": event.days.index(day) + 1,
                "rows": [
                    {
                        "number": number,
                        "name": f"{person.last_name} {person.first_name}".strip()
                        or _("(data erased)"),
                        "organisation": _organisation(person),
                    }
                    for number, person in enumerate(people, start=1)
                ],
            }
            for day in days
        ],
    }
    return render(TEMPLATES / "attendance.typ", data)


def verification_url(code: str, site_url: str = "") -> str:
    return site_url.rstrip("/") + reverse("events:certificate", args=[code])


def certificates_pdf(event: Event, registrations: list[Registration], site_url: str = "") -> bytes:
    """One page per person present, each with its verification code."""
    attendance: dict[int, list[date]] = {}
    for registration in registrations:
        attendance[registration.pk] = sorted(registration.attendances.values_list("day", flat=True))
    data: dict[str, Any] = {
        "title": event.title,
        "organiser": organiser_name(event),
        "kind": str(event.get_kind_display()).capitalize(),
        "dates": event_dates(event),
        "venue": event_location(event),
        "labels": {
            "heading": _("Certificate of participation"),
            "confirms": _("This is to certify that"),
            "took_part": _("took part in"),
            "present_on": _("Present on"),
            "issued": _("Issued"),
            "code": _("Verification code"),
            "verify": _("Check it at"),
        },
        "certificates": [
            {
                "name": registration.full_name,
                "organisation": _organisation(registration),
                "days": ", ".join(
                    formats.date_format(day, "j E Y") for day in attendance[registration.pk]
                )
                if event.is_multi_day
                else "",
                "issued": formats.date_format(
                    timezone.localtime(registration.certificate_issued_at or timezone.now()),
                    "j E Y",
                ),
                "code": registration.certificate_code,
                "verify_url": verification_url(registration.certificate_code, site_url),
            }
            for registration in registrations
        ],
    }
    return render(TEMPLATES / "certificate.typ", data)
