"""The certification panel: the hub every role starts from, the regional centre's calls
(form with the scoring criteria and the board, the applications of a call), one
application's page with the moves its status allows, and the moves themselves.

Every page needs a login and a permission from rules.py; what the user may not see
answers 404, like what is missing. Every move goes through services.py, which audits it
and tells the applicant.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.core.api import DomainValidationError
from koordynator.core.forms import error_text, show_errors

from .. import selectors, services
from ..enums import APPLICATION_WORKFLOW, ApplicationStatus, Transition
from ..forms import (
    BaseCriterionFormSet,
    CallForm,
    CorrectionForm,
    ReasonForm,
    criteria_initial,
    criterion_formset,
)
from ..models import Application, Call
from ..rules import (
    APPLY,
    CHECK_APPLICATION,
    EDIT_APPLICATION,
    LIST_REVIEWS,
    MANAGE_CALL,
    REVIEW_APPLICATION,
    TRANSITION_PERMISSIONS,
    USE_STAFF_PAGES,
    VIEW_APPLICATION,
)
from ..services import CertificationError


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where each role finds its work: calls, applications, scoring, licences."""
    user = request.user
    context: dict[str, Any] = {
        "can_manage": user.has_perm(USE_STAFF_PAGES),
        "can_apply": user.has_perm(APPLY),
        "can_review": user.has_perm(LIST_REVIEWS),
    }
    if context["can_manage"]:
        context["calls"] = selectors.calls_for_staff(user)
        context["renewals"] = selectors.renewals_waiting(user)
    if context["can_apply"]:
        context["applications"] = selectors.applications_of_applicant(user)
        regions = {e.region_id for e in selectors.entities_of_applicant(user)}
        context["open_calls"] = [c for c in selectors.open_calls() if c.region_id in regions]
    if context["can_review"]:
        context["review_tasks"] = selectors.applications_to_review(user)
    if not any((context["can_manage"], context["can_apply"], context["can_review"])):
        raise Http404
    return render(request, "certification/staff/home.html", context)


def _call_for(request: HttpRequest, call_id: int) -> Call:
    call = selectors.call_for_staff(request.user, call_id)
    if call is None or not request.user.has_perm(MANAGE_CALL, call):
        raise Http404
    return call


def _call_values(form: CallForm, criteria: BaseCriterionFormSet) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "opens_at": data["opens_at"],
        "closes_at": data["closes_at"],
        "pass_threshold": data["pass_threshold"],
        "scoring_deadline": data.get("scoring_deadline"),
        "reviewers": list(data.get("reviewers") or []),
        "criteria": criteria.criteria(),
        "rules_document": data.get("rules_document"),
    }


def _show_call_errors(form: BaseForm, criteria: Any, error: CertificationError) -> None:
    for key, message in error.errors.items():
        if key == "criteria":
            criteria._non_form_errors = criteria.error_class([message])
        else:
            form.add_error(key if key in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.regions_managed_by(request.user))
    if not regions or not request.user.has_perm(USE_STAFF_PAGES):
        raise Http404
    is_post = request.method == "POST"
    form = CallForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        regions=selectors.regions_managed_by(request.user) if len(regions) > 1 else None,
        reviewers=selectors.reviewer_choices(regions),
    )
    criteria = criterion_formset(request.POST if is_post else None, prefix="criteria")
    if is_post and form.is_valid() & criteria.is_valid():
        region = form.cleaned_data.get("region") or regions[0]
        try:
            call = services.call_create(
                actor=request.user, region=region, **_call_values(form, criteria)
            )
        except CertificationError as error:
            _show_call_errors(form, criteria, error)
        else:
            messages.success(request, _("The call “%(title)s” was saved.") % {"title": call.title})
            return redirect("certification:staff_call", call.pk)
    return render(
        request,
        "certification/staff/call_form.html",
        {"form": form, "criteria": criteria, "call": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_for(request, call_id)
    is_post = request.method == "POST"
    form = CallForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        reviewers=selectors.reviewer_choices(call.region),
        call=call,
    )
    criteria = criterion_formset(
        request.POST if is_post else None,
        prefix="criteria",
        initial=None if is_post else criteria_initial(call.criteria.all()),
    )
    if is_post and form.is_valid() & criteria.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **_call_values(form, criteria))
        except CertificationError as error:
            _show_call_errors(form, criteria, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("certification:staff_call", call.pk)
    return render(
        request,
        "certification/staff/call_form.html",
        {"form": form, "criteria": criteria, "call": call},
    )


@login_required
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    """The applications of a call with their states (drafts are the applicants' own)."""
    call = _call_for(request, call_id)
    applications = selectors.applications_of_call(call).exclude(status=ApplicationStatus.DRAFT)
    return render(
        request,
        "certification/staff/call_detail.html",
        {
            "call": call,
            "applications": applications,
            "draft_count": call.applications.filter(status=ApplicationStatus.DRAFT).count(),
            "is_open": call.is_open_at(timezone.now()),
        },
    )


# --- One application -------------------------------------------------------------------------


def application_for(request: HttpRequest, application_id: int, perm: str) -> Application:
    application = selectors.application_visible_to(request.user, application_id)
    if application is None or not request.user.has_perm(perm, application):
        raise Http404
    return application


def _allowed_moves(request: HttpRequest, application: Application) -> list[str]:
    return [
        move.name
        for move in APPLICATION_WORKFLOW.allowed(application.status)
        if move.name != Transition.SUBMIT
        and request.user.has_perm(TRANSITION_PERMISSIONS[move.name], application)
    ]


DECIDED = (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED)


def application_page(
    request: HttpRequest,
    application: Application,
    *,
    bound: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    moves = _allowed_moves(request, application)
    is_staff = user.has_perm(CHECK_APPLICATION, application)
    forms: dict[str, BaseForm] = {
        Transition.REQUEST_CORRECTION: CorrectionForm(prefix="correction"),
        Transition.REJECT_FORMALLY: ReasonForm(prefix="reject"),
        Transition.GRANT: ReasonForm(prefix="grant"),
        Transition.REFUSE: ReasonForm(prefix="refuse"),
    }
    forms.update(bound or {})
    is_board_member = user.has_perm(REVIEW_APPLICATION, application)
    context: dict[str, Any] = {
        "application": application,
        "call": application.call,
        "items": list(application.items.all()),
        "recommendations": list(application.recommendations.all()),
        "moves": moves,
        "forms": {name.replace("-", "_"): form for name, form in forms.items()},
        "is_staff": is_staff,
        "is_applicant": user.has_perm(EDIT_APPLICATION, application),
        "is_board_member": is_board_member,
        "is_editable": application.status
        in (ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED),
        "show_score": application.score is not None and (is_staff or application.status in DECIDED),
    }
    if is_staff and application.status in (
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.SCORED,
        ApplicationStatus.GRANTED,
        ApplicationStatus.REFUSED,
    ):
        context["summary"] = selectors.score_summary(application)
    return render(request, "certification/application_detail.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_for(request, application_id, VIEW_APPLICATION)
    return application_page(request, application)


@login_required
@require_POST
def application_transition(request: HttpRequest, application_id: int, name: str) -> HttpResponse:
    """One named move (enums.Transition). A move the status forbids changes nothing and
    says why."""
    application = application_for(request, application_id, VIEW_APPLICATION)
    if name not in APPLICATION_WORKFLOW or not request.user.has_perm(
        TRANSITION_PERMISSIONS[name], application
    ):
        raise Http404
    arguments: dict[str, Any] = {}
    form: BaseForm | None = None
    if name == Transition.REQUEST_CORRECTION:
        form = CorrectionForm(request.POST, prefix="correction")
    elif name in (Transition.REJECT_FORMALLY, Transition.GRANT, Transition.REFUSE):
        prefix = {"reject_formally": "reject", "grant": "grant", "refuse": "refuse"}[name]
        form = ReasonForm(request.POST, prefix=prefix)
    if form is not None:
        if not form.is_valid():
            return application_page(request, application, bound={name: form}, status=422)
        arguments = dict(form.cleaned_data)
    try:
        application = services.application_transition(
            actor=request.user, application=application, transition=name, **arguments
        )
    except DomainValidationError as error:
        if form is not None and set(error.errors) <= set(form.fields):
            show_errors(form, error)
            return application_page(request, application, bound={name: form}, status=422)
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Done: the application is now “%(status)s”.")
            % {"status": application.get_status_display()},
        )
    if name == Transition.SUBMIT:
        return redirect("certification:application_edit", application.pk)
    return redirect("certification:application", application.pk)
