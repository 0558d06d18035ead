"""News posts and the fixed pages (accessibility statement, privacy, contact) of the portal."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordynator.core.models import TimeStampedModel

from .enums import DocumentType, PageSlug, PostStatus

# Uploaded files get random names (services.py): a person's file name can say more than
# the person meant to publish, and drafts must not be guessable.
IMAGE_DIRECTORY = "content/images/"
DOCUMENT_DIRECTORY = "content/documents/"


class Tag(models.Model):
    """A topic of news posts ("RKRES", "Zakup Prospołeczny"), shared by every region."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(TimeStampedModel):
    """A news post of one region. Public once published, or scheduled and its time has come."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address (slug)"),
        max_length=200,
        help_text=_("The last part of the post's address; made from the title if left empty."),
    )
    lead = models.TextField(
        _("lead"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    body = models.TextField(_("body"), blank=True)
    cover_image = models.ImageField(
        _("cover image"), upload_to=IMAGE_DIRECTORY, blank=True, max_length=200
    )
    cover_thumbnail = models.ImageField(
        upload_to=IMAGE_DIRECTORY, blank=True, editable=False, max_length=200
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required with a cover image."
        ),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"],
                name="content_post_unique_slug_in_region",
                violation_error_message=_("Another post of this region has this address."),
            ),
            models.CheckConstraint(
                condition=Q(status=PostStatus.DRAFT) | Q(published_at__isnull=False),
                name="content_post_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""),
                name="content_post_cover_has_alt",
                violation_error_message=_("Describe the cover image (alt text)."),
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def is_public_at(self, moment: datetime | None = None) -> bool:
        return (
            self.status in (PostStatus.SCHEDULED, PostStatus.PUBLISHED)
            and self.published_at is not None
            and self.published_at <= (moment or timezone.now())
        )

    @property
    def is_public(self) -> bool:
        return self.is_public_at()

    @property
    def shown_status(self) -> str:
        """The status as people read it: a scheduled post whose time has come is published."""
        if self.status == PostStatus.SCHEDULED and self.is_public:
            return str(PostStatus.PUBLISHED.label)
        return str(PostStatus(self.status).label)


class PostImage(models.Model):
    """A photo of a post's gallery."""

    post = models.ForeignKey(
        Post, verbose_name=_("news post"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("photo"), upload_to=IMAGE_DIRECTORY, max_length=200)
    thumbnail = models.ImageField(upload_to=IMAGE_DIRECTORY, editable=False, max_length=200)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    thumbnail_width = models.PositiveIntegerField(editable=False)
    thumbnail_height = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(
        _("description (alt text)"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="content_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class PostDocument(models.Model):
    """A file attached to a post: the rules of a call, a form to fill in, a report."""

    post = models.ForeignKey(
        Post, verbose_name=_("news post"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=DOCUMENT_DIRECTORY, max_length=200)
    title = models.CharField(_("title"), max_length=250)
    original_name = models.CharField(_("file name"), max_length=255)
    document_type = models.CharField(_("type"), max_length=4, choices=DocumentType.choices)
    size = models.PositiveBigIntegerField(_("size"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Page(TimeStampedModel):
    """A fixed page of a region's portal; one without a region serves the whole platform
    (and any region that has not written its own)."""

    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    slug = models.CharField(_("page"), max_length=40, choices=PageSlug.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["region", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "slug"], name="content_page_unique_in_region"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(region__isnull=True),
                name="content_page_unique_on_platform",
            ),
        ]

    def __str__(self) -> str:
        return self.title
