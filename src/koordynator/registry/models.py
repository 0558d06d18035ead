"""The registry of social economy entities (PES)."""

from __future__ import annotations

import csv
import functools
from importlib import resources

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordynator.core.models import TimeStampedModel

from .enums import (
    REINTEGRATION_KINDS,
    EntityKind,
    FounderType,
    ImportStatus,
    LifecycleStatus,
    LocationSource,
    ProposalStatus,
)


class Sector(models.Model):
    """A PKD 2007 division (two digits), the level at which the registry groups activity."""

    code = models.CharField(_("PKD division"), max_length=2, primary_key=True)
    section = models.CharField(_("PKD section"), max_length=1)
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        verbose_name = _("sector (PKD division)")
        verbose_name_plural = _("sectors (PKD divisions)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language: PKD's Polish one, or NACE Rev. 2's English
        one (PKD 2007 divisions are NACE's)."""
        if translation.get_language() == "en":
            return english_sector_names().get(self.code, self.name)
        return self.name


@functools.cache
def english_sector_names() -> dict[str, str]:
    source = resources.files("koordynator.registry") / "data" / "pkd2007_divisions_en.csv"
    with source.open(encoding="utf-8") as rows:
        return {row["code"]: row["name"] for row in csv.DictReader(rows)}


class SearchTerm(models.Model):
    """Every word the search index holds: what a mistyped word is corrected to."""

    term = models.CharField(max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self) -> str:
        return self.term


class OfferTag(models.Model):
    """A product or service offered, as a short tag ("catering", "sprzątanie")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("offer tag")
        verbose_name_plural = _("offer tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


_KINDS = frozenset(EntityKind.values)


class Entity(TimeStampedModel):
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EntityKind.choices)
    founder_type = models.CharField(
        _("founders"),
        max_length=20,
        choices=FounderType.choices,
        blank=True,
        help_text=_("Social cooperatives only."),
    )
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    offer = models.TextField(_("products and services offered"), blank=True)
    offer_tags = models.ManyToManyField(
        OfferTag, verbose_name=_("offer tags"), blank=True, related_name="entities"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors (PKD)"), blank=True, related_name="entities"
    )
    main_pkd = models.CharField(
        _("main PKD code"), max_length=7, blank=True, help_text=_("For example 88.99.Z.")
    )

    nip = models.CharField(_("NIP"), max_length=10, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)
    krs = models.CharField(_("KRS"), max_length=10, blank=True)

    address = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    gmina = models.ForeignKey(
        "territory.TerritorialUnit",
        verbose_name=_("gmina"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(
        _("location source"), max_length=10, choices=LocationSource.choices, blank=True
    )

    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="registry/logos/", blank=True)

    has_paid_activity = models.BooleanField(
        _("conducts paid public-benefit activity"), default=False
    )
    has_economic_activity = models.BooleanField(_("conducts economic activity"), default=False)
    employees_total = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    employees_at_risk = models.PositiveIntegerField(
        _("of them at risk of social exclusion"), null=True, blank=True
    )
    employees_disabled = models.PositiveIntegerField(
        _("of them people with disabilities"), null=True, blank=True
    )
    reintegration_participants = models.PositiveIntegerField(
        _("reintegration participants"), null=True, blank=True
    )
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)

    is_social_enterprise = models.BooleanField(
        _("social enterprise"),
        default=False,
        editable=False,
        help_text=_("Kept by the social enterprise status history."),
    )
    support_centre = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("support centre (OWES)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_entities",
        limit_choices_to={"kind": "support_centre"},
    )
    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entity",
        help_text=_("The organisation whose representatives may propose changes."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LifecycleStatus.choices, default=LifecycleStatus.ACTIVE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    # Search terms (registry/search.py): of the name and kind, and of everything else.
    search_name = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    history = HistoricalRecords(excluded_fields=["search_name", "search_text", "updated_at"])

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="registry_entity_unique_nip",
                violation_error_message=_("An entity with this NIP is already in the registry."),
            ),
            models.UniqueConstraint(
                fields=["regon"],
                condition=~Q(regon=""),
                name="registry_entity_unique_regon",
                violation_error_message=_("An entity with this REGON is already in the registry."),
            ),
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs=""),
                name="registry_entity_unique_krs",
                violation_error_message=_("An entity with this KRS is already in the registry."),
            ),
            models.CheckConstraint(
                condition=Q(employees_at_risk__isnull=True)
                | Q(employees_total__isnull=True)
                | Q(employees_at_risk__lte=models.F("employees_total")),
                name="registry_entity_at_risk_within_total",
                violation_error_message=_(
                    "Employees at risk of exclusion cannot exceed all employees."
                ),
            ),
            models.CheckConstraint(
                condition=Q(employees_disabled__isnull=True)
                | Q(employees_total__isnull=True)
                | Q(employees_disabled__lte=models.F("employees_total")),
                name="registry_entity_disabled_within_total",
                violation_error_message=_(
                    "Employees with disabilities cannot exceed all employees."
                ),
            ),
            models.CheckConstraint(
                condition=Q(founder_type="") | Q(kind=EntityKind.SOCIAL_COOPERATIVE),
                name="registry_entity_founders_only_for_cooperatives",
                violation_error_message=_("Founders are recorded only for social cooperatives."),
            ),
        ]
        indexes = [
            # Lists are ordered by name: walking this index avoids sorting 100,000 rows.
            models.Index(fields=["name", "id"]),
            models.Index(fields=["kind", "name", "id"]),  # a kind's list, by name
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["region", "status", "is_public"]),
            models.Index(fields=["gmina"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reintegration_entity(self) -> bool:
        return self.kind in REINTEGRATION_KINDS

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        """The kind's label. Django's own rebuilds the choices on every call, translating
        each label to find one; a list of fifty entities paid for 650 translations."""
        if self.kind in _KINDS:
            return str(EntityKind(self.kind).label)
        return self.kind


class SocialEnterpriseStatus(models.Model):
    """A voivode's decision granting social enterprise status, and when it was lost."""

    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="social_enterprise_statuses",
    )
    decision_number = models.CharField(_("decision number"), max_length=100)
    granted_on = models.DateField(_("granted on"))
    lost_on = models.DateField(_("lost on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("social enterprise status")
        verbose_name_plural = _("social enterprise statuses")
        ordering = ["-granted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lost_on__isnull=True) | Q(lost_on__gte=models.F("granted_on")),
                name="registry_status_lost_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.granted_on})"


class ChangeProposal(models.Model):
    """Changes to an entity's public profile proposed by its representative."""

    region_through = "entity"  # its region is this record's (accounts.rules.region_id_of)

    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    changes = models.JSONField(_("proposed values"))
    previous = models.JSONField(_("values when proposed"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.entity}: {self.get_status_display()}"


class ImportBatch(models.Model):
    """A spreadsheet being imported: checked whole before anything is written."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="registry/imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
