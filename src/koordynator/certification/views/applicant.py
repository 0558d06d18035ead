"""An entity's representative applies: starts a draft for a call, adds products and
services, declares eligibility with its evidence, adds recommendations, and submits (again
after a correction). Each part of the page is its own small form that works without
JavaScript; what a submission still needs is listed on top (services.submission_problems).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.core.forms import error_text, show_errors
from koordynator.core.http import stored_file_response

from .. import selectors, services
from ..enums import ApplicationStatus
from ..forms import ApplyForm, DeclarationsForm, ItemForm, RecommendationForm
from ..models import Application, Item, Recommendation
from ..rules import APPLY, EDIT_APPLICATION, VIEW_APPLICATION
from ..services import CertificationError
from .staff import application_for

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    require_perm(request, APPLY)
    call = selectors.open_calls().filter(pk=call_id).first()
    if call is None:
        raise Http404
    entities = selectors.entities_of_applicant(request.user).filter(region=call.region)
    existing = selectors.applications_of_applicant(request.user).filter(call=call).first()
    if existing is not None and entities.count() == 1:
        return redirect("certification:application_edit", existing.pk)
    form = ApplyForm(request.POST or None, entities=entities)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=request.user, call=call, entity=form.cleaned_data["entity"]
            )
        except CertificationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The draft was created. Complete it and submit it."))
            return redirect("certification:application_edit", application.pk)
    return render(
        request,
        "certification/apply.html",
        {"call": call, "form": form, "has_entities": entities.exists()},
    )


def _editable_for(request: HttpRequest, application_id: int) -> Application:
    return application_for(request, application_id, EDIT_APPLICATION)


def _edit_page(
    request: HttpRequest,
    application: Application,
    *,
    bound: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms: dict[str, BaseForm] = {
        "declarations": DeclarationsForm(
            prefix="declarations",
            initial={name: getattr(application, name) for name in services.DECLARATION_FIELDS},
        ),
        "item": ItemForm(prefix="item"),
        "recommendation": RecommendationForm(prefix="recommendation"),
    }
    forms.update(bound or {})
    call = application.call
    deadline = application.correction_deadline
    return render(
        request,
        "certification/application_form.html",
        {
            "application": application,
            "call": call,
            "items": list(application.items.all()),
            "recommendations": list(application.recommendations.all()),
            # A list of pairs: in a template, problems.items would look up the key "items".
            "problems": list(services.submission_problems(application).items()),
            "is_editable": application.status in EDITABLE,
            "can_submit": application.status in EDITABLE
            and (
                call.is_open_at(timezone.now())
                if application.status == ApplicationStatus.DRAFT
                else deadline is None or timezone.localdate() <= deadline
            ),
            **forms,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    """The application form; a POST saves the declarations and the evidence."""
    application = _editable_for(request, application_id)
    if request.method == "GET":
        return _edit_page(request, application)
    form = DeclarationsForm(request.POST, request.FILES, prefix="declarations")
    if form.is_valid():
        try:
            services.application_update(
                actor=request.user,
                application=application,
                declarations=form.declarations(),
                evidence=form.cleaned_data.get("evidence"),
            )
        except CertificationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The declarations were saved."))
            return redirect(f"{_edit_url(application)}#declarations")
    return _edit_page(request, application, bound={"declarations": form}, status=422)


def _edit_url(application: Application) -> str:
    return reverse("certification:application_edit", args=[application.pk])


@login_required
@require_POST
def item_add(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _editable_for(request, application_id)
    form = ItemForm(request.POST, request.FILES, prefix="item")
    if form.is_valid():
        values: dict[str, Any] = dict(form.cleaned_data)
        try:
            item = services.application_item_add(
                actor=request.user, application=application, **values
            )
        except CertificationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": item.name})
            return redirect(f"{_edit_url(application)}#items")
    return _edit_page(request, application, bound={"item": form}, status=422)


@login_required
@require_POST
def item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = Item.objects.filter(pk=item_id).select_related("application").first()
    if item is None:
        raise Http404
    application = _editable_for(request, item.application_id)
    try:
        services.item_remove(actor=request.user, item=item)
    except CertificationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": item.name})
    return redirect(f"{_edit_url(application)}#items")


@login_required
@require_POST
def recommendation_add(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _editable_for(request, application_id)
    form = RecommendationForm(request.POST, request.FILES, prefix="recommendation")
    if form.is_valid():
        try:
            services.recommendation_add(
                actor=request.user, application=application, **form.cleaned_data
            )
        except CertificationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The recommendation was added."))
            return redirect(f"{_edit_url(application)}#recommendations")
    return _edit_page(request, application, bound={"recommendation": form}, status=422)


@login_required
@require_POST
def recommendation_remove(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = Recommendation.objects.filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404
    application = _editable_for(request, recommendation.application_id)
    try:
        services.recommendation_remove(actor=request.user, recommendation=recommendation)
    except CertificationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The recommendation was removed."))
    return redirect(f"{_edit_url(application)}#recommendations")


@login_required
def evidence_file(request: HttpRequest, application_id: int) -> FileResponse:
    application = application_for(request, application_id, VIEW_APPLICATION)
    return stored_file_response(application.evidence, f"evidence-{application.pk}")


@login_required
def letter_file(request: HttpRequest, recommendation_id: int) -> FileResponse:
    recommendation = Recommendation.objects.filter(pk=recommendation_id).first()
    if recommendation is None:
        raise Http404
    application_for(request, recommendation.application_id, VIEW_APPLICATION)
    return stored_file_response(recommendation.letter, f"recommendation-{recommendation.pk}")
