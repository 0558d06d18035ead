from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class EventKind(models.TextChoices):
    NETWORKING_MEETING = "networking_meeting", _("networking meeting")
    CONSULTATION_MEETING = "consultation_meeting", _("consultation meeting")
    THEMATIC_GROUP_MEETING = "thematic_group_meeting", _("thematic group meeting")
    COMMITTEE_SITTING = "committee_sitting", _("committee sitting")
    WORKSHOP = "workshop", _("workshop")
    TRAINING = "training", _("training")
    CONFERENCE = "conference", _("conference")
    FAIR = "fair", _("fair")
    STUDY_VISIT = "study_visit", _("study visit")
    OTHER = "other", _("other event")


class TargetGroup(models.TextChoices):
    """Whom an event is for; an event may have several."""

    SOCIAL_ECONOMY_ENTITIES = "social_economy_entities", _("social economy entities (PES)")
    REINTEGRATION_ENTITIES = (
        "reintegration_entities",
        _("reintegration entities (CIS, KIS, ZAZ, WTZ)"),
    )
    SOCIAL_COOPERATIVES = "social_cooperatives", _("social cooperatives")
    SOCIAL_ENTERPRISES = "social_enterprises", _("social enterprises (PS)")
    NGOS = "ngos", _("non-governmental organisations")
    LOCAL_GOVERNMENTS = "local_governments", _("local governments (JST)")
    SUPPORT_CENTRES = "support_centres", _("support centres (OWES)")
    BUSINESSES = "businesses", _("businesses")
    RESIDENTS = "residents", _("residents")


class OrganisationType(models.TextChoices):
    """What kind of organisation a participant comes from (asked on the registration form)."""

    ENTITY = "entity", _("social economy entity (PES)")
    LOCAL_GOVERNMENT = "local_government", _("local government (JST)")
    SUPPORT_CENTRE = "support_centre", _("support centre (OWES)")
    PUBLIC_INSTITUTION = "public_institution", _("other public institution")
    BUSINESS = "business", _("business")
    OTHER = "other", _("other organisation")
    NONE = "none", _("none: I come as a private person")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")


# Statuses that hold (or wait for) a seat: the person still means to come.
ACTIVE_STATUSES = frozenset(
    {RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED}
)

# The registration's state machine: which status may follow which. None is a new
# registration. Each move is made by one service in services.py; any other is refused.
REGISTRATION_WORKFLOW = Workflow(
    RegistrationStatus,
    Transition("register", {None}, RegistrationStatus.PENDING),
    Transition(
        "confirm",
        {None, RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED},
        RegistrationStatus.CONFIRMED,
    ),
    Transition("waitlist", {None, RegistrationStatus.PENDING}, RegistrationStatus.WAITLISTED),
    Transition("reject", {RegistrationStatus.PENDING}, RegistrationStatus.REJECTED),
    Transition(
        "cancel",
        {RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED},
        RegistrationStatus.CANCELLED,
    ),
    message=_("A registration that is “%(current)s” cannot become “%(new)s”."),
)
