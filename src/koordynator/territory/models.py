"""Poland's administrative division (TERYT) and the regions a deployment serves."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import GminaType, LocationSource, UnitLevel


class TerritorialUnit(models.Model):
    """A voivodeship, powiat or gmina, identified by its TERYT code.

    Codes: voivodeship ``06``, powiat ``0607``, gmina ``0607011`` (the last digit is the
    gmina type). Units that leave the register are kept, inactive, so old records still
    point at them.
    """

    code = models.CharField(_("TERYT code"), max_length=7, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices)
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    gmina_type = models.PositiveSmallIntegerField(
        _("gmina type"), choices=GminaType.choices, null=True, blank=True
    )
    is_city_with_powiat_rights = models.BooleanField(_("city with powiat rights"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(
        _("location source"),
        max_length=12,
        choices=LocationSource.choices,
        default=LocationSource.NONE,
        blank=True,
    )
    is_active = models.BooleanField(_("in the current register"), default=True)

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level=UnitLevel.VOIVODESHIP, parent__isnull=True)
                    | models.Q(level=UnitLevel.POWIAT, parent__isnull=False)
                    | models.Q(level=UnitLevel.GMINA, parent__isnull=False)
                ),
                name="territory_unit_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.level == UnitLevel.VOIVODESHIP:
            return f"woj. {self.name}"
        if self.level == UnitLevel.POWIAT and not self.is_city_with_powiat_rights:
            return f"pow. {self.name}"
        if self.level == UnitLevel.GMINA:
            return f"{self.name} ({self.get_gmina_type_display()})"
        return self.name

    @property
    def voivodeship_code(self) -> str:
        return self.code[:2]

    @property
    def powiat_code(self) -> str | None:
        return self.code[:4] if self.level != UnitLevel.VOIVODESHIP else None


class Place(models.Model):
    """A locality from the GeoNames gazetteer, used to put addresses on the map offline."""

    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"), default=0)
    powiat = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("powiat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    voivodeship_code = models.CharField(_("voivodeship"), max_length=2, db_index=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["-population"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A voivodeship served by this deployment: the unit of tenancy.

    Every regional record belongs to one region; regional staff see only their region's.
    """

    voivodeship = models.OneToOneField(
        TerritorialUnit,
        verbose_name=_("voivodeship"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": UnitLevel.VOIVODESHIP},
        related_name="region",
    )
    slug = models.SlugField(_("slug"), unique=True)
    coordinator_name = models.CharField(
        _("regional coordinator"),
        max_length=200,
        help_text=_("The regional social policy centre, e.g. ROPS w Lublinie."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["voivodeship__code"]

    def __str__(self) -> str:
        return self.voivodeship.name

    @property
    def code(self) -> str:
        return self.voivodeship.code
