"""Pages under /panel/networks/: the staff's networks (create, edit, members, meetings,
shared documents), a network's page as its members see it, and "my networks" of a member
organisation's people.

Every page needs a login and a permission from rules.py; an object the user may not see
answers 404, like a missing one. Reads go through selectors, writes through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from koordynator.accounts.rules import require_perm
from koordynator.accounts.staff_views import chosen_region, staff_regions
from koordynator.core.api import DomainValidationError
from koordynator.core.forms import show_errors
from koordynator.core.http import site_url, stored_file_response
from koordynator.core.workflow import TransitionNotAllowed

from .. import documents, selectors, services
from ..forms import (
    DocumentForm,
    LeaveForm,
    LinkEventForm,
    MeetingForm,
    MemberForm,
    NetworkForm,
)
from ..rules import ADD_NETWORK, MANAGE_NETWORK, USE_STAFF_PAGES, VIEW_DOCUMENTS, VIEW_NETWORK
from .common import visible_network

SUGGESTIONS = 10


# --- Networks ----------------------------------------------------------------------------------


@login_required
@require_safe
def network_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, USE_STAFF_PAGES)
    region = chosen_region(request)
    networks = selectors.networks_for_staff(request.user).filter(region=region)
    return render(
        request,
        "networks/staff/network_list.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "networks": networks,
            "can_add": request.user.has_perm(ADD_NETWORK, region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request: HttpRequest) -> HttpResponse:
    region = chosen_region(request)
    require_perm(request, ADD_NETWORK, region)
    form = NetworkForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(
                region=region, data=form.service_data(), actor=request.user
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The network was created. Now add its members."))
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/network_form.html",
        {"form": form, "network": None, "region": region, "regions": staff_regions(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, network_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    form = NetworkForm(
        request.POST if request.method == "POST" else None, region=network.region, network=network
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(network=network, data=form.service_data(), actor=request.user)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/network_form.html",
        {"form": form, "network": network, "region": network.region},
    )


@login_required
@require_safe
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    """The network's page: staff of its region and its members see it; those who manage it
    also get the buttons."""
    network = visible_network(request, network_id, VIEW_NETWORK)
    members = list(selectors.members_of(network))
    is_staff_view = request.user.has_perm(USE_STAFF_PAGES)
    partnerships = selectors.partnerships_of_network(network)
    if not is_staff_view:
        partnerships = partnerships.filter(is_public=True)
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "active_members": [member for member in members if member.is_active],
            "former_members": [member for member in members if not member.is_active],
            "meetings": selectors.meetings_split(network),
            "documents": selectors.documents_of(network),
            "partnerships": partnerships,
            "can_manage": request.user.has_perm(MANAGE_NETWORK, network),
            "is_staff_view": is_staff_view,
        },
    )


@login_required
@require_safe
def members_pdf(request: HttpRequest, network_id: int) -> HttpResponse:
    """The list of the network's active members as a PDF."""
    network = visible_network(request, network_id, VIEW_NETWORK)
    response = HttpResponse(
        documents.members_pdf(network, selectors.active_members_of(network)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="network-{network.pk}-members.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def my_networks(request: HttpRequest) -> HttpResponse:
    """The networks of the user's organisation: members, meetings to come, documents."""
    networks = list(selectors.networks_of_member(request.user))
    upcoming = selectors.upcoming_meetings_by_network([network.pk for network in networks])
    return render(
        request,
        "networks/my_networks.html",
        {"rows": [(network, upcoming.get(network.pk, [])) for network in networks]},
    )


@login_required
@require_safe
def entity_suggestions(request: HttpRequest) -> HttpResponse:
    """Entities of the region that match what was typed, as datalist options (staff)."""
    require_perm(request, USE_STAFF_PAGES)
    region_id = request.GET.get("region", "")
    region = next((r for r in staff_regions(request) if str(r.pk) == region_id), None)
    typed = next(
        (
            str(value)
            for key, value in request.GET.items()
            if key.endswith("entity_name") and str(value).strip()
        ),
        "",
    )
    found = (
        selectors.entity_suggestions(request.user, region, typed[:200], limit=SUGGESTIONS)
        if region is not None
        else []
    )
    return render(request, "networks/_entity_suggestions.html", {"entities": found})


# --- Members -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    form = MemberForm(request.POST if request.method == "POST" else None, region=network.region)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(
                network=network, actor=request.user, **form.service_arguments()
            )
        except DomainValidationError as error:
            show_errors(form, error, MemberForm.RENAMED)
        else:
            messages.success(
                request,
                _("%(name)s is now a member of the network.") % {"name": member.display_name},
            )
            if "add_another" in request.POST:
                return redirect("networks:member_add", network.pk)
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/member_form.html",
        {"form": form, "network": network, "region": network.region},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request: HttpRequest, network_id: int, member_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    member = selectors.member_of(network, member_id)
    if member is None:
        raise Http404
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(
                member=member, left_on=form.cleaned_data["left_on"], actor=request.user
            )
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.errors.values()))
            return redirect("networks:detail", network.pk)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has left the network; the membership stays in its history.")
                % {"name": member.display_name},
            )
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/member_leave.html",
        {"form": form, "network": network, "member": member},
    )


# --- Meetings ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    form = MeetingForm(request.POST if request.method == "POST" else None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                network=network,
                data=form.event_data(),
                notify_members=form.cleaned_data["notify_members"],
                site_url=site_url(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The meeting “%(title)s” was scheduled.") % {"title": meeting.event}
            )
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/meeting_form.html",
        {"form": form, "network": network, "link_form": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_link(request: HttpRequest, network_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    form = LinkEventForm(request.POST if request.method == "POST" else None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_link(
                network=network,
                event=form.cleaned_data["event"],
                notify_members=form.cleaned_data["notify_members"],
                site_url=site_url(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is now a meeting of the network.") % {"title": meeting.event},
            )
            return redirect("networks:detail", network.pk)
    return render(
        request,
        "networks/staff/meeting_link.html",
        {"form": form, "network": network},
    )


@login_required
@require_POST
def meeting_unlink(request: HttpRequest, network_id: int, meeting_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    meeting = selectors.meeting_of(network, meeting_id)
    if meeting is None:
        raise Http404
    services.meeting_unlink(meeting=meeting, actor=request.user)
    messages.success(
        request,
        _("“%(title)s” is no longer a meeting of the network; the event itself stays.")
        % {"title": meeting.event},
    )
    return redirect("networks:detail", network.pk)


# --- Documents ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    is_post = request.method == "POST"
    form = DocumentForm(
        request.POST if is_post else None, request.FILES if is_post else None, network=network
    )
    if is_post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_add(
                network=network,
                title=form.cleaned_data["title"],
                upload=upload,
                file_name=upload.name,
                meeting=form.cleaned_data["meeting"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The document is shared with the network's members."))
            return redirect("networks:detail", network.pk)
    return render(request, "networks/staff/document_form.html", {"form": form, "network": network})


@login_required
@require_safe
def document_file(request: HttpRequest, network_id: int, document_id: int) -> FileResponse:
    """A shared document, for the network's members and the staff of its region only."""
    network = visible_network(request, network_id, VIEW_DOCUMENTS)
    document = selectors.document_of(network, document_id)
    if document is None:
        raise Http404
    return stored_file_response(document.file, document.original_name)


@login_required
@require_POST
def document_delete(request: HttpRequest, network_id: int, document_id: int) -> HttpResponse:
    network = visible_network(request, network_id, MANAGE_NETWORK)
    document = selectors.document_of(network, document_id)
    if document is None:
        raise Http404
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document “%(title)s” was deleted.") % {"title": document})
    return redirect("networks:detail", network.pk)
