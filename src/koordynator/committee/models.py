"""The regional committee for the development of the social economy (RKRES): its founding
act and rules, its members with their terms and deputies, its sittings (each one an event
of the events context) with agenda, attendance and minutes, and its resolutions and
opinions with their votes."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordynator.core.models import TimeStampedModel

from .enums import (
    AttendanceStatus,
    EndReason,
    MemberRole,
    MinutesStatus,
    RejectionReason,
    ResolutionKind,
    ResolutionStatus,
    Sector,
    SittingStatus,
    VoteChoice,
)

# Uploaded files get random names (services.py): a file name can say more than its author
# meant to publish.
RULES_DIRECTORY = "committee/rules/"
DOCUMENT_DIRECTORY = "committee/documents/"
ATTACHMENT_DIRECTORY = "committee/attachments/"


class Committee(TimeStampedModel):
    """The committee of one region, appointed by the regional government."""

    region = models.OneToOneField(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250)
    founding_body = models.CharField(
        _("appointed by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted the founding resolution, e.g. the voivodeship board."),
    )
    founding_resolution_number = models.CharField(
        _("number of the founding resolution"), max_length=100, blank=True
    )
    founding_resolution_date = models.DateField(
        _("date of the founding resolution"), null=True, blank=True
    )
    description = models.TextField(_("about the committee"), blank=True)
    rules_document = models.FileField(
        _("rules of procedure"), upload_to=RULES_DIRECTORY, blank=True, max_length=200
    )
    rules_document_name = models.CharField(max_length=255, blank=True, editable=False)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of current members)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "The share of current members who must be present, in person or through a deputy."
        ),
    )
    named_votes = models.BooleanField(
        _("votes by name"),
        default=False,
        help_text=_("The rules say each member's vote is recorded; the counts follow from them."),
    )
    minimum_sittings_per_year = models.PositiveSmallIntegerField(
        _("sittings a year at least"), default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["region__voivodeship__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1) & Q(quorum_percent__lte=100),
                name="committee_quorum_percent_range",
                violation_error_message=_("The quorum is a percentage from 1 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Member(TimeStampedModel):
    """One appointment to the committee, for a term. A member is never deleted: the
    appointment ends (end of term, dismissal, resignation) and stays in the history."""

    region_through = "committee"  # its region is this record's (accounts.rules.region_id_of)

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("first and last name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    sector = models.CharField(_("sector represented"), max_length=30, choices=Sector.choices)
    role = models.CharField(
        _("function"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Invitations go there."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The account with which the member reads the committee's materials."),
    )
    appointment_act = models.CharField(
        _("appointed by (act)"),
        max_length=250,
        blank=True,
        help_text=_("E.g. the number and date of the voivodeship board's resolution."),
    )
    term_starts_on = models.DateField(_("term starts"))
    term_ends_on = models.DateField(_("term ends"))
    deputy_name = models.CharField(_("deputy"), max_length=150, blank=True)
    deputy_organisation = models.CharField(_("deputy's organisation"), max_length=250, blank=True)
    deputy_email = models.EmailField(_("deputy's e-mail"), blank=True)
    ended_on = models.DateField(
        _("membership ended"),
        null=True,
        blank=True,
        help_text=_("The last day of membership."),
    )
    end_reason = models.CharField(
        _("reason for the end"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("note on the end"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__gte=models.F("term_starts_on")),
                name="committee_member_term_in_order",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (
                    Q(ended_on__gte=models.F("term_starts_on"))
                    & Q(ended_on__lte=models.F("term_ends_on"))
                    & ~Q(end_reason="")
                ),
                name="committee_member_end_within_term",
                violation_error_message=_("The membership ends within the term, for a reason."),
            ),
        ]
        indexes = [models.Index(fields=["committee", "term_starts_on", "term_ends_on"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def last_day(self) -> date:
        """The last day of membership: the end, or the end of the term."""
        return self.ended_on or self.term_ends_on

    def is_current_on(self, day: date) -> bool:
        return self.term_starts_on <= day <= self.last_day

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())

    @property
    def has_deputy(self) -> bool:
        return bool(self.deputy_name)


def current_on(day: date, prefix: str = "") -> Q:
    """Members whose membership covers `day` (a filter on Member, or through `prefix`)."""
    return Q(**{f"{prefix}term_starts_on__lte": day, f"{prefix}term_ends_on__gte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class Sitting(TimeStampedModel):
    """A sitting of the committee; its date and venue are those of its event."""

    region_through = "committee"  # its region is this record's (accounts.rules.region_id_of)

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="sittings"
    )
    event = models.OneToOneField(
        "events.Event", verbose_name=_("event"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=12, choices=SittingStatus.choices, default=SittingStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    convened_at = models.DateTimeField(_("convened"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["committee", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="committee_sitting_unique_number",
                violation_error_message=_("The committee already has a sitting of this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="committee_sitting_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """ "XII posiedzenie" (the Roman numeral is how committees number their sittings)."""
        return str(_("%(number)s sitting") % {"number": roman(self.number)})

    @property
    def starts_at(self) -> datetime:
        return self.event.starts_at

    @property
    def day(self) -> date:
        return timezone.localdate(self.event.starts_at)


def roman(number: int) -> str:
    values = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    result = []
    for value, letters in values:
        count, number = divmod(number, value)
        result.append(letters * count)
    return "".join(result)


class AgendaItem(models.Model):
    """One numbered point of a sitting's agenda."""

    region_through = "sitting"  # its region is this record's (accounts.rules.region_id_of)

    sitting = models.ForeignKey(
        Sitting, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["sitting", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaDocument(models.Model):
    """A document for an agenda item (a draft, a report), read by the members before the
    sitting."""

    region_through = "item"  # its region is this record's (accounts.rules.region_id_of)

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=DOCUMENT_DIRECTORY, max_length=200)
    file_name = models.CharField(max_length=255, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a member came to a sitting (or sent their deputy)."""

    region_through = "sitting"  # its region is this record's (accounts.rules.region_id_of)

    sitting = models.ForeignKey(
        Sitting, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=12, choices=AttendanceStatus.choices)
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance at a sitting")
        verbose_name_plural = _("attendance at sittings")
        ordering = ["sitting", "member__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "member"], name="committee_attendance_once_per_sitting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class Minutes(TimeStampedModel):
    """The minutes of a sitting: drafted from its agenda, attendance and votes, edited by
    the secretary, approved; approved minutes never change."""

    region_through = "sitting"  # its region is this record's (accounts.rules.region_id_of)

    sitting = models.OneToOneField(
        Sitting, verbose_name=_("sitting"), on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(_("text of the minutes"))
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MinutesStatus.APPROVED) | Q(approved_at__isnull=False),
                name="committee_minutes_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Minutes of the %(sitting)s") % {"sitting": self.sitting})

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class Resolution(TimeStampedModel):
    """A resolution or an opinion put to the vote at a sitting. Adopted ones get the next
    number of their kind in the committee's year: "3/2026"."""

    region_through = "committee"  # its region is this record's (accounts.rules.region_id_of)

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    sitting = models.ForeignKey(
        Sitting, verbose_name=_("sitting"), on_delete=models.PROTECT, related_name="resolutions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResolutionKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.DRAFT,
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    # The quorum as it stood at the vote, so the result can be explained later.
    members_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("current members"), null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True)
    is_named_vote = models.BooleanField(_("vote by name"), default=False)
    voted_at = models.DateTimeField(_("voted"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("why not adopted"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("resolution or opinion")
        verbose_name_plural = _("resolutions and opinions")
        ordering = ["-year", "kind", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "kind", "number"],
                condition=Q(number__isnull=False),
                name="committee_resolution_unique_number",
            ),
            models.CheckConstraint(
                condition=~Q(status=ResolutionStatus.ADOPTED) | Q(number__isnull=False),
                name="committee_resolution_adopted_has_number",
            ),
        ]
        indexes = [models.Index(fields=["committee", "status", "year"])]

    def __str__(self) -> str:
        return f"{self.reference_label}: {self.title}" if self.number else self.title

    @property
    def reference(self) -> str:
        """ "3/2026"; empty until adopted."""
        return f"{self.number}/{self.year}" if self.number else ""

    @property
    def reference_label(self) -> str:
        if self.kind == ResolutionKind.OPINION:
            return str(_("Opinion no. %(reference)s") % {"reference": self.reference})
        return str(_("Resolution no. %(reference)s") % {"reference": self.reference})

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstained

    @property
    def is_voted(self) -> bool:
        return self.status != ResolutionStatus.DRAFT


class ResolutionAttachment(models.Model):
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=ATTACHMENT_DIRECTORY, max_length=200)
    file_name = models.CharField(max_length=255, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class MemberVote(models.Model):
    """One member's vote, when the committee votes by name; cast by the deputy when the
    deputy sat in the member's place."""

    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.CASCADE,
        related_name="member_votes",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    by_deputy = models.BooleanField(_("cast by the deputy"), default=False)

    class Meta:
        verbose_name = _("vote by name")
        verbose_name_plural = _("votes by name")
        ordering = ["resolution", "member__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "member"], name="committee_vote_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"
