from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("national administrator")
    REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator (ROPS)")
    SUPPORT_CENTRE_STAFF = "support_centre_staff", _("support centre staff (OWES)")
    ENTITY_REPRESENTATIVE = "entity_representative", _("entity representative (PES)")
    LOCAL_GOVERNMENT_OFFICER = "local_government_officer", _("local government officer (JST)")
    COMMITTEE_MEMBER = "committee_member", _("committee member (RKRES)")
    REVIEWER = "reviewer", _("certification reviewer")


# Roles that work in the staff area on a region's records; they may be asked for TOTP.
STAFF_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.SUPPORT_CENTRE_STAFF})


class OrganisationKind(models.TextChoices):
    REGIONAL_CENTRE = "regional_centre", _("regional social policy centre (ROPS)")
    SUPPORT_CENTRE = "support_centre", _("social economy support centre (OWES)")
    ENTITY = "entity", _("social economy entity (PES)")
    LOCAL_GOVERNMENT = "local_government", _("local government (JST)")
    MINISTRY = "ministry", _("ministry or national body")
    OTHER = "other", _("other organisation")
