from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class LocalGovernmentKind(models.TextChoices):
    """What kind of local government (JST) a unit is. A city with powiat rights is one
    local government, though TERYT lists it both as a powiat and as an urban gmina."""

    URBAN_GMINA = "urban_gmina", _("urban gmina")
    URBAN_RURAL_GMINA = "urban_rural_gmina", _("urban-rural gmina")
    RURAL_GMINA = "rural_gmina", _("rural gmina")
    CITY_WITH_POWIAT_RIGHTS = "city_with_powiat_rights", _("city with powiat rights")
    POWIAT = "powiat", _("powiat")
    VOIVODESHIP = "voivodeship", _("voivodeship")


GMINA_KINDS = frozenset(
    {
        LocalGovernmentKind.URBAN_GMINA,
        LocalGovernmentKind.URBAN_RURAL_GMINA,
        LocalGovernmentKind.RURAL_GMINA,
        LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
    }
)


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


# Which status a survey may move to; None is a new survey.
SURVEY_WORKFLOW = Workflow(
    SurveyStatus,
    Transition("open", {None}, SurveyStatus.OPEN),
    Transition("close", {SurveyStatus.OPEN}, SurveyStatus.CLOSED),
    Transition("reopen", {SurveyStatus.CLOSED}, SurveyStatus.OPEN),
)


class EntryMethod(models.TextChoices):
    ONLINE = "online", _("online, by the local government")
    PAPER = "paper", _("from a paper answer, by staff")
    IMPORT = "import", _("imported from a spreadsheet")
    API = "api", _("through the API")


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", _("being drafted")
    CONSULTATION = "consultation", _("in consultation")
    ADOPTED = "adopted", _("adopted")
    EXPIRED = "expired", _("expired")


# The local plan's state machine: which status may follow which; None is a new plan.
# Each move is made by services.plan_transition; any other is refused.
PLAN_WORKFLOW = Workflow(
    PlanStatus,
    Transition("create", {None}, PlanStatus.DRAFTING),
    Transition("consult", {PlanStatus.DRAFTING}, PlanStatus.CONSULTATION),
    Transition("redraft", {PlanStatus.CONSULTATION}, PlanStatus.DRAFTING),
    Transition("adopt", {PlanStatus.DRAFTING, PlanStatus.CONSULTATION}, PlanStatus.ADOPTED),
    Transition("expire", {PlanStatus.ADOPTED}, PlanStatus.EXPIRED),
)
