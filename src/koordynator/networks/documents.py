"""PDF documents of a network (typst templates in `typst/`): the list of its members, and
a plain note (a title and paragraphs) such as the minutes shared with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koordynator.core.pdf import render

from .models import Network, NetworkMember

TEMPLATES = Path(__file__).resolve().parent / "typst"


def members_pdf(network: Network, members: Iterable[NetworkMember]) -> bytes:
    """The network's active members as a table, e.g. to hand out at a meeting."""
    return render(
        TEMPLATES / "members.typ",
        {
            "title": network.name,
            "region": network.region.coordinator_name,
            "kind": network.get_kind_display(),
            "coordinator": network.coordinator_label,
            "purpose": network.purpose,
            "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            "members": [
                {
                    "name": member.display_name,
                    "kind": member.kind_label,
                    "joined": formats.date_format(member.joined_on, "SHORT_DATE_FORMAT"),
                }
                for member in members
            ],
            "labels": {
                "heading": _("List of the network's members"),
                "kind": _("Kind"),
                "coordinator": _("Coordinator"),
                "purpose": _("Purpose"),
                "date": _("As of"),
                "number": _("No."),
                "member": _("Member"),
                "member_kind": _("Kind of member"),
                "joined": _("Joined"),
                "page": _("Page"),
            },
        },
    )


def note_pdf(*, heading: str, title: str, subtitle: str, paragraphs: Sequence[str]) -> bytes:
    return render(
        TEMPLATES / "note.typ",
        {
            "heading": heading,
            "title": title,
            "subtitle": subtitle,
            "paragraphs": list(paragraphs),
        },
    )
