"""The application's state machine: every move audited and told to the applicant, a
forbidden one refused with nothing changed, reviews hidden from each other until submitted,
and the weighted average deciding the score."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from koordynator.certification import selectors, services
from koordynator.certification.models import Application, Licence
from koordynator.certification.services import CertificationError
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed

pytestmark = pytest.mark.django_db


def statuses(application):
    return list(
        AuditEntry.objects.filter(
            object_type="certification.application", object_id=str(application.pk)
        )
        .filter(action__startswith="certification.application.")
        .exclude(action="certification.application.created")
        .order_by("id")
        .values_list("action", flat=True)
    )


def scores(call, points):
    return {
        criterion.pk: (value, "Uzasadnienie.")
        for criterion, value in zip(call.criteria.order_by("position"), points, strict=True)
    }


def test_a_submission_lists_everything_that_is_missing(call, applicant):
    user, entity = applicant
    application = services.application_create(actor=user, call=call, entity=entity)
    with pytest.raises(CertificationError) as error:
        services.application_submit(actor=user, application=application)
    assert set(error.value.errors) == {"items", "recommendations", "declarations", "evidence"}
    application.refresh_from_db()
    assert application.status == "draft"
    assert statuses(application) == []


def test_a_closed_call_takes_no_submission(call, complete_application):
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.opens_at = call.closes_at - datetime.timedelta(days=10)
    call.save()
    with pytest.raises(CertificationError, match=r"Nabór nie jest otwarty"):
        services.application_submit(
            actor=complete_application.created_by, application=complete_application
        )


def test_the_whole_cycle_to_a_licence(
    call, complete_application, coordinator, board, django_capture_on_commit_callbacks
):
    application = complete_application
    user = application.created_by
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=user, application=application)
        services.application_request_correction(
            actor=coordinator,
            application=application,
            message="Dołącz sprawozdanie finansowe.",
            deadline=timezone.localdate() + datetime.timedelta(days=7),
        )
    assert "Dołącz sprawozdanie finansowe." in mail.outbox[-1].body
    with pytest.raises(TransitionNotAllowed):  # corrections are made before the next step
        services.application_accept_formally(actor=coordinator, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=user, application=application)
        services.application_accept_formally(actor=coordinator, application=application)
        services.application_start_review(actor=coordinator, application=application)

    first, second = board
    review_a = services.review_begin(reviewer=first, application=application, no_conflict=True)
    review_b = services.review_begin(reviewer=second, application=application, no_conflict=True)
    services.review_submit(review=review_a, scores=scores(call, [8, 4]))  # (16+4)/25 = 80%
    assert [r.reviewer for r in selectors.reviews_visible_to(application, second)] == [second]
    assert len(selectors.reviews_visible_to(application, first)) == 2
    application.refresh_from_db()
    assert application.status == "in_review"  # one review is not enough
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(review=review_b, scores=scores(call, [5, 5]))  # (10+5)/25 = 60%
    application.refresh_from_db()
    assert application.status == "scored"
    assert application.score == Decimal("70.00")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_grant(
            actor=coordinator, application=application, reason="Powyżej progu 60%."
        )
    application.refresh_from_db()
    assert (application.decided_by, application.decision_reason) == (
        coordinator,
        "Powyżej progu 60%.",
    )
    licence = Licence.objects.get(item__application=application)
    today = timezone.localdate()
    assert licence.valid_from == today
    assert licence.valid_until == services.one_year_on(today) - datetime.timedelta(days=1)
    assert licence.number == f"ZP/06/{today.year}/1"
    assert statuses(application) == [
        "certification.application.submitted",
        "certification.application.correction_requested",
        "certification.application.submitted",
        "certification.application.formally_accepted",
        "certification.application.in_review",
        "certification.application.scored",
        "certification.application.granted",
    ]
    notices = [m for m in mail.outbox if user.email in m.to]
    assert len(notices) == 6  # every move the applicant makes or undergoes but scoring
    assert "Powyżej progu 60%." in notices[-1].body


@pytest.mark.parametrize(
    "move",
    ["accept_formally", "start_review", "grant", "refuse", "request_correction"],
)
def test_a_forbidden_move_is_refused_and_changes_nothing(complete_application, coordinator, move):
    application = complete_application  # a draft
    arguments = {
        "grant": {"reason": "x"},
        "refuse": {"reason": "x"},
        "request_correction": {
            "message": "x",
            "deadline": timezone.localdate() + datetime.timedelta(days=3),
        },
    }.get(move, {})
    service = getattr(services, f"application_{move}")
    with pytest.raises(TransitionNotAllowed) as error:
        service(actor=coordinator, application=application, **arguments)
    assert "„szkic”" in str(error.value)
    assert Application.objects.get(pk=application.pk).status == "draft"
    assert statuses(application) == []
    assert mail.outbox == []


def test_reviewers_declare_no_conflict_belong_to_the_board_and_score_everything(
    call, complete_application, coordinator, board, region
):
    from koordynator.accounts.enums import Role
    from tests.factories import user_with_role

    application = complete_application
    services.application_submit(actor=application.created_by, application=application)
    services.application_accept_formally(actor=coordinator, application=application)
    services.application_start_review(actor=coordinator, application=application)
    with pytest.raises(CertificationError) as error:
        services.review_begin(reviewer=board[0], application=application, no_conflict=False)
    assert set(error.value.errors) == {"no_conflict"}
    outsider = user_with_role(Role.REVIEWER, region=region)
    with pytest.raises(CertificationError):
        services.review_begin(reviewer=outsider, application=application, no_conflict=True)
    review = services.review_begin(reviewer=board[0], application=application, no_conflict=True)
    first, second = call.criteria.order_by("position")
    with pytest.raises(CertificationError) as error:
        services.review_submit(
            review=review, scores={first.pk: (11, "Za dużo."), second.pk: (3, "")}
        )
    assert set(error.value.errors) == {f"criterion_{first.pk}", f"criterion_{second.pk}"}
    review.refresh_from_db()
    assert review.submitted_at is None
    assert not review.scores.exists()


def test_review_needs_a_board_of_two(call, complete_application, coordinator, board):
    call.reviewers.set(board[:1])
    application = complete_application
    services.application_submit(actor=application.created_by, application=application)
    services.application_accept_formally(actor=coordinator, application=application)
    with pytest.raises(CertificationError):
        services.application_start_review(actor=coordinator, application=application)
    application.refresh_from_db()
    assert application.status == "formally_accepted"
