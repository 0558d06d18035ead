"""Staff pages under /panel/committee/: the committee's record, its members (with the flag
for three unexcused absences in a row and the history of each), its sittings (agenda with
documents, moves, attendance, resolutions with their votes, minutes and their approval);
and the committee members' read-only view of their committee's materials.

Every page needs a login and a permission from rules.py; what the user may not see
answers 404, like what is missing. Reads go through selectors, writes through services;
a move the status forbids is refused with a message and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.accounts.staff_views import chosen_region, staff_regions
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_entries_for
from koordynator.core.forms import error_text, show_errors
from koordynator.core.http import site_url, stored_file_response
from koordynator.territory.models import Region

from .. import selectors, services
from ..enums import (
    IN_SESSION,
    MINUTES_WORKFLOW,
    SITTING_WORKFLOW,
    MemberRole,
    MinutesStatus,
    MinutesTransition,
    SittingStatus,
    SittingTransition,
)
from ..forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    CommitteeForm,
    DocumentForm,
    MemberEndForm,
    MemberForm,
    MinutesForm,
    NamedVoteForm,
    ReasonForm,
    ResolutionForm,
    SittingForm,
    VoteForm,
    member_initial,
)
from ..models import AgendaItem, Committee, Member, Resolution, Sitting
from ..rules import (
    CREATE_COMMITTEE,
    MANAGE_COMMITTEE,
    READ_MATERIALS,
    USE_MEMBER_PAGES,
    USE_STAFF_PAGES,
    VIEW_COMMITTEE,
)
from ..uploads import Upload

MEMBER_ACTIONS = {
    "committee.member.appointed": gettext_lazy("appointed"),
    "committee.member.changed": gettext_lazy("record changed"),
    "committee.member.role_changed": gettext_lazy("role changed"),
    "committee.member.deputy_changed": gettext_lazy("deputy changed"),
    "committee.member.term_ended": gettext_lazy("end of term"),
    "committee.member.dismissed": gettext_lazy("dismissed"),
    "committee.member.resigned": gettext_lazy("resigned"),
    "committee.member.ended": gettext_lazy("membership ended"),
}


def _chosen_committee(request: HttpRequest) -> Committee:
    require_perm(request, USE_STAFF_PAGES)
    committee = selectors.committee_of_region(chosen_region(request))
    if committee is None or not request.user.has_perm(VIEW_COMMITTEE, committee):
        raise Http404
    return committee


def _with_region(url: str, committee: Committee) -> str:
    return f"{url}?in={committee.region.slug}"


# --- Committee -----------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The committee of the region: its record, officers, sittings per year against the
    minimum, and where to go next. Committee members go to their materials."""
    if not request.user.has_perm(USE_STAFF_PAGES):
        if request.user.has_perm(USE_MEMBER_PAGES):
            return redirect("committee:materials")
        raise Http404
    region = chosen_region(request)
    committee = selectors.committee_of_region(region)
    context: dict[str, Any] = {
        "region": region,
        "regions": staff_regions(request),
        "committee": committee,
        "can_create": committee is None and request.user.has_perm(CREATE_COMMITTEE, region),
    }
    if committee is not None:
        members = list(selectors.current_members(committee))
        context.update(
            {
                "can_manage": request.user.has_perm(MANAGE_COMMITTEE, committee),
                "officers": selectors.officers(members),
                "member_count": len(members),
                "flagged_count": len(
                    selectors.flagged_member_ids(committee) & {m.pk for m in members}
                ),
                "years": selectors.sittings_per_year(committee),
                "upcoming": list(
                    selectors.sittings_of(committee)
                    .filter(status__in=[SittingStatus.PLANNED, SittingStatus.CONVENED])
                    .order_by("event__starts_at")
                ),
            }
        )
    return render(request, "committee/staff/overview.html", context)


def _rules_upload(request: HttpRequest) -> Upload | None:
    uploaded = request.FILES.get("rules_document")
    return Upload(file=uploaded, name=uploaded.name or "") if uploaded else None


def _committee_data(form: CommitteeForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name]
        for name in services.COMMITTEE_FIELDS
        if name in form.cleaned_data
    }


@login_required
@require_http_methods(["GET", "POST"])
def committee_create(request: HttpRequest) -> HttpResponse:
    regions = [
        region
        for region in staff_regions(request)
        if request.user.has_perm(CREATE_COMMITTEE, region)
        and selectors.committee_of_region(region) is None
    ]
    if not regions:
        raise Http404
    is_post = request.method == "POST"
    form = CommitteeForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        regions=Region.objects.filter(pk__in=[r.pk for r in regions]).select_related("voivodeship")
        if len(regions) > 1
        else None,
        initial={"name": _("Regional Committee for the Development of the Social Economy")},
    )
    if is_post and form.is_valid():
        region = form.cleaned_data.get("region") or regions[0]
        try:
            committee = services.committee_create(
                region=region,
                data=_committee_data(form),
                rules=_rules_upload(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect(_with_region(reverse("committee:overview"), committee))
    return render(request, "committee/staff/committee_form.html", {"form": form, "committee": None})


@login_required
@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = selectors.committee_for_staff(request.user, committee_id)
    if committee is None:
        raise Http404
    require_perm(request, MANAGE_COMMITTEE, committee)
    is_post = request.method == "POST"
    form = CommitteeForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial={name: getattr(committee, name) for name in services.COMMITTEE_FIELDS},
    )
    if is_post and form.is_valid():
        try:
            services.committee_update(
                committee=committee,
                data=_committee_data(form),
                rules=_rules_upload(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect(_with_region(reverse("committee:overview"), committee))
    return render(
        request, "committee/staff/committee_form.html", {"form": form, "committee": committee}
    )


# --- Members -------------------------------------------------------------------------------------


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    committee = _chosen_committee(request)
    streaks = selectors.absence_streaks(committee)
    current = list(selectors.current_members(committee))
    return render(
        request,
        "committee/staff/member_list.html",
        {
            "committee": committee,
            "region": committee.region,
            "regions": staff_regions(request),
            "sectors": [
                (sector, [(member, streaks.get(member.pk, 0)) for member in members])
                for sector, members in selectors.by_sector(current)
            ],
            "member_count": len(current),
            "threshold": selectors.ABSENCES_FOR_DISMISSAL,
            "future": list(selectors.future_members(committee).order_by("term_starts_on")),
            "former": list(selectors.former_members(committee)),
            "can_manage": request.user.has_perm(MANAGE_COMMITTEE, committee),
        },
    )


def _member_data(form: MemberForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    committee = _chosen_committee(request)
    require_perm(request, MANAGE_COMMITTEE, committee)
    is_post = request.method == "POST"
    form = MemberForm(
        request.POST if is_post else None,
        users=selectors.member_account_choices(committee),
        initial={"term_starts_on": timezone.localdate()},
    )
    if is_post and form.is_valid():
        try:
            member = services.member_appoint(
                committee=committee, data=_member_data(form), actor=request.user
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s was appointed to the committee.") % {"name": member.full_name}
            )
            return redirect("committee:member_detail", member.pk)
    return render(
        request,
        "committee/staff/member_form.html",
        {"form": form, "member": None, "committee": committee},
    )


def _member(request: HttpRequest, member_id: int, perm: str) -> Member:
    member = selectors.member_for_staff(request.user, member_id)
    if member is None or not request.user.has_perm(perm, member.committee):
        raise Http404
    return member


def _day(value: Any) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "j E Y")
    except ValueError:
        return ""


def _history_detail(action: str, changes: dict[str, Any]) -> str:
    """What an entry of a member's history changed, in words."""
    if action == "committee.member.appointed" and changes.get("term_starts_on"):
        return _("term from %(start)s to %(end)s") % {
            "start": _day(changes["term_starts_on"]),
            "end": _day(changes.get("term_ends_on")),
        }
    if action == "committee.member.role_changed":
        old, new = changes["role"]
        return f"{MemberRole(old).label} → {MemberRole(new).label}"
    if action == "committee.member.deputy_changed":
        deputy = changes.get("deputy_name")
        return str(deputy[1] or "—") if isinstance(deputy, list) else ""
    if "ended_on" in changes:
        detail = _("last day: %(date)s") % {"date": _day(changes["ended_on"])}
        return f"{detail}; {changes['note']}" if changes.get("note") else detail
    return ""


def _history(member: Member) -> list[dict[str, Any]]:
    return [
        {
            "entry": entry,
            "label": MEMBER_ACTIONS.get(entry.action, entry.action),
            "detail": _history_detail(entry.action, entry.changes or {}),
        }
        for entry in audit_entries_for(member).order_by("occurred_at", "id")
    ]


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id, VIEW_COMMITTEE)
    streak = selectors.absence_streaks(member.committee).get(member.pk, 0)
    return render(
        request,
        "committee/staff/member_detail.html",
        {
            "member": member,
            "committee": member.committee,
            "attendance": list(selectors.attendance_history(member)),
            "streak": streak,
            "is_flagged": streak >= selectors.ABSENCES_FOR_DISMISSAL,
            "history": _history(member),
            "can_manage": request.user.has_perm(MANAGE_COMMITTEE, member.committee)
            and member.ended_on is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id, MANAGE_COMMITTEE)
    if member.ended_on is not None:
        messages.error(request, _("This membership has ended; it cannot change."))
        return redirect("committee:member_detail", member.pk)
    is_post = request.method == "POST"
    form = MemberForm(
        request.POST if is_post else None,
        users=selectors.member_account_choices(member.committee),
        initial=member_initial(member),
    )
    if is_post and form.is_valid():
        try:
            services.member_update(member=member, data=_member_data(form), actor=request.user)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The member's record was saved."))
            return redirect("committee:member_detail", member.pk)
    return render(
        request,
        "committee/staff/member_form.html",
        {"form": form, "member": member, "committee": member.committee},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id, MANAGE_COMMITTEE)
    is_post = request.method == "POST"
    today = timezone.localdate()
    form = MemberEndForm(
        request.POST if is_post else None,
        initial={"ended_on": min(max(today, member.term_starts_on), member.term_ends_on)},
    )
    if is_post and form.is_valid():
        try:
            services.member_end(
                member=member,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The membership of %(name)s has ended.") % {"name": member.full_name}
            )
            return redirect("committee:member_detail", member.pk)
    streak = selectors.absence_streaks(member.committee).get(member.pk, 0)
    return render(
        request,
        "committee/staff/member_end.html",
        {
            "form": form,
            "member": member,
            "committee": member.committee,
            "streak": streak,
            "is_flagged": streak >= selectors.ABSENCES_FOR_DISMISSAL,
        },
    )


# --- Sittings ------------------------------------------------------------------------------------


@login_required
def sitting_list(request: HttpRequest) -> HttpResponse:
    committee = _chosen_committee(request)
    return render(
        request,
        "committee/staff/sitting_list.html",
        {
            "committee": committee,
            "region": committee.region,
            "regions": staff_regions(request),
            "sittings": list(selectors.sittings_of(committee)),
            "years": selectors.sittings_per_year(committee),
            "can_manage": request.user.has_perm(MANAGE_COMMITTEE, committee),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sitting_create(request: HttpRequest) -> HttpResponse:
    committee = _chosen_committee(request)
    require_perm(request, MANAGE_COMMITTEE, committee)
    is_post = request.method == "POST"
    form = SittingForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        data = form.cleaned_data
        try:
            sitting = services.sitting_create(
                committee=committee,
                data=data,
                number=data.get("number"),
                agenda=form.agenda_items(),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The %(sitting)s is planned.") % {"sitting": sitting.label})
            return redirect("committee:sitting_detail", sitting.pk)
    return render(
        request,
        "committee/staff/sitting_form.html",
        {"form": form, "sitting": None, "committee": committee},
    )


def _sitting(request: HttpRequest, sitting_id: int, perm: str) -> Sitting:
    if perm == READ_MATERIALS:
        sitting = selectors.sitting_for_reader(request.user, sitting_id)
    else:
        sitting = selectors.sitting_for_staff(request.user, sitting_id)
    if sitting is None or not request.user.has_perm(perm, sitting.committee):
        raise Http404
    return sitting


def _moves(sitting: Sitting) -> list[tuple[str, str]]:
    return [
        (move.name, str(SittingTransition(move.name).label))
        for move in SITTING_WORKFLOW.allowed(sitting.status)
    ]


def _render_sitting(
    request: HttpRequest,
    sitting: Sitting,
    *,
    agenda_form: AgendaItemForm | None = None,
    document_forms: dict[int, DocumentForm] | None = None,
) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE_COMMITTEE, sitting.committee)
    minutes = selectors.minutes_of(sitting)
    is_frozen = sitting.status in (SittingStatus.CLOSED, SittingStatus.CANCELLED) or (
        minutes is not None and minutes.is_approved
    )
    agenda = list(selectors.agenda_of(sitting))
    forms = document_forms or {}
    quorum = selectors.quorum_of(sitting)
    return render(
        request,
        "committee/staff/sitting_detail.html",
        {
            "sitting": sitting,
            "committee": sitting.committee,
            "event": sitting.event,
            "agenda": [
                (item, forms.get(item.pk) or DocumentForm(auto_id=f"id_doc{item.pk}_%s"))
                for item in agenda
            ],
            "agenda_form": agenda_form or AgendaItemForm(),
            "resolutions": list(selectors.resolutions_of(sitting)),
            "quorum": quorum,
            "quorum_text": services.quorum_text(quorum),
            "attendance_marked": any(row.status for row in selectors.attendance_rows(sitting)),
            "minutes": minutes,
            "moves": _moves(sitting) if can_manage else [],
            "cancel_form": ReasonForm(auto_id="id_cancel_%s", label=_("Reason for cancelling")),
            "can_manage": can_manage,
            "can_edit": can_manage and not is_frozen,
            "in_session": sitting.status in IN_SESSION,
            "is_held": sitting.status == SittingStatus.HELD,
        },
    )


@login_required
def sitting_detail(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _sitting(request, sitting_id, READ_MATERIALS)
    return _render_sitting(request, sitting)


@login_required
@require_http_methods(["GET", "POST"])
def sitting_edit(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    event = sitting.event
    is_post = request.method == "POST"
    form = SittingForm(
        request.POST if is_post else None,
        is_new=False,
        initial={
            "starts_at": timezone.localtime(event.starts_at),
            "ends_at": timezone.localtime(event.ends_at),
            "venue_name": event.venue_name,
            "venue_address": event.venue_address,
            "description": event.description,
        },
    )
    if is_post and form.is_valid():
        try:
            services.sitting_update(sitting=sitting, data=form.cleaned_data, actor=request.user)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The sitting was saved."))
            return redirect("committee:sitting_detail", sitting.pk)
    return render(
        request,
        "committee/staff/sitting_form.html",
        {"form": form, "sitting": sitting, "committee": sitting.committee},
    )


@login_required
@require_POST
def sitting_transition(request: HttpRequest, sitting_id: int, transition: str) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    if transition not in SITTING_WORKFLOW:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        sitting = services.sitting_transition(
            sitting=sitting,
            transition=transition,
            reason=reason,
            actor=request.user,
            site_url=site_url(request),
        )
    except DomainValidationError as error:
        messages.error(request, error_text(error))
        return redirect("committee:sitting_detail", sitting.pk)
    if transition == SittingTransition.CONVENE:
        recipients = selectors.invitation_recipients(sitting)
        invited = sum(1 for _member, addresses in recipients if addresses)
        messages.success(
            request,
            ngettext(
                "The sitting is convened. The invitation goes to %(count)d member.",
                "The sitting is convened. The invitation goes to %(count)d members.",
                invited,
            )
            % {"count": invited},
        )
        missing = [member.full_name for member, addresses in recipients if not addresses]
        if missing:
            messages.warning(
                request,
                _("No e-mail address, invite them otherwise: %(names)s.")
                % {"names": ", ".join(missing)},
            )
    else:
        messages.success(
            request,
            _("The sitting is now “%(status)s”.") % {"status": sitting.get_status_display()},
        )
    return redirect("committee:sitting_detail", sitting.pk)


# --- Agenda --------------------------------------------------------------------------------------


@login_required
@require_POST
def agenda_add(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            item = services.agenda_item_add(
                sitting=sitting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Item %(number)s was added to the agenda.") % {"number": item.position}
            )
            return redirect(reverse("committee:sitting_detail", args=[sitting.pk]) + "#agenda")
    return _render_sitting(request, sitting, agenda_form=form)


def _item(request: HttpRequest, item_id: int) -> AgendaItem:
    item = selectors.agenda_item_for_staff(request.user, item_id)
    if item is None or not request.user.has_perm(MANAGE_COMMITTEE, item.sitting.committee):
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    is_post = request.method == "POST"
    form = AgendaItemForm(
        request.POST if is_post else None,
        initial={"title": item.title, "description": item.description},
    )
    if is_post and form.is_valid():
        try:
            services.agenda_item_update(
                item=item,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The agenda item was saved."))
            return redirect(reverse("committee:sitting_detail", args=[item.sitting_id]) + "#agenda")
    return render(
        request,
        "committee/staff/agenda_form.html",
        {"form": form, "item": item, "sitting": item.sitting},
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, item_id: int, direction: str) -> HttpResponse:
    item = _item(request, item_id)
    try:
        services.agenda_item_move(item=item, direction=direction, actor=request.user)
    except DomainValidationError as error:
        messages.error(request, error_text(error))
    return redirect(reverse("committee:sitting_detail", args=[item.sitting_id]) + "#agenda")


@login_required
@require_POST
def agenda_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    try:
        services.agenda_item_remove(item=item, actor=request.user)
    except DomainValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The item was taken off the agenda."))
    return redirect(reverse("committee:sitting_detail", args=[item.sitting_id]) + "#agenda")


@login_required
@require_POST
def document_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    form = DocumentForm(request.POST, request.FILES, auto_id=f"id_doc{item.pk}_%s")
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.agenda_document_add(
                item=item,
                title=form.cleaned_data["title"],
                upload=Upload(file=uploaded, name=uploaded.name or ""),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(reverse("committee:sitting_detail", args=[item.sitting_id]) + "#agenda")
    sitting = _sitting(request, item.sitting_id, MANAGE_COMMITTEE)
    return _render_sitting(request, sitting, document_forms={item.pk: form})


@login_required
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    document = selectors.document_for_reader(request.user, document_id)
    if document is None or not request.user.has_perm(
        READ_MATERIALS, document.item.sitting.committee
    ):
        raise Http404
    return stored_file_response(document.file, document.file_name, private=True)


@login_required
@require_POST
def document_remove(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.document_for_reader(request.user, document_id)
    if document is None or not request.user.has_perm(
        MANAGE_COMMITTEE, document.item.sitting.committee
    ):
        raise Http404
    sitting_id = document.item.sitting_id
    try:
        services.agenda_document_remove(document=document, actor=request.user)
    except DomainValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The document was removed."))
    return redirect(reverse("committee:sitting_detail", args=[sitting_id]) + "#agenda")


# --- Attendance ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """One form for every member: present, through the deputy, excused, unexcused."""
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    rows = selectors.attendance_rows(sitting)
    members = [row.member for row in rows if row.member.is_current_on(sitting.day)]
    is_post = request.method == "POST"
    form = AttendanceForm(
        request.POST if is_post else None,
        members=members,
        initial_statuses={row.member.pk: row.status for row in rows},
    )
    if is_post and form.is_valid():
        try:
            services.attendance_set(sitting=sitting, statuses=form.statuses(), actor=request.user)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            quorum = selectors.quorum_of(sitting)
            messages.success(
                request,
                _("The attendance was saved. %(quorum)s")
                % {"quorum": services.quorum_text(quorum)},
            )
            return redirect("committee:sitting_detail", sitting.pk)
    return render(
        request,
        "committee/staff/attendance.html",
        {
            "form": form,
            "sitting": sitting,
            "committee": sitting.committee,
            "quorum": selectors.quorum_of(sitting),
            "in_session": sitting.status in IN_SESSION,
        },
    )


# --- Resolutions ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    is_post = request.method == "POST"
    form = ResolutionForm(
        request.POST if is_post else None,
        agenda=selectors.agenda_of(sitting),
        initial={"agenda_item": request.GET.get("item")},
    )
    if is_post and form.is_valid():
        try:
            resolution = services.resolution_create(
                sitting=sitting,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The draft was saved; record the vote below."))
            return redirect("committee:resolution_detail", resolution.pk)
    return render(
        request,
        "committee/staff/resolution_form.html",
        {"form": form, "sitting": sitting, "resolution": None, "committee": sitting.committee},
    )


def _resolution(request: HttpRequest, resolution_id: int, perm: str) -> Resolution:
    resolution = selectors.resolutions_for_reader(request.user).filter(pk=resolution_id).first()
    if resolution is None or not request.user.has_perm(perm, resolution.committee):
        raise Http404
    return resolution


def _voters(resolution: Resolution) -> list[tuple[Member, bool]]:
    sitting = resolution.sitting
    return [
        (row.member, row.status == "deputy")
        for row in selectors.attendance_rows(sitting)
        if row.status in ("present", "deputy") and row.member.is_current_on(sitting.day)
    ]


def _vote_form(resolution: Resolution, data: Any = None) -> VoteForm | NamedVoteForm:
    if resolution.committee.named_votes:
        return NamedVoteForm(data, voters=_voters(resolution), auto_id="id_named_%s")
    return VoteForm(data)


def _render_resolution(
    request: HttpRequest,
    resolution: Resolution,
    *,
    vote_form: VoteForm | NamedVoteForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    can_manage = request.user.has_perm(MANAGE_COMMITTEE, resolution.committee)
    sitting = resolution.sitting
    minutes = selectors.minutes_of(sitting)
    is_frozen = sitting.status in (SittingStatus.CLOSED, SittingStatus.CANCELLED) or (
        minutes is not None and minutes.is_approved
    )
    votes = selectors.member_votes_of(resolution)
    named_votes = [
        (member, votes[member.pk])
        for member in selectors.members_of(resolution.committee).filter(pk__in=list(votes))
    ]
    return render(
        request,
        "committee/staff/resolution_detail.html",
        {
            "resolution": resolution,
            "sitting": sitting,
            "committee": resolution.committee,
            "attachments": list(resolution.attachments.all()),
            "quorum": selectors.quorum_of(sitting),
            "vote_result": services.vote_result_text(resolution),
            "named_votes": named_votes,
            "vote_form": vote_form or _vote_form(resolution),
            "attachment_form": attachment_form or AttachmentForm(auto_id="id_attachment_%s"),
            "can_vote": can_manage
            and not resolution.is_voted
            and sitting.status in IN_SESSION
            and not is_frozen,
            "can_edit": can_manage and not resolution.is_voted and not is_frozen,
            "can_attach": can_manage and not is_frozen,
            "can_manage": can_manage,
        },
    )


@login_required
def resolution_detail(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = _resolution(request, resolution_id, READ_MATERIALS)
    return _render_resolution(request, resolution)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_edit(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = _resolution(request, resolution_id, MANAGE_COMMITTEE)
    sitting = resolution.sitting
    is_post = request.method == "POST"
    form = ResolutionForm(
        request.POST if is_post else None,
        agenda=selectors.agenda_of(sitting),
        initial={
            "kind": resolution.kind,
            "agenda_item": resolution.agenda_item,
            "title": resolution.title,
            "text": resolution.text,
        },
    )
    if is_post and form.is_valid():
        try:
            services.resolution_update(
                resolution=resolution,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("committee:resolution_detail", resolution.pk)
    return render(
        request,
        "committee/staff/resolution_form.html",
        {
            "form": form,
            "sitting": sitting,
            "resolution": resolution,
            "committee": resolution.committee,
        },
    )


@login_required
@require_POST
def resolution_vote(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = _resolution(request, resolution_id, MANAGE_COMMITTEE)
    form = _vote_form(resolution, request.POST)
    if form.is_valid():
        try:
            if isinstance(form, NamedVoteForm):
                resolution = services.resolution_vote(
                    resolution=resolution, member_votes=form.member_votes(), actor=request.user
                )
            else:
                resolution = services.resolution_vote(
                    resolution=resolution,
                    votes_for=form.cleaned_data["votes_for"],
                    votes_against=form.cleaned_data["votes_against"],
                    votes_abstained=form.cleaned_data["votes_abstained"],
                    actor=request.user,
                )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            if resolution.status == "adopted":
                messages.success(
                    request,
                    _("Adopted: %(reference)s.") % {"reference": resolution.reference_label},
                )
            else:
                messages.warning(
                    request,
                    _("Not adopted: %(reason)s.")
                    % {"reason": resolution.get_rejection_reason_display()},
                )
            return redirect("committee:resolution_detail", resolution.pk)
    return _render_resolution(request, resolution, vote_form=form)


@login_required
@require_POST
def attachment_add(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = _resolution(request, resolution_id, MANAGE_COMMITTEE)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_attachment_%s")
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.resolution_attachment_add(
                resolution=resolution,
                title=form.cleaned_data["title"],
                upload=Upload(file=uploaded, name=uploaded.name or ""),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect("committee:resolution_detail", resolution.pk)
    return _render_resolution(request, resolution, attachment_form=form)


# --- Minutes -------------------------------------------------------------------------------------


def _minutes_moves(status: str) -> list[str]:
    return [move.name for move in MINUTES_WORKFLOW.allowed(status)]


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """The minutes: the secretary edits the draft; staff submit, approve or return them;
    committee members read them."""
    sitting = _sitting(request, sitting_id, READ_MATERIALS)
    record = selectors.minutes_of(sitting)
    if record is None:
        raise Http404
    can_manage = request.user.has_perm(MANAGE_COMMITTEE, sitting.committee)
    can_edit = can_manage and record.status == MinutesStatus.DRAFT
    is_post = request.method == "POST"
    if is_post and not can_edit:
        raise Http404
    form = MinutesForm(request.POST if is_post else None, initial={"text": record.text})
    if is_post and form.is_valid():
        try:
            services.minutes_edit(
                minutes=record, text=form.cleaned_data["text"], actor=request.user
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("committee:minutes", sitting.pk)
    return render(
        request,
        "committee/staff/minutes.html",
        {
            "sitting": sitting,
            "committee": sitting.committee,
            "minutes": record,
            "form": form,
            "can_edit": can_edit,
            "can_manage": can_manage,
            "moves": _minutes_moves(record.status) if can_manage else [],
            "return_form": ReasonForm(auto_id="id_return_%s", label=_("What to correct")),
        },
    )


@login_required
@require_POST
def minutes_draft(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    try:
        services.minutes_draft(
            sitting=sitting, actor=request.user, redraft=request.POST.get("redraft") == "1"
        )
    except DomainValidationError as error:
        messages.error(request, error_text(error))
        return redirect("committee:sitting_detail", sitting.pk)
    messages.success(request, _("The minutes were drafted from the agenda, attendance and votes."))
    return redirect("committee:minutes", sitting.pk)


@login_required
@require_POST
def minutes_transition(request: HttpRequest, sitting_id: int, transition: str) -> HttpResponse:
    sitting = _sitting(request, sitting_id, MANAGE_COMMITTEE)
    record = selectors.minutes_of(sitting)
    if record is None or transition not in MINUTES_WORKFLOW:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        record = services.minutes_transition(
            minutes=record, transition=transition, reason=reason, actor=request.user
        )
    except DomainValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            {
                MinutesTransition.SUBMIT: _("The minutes were submitted for approval."),
                MinutesTransition.APPROVE: _("The minutes were approved."),
                MinutesTransition.RETURN: _("The minutes were returned for correction."),
            }[MinutesTransition(transition)],
        )
    return redirect("committee:minutes", sitting.pk)


# --- Committee members' materials ----------------------------------------------------------------


@login_required
def materials(request: HttpRequest) -> HttpResponse:
    """The sittings of the user's committee, with their documents and minutes (read only)."""
    if not (request.user.has_perm(USE_MEMBER_PAGES) or request.user.has_perm(USE_STAFF_PAGES)):
        raise Http404
    committees = [
        (committee, list(selectors.sittings_of(committee).exclude(status=SittingStatus.CANCELLED)))
        for committee in selectors.committees_for_reader(request.user)
    ]
    return render(request, "committee/staff/materials.html", {"committees": committees})
