"""Reads of the certification cycle."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import Application, Licence, Review


def public_licences(*, today: datetime.date | None = None) -> QuerySet[Licence]:
    """The public register: licences valid today. An expired or revoked one leaves it on
    the day it ends, computed from the dates, with no job to run."""
    today = today or timezone.localdate()
    return (
        Licence.objects.filter(
            revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today
        )
        .select_related("item__application__entity__gmina__parent")
        .order_by("item__name", "number")
    )


def reviews_visible_to(application: Application, user: Any) -> QuerySet[Review]:
    """A board member sees the others' scores only once their own review is submitted."""
    reviews = application.reviews.select_related("reviewer").prefetch_related("scores")
    if application.call.reviewers.filter(pk=user.pk).exists():
        own = reviews.filter(reviewer=user).first()
        if own is None or own.submitted_at is None:
            return reviews.filter(reviewer=user)
    return reviews
