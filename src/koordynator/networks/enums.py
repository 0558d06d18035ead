from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class NetworkKind(models.TextChoices):
    SUPPORT_CENTRE_NETWORK = "support_centre_network", _("network of support centres (OWES)")
    THEMATIC_GROUP = "thematic_group", _("thematic group")
    COOPERATION_PLATFORM = "cooperation_platform", _("regional cooperation platform")
    PARTNERSHIP_NETWORK = "partnership_network", _("cross-sector partnership network")
    OTHER = "other", _("other network")


class MemberKind(models.TextChoices):
    """Who a network member is: the first three are records of the platform (a foreign
    key), the others are named only."""

    ENTITY = "entity", _("social economy entity (PES)")
    ORGANISATION = "organisation", _("organisation with an account (e.g. OWES)")
    LOCAL_GOVERNMENT = "local_government", _("local government (JST)")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("university or research institution")
    OTHER = "other", _("other organisation")


# Members and parties known only by their name (with an optional NIP and website).
NAMED_KINDS = frozenset({MemberKind.BUSINESS, MemberKind.SCIENCE, MemberKind.OTHER})


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("member")
    LEFT = "left", _("left")


# A membership's life: it begins active and may end once; a member who left joins again
# as a new membership, so the history of every period stays. None is a new membership.
MEMBER_WORKFLOW = Workflow(
    MemberStatus,
    Transition("join", {None}, MemberStatus.ACTIVE),
    Transition("leave", {MemberStatus.ACTIVE}, MemberStatus.LEFT),
    message=_("This membership cannot change that way."),
    field="__all__",
)


class PartyKind(models.TextChoices):
    """A party to a cooperation agreement."""

    ENTITY = "entity", _("social economy entity (PES)")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("university or research institution")
    LOCAL_GOVERNMENT = "local_government", _("local government (JST)")
    OTHER = "other", _("other organisation")


NAMED_PARTY_KINDS = frozenset({PartyKind.BUSINESS, PartyKind.SCIENCE, PartyKind.OTHER})


class PartnershipStatus(models.TextChoices):
    """Derived from the dates of the agreement at the time of reading."""

    NOT_STARTED = "not_started", _("not yet in force")
    ACTIVE = "active", _("in force")
    ENDED = "ended", _("no longer in force")


# Ending an agreement (services.partnership_end) is the one move staff make by hand;
# the other changes of status follow the calendar.
PARTNERSHIP_WORKFLOW = Workflow(
    PartnershipStatus,
    Transition("end", {PartnershipStatus.ACTIVE}, PartnershipStatus.ENDED),
    field="ends_on",
)
