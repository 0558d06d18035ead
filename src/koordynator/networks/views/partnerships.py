"""Staff pages of the registry of cooperation agreements, under
/panel/networks/partnerships/: the list with the yearly indicators, create, edit, end."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from koordynator.accounts.rules import require_perm
from koordynator.accounts.staff_views import chosen_region, staff_regions
from koordynator.core.api import DomainValidationError
from koordynator.core.forms import show_errors
from koordynator.core.http import stored_file_response
from koordynator.core.workflow import TransitionNotAllowed

from .. import selectors, services
from ..forms import EndForm, PartnershipForm, party_formset, show_partnership_errors
from ..models import Partnership
from ..rules import LIST_PARTNERSHIPS, MANAGE_PARTNERSHIPS, VIEW_PARTNERSHIP


def _partnership(request: HttpRequest, partnership_id: int, perm: str) -> Partnership:
    partnership = selectors.partnership_for_staff(request.user, partnership_id)
    if partnership is None or not request.user.has_perm(perm, partnership):
        raise Http404
    return partnership


def _upload(request: HttpRequest) -> services.Upload | None:
    upload = request.FILES.get("document")
    return services.Upload(upload, upload.name or "") if upload is not None else None


@login_required
@require_safe
def partnership_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_PARTNERSHIPS)
    region = chosen_region(request)
    years = selectors.partnership_years(region)
    return render(
        request,
        "networks/staff/partnership_list.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "partnerships": selectors.partnerships_for_staff(request.user).filter(region=region),
            "counts": list(reversed(selectors.partnership_counts_by_year(region, years))),
            "can_manage": request.user.has_perm(MANAGE_PARTNERSHIPS, region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    region = chosen_region(request)
    require_perm(request, MANAGE_PARTNERSHIPS, region)
    is_post = request.method == "POST"
    form = PartnershipForm(
        request.POST if is_post else None, request.FILES if is_post else None, region=region
    )
    parties = party_formset(region, data=request.POST if is_post else None)
    if is_post and form.is_valid() and parties.is_valid():
        try:
            partnership = services.partnership_create(
                region=region,
                data=form.service_data(),
                parties=parties.parties(),
                document=_upload(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_partnership_errors(form, parties, error)
        else:
            messages.success(request, _("The agreement was registered."))
            return redirect(f"{reverse('networks:partnership_list')}?in={partnership.region.slug}")
    return render(
        request,
        "networks/staff/partnership_form.html",
        {
            "form": form,
            "parties": parties,
            "partnership": None,
            "region": region,
            "regions": staff_regions(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _partnership(request, partnership_id, VIEW_PARTNERSHIP)
    can_manage = request.user.has_perm(MANAGE_PARTNERSHIPS, partnership)
    is_post = request.method == "POST"
    if is_post and not can_manage:
        raise Http404
    region = partnership.region
    form = PartnershipForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        region=region,
        partnership=partnership,
    )
    parties = party_formset(region, data=request.POST if is_post else None, partnership=partnership)
    if is_post and form.is_valid() and parties.is_valid():
        try:
            services.partnership_update(
                partnership=partnership,
                data=form.service_data(),
                parties=parties.parties(),
                document=_upload(request),
                remove_document=form.cleaned_data.get("remove_document", False),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_partnership_errors(form, parties, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("networks:partnership_edit", partnership.pk)
    return render(
        request,
        "networks/staff/partnership_form.html",
        {
            "form": form,
            "parties": parties,
            "partnership": partnership,
            "region": region,
            "can_manage": can_manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_end(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _partnership(request, partnership_id, MANAGE_PARTNERSHIPS)
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_end(
                partnership=partnership, ends_on=form.cleaned_data["ends_on"], actor=request.user
            )
        except TransitionNotAllowed as error:
            messages.error(request, " ".join(error.errors.values()))
            return redirect("networks:partnership_edit", partnership.pk)
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The agreement was ended."))
            return redirect("networks:partnership_edit", partnership.pk)
    return render(
        request,
        "networks/staff/partnership_end.html",
        {"form": form, "partnership": partnership},
    )


@login_required
@require_safe
def partnership_document(request: HttpRequest, partnership_id: int) -> FileResponse:
    partnership = _partnership(request, partnership_id, VIEW_PARTNERSHIP)
    return stored_file_response(partnership.document, partnership.document_name)
