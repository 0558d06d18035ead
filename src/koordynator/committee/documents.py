"""The minutes as a PDF (made by core.pdf from typst/minutes.typ): the record of the
sitting, the secretary's text and the approval; drafts say they are drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koordynator.core.pdf import render
from koordynator.events.ics import event_location

from . import selectors
from .enums import AttendanceStatus, MemberRole, ResolutionKind, ResolutionStatus
from .models import Minutes, Sitting, roman
from .services import quorum_text

TEMPLATES = Path(__file__).resolve().parent / "typst"


def _attendance(sitting: Sitting) -> list[dict[str, Any]]:
    rows = []
    for number, row in enumerate(selectors.attendance_rows(sitting), start=1):
        status = AttendanceStatus(row.status).label if row.status else _("not marked")
        if row.status == AttendanceStatus.DEPUTY:
            status = _("through the deputy %(deputy)s") % {"deputy": row.member.deputy_name}
        rows.append(
            {
                "number": number,
                "name": row.member.full_name,
                "role": str(MemberRole(row.member.role).label)
                if row.member.role != MemberRole.MEMBER
                else "",
                "organisation": row.member.organisation,
                "status": str(status),
            }
        )
    return rows


def _result(resolution: Any) -> str:
    if resolution.status == ResolutionStatus.ADOPTED:
        return str(_("passed"))
    if resolution.status == ResolutionStatus.REJECTED:
        label = _("not adopted")
        return f"{label}: {resolution.get_rejection_reason_display()}"
    return str(_("not voted yet"))


def minutes_pdf(sitting: Sitting, minutes: Minutes) -> bytes:
    event = sitting.event
    committee = sitting.committee
    heading = _("Minutes of sitting no. %(number)s") % {"number": roman(sitting.number)}
    if minutes.is_approved and minutes.approved_at is not None:
        approval = _("The minutes were approved on %(date)s by %(name)s.") % {
            "date": formats.date_format(timezone.localtime(minutes.approved_at), "j E Y"),
            "name": str(minutes.approved_by) if minutes.approved_by else "—",
        }
        draft_note = ""
    else:
        approval = _("The minutes have not been approved yet.")
        draft_note = _("DRAFT – minutes not approved (%(status)s)") % {
            "status": minutes.get_status_display()
        }
    data: dict[str, Any] = {
        "heading": heading,
        "committee": committee.name,
        "coordinator": committee.region.coordinator_name,
        "sitting": sitting.label,
        "date": formats.date_format(timezone.localtime(event.starts_at), "l, j E Y, H:i"),
        "venue": event_location(event) or "—",
        "draft_note": draft_note,
        "quorum": quorum_text(selectors.quorum_of(sitting)),
        "attendance": _attendance(sitting),
        "agenda": [
            {"position": item.position, "title": item.title}
            for item in selectors.agenda_of(sitting)
        ],
        "resolutions": [
            {
                "reference": resolution.reference_label
                if resolution.number
                else str(ResolutionKind(resolution.kind).label).capitalize(),
                "title": resolution.title,
                "for": resolution.votes_for,
                "against": resolution.votes_against,
                "abstained": resolution.votes_abstained,
                "result": _result(resolution),
            }
            for resolution in selectors.resolutions_of(sitting)
        ],
        "text_lines": minutes.text.strip().splitlines(),
        "approval": approval,
        "labels": {
            "date": _("Date"),
            "venue": _("Venue"),
            "sitting": _("Sitting"),
            "attendance": _("Attendance list"),
            "number": _("No."),
            "name": _("First and last name"),
            "organisation": _("Organisation"),
            "status": _("Attendance"),
            "agenda": _("Agenda"),
            "resolutions": _("Resolutions and opinions"),
            "reference": _("Number"),
            "title": _("Title"),
            "for": _("For"),
            "against": _("Against"),
            "abstained": _("Abst."),
            "result": _("Result"),
            "text": _("Course of the sitting"),
            "page": _("page"),
        },
    }
    return render(TEMPLATES / "minutes.typ", data)
