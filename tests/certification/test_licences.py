"""Licences: one year exactly, states computed from the dates, gone from the public register
the day they end, renewed without a gap, holders reminded 60, 30 and 7 days before."""

import datetime

import pytest
from django.core import mail

from koordynator.certification import selectors, services
from koordynator.certification.models import Licence
from koordynator.certification.services import CertificationError, one_year_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(call, complete_application, coordinator, board):
    application = complete_application
    services.application_submit(actor=application.created_by, application=application)
    services.application_accept_formally(actor=coordinator, application=application)
    services.application_start_review(actor=coordinator, application=application)
    for reviewer in board:
        review = services.review_begin(reviewer=reviewer, application=application, no_conflict=True)
        services.review_submit(
            review=review,
            scores={c.pk: (c.max_points, "Bardzo dobrze.") for c in call.criteria.all()},
        )
    services.application_grant(actor=coordinator, application=application, reason="Spełnia.")
    return Licence.objects.get(item__application=application)


def test_one_year_on_keeps_the_date_and_handles_29_february():
    assert one_year_on(datetime.date(2026, 3, 15)) == datetime.date(2027, 3, 15)
    assert one_year_on(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_states_follow_the_dates_and_the_register_drops_it_the_day_after(licence):
    end = licence.valid_until
    assert licence.status_on(licence.valid_from) == "active"
    assert licence.status_on(end - datetime.timedelta(days=30)) == "active"
    assert licence.status_on(end - datetime.timedelta(days=29)) == "expiring"
    assert licence.status_on(end) == "expiring"
    assert licence.status_on(end + datetime.timedelta(days=1)) == "expired"
    assert list(selectors.public_licences(today=end)) == [licence]
    assert list(selectors.public_licences(today=end + datetime.timedelta(days=1))) == []


def test_a_revoked_licence_leaves_the_register_at_once(licence, coordinator):
    with pytest.raises(CertificationError):
        services.licence_revoke(actor=coordinator, licence=licence, reason=" ")
    services.licence_revoke(actor=coordinator, licence=licence, reason="Produkt wycofany.")
    licence.refresh_from_db()
    assert licence.status_on(licence.valid_from) == "revoked"
    assert list(selectors.public_licences(today=licence.valid_from)) == []


def test_a_granted_renewal_extends_by_a_year_without_a_gap(licence, coordinator):
    holder = licence.item.application.created_by
    with pytest.raises(CertificationError) as error:
        services.renewal_submit(actor=holder, licence=licence, nothing_changed=False)
    assert set(error.value.errors) == {"changes"}
    renewal = services.renewal_submit(actor=holder, licence=licence, nothing_changed=True)
    with pytest.raises(CertificationError):  # one waiting renewal at a time
        services.renewal_submit(actor=holder, licence=licence, nothing_changed=True)
    end = licence.valid_until
    services.renewal_decide(actor=coordinator, renewal=renewal, grant=True)
    licence.refresh_from_db()
    assert licence.valid_until == one_year_on(
        end + datetime.timedelta(days=1)
    ) - datetime.timedelta(days=1)
    assert list(selectors.public_licences(today=end + datetime.timedelta(days=1))) == [licence]
    with pytest.raises(CertificationError):
        services.renewal_decide(actor=coordinator, renewal=renewal, grant=False, reason="x")


def test_holders_are_reminded_60_30_and_7_days_before_once_each(
    licence, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    end = licence.valid_until
    for days in (61, 60, 60, 31, 30, 8, 7, 7, 6):
        with django_capture_on_commit_callbacks(execute=True):
            services.licences_remind(today=end - datetime.timedelta(days=days))
    assert len(mail.outbox) == 3
    assert [licence.number in m.subject for m in mail.outbox] == [True, True, True]
    assert "7" in mail.outbox[-1].subject


def test_reviewers_are_reminded_before_the_scoring_deadline(
    call, complete_application, coordinator, board
):
    application = complete_application
    services.application_submit(actor=application.created_by, application=application)
    services.application_accept_formally(actor=coordinator, application=application)
    services.application_start_review(actor=coordinator, application=application)
    review = services.review_begin(reviewer=board[0], application=application, no_conflict=True)
    services.review_submit(review=review, scores={c.pk: (1, "Słabo.") for c in call.criteria.all()})
    mail.outbox.clear()
    deadline = call.scoring_deadline
    assert services.reviewers_remind(today=deadline - datetime.timedelta(days=2)) == 0
    assert services.reviewers_remind(today=deadline - datetime.timedelta(days=3)) == 1
    assert mail.outbox[0].to == [board[1].email]
