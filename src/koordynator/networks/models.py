"""Cooperation networks of a region (the network of support centres, thematic groups of
reintegration entities, a cooperation platform), their members, meetings and shared
documents; and the registry of cross-sector cooperation agreements (partnerships)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordynator.core.models import TimeStampedModel

from .enums import (
    NAMED_KINDS,
    NAMED_PARTY_KINDS,
    MemberKind,
    MemberStatus,
    NetworkKind,
    PartnershipStatus,
    PartyKind,
)

# Uploaded files get random names (services.py): a file name can say more than its
# author meant to share. They are served only by views that check permission.
DOCUMENT_DIRECTORY = "networks/documents/"
AGREEMENT_DIRECTORY = "networks/agreements/"


def _named_or_linked(kinds: frozenset[str], links: dict[str, str]) -> Q:
    """The condition that a row of a given kind has exactly its own foreign key set, or
    (for the named kinds) a name and no foreign key."""
    no_link = Q(**{f"{field}__isnull": True for field in links.values()})
    condition = Q(kind__in=sorted(str(kind) for kind in kinds)) & ~Q(name="") & no_link
    for kind, field in links.items():
        others = {f"{other}__isnull": True for other in links.values() if other != field}
        condition |= Q(kind=str(kind), **{f"{field}__isnull": False}, **others)
    return condition


class Network(TimeStampedModel):
    """A cooperation network or thematic group of one region."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    # The name folded (core.text.fold), so that "Sieć OWES" and "SIEĆ owes" are one name
    # on every database (SQLite's lower() knows only ASCII letters).
    name_key = models.CharField(max_length=200, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=NetworkKind.choices)
    purpose = models.TextField(_("purpose"))
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinating person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coordinator_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coordinating organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cooperation network")
        verbose_name_plural = _("cooperation networks")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name_key"],
                name="networks_network_unique_name_in_region",
                violation_error_message=_("This region already has a network of this name."),
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="networks_network_ends_after_start",
                violation_error_message=_("The network cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def coordinator_label(self) -> str:
        """Who coordinates the network: the organisation and the person, or else the
        regional centre."""
        names = [
            self.coordinator_organisation.name if self.coordinator_organisation else "",
            self.coordinator.get_full_name() if self.coordinator else "",
        ]
        return ", ".join(name for name in names if name) or self.region.coordinator_name


class NetworkMember(TimeStampedModel):
    """One period of membership of an organisation in a network. Leaving closes it; who
    joins again starts a new one, so the history stays."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("kind of member"), max_length=20, choices=MemberKind.choices)
    entity = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("social economy entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    local_government = models.ForeignKey(
        "municipalities.LocalGovernment",
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        blank=True,
        help_text=_("For a business, a university or another organisation."),
    )
    name_key = models.CharField(max_length=300, blank=True, editable=False)
    nip = models.CharField(_("NIP"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_named_or_linked(
                    NAMED_KINDS,
                    {
                        MemberKind.ENTITY: "entity",
                        MemberKind.ORGANISATION: "organisation",
                        MemberKind.LOCAL_GOVERNMENT: "local_government",
                    },
                ),
                name="networks_member_kind_matches_link",
                violation_error_message=_(
                    "A member is an entity, an organisation or a local government of the "
                    "platform, or a named outside organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="networks_member_leaves_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
            models.UniqueConstraint(
                fields=["network", "entity"],
                condition=Q(left_on__isnull=True, entity__isnull=False),
                name="networks_member_entity_once_active",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(left_on__isnull=True, organisation__isnull=False),
                name="networks_member_organisation_once_active",
            ),
            models.UniqueConstraint(
                fields=["network", "local_government"],
                condition=Q(left_on__isnull=True, local_government__isnull=False),
                name="networks_member_local_government_once_active",
            ),
            models.UniqueConstraint(
                fields=["network", "name_key"],
                condition=Q(left_on__isnull=True) & ~Q(name_key=""),
                name="networks_member_named_once_active",
            ),
        ]
        indexes = [models.Index(fields=["network", "left_on"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.entity_id is not None:
            return self.entity.name  # type: ignore[union-attr]
        if self.organisation_id is not None:
            return self.organisation.name  # type: ignore[union-attr]
        if self.local_government_id is not None:
            return str(self.local_government)
        return self.name

    @property
    def kind_label(self) -> str:
        """What the member is: an entity's own kind (e.g. CIS), else the kind of member."""
        if self.entity_id is not None:
            return str(self.entity.get_kind_display())  # type: ignore[union-attr]
        return str(self.get_kind_display())

    @property
    def status(self) -> str:
        return MemberStatus.ACTIVE if self.left_on is None else MemberStatus.LEFT

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class NetworkMeeting(models.Model):
    """An event of the events context held as a meeting of the network."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="meetings"
    )
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["network", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "event"],
                name="networks_meeting_event_once",
                violation_error_message=_("This event is already a meeting of the network."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


class NetworkDocument(models.Model):
    """A document shared with a network's members (minutes, presentations, rules)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=DOCUMENT_DIRECTORY, max_length=200)
    original_name = models.CharField(max_length=255, editable=False)
    meeting = models.ForeignKey(
        NetworkMeeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].upper() if self.file.name else ""


class Partnership(TimeStampedModel):
    """A cooperation agreement of social economy entities with business, science, local
    governments or other organisations. Its status follows from its dates."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    subject = models.TextField(_("subject of the agreement"), blank=True)
    signed_on = models.DateField(_("signed"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: for an indefinite period.")
    )
    document = models.FileField(
        _("agreement document"), upload_to=AGREEMENT_DIRECTORY, blank=True, max_length=200
    )
    document_name = models.CharField(max_length=255, blank=True, editable=False)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="networks_partnership_ends_after_start",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["region", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: date | None = None) -> str:
        day = day or timezone.localdate()
        if day < self.starts_on:
            return PartnershipStatus.NOT_STARTED
        if self.ends_on is not None and self.ends_on < day:
            return PartnershipStatus.ENDED
        return PartnershipStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return str(PartnershipStatus(self.status).label)


class PartnershipParty(models.Model):
    """A party to an agreement: an entity or a local government of the platform, or a
    business, university or other organisation by name."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="parties"
    )
    kind = models.CharField(_("kind of party"), max_length=20, choices=PartyKind.choices)
    entity = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("social economy entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    local_government = models.ForeignKey(
        "municipalities.LocalGovernment",
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        ordering = ["partnership", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_named_or_linked(
                    NAMED_PARTY_KINDS,
                    {
                        PartyKind.ENTITY: "entity",
                        PartyKind.LOCAL_GOVERNMENT: "local_government",
                    },
                ),
                name="networks_party_kind_matches_link",
                violation_error_message=_(
                    "A party is an entity or a local government of the platform, or a named "
                    "outside organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["partnership", "entity"],
                condition=Q(entity__isnull=False),
                name="networks_party_entity_once",
            ),
            models.UniqueConstraint(
                fields=["partnership", "local_government"],
                condition=Q(local_government__isnull=False),
                name="networks_party_local_government_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.entity_id is not None:
            return self.entity.name  # type: ignore[union-attr]
        if self.local_government_id is not None:
            return str(self.local_government)
        return self.name
