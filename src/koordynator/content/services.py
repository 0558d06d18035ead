"""Writes to news posts and fixed pages. Callers check permissions (rules.py) first.

Every service validates what it is given before it writes anything (uploads included:
a rejected file leaves no row, no file and no audit entry), saves, and records an audit
entry in the same transaction. Input errors raise ValidationError keyed by form field, so
views can show them beside the field; a status change `enums.POST_WORKFLOW` does not allow
raises `TransitionNotAllowed`.
"""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from koordynator.core.actors import Actor, record_history_user, user_or_none
from koordynator.core.api import DomainValidationError
from koordynator.core.audit import audit_log
from koordynator.core.tags import tags_for
from koordynator.core.text import make_slug, one_line
from koordynator.core.uploads import Photo, delete_files_on_commit, store_photo
from koordynator.territory.models import Region

from . import uploads
from .defaults import default_page_text
from .enums import POST_WORKFLOW, PageSlug, PostStatus
from .models import Page, Post, PostDocument, PostImage, Tag

POST_FIELDS = ["title", "slug", "lead", "body", "cover_alt"]
# Addresses that name pages of the news section rather than a post.
RESERVED_SLUGS = frozenset({"feed", "files"})
MAX_TAGS = 10
MAX_TAG_LENGTH = 60


# --- Helpers -----------------------------------------------------------------------------------


def _region_code(region: Region | None) -> str:
    return region.code if region is not None else ""


def slug_for(title: str) -> str:
    """An address made of the title, Polish letters folded: "Spotkanie w Łodzi" ->
    "spotkanie-w-lodzi"."""
    return make_slug(title, max_length=180) or "wpis"


def _free_slug(region: Region, wanted: str, exclude_pk: int | None) -> str:
    posts = Post.objects.filter(region=region, slug__startswith=wanted)
    if exclude_pk is not None:
        posts = posts.exclude(pk=exclude_pk)
    taken = set(posts.values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = wanted, 2
    while slug in taken:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def _check_post_data(
    region: Region, data: dict[str, Any], post: Post | None, has_cover: bool
) -> dict[str, Any]:
    """Validate the fields of a post; return them cleaned (the slug settled)."""
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    lead = (data.get("lead") or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the post a title."))
    if not lead:
        errors.setdefault("lead", []).append(_("Write a lead: one or two sentences."))
    cover_alt = (data.get("cover_alt") or "").strip()
    if has_cover and not cover_alt:
        errors.setdefault("cover_alt", []).append(
            _("Describe what the cover image shows, for people who cannot see it.")
        )
    wanted = make_slug(data.get("slug") or "")
    if wanted:
        clash = Post.objects.filter(region=region, slug=wanted)
        if post is not None:
            clash = clash.exclude(pk=post.pk)
        if clash.exists() or wanted in RESERVED_SLUGS:
            errors.setdefault("slug", []).append(_("Another post of this region has this address."))
        slug = wanted
    elif post is not None and "slug" not in data:
        slug = post.slug
    else:
        slug = _free_slug(region, slug_for(title), post.pk if post else None)
    tags = [str(name) for name in data.get("tags") or []]
    if len(tags) > MAX_TAGS:
        errors.setdefault("tags", []).append(_("At most %(count)d tags.") % {"count": MAX_TAGS})
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "slug": slug,
        "lead": lead,
        "body": (data.get("body") or "").strip(),
        "cover_alt": cover_alt,
        "tags": tags,
    }


def _prepare_cover(upload: IO[bytes] | None) -> Photo | None:
    if upload is None:
        return None
    try:
        return uploads.prepare_image(upload)
    except ValidationError as error:
        raise ValidationError({"cover_image": error.messages}) from None


def _set_cover(post: Post, cover: Photo) -> None:
    store_photo(cover, image=post.cover_image, thumbnail=post.cover_thumbnail)
    post.cover_width, post.cover_height = cover.width, cover.height


# --- Posts -------------------------------------------------------------------------------------


@transaction.atomic
def post_create(
    *,
    region: Region,
    data: dict[str, Any],
    actor: Actor,
    cover: IO[bytes] | None = None,
) -> Post:
    """A new draft post. `data`: title, slug (may be empty), lead, body, cover_alt, tags
    (a list of names); `cover` an uploaded image."""
    prepared = _prepare_cover(cover)
    cleaned = _check_post_data(region, data, None, has_cover=prepared is not None)
    post = Post(region=region, author=user_or_none(actor))
    for field in POST_FIELDS:
        setattr(post, field, cleaned[field])
    if prepared is not None:
        _set_cover(post, prepared)
    record_history_user(post, actor)
    post.save()
    post.tags.set(tags_for(Tag, cleaned["tags"], max_length=MAX_TAG_LENGTH))
    audit_log(
        actor=actor,
        action="content.post.created",
        target=post,
        region_code=region.code,
        changes={"title": post.title, "slug": post.slug, "status": post.status},
    )
    return post


@transaction.atomic
def post_update(
    *,
    post: Post,
    data: dict[str, Any],
    actor: Actor,
    cover: IO[bytes] | None = None,
    remove_cover: bool = False,
) -> Post:
    """Change a post's text, tags and cover; records only what changed."""
    prepared = _prepare_cover(cover)
    post = Post.objects.select_for_update().select_related("region__voivodeship").get(pk=post.pk)
    has_cover = prepared is not None or (bool(post.cover_image) and not remove_cover)
    cleaned = _check_post_data(post.region, data, post, has_cover=has_cover)
    changes: dict[str, Any] = {}
    for field in POST_FIELDS:
        old, new = getattr(post, field), cleaned[field]
        if old != new:
            changes[field] = [old, new] if field != "body" else "changed"
            setattr(post, field, new)
    old_files = [post.cover_image.name, post.cover_thumbnail.name]
    if prepared is not None or (remove_cover and post.cover_image):
        delete_files_on_commit(*old_files)
        changes["cover_image"] = "replaced" if prepared is not None else "removed"
        post.cover_image = post.cover_thumbnail = ""
        post.cover_width = post.cover_height = None
        if prepared is not None:
            _set_cover(post, prepared)
    if changes:
        record_history_user(post, actor)
        post.save()
    old_tags = sorted(tag.name for tag in post.tags.all())
    tags = tags_for(Tag, cleaned["tags"], max_length=MAX_TAG_LENGTH)
    if sorted(tag.name for tag in tags) != old_tags:
        post.tags.set(tags)
        changes["tags"] = [old_tags, sorted(tag.name for tag in tags)]
    if changes:
        audit_log(
            actor=actor,
            action="content.post.updated",
            target=post,
            region_code=post.region.code,
            changes=changes,
        )
    return post


def _current_status(post: Post) -> str:
    """A scheduled post whose time has come counts as published."""
    return PostStatus.PUBLISHED if post.is_public else post.status


def _move(post: Post, to: str) -> str:
    current = _current_status(post)
    POST_WORKFLOW.check(current, to)
    return current


def _record_status(post: Post, actor: Actor, action: str, before: str) -> None:
    record_history_user(post, actor)
    post.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action=action,
        target=post,
        region_code=post.region.code,
        changes={
            "status": [before, post.status],
            "published_at": post.published_at.isoformat() if post.published_at else None,
        },
    )


@transaction.atomic
def post_publish(*, post: Post, actor: Actor, published_at: datetime | None = None) -> Post:
    """Make the post public now (a scheduled post that is already public keeps its time).
    `published_at` may date it in the past: news moved over from an earlier website."""
    post = Post.objects.select_for_update().select_related("region__voivodeship").get(pk=post.pk)
    # By its stored status: a scheduled post that is due is only confirmed as published.
    POST_WORKFLOW.check(
        post.status, PostStatus.PUBLISHED, message=_("The post is already published.")
    )
    before = post.status
    now = timezone.now()
    if published_at is not None and published_at > now:
        raise ValidationError(
            {"publish_at": [_("A time in the future is a schedule: schedule the post instead.")]}
        )
    if published_at is not None:
        post.published_at = published_at
    elif not post.is_public:
        post.published_at = now
    post.status = PostStatus.PUBLISHED
    _record_status(post, actor, "content.post.published", before)
    return post


@transaction.atomic
def post_schedule(*, post: Post, publish_at: datetime, actor: Actor) -> Post:
    """Make the post public by itself at `publish_at`, which must be in the future."""
    post = Post.objects.select_for_update().select_related("region__voivodeship").get(pk=post.pk)
    if publish_at <= timezone.now():
        raise ValidationError(
            {"publish_at": [_("Choose a time in the future, or publish the post now.")]}
        )
    before = _move(post, PostStatus.SCHEDULED)
    post.status = PostStatus.SCHEDULED
    post.published_at = publish_at
    _record_status(post, actor, "content.post.scheduled", before)
    return post


@transaction.atomic
def post_unpublish(*, post: Post, actor: Actor) -> Post:
    """Take a published or scheduled post back to a draft: the public no longer sees it."""
    post = Post.objects.select_for_update().select_related("region__voivodeship").get(pk=post.pk)
    before = _move(post, PostStatus.DRAFT)
    post.status = PostStatus.DRAFT
    post.published_at = None
    _record_status(post, actor, "content.post.unpublished", before)
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: Actor) -> None:
    post = Post.objects.select_related("region__voivodeship").get(pk=post.pk)
    files: list[FieldFile] = [post.cover_image, post.cover_thumbnail]
    for image in post.images.all():
        files += [image.image, image.thumbnail]
    files += [document.file for document in post.documents.all()]
    audit_log(
        actor=actor,
        action="content.post.deleted",
        target=post,
        region_code=post.region.code,
        changes={"title": post.title, "slug": post.slug, "status": post.status},
    )
    record_history_user(post, actor)
    post.delete()
    delete_files_on_commit(*files)


# --- Gallery and attachments -------------------------------------------------------------------


def _next_position(items: Any) -> int:
    highest = items.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def post_image_add(
    *, post: Post, upload: IO[bytes], alt_text: str, caption: str = "", actor: Actor
) -> PostImage:
    """Add a photo at the end of the post's gallery."""
    alt_text, caption = one_line(alt_text), one_line(caption)
    errors: dict[str, list[str]] = {}
    if not alt_text:
        errors["alt_text"] = [_("Describe what the photo shows, for people who cannot see it.")]
    try:
        prepared = uploads.prepare_image(upload)
    except ValidationError as error:
        errors["image"] = error.messages
    if errors:
        raise ValidationError(errors)
    image = PostImage(
        post=post,
        alt_text=alt_text[:250],
        caption=caption[:300],
        position=_next_position(post.images.all()),
        width=prepared.width,
        height=prepared.height,
        thumbnail_width=prepared.thumbnail_width,
        thumbnail_height=prepared.thumbnail_height,
    )
    store_photo(prepared, image=image.image, thumbnail=image.thumbnail)
    image.save()
    audit_log(
        actor=actor,
        action="content.post.image_added",
        target=post,
        region_code=post.region.code,
        changes={"image": image.pk, "alt_text": image.alt_text},
    )
    return image


@transaction.atomic
def post_image_update(*, image: PostImage, alt_text: str, caption: str, actor: Actor) -> PostImage:
    alt_text, caption = one_line(alt_text), one_line(caption)
    if not alt_text:
        raise ValidationError(
            {"alt_text": [_("Describe what the photo shows, for people who cannot see it.")]}
        )
    changes = {}
    if image.alt_text != alt_text:
        changes["alt_text"] = [image.alt_text, alt_text[:250]]
    if image.caption != caption:
        changes["caption"] = [image.caption, caption[:300]]
    if changes:
        image.alt_text, image.caption = alt_text[:250], caption[:300]
        image.save(update_fields=["alt_text", "caption"])
        audit_log(
            actor=actor,
            action="content.post.image_changed",
            target=image.post,
            region_code=image.post.region.code,
            changes={"image": image.pk, **changes},
        )
    return image


@transaction.atomic
def post_image_move(*, image: PostImage, offset: int, actor: Actor) -> PostImage:
    """Move a photo one place earlier (offset -1) or later (+1) in the gallery."""
    images = list(PostImage.objects.select_for_update().filter(post_id=image.post_id))
    index = next(i for i, other in enumerate(images) if other.pk == image.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(images):
        return image
    images[index], images[target] = images[target], images[index]
    for position, other in enumerate(images):
        other.position = position
    PostImage.objects.bulk_update(images, ["position"])
    audit_log(
        actor=actor,
        action="content.post.images_reordered",
        target=image.post,
        region_code=image.post.region.code,
        changes={"order": [other.pk for other in images]},
    )
    return images[target]


@transaction.atomic
def post_image_remove(*, image: PostImage, actor: Actor) -> None:
    post = image.post
    audit_log(
        actor=actor,
        action="content.post.image_removed",
        target=post,
        region_code=post.region.code,
        changes={"image": image.pk, "alt_text": image.alt_text},
    )
    files = [image.image, image.thumbnail]
    image.delete()
    delete_files_on_commit(*files)


@transaction.atomic
def post_document_add(
    *, post: Post, upload: IO[bytes], file_name: str, title: str, actor: Actor
) -> PostDocument:
    """Attach a PDF, DOCX, ODT or XLSX document to the post."""
    title = one_line(title)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the document a title, e.g. “Recruitment rules”.")]
    try:
        prepared = uploads.prepare_document(upload, file_name)
    except ValidationError as error:
        errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    document = PostDocument(
        post=post,
        title=title[:250],
        original_name=prepared.original_name,
        document_type=prepared.document_type,
        size=prepared.size,
        position=_next_position(post.documents.all()),
    )
    document.file.save(prepared.file.name or "document", prepared.file, save=False)
    document.save()
    audit_log(
        actor=actor,
        action="content.post.document_added",
        target=post,
        region_code=post.region.code,
        changes={"document": document.pk, "title": document.title, "file": document.original_name},
    )
    return document


@transaction.atomic
def post_document_remove(*, document: PostDocument, actor: Actor) -> None:
    post = document.post
    audit_log(
        actor=actor,
        action="content.post.document_removed",
        target=post,
        region_code=post.region.code,
        changes={"document": document.pk, "title": document.title},
    )
    file = document.file
    document.delete()
    delete_files_on_commit(file)


# --- Fixed pages -------------------------------------------------------------------------------


@transaction.atomic
def page_save(*, region: Region | None, slug: str, title: str, body: str, actor: Actor) -> Page:
    """Write a region's fixed page (region None: the platform's), creating it if new."""
    if slug not in PageSlug.values:
        raise DomainValidationError({"slug": _("No such page.")})
    title, body = one_line(title), body.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the page a title.")]
    if not body:
        errors["body"] = [_("The page cannot be empty.")]
    if errors:
        raise ValidationError(errors)
    # No ordering: it would join the (nullable) region, which FOR UPDATE cannot lock.
    page = Page.objects.select_for_update().filter(region=region, slug=slug).order_by().first()
    created = page is None
    if page is None:
        page = Page(region=region, slug=slug)
    elif (page.title, page.body) == (title, body):
        return page
    changes: dict[str, Any] = {"title": [page.title, title]} if page.title != title else {}
    if page.body != body:
        changes["body"] = "changed"
    page.title, page.body = title, body
    page.updated_by = user_or_none(actor)
    record_history_user(page, actor)
    page.save()
    audit_log(
        actor=actor,
        action="content.page.created" if created else "content.page.updated",
        target=page,
        region_code=_region_code(region),
        changes={"slug": slug, **changes},
    )
    return page


@transaction.atomic
def pages_create_defaults(*, region: Region | None, actor: Actor = None) -> list[Page]:
    """Give the region (or the platform) every fixed page it lacks, with the default text.
    Pages that exist are left as they are, so running it again changes nothing."""
    existing = set(Page.objects.filter(region=region).values_list("slug", flat=True))
    created = []
    for slug in PageSlug.values:
        if slug in existing:
            continue
        text = default_page_text(slug, region)
        created.append(
            page_save(region=region, slug=slug, title=text.title, body=text.body, actor=actor)
        )
    return created
