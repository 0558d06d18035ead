"""Licences: staff see their region's with their state and revoke one with a reason; the
holder sees theirs and asks for a renewal; staff grant or refuse it. Each licence has its
certificate (PDF) with the verification code of the public check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koordynator.core.forms import error_text, show_errors

from .. import documents, selectors, services
from ..enums import RenewalStatus
from ..forms import LicenceFilterForm, RenewalDecisionForm, RenewalForm, RevokeForm
from ..models import Licence, Renewal
from ..rules import APPLY, MANAGE_LICENCE, RENEW_LICENCE, USE_STAFF_PAGES, VIEW_LICENCE
from ..services import CertificationError

PAGE_SIZE = 50


def _licence_for(request: HttpRequest, licence_id: int, perm: str) -> Licence:
    licence = selectors.licence_visible_to(request.user, licence_id)
    if licence is None or not request.user.has_perm(perm, licence):
        raise Http404
    return licence


@login_required
def licence_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm(USE_STAFF_PAGES) or user.has_perm(APPLY)):
        raise Http404
    form = LicenceFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    licences = selectors.licences_filter(selectors.licences_visible_to(user), status=status)
    page = Paginator(licences, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "certification/staff/licence_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(licence, licence.status_on(today)) for licence in page],
            "can_manage": user.has_perm(USE_STAFF_PAGES),
        },
    )


def _detail(
    request: HttpRequest,
    licence: Licence,
    *,
    bound: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    renewals = list(licence.renewals.all())
    waiting = next((r for r in renewals if r.status == RenewalStatus.SUBMITTED), None)
    forms: dict[str, Any] = {
        "renewal_form": RenewalForm(prefix="renewal"),
        "revoke_form": RevokeForm(prefix="revoke"),
        "decision_form": RenewalDecisionForm(prefix="decision"),
    }
    forms.update(bound or {})
    today = timezone.localdate()
    return render(
        request,
        "certification/staff/licence_detail.html",
        {
            "licence": licence,
            "item": licence.item,
            "entity": licence.item.application.entity,
            "status": licence.status_on(today),
            "renewals": renewals,
            "waiting": waiting,
            "can_manage": user.has_perm(MANAGE_LICENCE, licence),
            "can_renew": user.has_perm(RENEW_LICENCE, licence)
            and waiting is None
            and licence.revoked_at is None
            and today <= licence.valid_until,
            **forms,
        },
        status=status,
    )


@login_required
def licence_detail(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence_for(request, licence_id, VIEW_LICENCE)
    return _detail(request, licence)


@login_required
@require_POST
def licence_revoke(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence_for(request, licence_id, MANAGE_LICENCE)
    form = RevokeForm(request.POST, prefix="revoke")
    if form.is_valid():
        try:
            services.licence_revoke(
                actor=request.user, licence=licence, reason=form.cleaned_data["reason"]
            )
        except CertificationError as error:
            if "reason" in error.errors:
                show_errors(form, error)
                return _detail(request, licence, bound={"revoke_form": form}, status=422)
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The licence was revoked."))
        return redirect("certification:licence", licence.pk)
    return _detail(request, licence, bound={"revoke_form": form}, status=422)


@login_required
@require_POST
def licence_renew(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence_for(request, licence_id, RENEW_LICENCE)
    form = RenewalForm(request.POST, prefix="renewal")
    if form.is_valid():
        try:
            services.renewal_submit(
                actor=request.user,
                licence=licence,
                nothing_changed=form.cleaned_data["nothing_changed"],
                changes=form.cleaned_data["changes"],
            )
        except CertificationError as error:
            if set(error.errors) <= {"changes"}:
                show_errors(form, error)
                return _detail(request, licence, bound={"renewal_form": form}, status=422)
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("The renewal was sent. The regional centre will decide on it.")
            )
        return redirect("certification:licence", licence.pk)
    return _detail(request, licence, bound={"renewal_form": form}, status=422)


@login_required
@require_POST
def renewal_decide(request: HttpRequest, renewal_id: int) -> HttpResponse:
    renewal = Renewal.objects.select_related("licence").filter(pk=renewal_id).first()
    if renewal is None:
        raise Http404
    licence = _licence_for(request, renewal.licence_id, MANAGE_LICENCE)
    form = RenewalDecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.renewal_decide(
                actor=request.user,
                renewal=renewal,
                grant=form.cleaned_data["decision"] == "grant",
                reason=form.cleaned_data["reason"],
            )
        except CertificationError as error:
            if set(error.errors) <= {"reason"}:
                show_errors(form, error)
                return _detail(request, licence, bound={"decision_form": form}, status=422)
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The decision on the renewal was saved."))
        return redirect("certification:licence", licence.pk)
    return _detail(request, licence, bound={"decision_form": form}, status=422)


@login_required
def certificate(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = _licence_for(request, licence_id, VIEW_LICENCE)
    if licence.revoked_at is not None:
        raise Http404
    response = HttpResponse(
        documents.certificate_pdf(licence, request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    safe_number = licence.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="certificate-{safe_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
