from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    EXPIRED = "expired", _("expired")
    WITHDRAWN = "withdrawn", _("withdrawn")


# An accreditation is granted active; the minister may suspend it (and lift the suspension)
# or withdraw it; the daily command expires it after `valid_until`. Expired and withdrawn
# are final: a new decision is a new accreditation.
ACCREDITATION_WORKFLOW = Workflow(
    AccreditationStatus,
    Transition("grant", {None}, AccreditationStatus.ACTIVE),
    Transition("suspend", {AccreditationStatus.ACTIVE}, AccreditationStatus.SUSPENDED),
    Transition("resume", {AccreditationStatus.SUSPENDED}, AccreditationStatus.ACTIVE),
    Transition(
        "expire",
        {AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED},
        AccreditationStatus.EXPIRED,
    ),
    Transition(
        "withdraw",
        {AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED},
        AccreditationStatus.WITHDRAWN,
    ),
    message=_("The accreditation’s status “%(current)s” cannot change to “%(new)s”."),
)


class SupportKind(models.TextChoices):
    ANIMATION = "animation", _("animation")
    ADVICE = "advice", _("advice")
    BUSINESS_ADVICE = "business_advice", _("business advice")
    LEGAL = "legal", _("legal advice")
    ACCOUNTING = "accounting", _("accounting advice")
    TRAINING = "training", _("training")
    MENTORING = "mentoring", _("mentoring")
    OTHER = "other", _("other support")


class JobholderGroup(models.TextChoices):
    """The group of the person a funded job is for; the person is never named."""

    UNEMPLOYED = "unemployed", _("unemployed")
    DISABLED = "disabled", _("person with disabilities")
    AT_RISK = "at_risk", _("at risk of social exclusion")
    OTHER = "other", _("other")


# The limits that apply to a region's year until its coordinator sets others.
DEFAULT_MAX_JOBS = 6
DEFAULT_MAX_AMOUNT_PER_JOB = "20000.00"
DEFAULT_MAX_BRIDGING_MONTHS = 12
DEFAULT_DURABILITY_MONTHS = 12
# Art. 36 of the Social Economy Act: an accreditation is granted for at most two years.
ACCREDITATION_MAX_YEARS = 2
REMINDER_DAYS = (90, 30)
