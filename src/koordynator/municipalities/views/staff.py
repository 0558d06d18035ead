"""Staff pages under /panel/municipalities/: local governments and their contacts, the
yearly survey (open, close, response rate, reminders, paper answers, import), the
indicators, expert support and local plans; and the officer's own answer form.

Every page needs a login and a permission from rules.py; an object the user may not see
answers 404, like a missing one. Reads go through selectors, writes through services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from koordynator.accounts.rules import require_perm
from koordynator.accounts.selectors import regions_for_staff
from koordynator.accounts.staff_views import chosen_region, staff_regions
from koordynator.core.api import DomainValidationError
from koordynator.core.forms import show_errors
from koordynator.core.http import site_url

from .. import importing, indicators, selectors, services
from ..enums import PLAN_WORKFLOW, EntryMethod, PlanStatus
from ..forms import (
    AnswerForm,
    ContactForm,
    ExpertSupportForm,
    ImportForm,
    PlanForm,
    PlanTransitionForm,
    SupportTargetForm,
    SurveyForm,
    answer_initial,
    plan_initial,
)
from ..models import LocalGovernment, LocalPlan, Survey
from ..rules import (
    ANSWER_AS_OFFICER,
    ANSWER_ONLINE,
    CHANGE_CONTACT,
    ENTER_PAPER_ANSWER,
    LIST_EXPERT_SUPPORT,
    LIST_PLANS,
    LIST_SURVEYS,
    MANAGE_EXPERT_SUPPORT,
    MANAGE_PLANS,
    MANAGE_SURVEY,
    OPEN_SURVEY,
    SYNC_LOCAL_GOVERNMENTS,
    USE_STAFF_PAGES,
    VIEW_INDICATORS,
)
from .common import indicators_context

PAGE_SIZE = 50


def _survey(request: HttpRequest, survey_id: int, perm: str = MANAGE_SURVEY) -> Survey:
    survey = selectors.survey_for_staff(request.user, survey_id)
    if survey is None or not request.user.has_perm(perm, survey.region):
        raise Http404
    return survey


# --- Overview and local governments ------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_perm(request, USE_STAFF_PAGES)
    region = chosen_region(request)
    local_governments = selectors.local_governments_of_region(region)
    query = request.GET.get("q", "").strip()
    if query:
        local_governments = local_governments.filter(name__icontains=query)
    page = Paginator(local_governments.order_by("unit__code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "municipalities/staff/overview.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "page": page,
            "query": query,
            "can_sync": request.user.has_perm(SYNC_LOCAL_GOVERNMENTS, region),
            "can_change_contact": request.user.has_perm(CHANGE_CONTACT, region),
        },
    )


@login_required
@require_POST
def local_governments_sync(request: HttpRequest) -> HttpResponse:
    region = chosen_region(request)
    require_perm(request, SYNC_LOCAL_GOVERNMENTS, region)
    result = services.local_governments_sync(region=region, actor=request.user)
    messages.success(
        request,
        _(
            "Local governments updated from the territory: %(created)s new, %(updated)s changed, %(deactivated)s no longer in the register."
        )
        % {"created": result.created, "updated": result.updated, "deactivated": result.deactivated},
    )
    return redirect(f"{_overview_url()}?in={region.slug}")


def _overview_url() -> str:
    return reverse("municipalities:overview")


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, local_government_id: int) -> HttpResponse:
    local_government = selectors.local_government_for_staff(request.user, local_government_id)
    if local_government is None:
        raise Http404
    require_perm(request, CHANGE_CONTACT, local_government)
    initial = {
        "contact_name": local_government.contact_name,
        "contact_email": local_government.contact_email,
        "contact_phone": local_government.contact_phone,
    }
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.local_government_update_contact(
            local_government=local_government, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The contact was saved."))
        return redirect("municipalities:overview")
    return render(
        request,
        "municipalities/staff/contact_form.html",
        {"form": form, "local_government": local_government},
    )


# --- Surveys -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_SURVEYS)
    regions = staff_regions(request)
    is_post = request.method == "POST"
    form = SurveyForm(
        request.POST if is_post else None,
        regions=regions_for_staff(request.user) if len(regions) > 1 else None,
    )
    if is_post and form.is_valid():
        region = form.cleaned_data.get("region") or regions[0]
        require_perm(request, OPEN_SURVEY, region)
        try:
            survey = services.survey_open(
                region=region,
                year=form.cleaned_data["year"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The survey for %(year)s is open.") % {"year": survey.year})
            return redirect("municipalities:survey_detail", survey.pk)
    surveys = list(selectors.surveys_for_staff(request.user))
    rows = []
    for survey in surveys:
        population = selectors.local_governments_of_region(survey.region).count()
        answered = survey.answers.count()
        rows.append((survey, answered, population, indicators.percent(answered, population)))
    return render(request, "municipalities/staff/survey_list.html", {"form": form, "rows": rows})


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The response rate: who answered, who has not, and the reminders button."""
    survey = _survey(request, survey_id)
    answers = list(selectors.answers_of(survey))
    missing = list(selectors.nonrespondents(survey))
    recipients = selectors.reminder_recipients(missing)
    population = len(answers) + len(missing)
    return render(
        request,
        "municipalities/staff/survey_detail.html",
        {
            "survey": survey,
            "answers": answers,
            "missing": [(lg, recipients.get(lg.pk, [])) for lg in missing],
            "reachable": sum(1 for lg in missing if recipients.get(lg.pk)),
            "population": population,
            "response_rate": indicators.percent(len(answers), population),
        },
    )


def _closing_date(request: HttpRequest) -> date | None:
    """The new closing date a reopening gives, if any; one that is not a date is none."""
    try:
        return date.fromisoformat(request.POST.get("closes_on", ""))
    except ValueError:
        return None


@login_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int, action: str) -> HttpResponse:
    survey = _survey(request, survey_id)
    operations = {
        "close": (services.survey_close, _("The survey was closed.")),
        "reopen": (services.survey_reopen, _("The survey was opened again.")),
    }
    if action not in operations:
        raise Http404
    operation, done = operations[action]
    try:
        if action == "reopen":
            services.survey_reopen(
                survey=survey, actor=request.user, closes_on=_closing_date(request)
            )
        else:
            operation(survey=survey, actor=request.user)
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(request, done)
    return redirect("municipalities:survey_detail", survey.pk)


@login_required
@require_POST
def survey_remind(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    missing = list(selectors.nonrespondents(survey))
    recipients = selectors.reminder_recipients(missing)
    reachable = [lg for lg in missing if recipients.get(lg.pk)]
    try:
        count = services.reminders_send(
            survey=survey,
            local_governments=reachable,
            actor=request.user,
            site_url=site_url(request),
        )
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to %(count)s local government.",
                "Reminders are being sent to %(count)s local governments.",
                count,
            )
            % {"count": count},
        )
    return redirect("municipalities:survey_detail", survey.pk)


def _answer_page(
    request: HttpRequest,
    survey: Survey,
    local_government: LocalGovernment,
    *,
    entry_method: str,
    template: str,
    done_url: str,
) -> HttpResponse:
    existing = selectors.answer_of(survey, local_government)
    is_post = request.method == "POST"
    form = AnswerForm(
        request.POST if is_post else None,
        initial=answer_initial(existing),
        entities=selectors.entities_for_answer(survey.region_id),
    )
    if is_post and form.is_valid():
        try:
            services.answer_save(
                survey=survey,
                local_government=local_government,
                figures=form.figures(),
                entities=form.cleaned_data["entities"],
                remarks=form.cleaned_data["remarks"],
                entry_method=entry_method,
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The answer of %(name)s for %(year)s was saved.")
                % {"name": local_government, "year": survey.year},
            )
            return redirect(done_url)
    return render(
        request,
        template,
        {"form": form, "survey": survey, "local_government": local_government, "answer": existing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_edit(request: HttpRequest, survey_id: int, local_government_id: int) -> HttpResponse:
    """Staff enter (or correct) an answer received on paper."""
    survey = _survey(request, survey_id, ENTER_PAPER_ANSWER)
    local_government = (
        selectors.local_governments_of_region(survey.region).filter(pk=local_government_id).first()
    )
    if local_government is None:
        raise Http404
    return _answer_page(
        request,
        survey,
        local_government,
        entry_method=EntryMethod.PAPER,
        template="municipalities/staff/answer_form.html",
        done_url=reverse("municipalities:survey_detail", args=[survey.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, ENTER_PAPER_ANSWER)
    is_post = request.method == "POST"
    form = ImportForm(request.POST if is_post else None, request.FILES if is_post else None)
    errors: list[importing.RowError] = []
    if is_post and form.is_valid():
        try:
            rows = importing.read_rows(form.cleaned_data["file"])
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            check = importing.check_rows(survey, rows)
            errors = check.errors
            if check.is_valid:
                saved = services.answers_import(
                    survey=survey, answers=check.answers, actor=request.user
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s answer was imported; empty rows skipped: %(skipped)s.",
                        "%(count)s answers were imported; empty rows skipped: %(skipped)s.",
                        len(saved),
                    )
                    % {"count": len(saved), "skipped": check.skipped},
                )
                return redirect("municipalities:survey_detail", survey.pk)
    return render(
        request,
        "municipalities/staff/survey_import.html",
        {"form": form, "survey": survey, "errors": errors, "columns": importing.COLUMNS},
    )


@login_required
def survey_template(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, ENTER_PAPER_ANSWER)
    response = HttpResponse(
        importing.template_workbook(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.year}.xlsx"'
    return response


# --- The officer's own answers -----------------------------------------------------------------


@login_required
def my_answers(request: HttpRequest) -> HttpResponse:
    require_perm(request, ANSWER_AS_OFFICER)
    local_governments = list(selectors.local_governments_of_officer(request.user))
    surveys = list(selectors.open_surveys_for_officer(request.user))
    rows = []
    for survey in surveys:
        for local_government in local_governments:
            if local_government.region_id == survey.region_id:
                rows.append(
                    (survey, local_government, selectors.answer_of(survey, local_government))
                )
    return render(request, "municipalities/staff/my_answers.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def my_answer(request: HttpRequest, survey_id: int, local_government_id: int) -> HttpResponse:
    local_government = (
        selectors.local_governments_of_officer(request.user).filter(pk=local_government_id).first()
    )
    survey = (
        selectors.open_surveys_for_officer(request.user).filter(pk=survey_id).first()
        if local_government is not None
        else None
    )
    if (
        survey is None
        or local_government is None
        or survey.region_id != local_government.region_id
        or not request.user.has_perm(ANSWER_ONLINE, local_government)
    ):
        raise Http404
    return _answer_page(
        request,
        survey,
        local_government,
        entry_method=EntryMethod.ONLINE,
        template="municipalities/staff/answer_form.html",
        done_url=reverse("municipalities:my_answers"),
    )


# --- Indicators --------------------------------------------------------------------------------


@login_required
def indicators_page(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW_INDICATORS)
    region = chosen_region(request)
    year = request.GET.get("year", "")
    context = indicators_context(region, int(year) if year.isdigit() else None)
    context["regions"] = staff_regions(request)
    context["support_years"] = indicators.expert_support_by_year(region)
    return render(request, "municipalities/staff/indicators.html", context)


# --- Expert support ----------------------------------------------------------------------------


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_EXPERT_SUPPORT)
    region = chosen_region(request)
    items = selectors.expert_support_for_staff(request.user).filter(region=region)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/staff/support_list.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "page": page,
            "years": indicators.expert_support_by_year(region),
            "target_form": SupportTargetForm(),
            "can_set_target": request.user.has_perm(OPEN_SURVEY, region),
        },
    )


@login_required
@require_POST
def support_target(request: HttpRequest) -> HttpResponse:
    region = chosen_region(request)
    require_perm(request, OPEN_SURVEY, region)
    form = SupportTargetForm(request.POST)
    if form.is_valid():
        services.support_target_set(region=region, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The target was saved."))
    else:
        messages.error(request, _("Give a year and a whole number of local governments."))
    return redirect(f"{_support_url()}?in={region.slug}")


def _support_url() -> str:
    return reverse("municipalities:support_list")


@login_required
@require_http_methods(["GET", "POST"])
def support_edit(request: HttpRequest, support_id: int | None = None) -> HttpResponse:
    require_perm(request, LIST_EXPERT_SUPPORT)
    support = None
    if support_id is not None:
        support = selectors.expert_support_item_for_staff(request.user, support_id)
        if support is None:
            raise Http404
        require_perm(request, MANAGE_EXPERT_SUPPORT, support)
    initial: dict[str, Any] = {}
    if support is not None:
        initial = {name: getattr(support, name) for name in services.EXPERT_SUPPORT_FIELDS}
        initial["local_government"] = support.local_government
    is_post = request.method == "POST"
    form = ExpertSupportForm(
        request.POST if is_post else None,
        initial=initial,
        local_governments=selectors.local_governments_for_staff(request.user),
    )
    if is_post and form.is_valid():
        local_government = form.cleaned_data["local_government"]
        require_perm(request, MANAGE_EXPERT_SUPPORT, local_government)
        try:
            if support is None:
                support = services.expert_support_create(
                    local_government=local_government, data=form.service_data(), actor=request.user
                )
            else:
                services.expert_support_update(
                    support=support,
                    local_government=local_government,
                    data=form.service_data(),
                    actor=request.user,
                )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The expert support was saved."))
            return redirect("municipalities:support_list")
    return render(
        request, "municipalities/staff/support_form.html", {"form": form, "support": support}
    )


# --- Local plans -------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_PLANS)
    region = chosen_region(request)
    return render(
        request,
        "municipalities/staff/plan_list.html",
        {
            "region": region,
            "regions": staff_regions(request),
            "plans": selectors.plans_for_staff(request.user).filter(region=region),
            "coverage": indicators.plan_coverage(region),
            "statuses": PlanStatus.choices,
        },
    )


def _plan_form(request: HttpRequest, plan: LocalPlan | None) -> PlanForm:
    is_post = request.method == "POST"
    return PlanForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial=plan_initial(plan) if plan is not None else {},
        local_governments=selectors.local_governments_for_staff(request.user),
        units=selectors.plan_area_choices(request.user),
        workshops=selectors.workshop_choices(request.user),
    )


def _uploads(request: HttpRequest) -> dict[str, services.Upload]:
    uploads = {}
    for field in ("diagnosis", "document"):
        upload = request.FILES.get(field)
        if upload is not None:
            uploads[field] = services.Upload(file=upload, name=upload.name or "")
    return uploads


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, LIST_PLANS)
    form = _plan_form(request, None)
    if request.method == "POST" and form.is_valid():
        area = list(form.cleaned_data["area"])
        region = next(
            (r for r in staff_regions(request) if area and area[0].code.startswith(r.code)), None
        )
        if region is None or not request.user.has_perm(MANAGE_PLANS, region):
            form.add_error("area", _("The area is made of gminas or powiats of the region."))
        else:
            try:
                plan = services.plan_create(
                    region=region,
                    data=form.service_data(),
                    area=area,
                    workshops=form.cleaned_data["workshops"],
                    documents=_uploads(request),
                    actor=request.user,
                )
            except DomainValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The local plan was saved."))
                return redirect("municipalities:plan_edit", plan.pk)
    return render(request, "municipalities/staff/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for_staff(request.user, plan_id)
    if plan is None:
        raise Http404
    require_perm(request, MANAGE_PLANS, plan)
    form = _plan_form(request, plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                data=form.service_data(),
                area=list(form.cleaned_data["area"]),
                workshops=form.cleaned_data["workshops"],
                documents=_uploads(request),
                actor=request.user,
            )
        except DomainValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("municipalities:plan_edit", plan.pk)
    return render(
        request,
        "municipalities/staff/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "transition_form": PlanTransitionForm(),
            "next_statuses": [
                (status, PlanStatus(status).label)
                for status in sorted(PLAN_WORKFLOW.targets(plan.status))
            ],
        },
    )


@login_required
@require_POST
def plan_transition(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for_staff(request.user, plan_id)
    if plan is None:
        raise Http404
    require_perm(request, MANAGE_PLANS, plan)
    form = PlanTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status and give dates as YYYY-MM-DD."))
        return redirect("municipalities:plan_edit", plan.pk)
    try:
        plan = services.plan_transition(
            plan=plan,
            status=form.cleaned_data["status"],
            resolution_number=form.cleaned_data["resolution_number"],
            resolution_date=form.cleaned_data["resolution_date"],
            actor=request.user,
        )
    except DomainValidationError as error:
        messages.error(request, " ".join(error.errors.values()))
    else:
        messages.success(
            request,
            _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()},
        )
    return redirect("municipalities:plan_edit", plan.pk)
