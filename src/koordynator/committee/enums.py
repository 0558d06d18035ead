from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class Sector(models.TextChoices):
    """Whom a member represents on the committee (art. 55 of the Social Economy Act)."""

    REGIONAL_GOVERNMENT = "regional_government", _("regional government")
    VOIVODE = "voivode", _("voivode")
    LOCAL_GOVERNMENT = "local_government", _("local governments")
    SOCIAL_ECONOMY_ENTITIES = "social_economy_entities", _("social economy entities")
    SUPPORT_CENTRES = "support_centres", _("support centres (OWES)")
    PUBLIC_BENEFIT_COUNCIL = "public_benefit_council", _("regional public benefit council")
    COOPERATIVE_UNIONS = "cooperative_unions", _("cooperative unions")
    SCIENCE = "science", _("science")
    BUSINESS = "business", _("businesses")
    TRADE_UNIONS = "trade_unions", _("trade unions")
    EMPLOYERS = "employers", _("employers' organisations")
    NGOS = "ngos", _("non-governmental organisations")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")


# Roles only one current member holds at a time.
SINGLE_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY})


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("end of term")
    DISMISSED = "dismissed", _("dismissed")
    RESIGNED = "resigned", _("resigned")
    OTHER = "other", _("other reason")


class SittingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CONVENED = "convened", _("convened")
    HELD = "held", _("held")
    CLOSED = "closed", _("closed, minutes approved")
    CANCELLED = "cancelled", _("called off")


class SittingTransition(models.TextChoices):
    """The named moves of a sitting."""

    CONVENE = "convene", _("convene the sitting")
    HOLD = "hold", _("mark the sitting as held")
    CLOSE = "close", _("close the sitting")
    CANCEL = "cancel", _("cancel the sitting")


# The sitting's state machine: each named move, from which statuses, to which one. Every
# move goes through services.sitting_transition; anything else is refused and writes nothing.
SITTING_WORKFLOW = Workflow(
    SittingStatus,
    Transition(SittingTransition.CONVENE, {SittingStatus.PLANNED}, SittingStatus.CONVENED),
    Transition(SittingTransition.HOLD, {SittingStatus.CONVENED}, SittingStatus.HELD),
    Transition(SittingTransition.CLOSE, {SittingStatus.HELD}, SittingStatus.CLOSED),
    Transition(
        SittingTransition.CANCEL,
        {SittingStatus.PLANNED, SittingStatus.CONVENED},
        SittingStatus.CANCELLED,
    ),
    message=_("A sitting that is “%(current)s” cannot be moved to “%(new)s”."),
)

# A sitting that took place (counted towards the two a year, its attendance counted).
TOOK_PLACE = frozenset({SittingStatus.HELD, SittingStatus.CLOSED})
# A sitting still to come.
UPCOMING = frozenset({SittingStatus.PLANNED, SittingStatus.CONVENED})
# While attendance may be marked and votes recorded.
IN_SESSION = frozenset({SittingStatus.CONVENED, SittingStatus.HELD})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    DEPUTY = "deputy", _("present through the deputy")
    EXCUSED = "excused", _("excused absence")
    UNEXCUSED = "unexcused", _("unexcused absence")


# Counted towards the quorum: the member, or their deputy in their place.
PRESENT_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY})


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("being drafted")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved, final")


class MinutesTransition(models.TextChoices):
    SUBMIT = "submit", _("submit for approval")
    APPROVE = "approve", _("approve")
    RETURN = "return", _("return for correction")


MINUTES_WORKFLOW = Workflow(
    MinutesStatus,
    Transition(MinutesTransition.SUBMIT, {MinutesStatus.DRAFT}, MinutesStatus.SUBMITTED),
    Transition(MinutesTransition.APPROVE, {MinutesStatus.SUBMITTED}, MinutesStatus.APPROVED),
    Transition(MinutesTransition.RETURN, {MinutesStatus.SUBMITTED}, MinutesStatus.DRAFT),
    message=_("Minutes that are “%(current)s” cannot be moved to “%(new)s”."),
)


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    OPINION = "opinion", _("opinion")


class ResolutionStatus(models.TextChoices):
    DRAFT = "draft", _("not yet voted")
    ADOPTED = "adopted", _("passed")
    REJECTED = "rejected", _("not adopted")


class RejectionReason(models.TextChoices):
    NO_QUORUM = "no_quorum", _("no quorum")
    NOT_ENOUGH_FOR = "not_enough_for", _("no more votes for than against")


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAINED = "abstained", _("abstained")
