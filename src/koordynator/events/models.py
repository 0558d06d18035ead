"""Events (meetings, trainings, conferences, study visits), their programmes, and the
registrations of the people who come."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordynator.core.models import TimeStampedModel

from .enums import ACTIVE_STATUSES, EventKind, OrganisationType, RegistrationStatus

# Uploaded recruitment rules get random names (services.py): a file name can say more
# than its author meant to publish.
REGULATIONS_DIRECTORY = "events/regulations/"
POLAND = "PL"


class Programme(TimeStampedModel):
    """A series that groups events, e.g. the networking meetings of one EU-funded project."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="events_programme_unique_name_in_region",
                violation_error_message=_("This region already has a programme of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Event(TimeStampedModel):
    """One event of a region; it may last several days."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address of the venue"), max_length=250, blank=True)
    venue_gmina = models.ForeignKey(
        "territory.TerritorialUnit",
        verbose_name=_("gmina of the venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "gmina"},
        related_name="+",
    )
    venue_country = models.CharField(
        _("country of the venue"),
        max_length=2,
        default=POLAND,
        help_text=_("Two-letter code (ISO 3166-1), e.g. IT for a study visit in Italy."),
    )
    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A support centre (OWES); empty when the regional centre organises it."),
    )
    host = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("hosted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The entity of the directory at whose place the event is held, if any."),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    regulations = models.FileField(
        _("recruitment rules"), upload_to=REGULATIONS_DIRECTORY, blank=True, max_length=200
    )
    regulations_name = models.CharField(max_length=255, blank=True, editable=False)
    privacy_notice = models.TextField(
        _("information clause on personal data"),
        blank=True,
        help_text=_("Shown beside the consent on the registration form; empty: the standard text."),
    )
    is_published = models.BooleanField(_("shown on the public site"), default=False)
    has_registration = models.BooleanField(_("registration on the site"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("number of places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. Registrations beyond it go to the waiting list."),
    )
    per_organisation_limit = models.PositiveSmallIntegerField(
        _("places per organisation"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Staff confirm or reject each registration."),
    )
    # The last waiting-list number given out; kept on the event so that numbers are given
    # under the event's row lock and never repeat.
    waitlist_counter = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_registration_window",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(per_organisation_limit__isnull=True) | Q(per_organisation_limit__gte=1),
                name="events_event_per_organisation_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(venue_gmina__isnull=True) | Q(venue_country=POLAND),
                name="events_event_gmina_only_in_poland",
                violation_error_message=_("A venue abroad has no gmina."),
            ),
        ]
        indexes = [models.Index(fields=["region", "is_published", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_abroad(self) -> bool:
        return self.venue_country != POLAND

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def days(self) -> list[date]:
        """The calendar days the event lasts, in the site's time zone."""
        first, last = timezone.localdate(self.starts_at), timezone.localdate(self.ends_at)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def has_ended_at(self, moment: datetime | None = None) -> bool:
        return self.ends_at < (moment or timezone.now())

    def registration_is_open_at(self, moment: datetime | None = None) -> bool:
        """Whether the public may register now: the window is open and the event not begun."""
        now = moment or timezone.now()
        return (
            self.is_published
            and self.has_registration
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or now < self.registration_closes_at)
            and now < self.starts_at
        )

    @property
    def registration_is_open(self) -> bool:
        return self.registration_is_open_at()


class Registration(TimeStampedModel):
    """One person's place at an event. People registered together (colleagues of the same
    organisation) each have their own row, pointing at the row of the person who sent the
    form."""

    region_through = "event"  # its region is this record's (accounts.rules.region_id_of)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="colleagues",
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    # Order on the waiting list: the event's counter at the time the person joined it.
    queue_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    entity = models.ForeignKey(
        "registry.Entity",
        verbose_name=_("organisation from the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    organisation_type = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
    )
    # The organisation as the per-organisation limit counts it: the directory entry when
    # chosen, else the folded name.
    organisation_key = models.CharField(max_length=320, blank=True, db_index=True, editable=False)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    needs_sign_language_interpreter = models.BooleanField(
        _("needs a sign-language interpreter"), default=False
    )
    consent_personal_data = models.BooleanField(_("consent to the processing of personal data"))
    consent_photos = models.BooleanField(_("consent to photos"), default=False)
    language = models.CharField(_("language"), max_length=8, default="pl")
    # A random value the person's link is derived from (services.registration_token);
    # replacing it makes the old link stop working.
    secret = models.CharField(max_length=64, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The code printed on the certificate of participation, checkable on the public site.
    certificate_code = models.CharField(
        _("certificate code"), max_length=16, blank=True, editable=False
    )
    certificate_issued_at = models.DateTimeField(
        _("certificate issued"), null=True, blank=True, editable=False
    )
    # When the person's data were erased (names, contacts, needs); what is counted stays.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=sorted(ACTIVE_STATUSES)) & ~Q(email=""),
                name="events_registration_unique_active_email",
                violation_error_message=_(
                    "This e-mail address is already registered for the event."
                ),
            ),
            models.UniqueConstraint(
                fields=["event", "queue_number"],
                condition=Q(queue_number__isnull=False),
                name="events_registration_unique_queue_number",
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.WAITLISTED, queue_number__isnull=False)
                | (~Q(status=RegistrationStatus.WAITLISTED) & Q(queue_number__isnull=True)),
                name="events_registration_queue_number_when_waitlisted",
            ),
            models.CheckConstraint(
                condition=Q(consent_personal_data=True),
                name="events_registration_has_consent",
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~Q(certificate_code=""),
                name="events_registration_unique_certificate_code",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queue_number"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class Attendance(models.Model):
    """One person present on one day of the event. No row: not (yet) marked present."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    day = models.DateField(_("day"))
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
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "registration_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"], name="events_attendance_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["day", "registration"])]

    def __str__(self) -> str:
        return f"{self.registration} {self.day}"


PHOTO_DIRECTORY = "events/photos/"


class EventPhoto(models.Model):
    """A photo of an event, shown in its gallery in the archive."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=PHOTO_DIRECTORY, max_length=200)
    thumbnail = models.ImageField(upload_to=PHOTO_DIRECTORY, editable=False, max_length=200)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        _("description for people who cannot see it"),
        max_length=300,
        help_text=_("What the photo shows, e.g. “Participants of the workshop at one table”."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("photo of an event")
        verbose_name_plural = _("photos of events")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.alt_text
