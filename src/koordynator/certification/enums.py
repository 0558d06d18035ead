from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition as Move
from koordynator.core.workflow import Workflow


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
APPLICATION_WORKFLOW = Workflow(
    ApplicationStatus,
    Move(
        Transition.SUBMIT,
        {ApplicationStatus.DRAFT, ApplicationStatus.CORRECTION_REQUESTED},
        ApplicationStatus.SUBMITTED,
    ),
    Move(
        Transition.REQUEST_CORRECTION,
        {ApplicationStatus.SUBMITTED},
        ApplicationStatus.CORRECTION_REQUESTED,
    ),
    Move(
        Transition.ACCEPT_FORMALLY,
        {ApplicationStatus.SUBMITTED},
        ApplicationStatus.FORMALLY_ACCEPTED,
    ),
    Move(
        Transition.REJECT_FORMALLY,
        {ApplicationStatus.SUBMITTED, ApplicationStatus.CORRECTION_REQUESTED},
        ApplicationStatus.FORMALLY_REJECTED,
    ),
    Move(
        Transition.START_REVIEW,
        {ApplicationStatus.FORMALLY_ACCEPTED},
        ApplicationStatus.IN_REVIEW,
    ),
    Move(Transition.GRANT, {ApplicationStatus.SCORED}, ApplicationStatus.GRANTED),
    Move(Transition.REFUSE, {ApplicationStatus.SCORED}, ApplicationStatus.REFUSED),
    message=_("An application that is “%(current)s” cannot be moved to “%(new)s”."),
)


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
