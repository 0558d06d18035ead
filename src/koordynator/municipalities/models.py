"""Local governments (JST) of a region, the yearly survey of their social clauses and
commissioned public tasks, expert support given to them, and local plans for the
development of the social economy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordynator.core.models import TimeStampedModel

from .enums import EntryMethod, LocalGovernmentKind, PlanStatus, SurveyStatus

# Uploaded plan documents get random names (services.py): a file name can say more than
# its author meant to publish.
PLAN_DIRECTORY = "municipalities/plans/"


def _money(label: Any) -> models.DecimalField[Decimal, Decimal]:
    """An amount in PLN, never negative."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )


class LocalGovernment(TimeStampedModel):
    """A gmina, a powiat or the voivodeship itself, as a local government with a contact.

    Created from the territory by `services.local_governments_sync`; `powiat` is the powiat
    it lies in (itself for a powiat; a city with powiat rights has its own), so indicators
    can be grouped by powiat in the database.
    """

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.OneToOneField(
        "territory.TerritorialUnit",
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        related_name="local_government",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LocalGovernmentKind.choices)
    powiat = models.ForeignKey(
        "territory.TerritorialUnit",
        verbose_name=_("powiat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("in the current register"), default=True)

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["unit__code"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def code(self) -> str:
        return self.unit.code


class Survey(TimeStampedModel):
    """The yearly survey of one region: every local government answers it once."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year surveyed"), validators=[MinValueValidator(2000)]
    )
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="municipalities_survey_one_per_year",
                violation_error_message=_("This region already has a survey for this year."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="municipalities_survey_closes_after_opening",
                violation_error_message=_("The survey cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Survey for %(year)s") % {"year": self.year})

    @property
    def is_past_closing(self) -> bool:
        return timezone.localdate() > self.closes_on

    @property
    def is_open(self) -> bool:
        """Open for answers: not closed by staff and not past its closing date. A survey
        closes by itself at the end of its closing day, without a job that must run."""
        return self.status == SurveyStatus.OPEN and not self.is_past_closing

    @property
    def current_status(self) -> SurveyStatus:
        return SurveyStatus.OPEN if self.is_open else SurveyStatus.CLOSED

    def get_current_status_display(self) -> str:
        return str(self.current_status.label)


class SurveyAnswer(TimeStampedModel):
    """One local government's answer to a survey: contracts with social clauses in the
    year (a contract with several kinds of clause counts under each kind, once in the
    total), those won by social economy entities, and public tasks commissioned to them."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="answers"
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("local government"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    clause_contracts_count = models.PositiveIntegerField(
        _("contracts with social clauses"), default=0
    )
    clause_contracts_value = _money(_("their value (PLN)"))
    reserved_count = models.PositiveIntegerField(_("reserved contracts (art. 94)"), default=0)
    reserved_value = _money(_("value of reserved contracts (PLN)"))
    employment_count = models.PositiveIntegerField(_("employment condition (art. 96)"), default=0)
    employment_value = _money(_("value of contracts with an employment condition (PLN)"))
    award_criteria_count = models.PositiveIntegerField(_("social award criteria"), default=0)
    award_criteria_value = _money(_("value of contracts with social award criteria (PLN)"))
    other_clause_count = models.PositiveIntegerField(_("other social clauses"), default=0)
    other_clause_value = _money(_("value of contracts with other social clauses (PLN)"))
    entity_contracts_count = models.PositiveIntegerField(
        _("of them won by social economy entities"), default=0
    )
    entity_contracts_value = _money(_("value won by social economy entities (PLN)"))
    entities = models.ManyToManyField(
        "registry.Entity",
        verbose_name=_("social economy entities that won them"),
        blank=True,
        related_name="+",
    )
    open_call_tasks_count = models.PositiveIntegerField(
        _("tasks commissioned in open calls"), default=0
    )
    open_call_tasks_value = _money(_("value of open-call tasks (PLN)"))
    small_grant_tasks_count = models.PositiveIntegerField(_("small grants (art. 19a)"), default=0)
    small_grant_tasks_value = _money(_("value of small grants (PLN)"))
    remarks = models.TextField(_("remarks"), blank=True)
    entry_method = models.CharField(_("entered"), max_length=10, choices=EntryMethod.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey", "local_government__unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "local_government"],
                name="municipalities_answer_one_per_local_government",
                violation_error_message=_("This local government has already answered."),
            ),
            models.CheckConstraint(
                condition=Q(entity_contracts_count__lte=models.F("clause_contracts_count")),
                name="municipalities_answer_entity_contracts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government}: {self.survey.year}"

    @property
    def uses_social_clauses(self) -> bool:
        return self.clause_contracts_count > 0

    @property
    def commissioned_tasks_count(self) -> int:
        return self.open_call_tasks_count + self.small_grant_tasks_count


class ExpertSupport(TimeStampedModel):
    """An expert's engagement with one local government (e.g. help to write a local plan
    or to use social clauses); counted per year by the year it started."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("local government"),
        on_delete=models.PROTECT,
        related_name="expert_support",
    )
    topic = models.CharField(_("topic"), max_length=200)
    expert_name = models.CharField(_("expert"), max_length=150)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("expert support")
        verbose_name_plural = _("expert support")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="municipalities_support_ends_after_start",
                violation_error_message=_("The support cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="municipalities_support_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government}: {self.topic}"


class ExpertSupportTarget(models.Model):
    """How many local governments the project means to support in a year (e.g. 16)."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveSmallIntegerField(_("local governments to support"))

    class Meta:
        verbose_name = _("expert support target")
        verbose_name_plural = _("expert support targets")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="municipalities_support_target_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class LocalPlan(TimeStampedModel):
    """A local plan for the development of the social economy: for a gmina, a powiat or
    several gminas; drafted (often in workshops), consulted, adopted by a resolution, and
    in force for its period."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("The local government that adopts it; for several gminas, the leading one."),
    )
    area = models.ManyToManyField(
        "territory.TerritorialUnit",
        verbose_name=_("area covered"),
        related_name="+",
        help_text=_("A gmina, a powiat or several gminas."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFTING
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    period_from = models.PositiveSmallIntegerField(_("in force from (year)"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("in force until (year)"), null=True, blank=True)
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    resolution_date = models.DateField(_("resolution date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    diagnosis = models.FileField(
        _("diagnosis"), upload_to=PLAN_DIRECTORY, blank=True, max_length=200
    )
    diagnosis_name = models.CharField(max_length=255, blank=True, editable=False)
    document = models.FileField(
        _("plan document"), upload_to=PLAN_DIRECTORY, blank=True, max_length=200
    )
    document_name = models.CharField(max_length=255, blank=True, editable=False)
    workshops = models.ManyToManyField(
        "events.Event", verbose_name=_("workshops"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("local plan")
        verbose_name_plural = _("local plans")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_to__gte=models.F("period_from")),
                name="municipalities_plan_period_in_order",
                violation_error_message=_("The plan cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.ADOPTED, PlanStatus.EXPIRED])
                | (~Q(resolution_number="") & Q(resolution_date__isnull=False)),
                name="municipalities_plan_adopted_has_resolution",
                violation_error_message=_("An adopted plan needs its resolution."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
