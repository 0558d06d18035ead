"""The "Zakup Prospołeczny" mark: calls, applications with their products and services,
reviews with scores, and the licences a granted application issues."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koordynator.core.models import TimeStampedModel

from .enums import ApplicationStatus, Category, LicenceStatus, OfferKind, RenewalStatus

EXPIRING_DAYS = 30  # a licence is "expiring" in its last 30 days
UPLOADS = "certification/"


class Call(TimeStampedModel):
    """A call for applications (nabór): when it is open, how applications are scored and
    by whom."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    rules_document = models.FileField(
        _("rules"), upload_to=UPLOADS + "rules/", blank=True, max_length=200
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    pass_threshold = models.DecimalField(
        # xgettext:no-python-format
        _("pass threshold (% of the maximum)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    scoring_deadline = models.DateField(_("scoring deadline"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("board (reviewers)"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="certification_call_closes_after_opening",
                violation_error_message=_("A call must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1)]
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gte=1) & Q(weight__gt=0),
                name="certification_criterion_points_and_weight_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    """An entity's application for the mark for one or more products or services."""

    region_through = "call"  # its region is this record's (accounts.rules.region_id_of)

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    entity = models.ForeignKey(
        "registry.Entity", verbose_name=_("entity"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Eligibility: what the entity declares, with the evidence among its documents.
    declares_legal_form = models.BooleanField(
        _("its legal form is that of a social economy entity"), default=False
    )
    declares_social_goals = models.BooleanField(_("it pursues social goals"), default=False)
    declares_six_months = models.BooleanField(
        _("it has operated for at least 6 months"), default=False
    )
    declares_own_revenue = models.BooleanField(
        # xgettext:no-python-format
        _("at least 30% of its revenue last year was its own"),
        default=False,
    )
    evidence = models.FileField(
        _("evidence of eligibility"), upload_to=UPLOADS + "evidence/", blank=True, max_length=200
    )
    correction_request = models.TextField(_("what to correct"), blank=True)
    correction_deadline = models.DateField(_("correct by"), null=True, blank=True)
    score = models.DecimalField(
        # xgettext:no-python-format
        _("score (% of the maximum)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.entity} ({self.call})"


class Item(models.Model):
    """A product or service an application asks the mark for."""

    region_through = "application"  # its region is this record's (accounts.rules.region_id_of)

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("product or service"), max_length=10, choices=OfferKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"))
    price_range = models.CharField(_("price range"), max_length=100, blank=True)
    where_to_buy = models.CharField(_("where to buy"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to=UPLOADS + "photos/", blank=True, max_length=200)

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    """A letter of recommendation, or a referee named to be asked."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    referee_name = models.CharField(_("referee"), max_length=200)
    referee_organisation = models.CharField(_("referee's organisation"), max_length=250, blank=True)
    referee_contact = models.CharField(_("referee's e-mail or phone"), max_length=200, blank=True)
    letter = models.FileField(
        _("letter"), upload_to=UPLOADS + "recommendations/", blank=True, max_length=200
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return self.referee_name


class Review(TimeStampedModel):
    """One reviewer's scoring of one application, begun by declaring no conflict of
    interest."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    declared_no_conflict_at = models.DateTimeField(_("declared no conflict of interest"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(
        # xgettext:no-python-format
        _("score (% of the maximum)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="certification_review_one_per_reviewer",
                violation_error_message=_("You have already begun reviewing this application."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))
    justification = models.TextField(_("justification"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="certification_score_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class Licence(TimeStampedModel):
    """The right to use the mark for one product or service, one year at a time."""

    region_through = "item"  # its region is this record's (accounts.rules.region_id_of)

    item = models.OneToOneField(
        Item, verbose_name=_("product or service"), on_delete=models.PROTECT, related_name="licence"
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), help_text=_("The last day it is valid."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["-valid_from", "number"]
        indexes = [models.Index(fields=["valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="certification_licence_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: datetime.date) -> LicenceStatus:
        """The licence's state on `day`: computed from its dates, so it lapses without
        anyone pressing a button."""
        if self.revoked_at is not None:
            return LicenceStatus.REVOKED
        if day > self.valid_until:
            return LicenceStatus.EXPIRED
        if (self.valid_until - day).days < EXPIRING_DAYS:
            return LicenceStatus.EXPIRING
        return LicenceStatus.ACTIVE


class Renewal(TimeStampedModel):
    """A simplified application to extend a licence by a year."""

    region_through = "licence"  # its region is this record's (accounts.rules.region_id_of)

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="renewals"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RenewalStatus.choices, default=RenewalStatus.SUBMITTED
    )
    nothing_changed = models.BooleanField(_("nothing material has changed"), default=False)
    changes = models.TextField(_("what has changed"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence"],
                condition=Q(status=RenewalStatus.SUBMITTED),
                name="certification_one_open_renewal_per_licence",
                violation_error_message=_("A renewal of this licence is already waiting."),
            ),
        ]


class ExpiryReminder(models.Model):
    """That the holder was reminded `days_before` the licence's end (sent once each)."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="reminders")
    valid_until = models.DateField()  # the end the reminder was about; a renewal moves it
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "valid_until", "days_before"],
                name="certification_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence}: {self.days_before}"
