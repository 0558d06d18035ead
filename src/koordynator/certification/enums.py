from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CORRECTION_REQUESTED = "correction_requested", _("correction requested")
    FORMALLY_ACCEPTED = "formally_accepted", _("formally accepted")
    FORMALLY_REJECTED = "formally_rejected", _("formally rejected")
    IN_REVIEW = "in_review", _("in review")
    SCORED = "scored", _("scored")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class Transition(models.TextChoices):
    """The named moves of an application; `scored` follows the last review by itself."""

    SUBMIT = "submit", _("submit")
    REQUEST_CORRECTION = "request_correction", _("request a correction")
    ACCEPT_FORMALLY = "accept_formally", _("accept formally")
    REJECT_FORMALLY = "reject_formally", _("reject formally")
    START_REVIEW = "start_review", _("start the review")
    GRANT = "grant", _("grant the mark")
    REFUSE = "refuse", _("refuse the mark")


# The application's state machine: each named move, from which statuses, to which one.
# Every move is one service in services.py; anything else is refused and changes nothing.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Transition.SUBMIT: (
        frozenset({ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED}),
        ApplicationStatus.SUBMITTED,
    ),
    Transition.REQUEST_CORRECTION: (
        frozenset({ApplicationStatus.SUBMITTED}),
        ApplicationStatus.CORRECTION_REQUESTED,
    ),
    Transition.ACCEPT_FORMALLY: (
        frozenset({ApplicationStatus.SUBMITTED}),
        ApplicationStatus.FORMALLY_ACCEPTED,
    ),
    Transition.REJECT_FORMALLY: (
        frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED}),
        ApplicationStatus.FORMALLY_REJECTED,
    ),
    Transition.START_REVIEW: (
        frozenset({ApplicationStatus.FORMALLY_ACCEPTED}),
        ApplicationStatus.IN_REVIEW,
    ),
    Transition.GRANT: (frozenset({ApplicationStatus.SCORED}), ApplicationStatus.GRANTED),
    Transition.REFUSE: (frozenset({ApplicationStatus.SCORED}), ApplicationStatus.REFUSED),
}


class OfferKind(models.TextChoices):
    PRODUCT = "product", _("product")
    SERVICE = "service", _("service")


class Category(models.TextChoices):
    FOOD = "food", _("food and catering")
    CRAFTS = "crafts", _("crafts and gifts")
    TEXTILES = "textiles", _("textiles and clothing")
    CLEANING = "cleaning", _("cleaning and maintenance")
    CONSTRUCTION = "construction", _("construction and repairs")
    GREENERY = "greenery", _("greenery and gardening")
    CARE = "care", _("care and social services")
    EDUCATION = "education", _("education and training")
    TOURISM = "tourism", _("tourism and recreation")
    PRINTING = "printing", _("printing and promotion")
    OTHER = "other", _("other")


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRING = "expiring", _("expiring")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class RenewalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
