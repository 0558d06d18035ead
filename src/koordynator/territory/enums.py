from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    VOIVODESHIP = "voivodeship", _("voivodeship")
    POWIAT = "powiat", _("powiat")
    GMINA = "gmina", _("gmina")


class GminaType(models.IntegerChoices):
    """The type digit that ends a gmina's TERYT code (RODZ in the TERC register)."""

    URBAN = 1, _("urban gmina")
    RURAL = 2, _("rural gmina")
    URBAN_RURAL = 3, _("urban-rural gmina")


class LocationSource(models.TextChoices):
    """Where a unit's point comes from; the map says how precise a point is."""

    PLACE = "place", _("locality of the same name")
    POWIAT = "powiat", _("approximate: the powiat's main town")
    VOIVODESHIP = "voivodeship", _("approximate: the voivodeship's main town")
    NONE = "", _("no location")
