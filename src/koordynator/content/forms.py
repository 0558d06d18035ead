"""Forms of the staff pages. They check the shape of the input; services.py checks the rest
(uploads included) and its errors are shown beside the same fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koordynator.core.forms import StyledForm, datetime_field, set_queryset
from koordynator.territory.models import Region

from .enums import PostStatus
from .models import Post

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
DOCUMENT_ACCEPT = ".pdf,.docx,.odt,.xlsx"
MARKDOWN_HELP = _(
    "Paragraphs are separated by an empty line. “## Heading” makes a heading, lines "
    "starting with “- ” or “1. ” make a list, **bold**, [link text](https://…)."
)


def split_tags(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class PostForm(StyledForm):
    required_css_class = "required"  # marks required labels with an asterisk
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=200,
        required=False,
        help_text=_(
            "The last part of the post's address: small letters, digits and hyphens. "
            "Left empty, it is made from the title."
        ),
    )
    lead = forms.CharField(
        label=_("Lead"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in the news list and the RSS feed."),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=MARKDOWN_HELP,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, e.g. “RKRES, Zakup Prospołeczny”."),
    )
    cover_image = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPEG, PNG or WebP, at most 10 MB."),
    )
    cover_alt = forms.CharField(
        label=_("Cover image description (alt text)"),
        max_length=250,
        required=False,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required with a cover image."
        ),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(
        self, *args: Any, regions: Any = None, post: Post | None = None, **kwargs: Any
    ) -> None:
        self.post = post
        if post is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": post.title,
                "slug": post.slug,
                "lead": post.lead,
                "body": post.body,
                "tags": ", ".join(tag.name for tag in post.tags.all()),
                "cover_alt": post.cover_alt,
            }
        super().__init__(*args, **kwargs)
        if post is not None or regions is None or len(regions) < 2:
            del self.fields["region"]  # the post's region, or the user's only one
        else:
            set_queryset(self, "region", regions)
        if post is None or not post.cover_image:
            del self.fields["remove_cover"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_cover = bool(data.get("cover_image")) or (
            self.post is not None and bool(self.post.cover_image) and not data.get("remove_cover")
        )
        if has_cover and not (data.get("cover_alt") or "").strip():
            self.add_error(
                "cover_alt",
                _("Describe what the cover image shows, for people who cannot see it."),
            )
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "slug": data["slug"],
            "lead": data["lead"],
            "body": data["body"],
            "cover_alt": data["cover_alt"],
            "tags": split_tags(data["tags"]),
        }


class ImageForm(StyledForm):
    required_css_class = "required"
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPEG, PNG or WebP, at most 10 MB."),
    )
    alt_text = forms.CharField(
        label=_("Description (alt text)"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=300,
        required=False,
        help_text=_("Shown under the photo, e.g. who is in it or the author of the photo."),
    )


class ImageEditForm(StyledForm):
    alt_text = forms.CharField(
        label=_("Description (alt text)"),
        max_length=250,
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=300,
        required=False,
    )


class DocumentForm(StyledForm):
    required_css_class = "required"
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, DOCX, ODT or XLSX, at most 20 MB."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        help_text=_("What the document is, e.g. “Recruitment rules”."),
    )


class ScheduleForm(StyledForm):
    publish_at = datetime_field(_("Publish at"))


class PageForm(StyledForm):
    required_css_class = "required"
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=MARKDOWN_HELP,
    )


STATUS_FILTERS = [
    ("", _("all")),
    (PostStatus.DRAFT.value, _("drafts")),
    (PostStatus.SCHEDULED.value, _("scheduled")),
    ("public", _("published")),
]


class PostFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_FILTERS,
        required=False,
    )
