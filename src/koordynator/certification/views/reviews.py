"""A board member scores an application: first the declaration of no conflict of
interest, then points and a justification for every criterion. The others' scores stay
hidden until their own review is submitted (selectors.reviews_visible_to)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koordynator.core.forms import error_text, show_errors

from .. import selectors, services
from ..enums import ApplicationStatus
from ..forms import NoConflictForm, ScoringForm
from ..rules import REVIEW_APPLICATION
from ..services import CertificationError
from .staff import application_for


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_for(request, application_id, REVIEW_APPLICATION)
    own = application.reviews.filter(reviewer_id=request.user.pk).first()
    criteria = list(application.call.criteria.all())
    is_post = request.method == "POST"
    declaration = NoConflictForm(request.POST if is_post and own is None else None)
    scoring = ScoringForm(
        request.POST if is_post and own is not None else None,
        criteria=criteria,
        prefix="scoring",
    )
    status = 200
    if is_post and own is None and declaration.is_valid():
        try:
            services.review_begin(reviewer=request.user, application=application, no_conflict=True)
        except CertificationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Thank you. You can now score the application."))
        return redirect("certification:review", application.pk)
    if is_post and own is not None and own.submitted_at is None and scoring.is_valid():
        try:
            services.review_submit(review=own, scores=scoring.scores())
        except CertificationError as error:
            for key, message in error.errors.items():
                if key.startswith("criterion_"):
                    scoring.add_error(f"points_{key.removeprefix('criterion_')}", message)
                else:
                    show_errors(scoring, error)
                    break
        else:
            messages.success(request, _("Your review was submitted."))
            return redirect("certification:review", application.pk)
    if is_post:
        status = 422
    return render(
        request,
        "certification/review.html",
        {
            "application": application,
            "call": application.call,
            "items": list(application.items.all()),
            "recommendations": list(application.recommendations.all()),
            "own": own,
            "declaration": declaration,
            "scoring": scoring,
            "can_score": own is not None
            and own.submitted_at is None
            and application.status == ApplicationStatus.IN_REVIEW,
            "can_begin": own is None and application.status == ApplicationStatus.IN_REVIEW,
            "reviews": list(selectors.reviews_visible_to(application, request.user))
            if own is not None and own.submitted_at is not None
            else [],
        },
        status=status,
    )
