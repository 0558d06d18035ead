"""Writes of the certification cycle. Callers check permissions (rules.py) first.

An application moves only through `enums.APPLICATION_WORKFLOW`: each named move is checked
by `_move` before anything is written (a forbidden one raises `TransitionNotAllowed` and
changes nothing), writes an audit entry ``certification.application.<status>`` and tells the
applicant by e-mail once the transaction commits. Licences are valid for exactly one year
from the decision; their state is computed from their dates (models.Licence.status_on).
"""

from __future__ import annotations

import datetime
import functools
import secrets
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.accounts.enums import Role
from koordynator.accounts.selectors import region_ids_with_role
from koordynator.core.actors import Actor, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.registry.models import Entity
from koordynator.territory.models import Region

from .enums import (
    APPLICATION_WORKFLOW,
    ApplicationStatus,
    Category,
    OfferKind,
    RenewalStatus,
    Transition,
)
from .models import (
    Application,
    Call,
    Criterion,
    ExpiryReminder,
    Item,
    Licence,
    Recommendation,
    Renewal,
    Review,
    Score,
)
from .tasks import send_application_notice, send_expiry_reminder, send_review_reminder
from .uploads import UploadError, document_file, photo_file

MIN_REVIEWS = 2
MIN_RECOMMENDATIONS = 2
REMINDER_DAYS = (60, 30, 7)  # before a licence ends
REVIEW_REMINDER_DAYS = (3, 1)  # before the scoring deadline
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class CertificationError(DomainValidationError):
    """A rule of the certification cycle refused the change; nothing was written."""


DECLARATION_FIELDS = (
    "declares_legal_form",
    "declares_social_goals",
    "declares_six_months",
    "declares_own_revenue",
)


def _document(upload: Any, field: str) -> Any:
    """A checked document ready to save, or CertificationError beside `field`."""
    try:
        return document_file(upload, getattr(upload, "name", "") or "")
    except UploadError as error:
        raise CertificationError({field: str(error)}) from error


def one_year_on(day: datetime.date) -> datetime.date:
    """The same date a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _region_code(application: Application) -> str:
    return str(application.call.region.code)


# --- Calls -------------------------------------------------------------------------------------


def _call_problems(
    *,
    region: Region,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    pass_threshold: Decimal,
    criteria: list[Mapping[str, Any]],
    reviewers: list[Any],
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if closes_at <= opens_at:
        problems["closes_at"] = _("A call must close after it opens.")
    if not criteria:
        problems["criteria"] = _("A call needs at least one scoring criterion.")
    elif any(
        int(c["max_points"]) < 1 or Decimal(c.get("weight", 1)) <= 0 or not str(c["name"]).strip()
        for c in criteria
    ):
        problems["criteria"] = _(
            "Every criterion needs a name, at least 1 point and a positive weight."
        )
    if not Decimal(0) <= pass_threshold <= HUNDRED:
        problems["pass_threshold"] = _("The pass threshold is a percentage from 0 to 100.")
    outsiders = [r for r in reviewers if region.pk not in region_ids_with_role(r, {Role.REVIEWER})]
    if outsiders:
        problems["reviewers"] = _(
            "The board is made of users with the reviewer role in the call's region."
        )
    return problems


def _criteria_create(call: Call, criteria: list[Mapping[str, Any]]) -> None:
    Criterion.objects.bulk_create(
        Criterion(
            call=call,
            position=position,
            name=str(criterion["name"]).strip(),
            description=str(criterion.get("description", "")).strip(),
            max_points=int(criterion["max_points"]),
            weight=Decimal(criterion.get("weight", 1)),
        )
        for position, criterion in enumerate(criteria)
    )


@transaction.atomic
def call_create(
    *,
    actor: Actor,
    region: Region,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    pass_threshold: Decimal,
    criteria: Iterable[Mapping[str, Any]],
    reviewers: Iterable[Any] = (),
    scoring_deadline: datetime.date | None = None,
    rules_document: Any = None,
) -> Call:
    """A call with its scoring criteria (name, max_points, weight, description), its board
    (users with the reviewer role in the region) and its rules (PDF, DOCX or ODT)."""
    criteria = list(criteria)
    reviewers = list(reviewers)
    problems = _call_problems(
        region=region,
        opens_at=opens_at,
        closes_at=closes_at,
        pass_threshold=pass_threshold,
        criteria=criteria,
        reviewers=reviewers,
    )
    if problems:
        raise CertificationError(problems)
    rules = _document(rules_document, "rules_document") if rules_document else ""
    call = Call.objects.create(
        region=region,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        pass_threshold=pass_threshold,
        scoring_deadline=scoring_deadline,
        rules_document=rules,
    )
    _criteria_create(call, criteria)
    call.reviewers.set(reviewers)
    audit_log(
        actor=actor,
        action="certification.call.created",
        target=call,
        region_code=region.code,
        changes={"title": title, "criteria": [c["name"] for c in criteria]},
    )
    return call


def _criteria_values(criteria: Iterable[Any]) -> list[tuple[str, str, int, Decimal]]:
    def value(criterion: Any, name: str, default: Any = "") -> Any:
        if isinstance(criterion, Mapping):
            return criterion.get(name, default)
        return getattr(criterion, name)

    return [
        (
            str(value(c, "name")).strip(),
            str(value(c, "description")).strip(),
            int(value(c, "max_points")),
            Decimal(value(c, "weight", 1)).quantize(CENT),
        )
        for c in criteria
    ]


@transaction.atomic
def call_update(
    *,
    actor: Actor,
    call: Call,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    pass_threshold: Decimal,
    criteria: Iterable[Mapping[str, Any]],
    reviewers: Iterable[Any],
    scoring_deadline: datetime.date | None = None,
    rules_document: Any = None,
) -> Call:
    """Change a call. Its criteria are fixed once a board member has begun scoring."""
    call = Call.objects.select_for_update().select_related("region__voivodeship").get(pk=call.pk)
    criteria = list(criteria)
    reviewers = list(reviewers)
    problems = _call_problems(
        region=call.region,
        opens_at=opens_at,
        closes_at=closes_at,
        pass_threshold=pass_threshold,
        criteria=criteria,
        reviewers=reviewers,
    )
    current = list(call.criteria.all())
    criteria_changed = _criteria_values(criteria) != _criteria_values(current)
    if criteria_changed and Review.objects.filter(application__call=call).exists():
        problems["criteria"] = _("The criteria cannot change: the board has already begun scoring.")
    if problems:
        raise CertificationError(problems)
    before = {"title": call.title, "pass_threshold": str(call.pass_threshold)}
    call.title = title
    call.opens_at = opens_at
    call.closes_at = closes_at
    call.pass_threshold = pass_threshold
    call.scoring_deadline = scoring_deadline
    if rules_document:
        call.rules_document = _document(rules_document, "rules_document")
    call.save()
    if criteria_changed:
        call.criteria.all().delete()
        _criteria_create(call, criteria)
    call.reviewers.set(reviewers)
    audit_log(
        actor=actor,
        action="certification.call.updated",
        target=call,
        region_code=call.region.code,
        changes={
            "title": [before["title"], title],
            "pass_threshold": [before["pass_threshold"], str(pass_threshold)],
            "criteria_changed": criteria_changed,
            "reviewers": sorted(r.pk for r in reviewers),
        },
    )
    return call


# --- Applications ------------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    actor: Actor,
    call: Call,
    entity: Entity,
    declarations: Mapping[str, bool] | None = None,
) -> Application:
    """A draft application of `entity`; it can be completed and saved many times."""
    if entity.region_id != call.region_id:
        raise CertificationError({"entity": _("The entity is not in the call's region.")})
    if not call.is_open_at(timezone.now()):
        raise CertificationError(_("The call is not open: applications cannot be submitted."))
    if Application.objects.filter(call=call, entity=entity).exists():
        raise CertificationError(
            {"entity": _("The entity already has an application in this call.")}
        )
    application = Application.objects.create(
        call=call, entity=entity, created_by=user_or_none(actor), **dict(declarations or {})
    )
    audit_log(
        actor=actor,
        action="certification.application.created",
        target=application,
        region_code=_region_code(application),
        changes={"entity": entity.pk, "call": call.pk},
    )
    return application


def _editable(application: Application) -> None:
    if application.status not in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.CORRECTION_REQUESTED,
    ):
        raise CertificationError(
            _("A submitted application cannot be changed unless a correction is requested.")
        )


@transaction.atomic
def application_update(
    *,
    actor: Actor,
    application: Application,
    declarations: Mapping[str, bool],
    evidence: Any = None,
) -> Application:
    """Save the eligibility declarations (and a new evidence file) of a draft or of an
    application being corrected."""
    application = _locked(application)
    _editable(application)
    for name in DECLARATION_FIELDS:
        setattr(application, name, bool(declarations.get(name, False)))
    if evidence:
        application.evidence = _document(evidence, "evidence")
    application.save()
    audit_log(
        actor=actor,
        action="certification.declarations.saved",
        target=application,
        region_code=_region_code(application),
        changes={
            **{name: getattr(application, name) for name in DECLARATION_FIELDS},
            "evidence": bool(evidence),
        },
    )
    return application


@transaction.atomic
def application_item_add(
    *,
    actor: Actor,
    application: Application,
    name: str,
    kind: str,
    category: str,
    description: str,
    price_range: str = "",
    where_to_buy: str = "",
    photo: Any = None,
) -> Item:
    _editable(application)
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("Give the name of the product or service.")
    if not description.strip():
        problems["description"] = _("Describe the product or service.")
    if kind not in OfferKind.values:
        problems["kind"] = _("Choose a product or a service.")
    if category not in Category.values:
        problems["category"] = _("Choose a category.")
    stored_photo: Any = ""
    if photo:
        try:
            stored_photo = photo_file(photo)
        except UploadError as error:
            problems["photo"] = str(error)
    if problems:
        raise CertificationError(problems)
    item = Item.objects.create(
        application=application,
        name=name.strip(),
        kind=kind,
        category=category,
        description=description.strip(),
        price_range=price_range.strip(),
        where_to_buy=where_to_buy.strip(),
        photo=stored_photo,
    )
    audit_log(
        actor=actor,
        action="certification.item.added",
        target=application,
        region_code=_region_code(application),
        changes={"item": name},
    )
    return item


@transaction.atomic
def recommendation_add(
    *,
    actor: Actor,
    application: Application,
    referee_name: str,
    referee_organisation: str = "",
    referee_contact: str = "",
    letter: Any = None,
) -> Recommendation:
    _editable(application)
    if not referee_name.strip():
        raise CertificationError({"referee_name": _("Give the referee's name.")})
    if not letter and not referee_contact.strip():
        raise CertificationError(
            {"letter": _("Attach the letter, or say how the referee can be reached.")}
        )
    recommendation = Recommendation.objects.create(
        application=application,
        referee_name=referee_name.strip(),
        referee_organisation=referee_organisation.strip(),
        referee_contact=referee_contact.strip(),
        letter=_document(letter, "letter") if letter else "",
    )
    audit_log(
        actor=actor,
        action="certification.recommendation.added",
        target=application,
        region_code=_region_code(application),
        changes={"referee": referee_name},
    )
    return recommendation


@transaction.atomic
def item_remove(*, actor: Actor, item: Item) -> None:
    application = item.application
    _editable(application)
    name = item.name
    item.delete()
    audit_log(
        actor=actor,
        action="certification.item.removed",
        target=application,
        region_code=_region_code(application),
        changes={"item": name},
    )


@transaction.atomic
def recommendation_remove(*, actor: Actor, recommendation: Recommendation) -> None:
    application = recommendation.application
    _editable(application)
    name = recommendation.referee_name
    recommendation.delete()
    audit_log(
        actor=actor,
        action="certification.recommendation.removed",
        target=application,
        region_code=_region_code(application),
        changes={"referee": name},
    )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call__region__voivodeship")
        .get(pk=application.pk)
    )


def _check_allowed(application: Application, transition: str) -> str:
    """The status the move leads to, or TransitionNotAllowed if the current one forbids it."""
    return APPLICATION_WORKFLOW.check_named(transition, application.status)


def _move(
    application: Application,
    transition: str,
    *,
    actor: Actor,
    changes: dict[str, Any] | None = None,
) -> Application:
    """Check that `transition` may leave the application's status, then make the move."""
    target = _check_allowed(application, transition)
    APPLICATION_WORKFLOW.move(
        application,
        target,
        actor=actor,
        action=f"certification.application.{target}",
        region_code=_region_code(application),
        changes=changes,
        update_fields=None,
    )
    application_id = application.pk
    transaction.on_commit(lambda: send_application_notice.enqueue(application_id))
    return application


def submission_problems(application: Application) -> dict[str, str]:
    """What keeps the application from being submitted (empty: nothing)."""
    problems: dict[str, str] = {}
    if not application.items.exists():
        problems["items"] = _("Add at least one product or service.")
    if application.recommendations.count() < MIN_RECOMMENDATIONS:
        problems["recommendations"] = _("Add at least two recommendations.")
    declarations = (
        application.declares_legal_form,
        application.declares_social_goals,
        application.declares_six_months,
        application.declares_own_revenue,
    )
    if not all(declarations):
        problems["declarations"] = _(
            # xgettext:no-python-format
            "Every eligibility condition must be declared: legal form, social goals, "
            "6 months of operation and 30% of own revenue."
        )
    if not application.evidence:
        problems["evidence"] = _("Attach the evidence of eligibility.")
    return problems


@transaction.atomic
def application_submit(*, actor: Actor, application: Application) -> Application:
    """Send the application (again, after a correction) before its deadline."""
    application = _locked(application)
    _check_allowed(application, Transition.SUBMIT)
    now = timezone.now()
    if application.status == ApplicationStatus.CORRECTION_REQUESTED:
        deadline = application.correction_deadline
        if deadline is not None and timezone.localdate(now) > deadline:
            raise CertificationError(_("The deadline for the correction has passed."))
    elif application.status == ApplicationStatus.DRAFT and not application.call.is_open_at(now):
        raise CertificationError(_("The call is not open: applications cannot be submitted."))
    if application.status in APPLICATION_WORKFLOW[Transition.SUBMIT].sources:
        problems = submission_problems(application)
        if problems:
            raise CertificationError(problems)
    application.submitted_at = now
    return _move(application, Transition.SUBMIT, actor=actor)


@transaction.atomic
def application_request_correction(
    *, actor: Actor, application: Application, message: str, deadline: datetime.date
) -> Application:
    application = _locked(application)
    _check_allowed(application, Transition.REQUEST_CORRECTION)
    if not message.strip():
        raise CertificationError({"message": _("Say what has to be corrected.")})
    if deadline <= timezone.localdate():
        raise CertificationError({"deadline": _("The deadline must be in the future.")})
    application.correction_request = message.strip()
    application.correction_deadline = deadline
    return _move(
        application,
        Transition.REQUEST_CORRECTION,
        actor=actor,
        changes={"message": message.strip(), "deadline": deadline.isoformat()},
    )


@transaction.atomic
def application_accept_formally(*, actor: Actor, application: Application) -> Application:
    return _move(_locked(application), Transition.ACCEPT_FORMALLY, actor=actor)


@transaction.atomic
def application_reject_formally(
    *, actor: Actor, application: Application, reason: str
) -> Application:
    return _decide(_locked(application), Transition.REJECT_FORMALLY, actor=actor, reason=reason)


@transaction.atomic
def application_start_review(*, actor: Actor, application: Application) -> Application:
    application = _locked(application)
    _check_allowed(application, Transition.START_REVIEW)
    if application.call.reviewers.count() < MIN_REVIEWS:
        raise CertificationError(_("The call's board needs at least two reviewers."))
    return _move(application, Transition.START_REVIEW, actor=actor)


def _decide(application: Application, transition: str, *, actor: Actor, reason: str) -> Application:
    _check_allowed(application, transition)
    if not reason.strip():
        raise CertificationError({"reason": _("Give the reason for the decision.")})
    application.decided_by = user_or_none(actor)
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    return _move(application, transition, actor=actor, changes={"reason": reason.strip()})


@transaction.atomic
def application_grant(*, actor: Actor, application: Application, reason: str) -> Application:
    """Grant the mark: one licence per product or service, valid one year from today."""
    application = _decide(_locked(application), Transition.GRANT, actor=actor, reason=reason)
    today = timezone.localdate(application.decided_at)
    for item in application.items.all():
        licence = Licence.objects.create(
            item=item,
            number=_licence_number(application, today),
            verification_code=secrets.token_hex(6).upper(),
            valid_from=today,
            valid_until=one_year_on(today) - datetime.timedelta(days=1),
        )
        audit_log(
            actor=actor,
            action="certification.licence.issued",
            target=licence,
            region_code=_region_code(application),
            changes={"item": item.name, "valid_until": licence.valid_until.isoformat()},
        )
    return application


def _licence_number(application: Application, day: datetime.date) -> str:
    """ZP/<voivodeship>/<year>/<n>: numbered per region and year, under the row lock of the
    application being granted (a unique constraint guards the rest)."""
    prefix = f"ZP/{_region_code(application)}/{day.year}/"
    taken = Licence.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1}"


@transaction.atomic
def application_refuse(*, actor: Actor, application: Application, reason: str) -> Application:
    return _decide(_locked(application), Transition.REFUSE, actor=actor, reason=reason)


def application_transition(
    *,
    actor: Actor,
    application: Application,
    transition: str,
    reason: str = "",
    message: str = "",
    deadline: datetime.date | None = None,
) -> Application:
    """Make the named move (enums.Transition) with the arguments it needs."""
    if transition == Transition.SUBMIT:
        return application_submit(actor=actor, application=application)
    if transition == Transition.REQUEST_CORRECTION:
        if deadline is None:
            raise CertificationError({"deadline": _("Give the deadline for the correction.")})
        return application_request_correction(
            actor=actor, application=application, message=message, deadline=deadline
        )
    if transition == Transition.ACCEPT_FORMALLY:
        return application_accept_formally(actor=actor, application=application)
    if transition == Transition.REJECT_FORMALLY:
        return application_reject_formally(actor=actor, application=application, reason=reason)
    if transition == Transition.START_REVIEW:
        return application_start_review(actor=actor, application=application)
    if transition == Transition.GRANT:
        return application_grant(actor=actor, application=application, reason=reason)
    if transition == Transition.REFUSE:
        return application_refuse(actor=actor, application=application, reason=reason)
    raise CertificationError(_("There is no such move."))


# --- Reviews -----------------------------------------------------------------------------------


@transaction.atomic
def review_begin(*, reviewer: Any, application: Application, no_conflict: bool) -> Review:
    """A board member declares no conflict of interest and may then score."""
    application = _locked(application)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise CertificationError(_("The application is not in review."))
    if not application.call.reviewers.filter(pk=reviewer.pk).exists():
        raise CertificationError(_("Only the call's board reviews its applications."))
    if not no_conflict:
        raise CertificationError(
            {"no_conflict": _("Declare that you have no conflict of interest to review.")}
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                application=application,
                reviewer=reviewer,
                declared_no_conflict_at=timezone.now(),
            )
    except IntegrityError as error:
        raise CertificationError(_("You have already begun reviewing this application.")) from error
    audit_log(
        actor=reviewer,
        action="certification.review.begun",
        target=application,
        region_code=_region_code(application),
        changes={"no_conflict_declared": True},
    )
    return review


@transaction.atomic
def review_record(
    *,
    reviewer: Any,
    application: Application,
    no_conflict: bool,
    scores: Mapping[int, tuple[int, str]],
) -> Review:
    """Begin (declaring no conflict of interest) and submit a review at once, as the API
    does: if the scores are refused, the review is not begun either."""
    review = Review.objects.filter(application=application, reviewer=reviewer).first()
    if review is None:
        review = review_begin(reviewer=reviewer, application=application, no_conflict=no_conflict)
    return review_submit(review=review, scores=scores)


def _percentage(points: Mapping[int, int], criteria: Iterable[Criterion]) -> Decimal:
    """Weighted points as a share of the weighted maximum, in %."""
    criteria = list(criteria)
    earned = sum(c.weight * points[c.pk] for c in criteria)
    maximum = sum(c.weight * c.max_points for c in criteria)
    return (HUNDRED * earned / maximum).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def review_submit(*, review: Review, scores: Mapping[int, tuple[int, str]]) -> Review:
    """Score every criterion (points, justification) of the call. When every begun review
    is in and there are at least two, the application is scored: the average of the
    reviews' weighted scores."""
    application = _locked(review.application)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.submitted_at is not None:
        raise CertificationError(_("This review has already been submitted."))
    if application.status != ApplicationStatus.IN_REVIEW:
        raise CertificationError(_("The application is not in review."))
    criteria = list(application.call.criteria.all())
    errors: dict[str, str] = {}
    for criterion in criteria:
        points, justification = scores.get(criterion.pk, (None, ""))
        key = f"criterion_{criterion.pk}"
        if points is None:
            errors[key] = _("Score this criterion.")
        elif not 0 <= points <= criterion.max_points:
            errors[key] = _("Give from 0 to %(max)s points.") % {"max": criterion.max_points}
        elif not justification.strip():
            errors[key] = _("Justify the score.")
    if errors:
        raise CertificationError(errors)
    Score.objects.bulk_create(
        [
            Score(
                review=review,
                criterion=c,
                points=scores[c.pk][0],
                justification=scores[c.pk][1].strip(),
            )
            for c in criteria
        ]
    )
    review.score = _percentage({c.pk: scores[c.pk][0] for c in criteria}, criteria)
    review.submitted_at = timezone.now()
    review.save(update_fields=["score", "submitted_at", "updated_at"])
    audit_log(
        actor=review.reviewer,
        action="certification.review.submitted",
        target=application,
        region_code=_region_code(application),
        changes={"score": str(review.score)},
    )
    reviews = list(application.reviews.all())
    if len(reviews) >= MIN_REVIEWS and all(r.submitted_at for r in reviews):
        total = sum((r.score or Decimal(0) for r in reviews), Decimal(0)) / len(reviews)
        application.score = total.quantize(CENT, rounding=ROUND_HALF_UP)
        before = application.status
        application.status = ApplicationStatus.SCORED
        application.save(update_fields=["score", "status", "updated_at"])
        audit_log(
            actor=review.reviewer,
            action="certification.application.scored",
            target=application,
            region_code=_region_code(application),
            changes={"status": [before, application.status], "score": str(application.score)},
        )
    return review


# --- Licences ----------------------------------------------------------------------------------


def _locked_licence(licence: Licence) -> Licence:
    return (
        Licence.objects.select_for_update()
        .select_related("item__application__call__region__voivodeship")
        .get(pk=licence.pk)
    )


@transaction.atomic
def licence_revoke(*, actor: Actor, licence: Licence, reason: str) -> Licence:
    licence = _locked_licence(licence)
    if licence.revoked_at is not None:
        raise CertificationError(_("The licence is already revoked."))
    if not reason.strip():
        raise CertificationError({"reason": _("Give the reason for revoking the licence.")})
    licence.revoked_at = timezone.now()
    licence.revoke_reason = reason.strip()
    licence.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="certification.licence.revoked",
        target=licence,
        region_code=_region_code(licence.item.application),
        changes={"reason": licence.revoke_reason},
    )
    return licence


@transaction.atomic
def renewal_submit(
    *, actor: Actor, licence: Licence, nothing_changed: bool, changes: str = ""
) -> Renewal:
    """The holder asks for another year: nothing material changed, or what did."""
    licence = _locked_licence(licence)
    if licence.revoked_at is not None:
        raise CertificationError(_("A revoked licence cannot be renewed."))
    if timezone.localdate() > licence.valid_until:
        raise CertificationError(_("The licence has expired: apply for the mark again."))
    if not nothing_changed and not changes.strip():
        raise CertificationError(
            {"changes": _("Declare that nothing material has changed, or say what has.")}
        )
    try:
        with transaction.atomic():
            renewal = Renewal.objects.create(
                licence=licence,
                nothing_changed=nothing_changed,
                changes=changes.strip(),
                submitted_by=user_or_none(actor),
            )
    except IntegrityError as error:
        raise CertificationError(_("A renewal of this licence is already waiting.")) from error
    audit_log(
        actor=actor,
        action="certification.renewal.submitted",
        target=licence,
        region_code=_region_code(licence.item.application),
        changes={"nothing_changed": nothing_changed, "changes": renewal.changes},
    )
    return renewal


@transaction.atomic
def renewal_decide(*, actor: Actor, renewal: Renewal, grant: bool, reason: str = "") -> Renewal:
    """Granted, the licence runs one more year from its current end: no gap, no overlap."""
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if renewal.status != RenewalStatus.SUBMITTED:
        raise CertificationError(_("This renewal has already been decided."))
    if not grant and not reason.strip():
        raise CertificationError({"reason": _("Give the reason for the decision.")})
    licence = _locked_licence(renewal.licence)
    renewal.status = RenewalStatus.GRANTED if grant else RenewalStatus.REFUSED
    renewal.decided_by = user_or_none(actor)
    renewal.decided_at = timezone.now()
    renewal.decision_reason = reason.strip()
    renewal.save()
    changes: dict[str, Any] = {"status": [RenewalStatus.SUBMITTED, renewal.status]}
    if grant:
        before = licence.valid_until
        licence.valid_until = one_year_on(before + datetime.timedelta(days=1)) - datetime.timedelta(
            days=1
        )
        licence.save(update_fields=["valid_until", "updated_at"])
        changes["valid_until"] = [before.isoformat(), licence.valid_until.isoformat()]
    audit_log(
        actor=actor,
        action=f"certification.renewal.{renewal.status}",
        target=licence,
        region_code=_region_code(licence.item.application),
        changes=changes,
    )
    return renewal


def _remind(licence_id: int, days: int) -> None:
    send_expiry_reminder.enqueue(licence_id, days)


def licences_remind(*, today: datetime.date | None = None) -> int:
    """Remind holders 60, 30 and 7 days before their licence ends (once each, and again
    for a renewed end). Returns how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    for days in REMINDER_DAYS:
        due = Licence.objects.filter(
            revoked_at__isnull=True, valid_until=today + datetime.timedelta(days=days)
        )
        for licence in due:
            with transaction.atomic():
                _reminder, created = ExpiryReminder.objects.get_or_create(
                    licence=licence, valid_until=licence.valid_until, days_before=days
                )
                if created:
                    transaction.on_commit(functools.partial(_remind, licence.pk, days))
                    sent += 1
    return sent


def reviewers_remind(*, today: datetime.date | None = None) -> int:
    """Remind board members whose scoring is still missing 3 days and 1 day before the
    call's scoring deadline (run once a day). Returns how many reminders were sent."""
    today = today or timezone.localdate()
    deadlines = [today + datetime.timedelta(days=days) for days in REVIEW_REMINDER_DAYS]
    sent = 0
    applications = Application.objects.filter(
        status=ApplicationStatus.IN_REVIEW, call__scoring_deadline__in=deadlines
    ).prefetch_related("call__reviewers", "reviews")
    for application in applications:
        submitted = {r.reviewer_id for r in application.reviews.all() if r.submitted_at}
        for reviewer in application.call.reviewers.all():
            if reviewer.pk not in submitted and reviewer.email:
                send_review_reminder.enqueue(application.pk, reviewer.email)
                sent += 1
    return sent
