"""Support centres (OWES): accreditation, subregion, founding groups, support given,
investment grants with the jobs they fund, and the limits the ROPS sets for grants.

A support centre is an `accounts.Organisation` of kind support_centre; every record here
belongs to one (`centre`), and its region is the centre's (`region_through`). Nothing
names the person a funded job is for: only the group they belong to.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koordynator.core.models import TimeStampedModel

from .enums import (
    DEFAULT_DURABILITY_MONTHS,
    DEFAULT_MAX_AMOUNT_PER_JOB,
    DEFAULT_MAX_BRIDGING_MONTHS,
    DEFAULT_MAX_JOBS,
    AccreditationStatus,
    JobholderGroup,
    SupportKind,
)

CENTRE_CHOICES = {"kind": "support_centre"}


def _centre(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("support centre (OWES)"),
        on_delete=models.PROTECT,
        limit_choices_to=CENTRE_CHOICES,
        related_name=related_name,
    )


class Accreditation(TimeStampedModel):
    region_through = "centre"

    centre = _centre("accreditations")
    decision_number = models.CharField(_("decision number"), max_length=100)
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
    )

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["centre", "-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("granted_on")),
                name="support_accreditation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre}: {self.decision_number}"


class AccreditationReminder(models.Model):
    """That the ROPS and the centre were reminded `days_before` the end (sent once each)."""

    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="reminders"
    )
    valid_until = models.DateField()  # the end the reminder was about
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "valid_until", "days_before"],
                name="support_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.accreditation}: {self.days_before}"


class SubregionPowiat(TimeStampedModel):
    """A powiat a centre serves from `valid_from` to `valid_to` (open: still)."""

    region_through = "centre"

    centre = _centre("subregion")
    powiat = models.ForeignKey(
        "territory.TerritorialUnit",
        verbose_name=_("powiat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("served from"))
    valid_to = models.DateField(_("served until"), null=True, blank=True)

    class Meta:
        verbose_name = _("powiat of a subregion")
        verbose_name_plural = _("powiats of subregions")
        ordering = ["centre", "powiat__code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="support_subregion_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre}: {self.powiat}"


class FoundingGroup(TimeStampedModel):
    """People who intend to found a social cooperative; `entity` once it is registered."""

    region_through = "centre"

    centre = _centre("founding_groups")
    name = models.CharField(_("name"), max_length=250)
    people_count = models.PositiveIntegerField(_("people"))
    powiat = models.ForeignKey(
        "territory.TerritorialUnit",
        verbose_name=_("powiat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entity = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("registered entity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founding_groups",
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("founding group")
        verbose_name_plural = _("founding groups")
        ordering = ["centre", "name"]

    def __str__(self) -> str:
        return self.name


class SupportRecord(TimeStampedModel):
    """Support given on one day: to one or many entities (a training) or a founding group."""

    region_through = "centre"

    centre = _centre("support_records")
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    given_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    people = models.PositiveIntegerField(_("people"))
    topic = models.CharField(_("topic"), max_length=250)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entities = models.ManyToManyField(
        "registry.Entity", verbose_name=_("entities"), blank=True, related_name="support_records"
    )
    founding_group = models.ForeignKey(
        FoundingGroup,
        verbose_name=_("founding group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_records",
    )

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["centre", "given_on"])]

    def __str__(self) -> str:
        return f"{self.given_on}: {self.topic}"


class GrantLimit(TimeStampedModel):
    """The limits of investment grants the ROPS sets for a region's year."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    max_jobs = models.PositiveSmallIntegerField(
        _("jobs per agreement at most"), default=DEFAULT_MAX_JOBS
    )
    max_amount_per_job = models.DecimalField(
        _("amount per job at most"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(DEFAULT_MAX_AMOUNT_PER_JOB),
    )
    max_bridging_months = models.PositiveSmallIntegerField(
        _("months of bridging support at most"), default=DEFAULT_MAX_BRIDGING_MONTHS
    )

    class Meta:
        verbose_name = _("grant limits")
        verbose_name_plural = _("grant limits")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="support_limit_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class GrantAgreement(TimeStampedModel):
    """An investment grant: an amount per funded job, and bridging support (monthly × months)."""

    region_through = "centre"

    centre = _centre("grant_agreements")
    entity = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        related_name="grant_agreements",
    )
    number = models.CharField(_("agreement number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    amount_per_job = models.DecimalField(_("amount per job"), max_digits=12, decimal_places=2)
    bridging_monthly = models.DecimalField(
        _("bridging support a month"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    bridging_months = models.PositiveSmallIntegerField(_("months of bridging support"), default=0)

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="support_agreement_number"),
        ]
        indexes = [models.Index(fields=["centre", "signed_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def bridging_amount(self) -> Decimal:
        return self.bridging_monthly * self.bridging_months


class FundedJob(TimeStampedModel):
    """A job an agreement funds, followed for its durability period. No one is named."""

    region_through = "agreement"

    agreement = models.ForeignKey(
        GrantAgreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="jobs"
    )
    position = models.CharField(_("position"), max_length=150)
    starts_on = models.DateField(_("start date"))
    fte = models.DecimalField(
        _("fraction of full time"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    group = models.CharField(_("group"), max_length=20, choices=JobholderGroup.choices)
    durability_months = models.PositiveSmallIntegerField(
        _("durability period (months)"), default=DEFAULT_DURABILITY_MONTHS
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_early = models.BooleanField(_("ended before its durability period"), default=False)

    class Meta:
        verbose_name = _("funded job")
        verbose_name_plural = _("funded jobs")
        ordering = ["agreement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="support_job_fraction_of_full_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.position}"
