from django.db import models
from django.utils.translation import gettext_lazy as _

from koordynator.core.workflow import Transition, Workflow


class PostStatus(models.TextChoices):
    """The editor's decision; a scheduled post becomes public by itself when its time comes."""

    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")


# Which status a post may move to from which: each move is one service. A scheduled post
# may be scheduled again, for another time.
POST_WORKFLOW = Workflow(
    PostStatus,
    Transition("schedule", {PostStatus.DRAFT, PostStatus.SCHEDULED}, PostStatus.SCHEDULED),
    Transition("publish", {PostStatus.DRAFT, PostStatus.SCHEDULED}, PostStatus.PUBLISHED),
    Transition("unpublish", {PostStatus.SCHEDULED, PostStatus.PUBLISHED}, PostStatus.DRAFT),
    message=_("A post that is “%(current)s” cannot become “%(new)s”."),
)


class PageSlug(models.TextChoices):
    """The fixed pages every region's portal has; the slug is also the address."""

    ACCESSIBILITY = "accessibility-statement", _("accessibility statement")
    PRIVACY = "privacy", _("privacy information")
    CONTACT = "contact", _("contact")


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    ODT = "odt", "ODT"
    XLSX = "xlsx", "XLSX"
