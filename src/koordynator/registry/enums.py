from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class EntityKind(models.TextChoices):
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    CIS = "cis", _("social integration centre (CIS)")
    KIS = "kis", _("social integration club (KIS)")
    ZAZ = "zaz", _("vocational activity establishment (ZAZ)")
    WTZ = "wtz", _("occupational therapy workshop (WTZ)")
    FOUNDATION = "foundation", _("foundation")
    ASSOCIATION = "association", _("association")
    OTHER_NGO = "other_ngo", _("other non-governmental organisation")
    CHURCH_LEGAL_PERSON = "church_legal_person", _("church legal person")
    WORK_COOPERATIVE = "work_cooperative", _("work cooperative")
    DISABLED_PERSONS_COOPERATIVE = (
        "disabled_persons_cooperative",
        _("cooperative of disabled or blind people"),
    )
    AGRICULTURAL_COOPERATIVE = "agricultural_cooperative", _("agricultural production cooperative")
    NON_PROFIT_COMPANY = "non_profit_company", _("non-profit company")


# CIS, KIS, ZAZ and WTZ are reintegration entities (podmioty reintegracyjne).
REINTEGRATION_KINDS = frozenset({EntityKind.CIS, EntityKind.KIS, EntityKind.ZAZ, EntityKind.WTZ})


class FounderType(models.TextChoices):
    NATURAL_PERSONS = "natural_persons", _("founded by natural persons")
    LEGAL_PERSONS = "legal_persons", _("founded by legal persons")


class LifecycleStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    IN_LIQUIDATION = "in_liquidation", _("in liquidation")
    CLOSED = "closed", _("closed")


class LocationSource(models.TextChoices):
    ENTERED = "entered", _("entered by hand")
    PLACE = "place", _("the locality of the address")
    GMINA = "gmina", _("approximate: the gmina")
    POWIAT = "powiat", _("approximate: the powiat")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("uploaded")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked, waiting for confirmation")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


# A person uploads a file, starts the check, confirms the import, goes back to the column
# mapping or cancels; the background job moves a batch it was given to "checking" or
# "importing" (when called on it directly) and from there to its result.
IMPORT_BATCH_WORKFLOW = Workflow(
    ImportStatus,
    Transition("upload", {None}, ImportStatus.UPLOADED),
    Transition("check", {ImportStatus.UPLOADED, ImportStatus.CHECKED}, ImportStatus.CHECKING),
    Transition("checked", {ImportStatus.CHECKING}, ImportStatus.CHECKED),
    Transition("confirm", {ImportStatus.CHECKED}, ImportStatus.IMPORTING),
    Transition("imported", {ImportStatus.IMPORTING}, ImportStatus.IMPORTED),
    Transition("fail", {ImportStatus.CHECKING, ImportStatus.IMPORTING}, ImportStatus.FAILED),
    Transition("remap", {ImportStatus.CHECKED, ImportStatus.FAILED}, ImportStatus.UPLOADED),
    Transition(
        "cancel",
        {ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED},
        ImportStatus.CANCELLED,
    ),
)
