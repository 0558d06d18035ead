"""Staff pages: the list, the form with inline errors, status actions, gallery, documents,
preview and fixed pages; with their permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.accounts.enums import Role
from koordynator.content.enums import PostStatus
from koordynator.content.models import Page, Post, PostDocument, PostImage
from koordynator.core.models import AuditEntry
from tests.factories import user_with_role
from tests.factories.content import PostFactory, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Nabór wniosków o znak „Zakup Prospołeczny”",
    "slug": "",
    "lead": "Podmioty ekonomii społecznej mogą zgłaszać produkty do certyfikacji.",
    "body": "## Kto może złożyć wniosek\n\n- podmiot działający co najmniej 6 miesięcy",
    "tags": "Zakup Prospołeczny, certyfikacja",
    "cover_alt": "",
}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def editor(client, coordinator):
    client.force_login(coordinator)
    return coordinator


def test_list_shows_the_regions_posts_with_status(client, editor, region, other_region):
    own = PostFactory(region=region, draft=True, author=editor)
    scheduled = PostFactory(region=region, scheduled=True)
    PostFactory(region=other_region, title="Cudzy wpis")
    response = client.get("/panel/news/")
    assert response.status_code == 200
    assert set(response.context["page"]) == {own, scheduled}
    html = response.content.decode()
    assert "Cudzy wpis" not in html
    assert "szkic" in html
    assert "zaplanowany" in html
    drafts = client.get("/panel/news/", {"status": "draft"})
    assert list(drafts.context["page"]) == [own]


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_posts(
    client, editor, region, django_assert_max_num_queries, count
):
    for _ in range(count):
        PostFactory(region=region, author=editor)
    client.get("/panel/news/")
    with django_assert_max_num_queries(8):
        client.get("/panel/news/")


@pytest.mark.parametrize(
    "role",
    [
        Role.SUPPORT_CENTRE_STAFF,
        Role.ENTITY_REPRESENTATIVE,
        Role.LOCAL_GOVERNMENT_OFFICER,
        Role.COMMITTEE_MEMBER,
        Role.REVIEWER,
    ],
)
def test_other_roles_get_404_everywhere(client, region, role):
    organisation = None
    if role in (Role.ENTITY_REPRESENTATIVE, Role.LOCAL_GOVERNMENT_OFFICER):
        from tests.factories import OrganisationFactory

        organisation = OrganisationFactory(region=region)
    client.force_login(user_with_role(role, region=region, organisation=organisation))
    post = PostFactory(region=region, draft=True)
    for url in [
        "/panel/news/",
        "/panel/news/new/",
        f"/panel/news/{post.pk}/",
        f"/panel/news/{post.pk}/preview/",
        "/panel/pages/",
        "/panel/pages/lubelskie/contact/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/panel/news/{post.pk}/publish/").status_code == 404
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_anonymous_is_sent_to_log_in(client, region):
    post = PostFactory(region=region)
    response = client.get(f"/panel/news/{post.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_coordinator_of_another_region_cannot_edit(client, region, other_coordinator):
    client.force_login(other_coordinator)
    post = PostFactory(region=region)
    assert client.get(f"/panel/news/{post.pk}/").status_code == 404
    assert client.post(f"/panel/news/{post.pk}/", {**VALID, "title": "Przejęty"}).status_code == 404
    assert client.post(f"/panel/news/{post.pk}/unpublish/").status_code == 404
    assert client.post(f"/panel/news/{post.pk}/delete/").status_code == 404
    assert client.get("/panel/pages/lubelskie/contact/").status_code == 404
    post.refresh_from_db()
    assert (post.title, post.status) != ("Przejęty", PostStatus.DRAFT)
    assert Post.objects.filter(pk=post.pk).exists()


def test_create_with_a_cover_then_lands_on_the_edit_page(client, editor, region):
    response = client.post(
        "/panel/news/new/",
        {
            **VALID,
            "cover_alt": "Stoisko z wyrobami spółdzielni",
            "cover_image": SimpleUploadedFile("okladka.png", image_bytes(image_format="PNG")),
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/panel/news/{post.pk}/"
    assert post.slug == "nabor-wnioskow-o-znak-zakup-prospoleczny"
    assert post.region == region
    assert post.cover_image.name.endswith(".png")
    assert sorted(t.name for t in post.tags.all()) == ["Zakup Prospołeczny", "certyfikacja"]
    assert "szkic" in messages_of(response)[0].lower()
    edit = client.get(response["Location"])
    assert edit.status_code == 200
    assert 'alt="Stoisko z wyrobami spółdzielni"' in edit.content.decode()


def test_form_errors_are_inline_and_in_polish(client, editor):
    response = client.post(
        "/panel/news/new/",
        {**VALID, "title": "", "cover_image": SimpleUploadedFile("a.jpg", image_bytes())},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Błąd:" in html
    assert 'role="alert"' in html
    assert "To pole jest wymagane." in html
    assert "Opisz, co przedstawia zdjęcie na okładce" in html
    assert 'aria-invalid="true"' in html
    assert Post.objects.count() == 0


def test_create_refuses_a_fake_image_and_writes_nothing(client, editor):
    response = client.post(
        "/panel/news/new/",
        {
            **VALID,
            "cover_alt": "Opis",
            "cover_image": SimpleUploadedFile("a.jpg", b"<?php echo 1; ?>"),
        },
    )
    assert response.status_code == 200
    assert "Ten plik nie jest zdjęciem" in response.content.decode()
    assert Post.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="content.").exists()


def test_edit_saves_changes(client, editor, region):
    post = PostFactory(region=region, draft=True)
    response = client.post(f"/panel/news/{post.pk}/", {**VALID, "slug": post.slug})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == VALID["title"]
    assert AuditEntry.objects.filter(action="content.post.updated").count() == 1


def test_publish_schedule_and_unpublish_through_the_pages(client, editor, region):
    post = PostFactory(region=region, draft=True)
    later = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(
        f"/panel/news/{post.pk}/schedule/",
        {"schedule-publish_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.status, post.published_at) == (PostStatus.SCHEDULED, later)
    assert client.get(f"/news/lubelskie/{post.slug}/").status_code == 404
    client.post(f"/panel/news/{post.pk}/publish/")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert client.get(f"/news/lubelskie/{post.slug}/").status_code == 200
    client.post(f"/panel/news/{post.pk}/unpublish/")
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
    assert client.get(f"/news/lubelskie/{post.slug}/").status_code == 404


def test_schedule_in_the_past_shows_the_error_beside_the_field(client, editor, region):
    post = PostFactory(region=region, draft=True)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/panel/news/{post.pk}/schedule/", {"schedule-publish_at": past})
    assert response.status_code == 200
    assert "Wybierz czas w przyszłości" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_preview_shows_a_draft_to_staff_only(client, editor, region):
    post = PostFactory(region=region, draft=True)
    response = client.get(f"/panel/news/{post.pk}/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Podgląd" in html
    assert post.title in html
    client.logout()
    assert client.get(f"/panel/news/{post.pk}/preview/").status_code == 302


def test_gallery_and_documents_through_the_pages(client, editor, region):
    post = PostFactory(region=region)
    response = client.post(
        f"/panel/news/{post.pk}/photos/",
        {
            "photo-image": SimpleUploadedFile("a.jpg", image_bytes()),
            "photo-alt_text": "Uczestnicy przy stole",
            "photo-caption": "Otwarcie",
        },
    )
    assert response["Location"] == f"/panel/news/{post.pk}/#gallery"
    image = PostImage.objects.get()
    client.post(
        f"/panel/news/photos/{image.pk}/",
        {
            f"photo-{image.pk}-alt_text": "Uczestnicy przy stole obrad",
            f"photo-{image.pk}-caption": "",
        },
    )
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("Uczestnicy przy stole obrad", "")
    client.post(
        f"/panel/news/{post.pk}/documents/",
        {
            "document-file": SimpleUploadedFile("regulamin.pdf", pdf_bytes()),
            "document-title": "Regulamin",
        },
    )
    document = PostDocument.objects.get()
    assert document.title == "Regulamin"
    client.post(f"/panel/news/documents/{document.pk}/remove/")
    client.post(f"/panel/news/photos/{image.pk}/remove/")
    assert not PostDocument.objects.exists()
    assert not PostImage.objects.exists()


def test_photo_without_alt_text_or_a_bad_document_is_refused_inline(client, editor, region):
    post = PostFactory(region=region)
    response = client.post(
        f"/panel/news/{post.pk}/photos/",
        {"photo-image": SimpleUploadedFile("a.jpg", image_bytes()), "photo-alt_text": ""},
    )
    assert response.status_code == 200
    assert "To pole jest wymagane." in response.content.decode()
    response = client.post(
        f"/panel/news/{post.pk}/documents/",
        {
            "document-file": SimpleUploadedFile("program.exe", b"MZ\x90\x00"),
            "document-title": "Program",
        },
    )
    assert response.status_code == 200
    assert "Dołącz dokument PDF, DOCX, ODT lub XLSX" in response.content.decode()
    assert not PostImage.objects.exists()
    assert not PostDocument.objects.exists()


def test_delete_asks_then_deletes(client, editor, region):
    post = PostFactory(region=region)
    assert client.get(f"/panel/news/{post.pk}/delete/").status_code == 200
    response = client.post(f"/panel/news/{post.pk}/delete/")
    assert response["Location"] == "/panel/news/"
    assert not Post.objects.exists()


def test_fixed_pages_are_edited_per_region(client, editor, region):
    listing = client.get("/panel/pages/")
    assert listing.status_code == 200
    assert len(listing.context["rows"]) == 3  # no platform pages for a coordinator
    form = client.get("/panel/pages/lubelskie/accessibility-statement/")
    assert "Procedura wnioskowo-skargowa" in form.content.decode()
    response = client.post(
        "/panel/pages/lubelskie/accessibility-statement/",
        {"title": "Deklaracja dostępności", "body": "## Wstęp\n\nNasza deklaracja."},
    )
    assert response.status_code == 302
    page = Page.objects.get(region=region, slug="accessibility-statement")
    assert page.updated_by == editor
    public = client.get("/pages/accessibility-statement/", {"region": "lubelskie"})
    assert "Nasza deklaracja." in public.content.decode()
    assert client.get("/panel/pages/platform/privacy/").status_code == 404


def test_national_admin_edits_the_platform_pages(client, region):
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    response = client.post(
        "/panel/pages/platform/privacy/", {"title": "RODO", "body": "Administrator: operator."}
    )
    assert response.status_code == 302
    assert Page.objects.get(region__isnull=True, slug="privacy").title == "RODO"
