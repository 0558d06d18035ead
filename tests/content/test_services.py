"""Writes to news posts and pages: validation, status changes, audit entries, uploads."""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from koordynator.content import selectors, services, uploads
from koordynator.content.enums import PageSlug, PostStatus
from koordynator.content.models import Page, Post, PostDocument, PostImage
from koordynator.core.models import AuditEntry
from koordynator.core.workflow import TransitionNotAllowed
from tests.factories.content import PostFactory, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Spotkanie sieciujące w Łodzi",
    "lead": "Trzydzieści osób z CIS i KIS pracowało nad zasadami sieci.",
    "body": "## Program\n\n- warsztaty",
    "tags": ["CIS i KIS", "spotkania"],
    "cover_alt": "",
}


def stored_files() -> set[str]:
    names: set[str] = set()
    for directory in ("content/images", "content/documents"):
        with contextlib.suppress(FileNotFoundError):
            names |= {f"{directory}/{name}" for name in default_storage.listdir(directory)[1]}
    return names


def actions_for(post: Post) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="content.post", object_id=str(post.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_create_makes_a_draft_with_a_folded_slug_tags_and_an_audit_entry(region, coordinator):
    post = services.post_create(region=region, data=DATA, actor=coordinator)
    assert post.status == PostStatus.DRAFT
    assert post.published_at is None
    assert post.slug == "spotkanie-sieciujace-w-lodzi"
    assert post.author == coordinator
    assert sorted(tag.name for tag in post.tags.all()) == ["CIS i KIS", "spotkania"]
    entry = AuditEntry.objects.get(action="content.post.created")
    assert entry.actor == coordinator
    assert entry.region_code == "06"
    assert entry.changes == {"title": DATA["title"], "slug": post.slug, "status": "draft"}
    assert post.history.count() == 1


def test_slug_taken_by_the_title_gets_a_number_but_a_typed_one_is_an_error(region, coordinator):
    first = services.post_create(region=region, data=DATA, actor=coordinator)
    second = services.post_create(region=region, data=DATA, actor=coordinator)
    assert second.slug == f"{first.slug}-2"
    with pytest.raises(ValidationError) as error:
        services.post_create(region=region, data={**DATA, "slug": first.slug}, actor=coordinator)
    assert error.value.message_dict == {"slug": ["Inny wpis tego regionu ma już ten adres."]}


def test_reserved_slug_is_refused(region, coordinator):
    with pytest.raises(ValidationError) as error:
        services.post_create(region=region, data={**DATA, "slug": "feed"}, actor=coordinator)
    assert list(error.value.message_dict) == ["slug"]


def test_missing_title_and_lead_are_reported_together(region, coordinator):
    with pytest.raises(ValidationError) as error:
        services.post_create(region=region, data={"title": " ", "lead": ""}, actor=coordinator)
    assert sorted(error.value.message_dict) == ["lead", "title"]
    assert Post.objects.count() == 0


def test_update_records_only_what_changed(region, coordinator):
    post = services.post_create(region=region, data=DATA, actor=coordinator)
    services.post_update(
        post=post, data={**DATA, "title": "Nowy tytuł", "tags": ["CIS i KIS"]}, actor=coordinator
    )
    post.refresh_from_db()
    assert post.title == "Nowy tytuł"
    assert post.slug == "spotkanie-sieciujace-w-lodzi"  # the address does not move
    entry = AuditEntry.objects.get(action="content.post.updated")
    assert entry.changes == {
        "title": [DATA["title"], "Nowy tytuł"],
        "tags": [["CIS i KIS", "spotkania"], ["CIS i KIS"]],
    }
    services.post_update(
        post=post, data={**DATA, "title": "Nowy tytuł", "tags": ["CIS i KIS"]}, actor=coordinator
    )
    assert AuditEntry.objects.filter(action="content.post.updated").count() == 1


def test_every_status_change_writes_an_audit_entry(region, coordinator):
    post = services.post_create(region=region, data=DATA, actor=coordinator)
    later = timezone.now() + timedelta(days=2)
    post = services.post_schedule(post=post, publish_at=later, actor=coordinator)
    assert (post.status, post.published_at) == (PostStatus.SCHEDULED, later)
    post = services.post_publish(post=post, actor=coordinator)
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at <= timezone.now()
    post = services.post_unpublish(post=post, actor=coordinator)
    assert (post.status, post.published_at) == (PostStatus.DRAFT, None)
    assert actions_for(post) == [
        "content.post.created",
        "content.post.scheduled",
        "content.post.published",
        "content.post.unpublished",
    ]
    scheduled = AuditEntry.objects.get(action="content.post.scheduled")
    assert scheduled.changes == {
        "status": ["draft", "scheduled"],
        "published_at": later.isoformat(),
    }
    assert post.history.count() == 4


def test_scheduled_post_is_hidden_until_its_time(region, coordinator):
    post = services.post_create(region=region, data=DATA, actor=coordinator)
    at = timezone.now() + timedelta(hours=5)
    services.post_schedule(post=post, publish_at=at, actor=coordinator)
    assert list(selectors.public_posts(region)) == []
    assert selectors.public_post("lubelskie", post.slug) is None
    later = at + timedelta(seconds=1)
    assert list(selectors.public_posts(region, now=later)) == [post]
    assert selectors.public_post("lubelskie", post.slug, now=later) == post


def test_schedule_needs_a_future_time(region, coordinator):
    post = services.post_create(region=region, data=DATA, actor=coordinator)
    with pytest.raises(ValidationError) as error:
        services.post_schedule(
            post=post, publish_at=timezone.now() - timedelta(minutes=1), actor=coordinator
        )
    assert list(error.value.message_dict) == ["publish_at"]
    assert actions_for(post) == ["content.post.created"]


def test_published_post_cannot_be_scheduled_or_published_again(region, coordinator):
    post = PostFactory(region=region)
    with pytest.raises(TransitionNotAllowed, match="nie może"):
        services.post_schedule(
            post=post, publish_at=timezone.now() + timedelta(days=1), actor=coordinator
        )
    with pytest.raises(TransitionNotAllowed):
        services.post_publish(post=post, actor=coordinator)
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()


def test_publish_keeps_the_time_of_a_scheduled_post_that_is_already_public(region, coordinator):
    past = timezone.now() - timedelta(hours=1)
    post = PostFactory(region=region, status=PostStatus.SCHEDULED, published_at=past)
    assert post.is_public
    assert post.shown_status == "opublikowany"
    post = services.post_publish(post=post, actor=coordinator)
    assert (post.status, post.published_at) == (PostStatus.PUBLISHED, past)


def test_publish_may_date_a_post_in_the_past_but_not_the_future(region, coordinator):
    post = PostFactory(region=region, draft=True)
    week_ago = timezone.now() - timedelta(days=7)
    assert (
        services.post_publish(post=post, published_at=week_ago, actor=coordinator).published_at
        == week_ago
    )
    other = PostFactory(region=region, draft=True)
    with pytest.raises(ValidationError):
        services.post_publish(
            post=other, published_at=timezone.now() + timedelta(days=1), actor=coordinator
        )


# --- Uploads ---------------------------------------------------------------------------------


def test_photo_is_added_with_a_thumbnail_and_without_its_metadata(region, coordinator):
    post = PostFactory(region=region)
    exif = Image.Exif()
    exif[0x010F] = "Aparat testowy"  # camera maker
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1500), (200, 10, 10)).save(buffer, "JPEG", exif=exif)
    image = services.post_image_add(
        post=post,
        upload=upload(buffer.getvalue(), "zdjecie.jpg"),
        alt_text="  Uczestnicy   przy stole ",
        caption="Sesja otwierająca",
        actor=coordinator,
    )
    assert image.alt_text == "Uczestnicy przy stole"
    assert (image.width, image.height) == (2400, 1200)
    assert (image.thumbnail_width, image.thumbnail_height) == (800, 400)
    with default_storage.open(image.image.name) as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        assert dict(picture.getexif()) == {}
    assert image.image.name.startswith("content/images/")
    assert "zdjecie" not in image.image.name
    assert actions_for(post) == ["content.post.image_added"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<script>alert(1)</script>", "zdjecie.jpg"),
        (b"GIF89a" + b"\x00" * 20, "animacja.gif"),
        (pdf_bytes(), "regulamin.png"),
        (b"", "pusty.jpg"),
    ],
)
def test_rejected_photo_writes_nothing(region, coordinator, content, name):
    post = PostFactory(region=region)
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        services.post_image_add(
            post=post, upload=upload(content, name), alt_text="Opis", actor=coordinator
        )
    assert list(error.value.message_dict) == ["image"]
    assert PostImage.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()
    assert stored_files() == before


def test_photo_needs_alt_text(region, coordinator):
    post = PostFactory(region=region)
    with pytest.raises(ValidationError) as error:
        services.post_image_add(
            post=post, upload=upload(image_bytes(), "a.jpg"), alt_text="  ", actor=coordinator
        )
    assert error.value.message_dict == {
        "alt_text": ["Opisz, co przedstawia zdjęcie – dla osób, które go nie widzą."]
    }
    assert PostImage.objects.count() == 0


def test_too_large_photo_is_refused_in_polish(region, coordinator, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 1000)
    post = PostFactory(region=region)
    with pytest.raises(ValidationError) as error:
        services.post_image_add(
            post=post,
            upload=upload(image_bytes((1200, 900)), "duze.jpg"),
            alt_text="Opis",
            actor=coordinator,
        )
    assert error.value.message_dict["image"][0].startswith("Plik jest za duży")


def test_cover_upload_rejected_writes_nothing(region, coordinator):
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        services.post_create(
            region=region,
            data={**DATA, "cover_alt": "Okładka"},
            cover=upload(b"not an image", "okladka.jpg"),
            actor=coordinator,
        )
    assert list(error.value.message_dict) == ["cover_image"]
    assert Post.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()
    assert stored_files() == before


def test_cover_needs_alt_text(region, coordinator):
    with pytest.raises(ValidationError) as error:
        services.post_create(
            region=region, data=DATA, cover=upload(image_bytes(), "a.png"), actor=coordinator
        )
    assert list(error.value.message_dict) == ["cover_alt"]


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "document_type"),
    [
        (pdf_bytes(), "Regulamin rekrutacji.PDF", "pdf"),
        (docx_bytes(), "formularz.docx", "docx"),
        (odt_bytes(), "formularz.odt", "odt"),
    ],
)
def test_documents_are_attached_with_type_and_size(
    region, coordinator, content, name, document_type
):
    post = PostFactory(region=region)
    document = services.post_document_add(
        post=post,
        upload=upload(content, name),
        file_name=name,
        title="Regulamin rekrutacji",
        actor=coordinator,
    )
    assert (document.document_type, document.size, document.original_name) == (
        document_type,
        len(content),
        name,
    )
    assert document.file.name.endswith(f".{document_type}")
    assert actions_for(post) == ["content.post.document_added"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00", "program.exe"),
        (b"<html>", "regulamin.pdf"),
        (docx_bytes(), "arkusz.xlsx"),
        (pdf_bytes(), "regulamin.docx"),
        (b"PK\x03\x04 broken", "formularz.odt"),
    ],
)
def test_rejected_document_writes_nothing(region, coordinator, content, name):
    post = PostFactory(region=region)
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        services.post_document_add(
            post=post, upload=upload(content, name), file_name=name, title="X", actor=coordinator
        )
    assert error.value.message_dict == {
        "file": ["Dołącz dokument PDF, DOCX, ODT lub XLSX; ten plik nim nie jest."]
    }
    assert PostDocument.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()
    assert stored_files() == before


def test_gallery_order_moves_and_removal(region, coordinator, django_capture_on_commit_callbacks):
    post = PostFactory(region=region)
    images = [
        services.post_image_add(
            post=post,
            upload=upload(image_bytes(), f"{n}.jpg"),
            alt_text=f"Zdjęcie {n}",
            actor=coordinator,
        )
        for n in range(3)
    ]
    services.post_image_move(image=images[2], offset=-1, actor=coordinator)
    assert [i.alt_text for i in post.images.all()] == ["Zdjęcie 0", "Zdjęcie 2", "Zdjęcie 1"]
    services.post_image_move(image=images[0], offset=-1, actor=coordinator)  # already first
    assert [i.alt_text for i in post.images.all()] == ["Zdjęcie 0", "Zdjęcie 2", "Zdjęcie 1"]
    names = {images[1].image.name, images[1].thumbnail.name}
    with django_capture_on_commit_callbacks(execute=True):
        services.post_image_remove(image=images[1], actor=coordinator)
    assert [i.alt_text for i in post.images.all()] == ["Zdjęcie 0", "Zdjęcie 2"]
    assert not any(default_storage.exists(name) for name in names)
    assert actions_for(post)[-2:] == ["content.post.images_reordered", "content.post.image_removed"]


def test_delete_removes_the_post_its_files_and_keeps_an_audit_entry(
    region, coordinator, django_capture_on_commit_callbacks
):
    post = PostFactory(region=region)
    image = services.post_image_add(
        post=post, upload=upload(image_bytes(), "a.jpg"), alt_text="Opis", actor=coordinator
    )
    name = image.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.post_delete(post=post, actor=coordinator)
    assert not Post.objects.exists()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="content.post.deleted").count() == 1


# --- Pages -----------------------------------------------------------------------------------


def test_page_save_creates_then_updates_with_audit(region, coordinator):
    page = services.page_save(
        region=region, slug="contact", title="Kontakt", body="tel. 1", actor=coordinator
    )
    services.page_save(
        region=region, slug="contact", title="Kontakt", body="tel. 2", actor=coordinator
    )
    services.page_save(
        region=region, slug="contact", title="Kontakt", body="tel. 2", actor=coordinator
    )
    page.refresh_from_db()
    assert (page.body, page.updated_by) == ("tel. 2", coordinator)
    assert list(
        AuditEntry.objects.filter(object_type="content.page")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["content.page.created", "content.page.updated"]


def test_page_cannot_be_empty(region, coordinator):
    with pytest.raises(ValidationError) as error:
        services.page_save(region=region, slug="privacy", title="", body=" ", actor=coordinator)
    assert sorted(error.value.message_dict) == ["body", "title"]


def test_default_pages_are_created_once(region):
    assert len(services.pages_create_defaults(region=region)) == 3
    assert services.pages_create_defaults(region=region) == []
    statement = Page.objects.get(region=region, slug=PageSlug.ACCESSIBILITY)
    for heading in [
        "## Wstęp",
        "## Data publikacji i aktualizacji",
        "## Status pod względem zgodności z ustawą",
        "## Przygotowanie deklaracji dostępności",
        "## Informacje zwrotne i dane kontaktowe",
        "## Procedura wnioskowo-skargowa",
        "## Dostępność architektoniczna",
    ]:
        assert heading in statement.body
    assert "ROPS lubelskie" in statement.body


def test_page_for_falls_back_to_the_platform_then_to_the_default(region):
    Page.objects.filter(region__isnull=True).delete()
    page = selectors.page_for(region, "privacy")
    assert page.pk is None
    assert page.title == "Informacja o przetwarzaniu danych osobowych"
    platform = Page.objects.create(region=None, slug="privacy", title="RODO", body="x")
    assert selectors.page_for(region, "privacy") == platform
    own = Page.objects.create(region=region, slug="privacy", title="Nasze RODO", body="y")
    assert selectors.page_for(region, "privacy") == own
    assert selectors.page_for(None, "privacy") == platform
