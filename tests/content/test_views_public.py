"""Public pages: news list, post, gallery, files, RSS feeds and fixed pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koordynator.content import services
from koordynator.content.models import Page
from tests.factories import region_for
from tests.factories.content import PageFactory, PostFactory, TagFactory, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def with_gallery(post, coordinator, count=2):
    for n in range(count):
        services.post_image_add(
            post=post,
            upload=SimpleUploadedFile(f"{n}.jpg", image_bytes()),
            alt_text=f"Uczestnicy spotkania, zdjęcie {n + 1}",
            caption="Sesja otwierająca" if n == 0 else "",
            actor=coordinator,
        )
    return services.post_document_add(
        post=post,
        upload=SimpleUploadedFile("regulamin.pdf", pdf_bytes()),
        file_name="Regulamin rekrutacji.pdf",
        title="Regulamin rekrutacji",
        actor=coordinator,
    )


def test_news_list_shows_public_posts_newest_first(client, region):
    old = PostFactory(region=region, published_at=timezone.now() - timedelta(days=5))
    new = PostFactory(region=region)
    draft = PostFactory(region=region, draft=True)
    scheduled = PostFactory(region=region, scheduled=True)
    response = client.get("/news/")
    assert response.status_code == 200
    assert list(response.context["page"]) == [new, old]
    html = response.content.decode()
    assert draft.title not in html
    assert scheduled.title not in html
    assert "<h1" in html
    assert "Aktualności" in html


def test_news_list_is_scoped_to_the_chosen_region(client, region, other_region):
    own = PostFactory(region=region)
    other = PostFactory(region=other_region)
    assert list(client.get("/news/", {"region": "lubelskie"}).context["page"]) == [own]
    everyone = client.get("/news/", {"region": "all"}).context["page"]
    assert set(everyone) == {own, other}


def test_news_list_filters_by_tag_and_lists_topics(client, region):
    rkres = TagFactory(name="RKRES", slug="rkres")
    fairs = TagFactory(name="targi", slug="targi")
    tagged = PostFactory(region=region, tags=[rkres])
    PostFactory(region=region, tags=[fairs])
    PostFactory(region=region, draft=True, tags=[fairs])
    response = client.get("/news/", {"tag": "rkres"})
    assert list(response.context["page"]) == [tagged]
    assert [(t.name, t.post_count) for t in response.context["tags"]] == [
        ("RKRES", 1),
        ("targi", 1),
    ]
    assert 'aria-current="true"' in response.content.decode()


def test_news_list_pages_by_ten(client, region):
    for n in range(12):
        PostFactory(region=region, published_at=timezone.now() - timedelta(hours=n + 1))
    first = client.get("/news/")
    assert len(first.context["page"]) == 10
    assert len(client.get("/news/", {"page": 2}).context["page"]) == 2
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_news_list_queries_do_not_grow_with_posts(
    client, region, django_assert_max_num_queries, count
):
    for _ in range(count):
        PostFactory(region=region, tags=[TagFactory(name="RKRES", slug="rkres")])
    client.get("/news/")  # session and region lookups settle
    with django_assert_max_num_queries(8):
        client.get("/news/")


def test_post_page_has_accessible_gallery_and_attachments(client, region, coordinator):
    post = PostFactory(region=region, body="## Program\n\n- warsztaty\n\n<script>alert(1)</script>")
    document = with_gallery(post, coordinator)
    response = client.get(f"/news/lubelskie/{post.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{post.title}</h1>" in html
    assert "<h2>Program</h2>" in html
    assert "<script>alert" not in html
    assert 'alt="Uczestnicy spotkania, zdjęcie 1"' in html
    assert "<figcaption>Sesja otwierająca</figcaption>" in html
    assert html.count('<figure class="gallery-item">') == 2
    assert f'href="/news/lubelskie/{post.slug}/photos/2/"' in html
    assert f"/news/files/document/{document.pk}/Regulamin%20rekrutacji.pdf" in html
    assert "(PDF, " in html


def test_photo_page_links_to_neighbours(client, region, coordinator):
    post = PostFactory(region=region)
    with_gallery(post, coordinator, count=3)
    html = client.get(f"/news/lubelskie/{post.slug}/photos/2/").content.decode()
    assert 'alt="Uczestnicy spotkania, zdjęcie 2"' in html
    assert f'href="/news/lubelskie/{post.slug}/photos/1/" rel="prev"' in html
    assert f'href="/news/lubelskie/{post.slug}/photos/3/" rel="next"' in html
    assert client.get(f"/news/lubelskie/{post.slug}/photos/4/").status_code == 404


def test_files_of_a_public_post_are_served(client, region, coordinator):
    post = PostFactory(region=region)
    document = with_gallery(post, coordinator)
    image = post.images.first()
    photo = client.get(f"/news/files/photo/{image.pk}/small/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert "public" in photo["Cache-Control"]
    pdf = client.get(f"/news/files/document/{document.pk}/x.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert 'filename="Regulamin rekrutacji.pdf"' in pdf["Content-Disposition"]


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_the_public_cannot_see_drafts_or_scheduled_posts_nor_their_files(
    client, region, coordinator, trait
):
    post = PostFactory(region=region, **{trait: True})
    document = with_gallery(post, coordinator)
    image = post.images.first()
    assert client.get(f"/news/lubelskie/{post.slug}/").status_code == 404
    assert client.get(f"/news/lubelskie/{post.slug}/photos/1/").status_code == 404
    assert client.get(f"/news/files/photo/{image.pk}/large/").status_code == 404
    assert client.get(f"/news/files/document/{document.pk}/x.pdf").status_code == 404
    client.force_login(coordinator)
    staff_view = client.get(f"/news/files/photo/{image.pk}/large/")
    assert staff_view.status_code == 200
    assert "no-store" in staff_view["Cache-Control"]


def test_unknown_post_and_cover_answer_404(client, region):
    post = PostFactory(region=region)
    assert client.get("/news/lubelskie/no-such-post/").status_code == 404
    assert client.get(f"/news/malopolskie/{post.slug}/").status_code == 404
    assert client.get(f"/news/files/cover/{post.pk}/large/").status_code == 404  # no cover


# --- RSS -------------------------------------------------------------------------------------


def parse_rss(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root


def test_region_feed_is_valid_rss_with_public_posts_only(client, region, other_region):
    tag = TagFactory(name="RKRES", slug="rkres")
    newest = PostFactory(region=region, title="Posiedzenie RKRES", tags=[tag])
    older = PostFactory(region=region, published_at=timezone.now() - timedelta(days=3))
    PostFactory(region=region, draft=True)
    PostFactory(region=region, scheduled=True)
    PostFactory(region=other_region)
    channel = parse_rss(client.get("/news/lubelskie/feed/")).find("channel")
    assert channel is not None
    assert "ROPS lubelskie" in channel.findtext("title")
    assert channel.findtext("link") == "http://testserver/news/?region=lubelskie"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [newest.title, older.title]
    first = items[0]
    assert first.findtext("link") == f"http://testserver/news/lubelskie/{newest.slug}/"
    assert first.findtext("description") == newest.lead
    assert first.findtext("pubDate")
    assert [c.text for c in first.findall("category")] == ["RKRES"]


def test_feed_of_every_region_and_unknown_region(client, region, other_region):
    PostFactory(region=region)
    PostFactory(region=other_region)
    items = parse_rss(client.get("/news/feed/")).findall("channel/item")
    assert len(items) == 2
    assert client.get("/news/no-such-region/feed/").status_code == 404


def test_pages_link_the_feed_in_the_head(client, region):
    html = client.get("/", {"region": "lubelskie"}).content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'href="/news/lubelskie/feed/"' in head


# --- Fixed pages -----------------------------------------------------------------------------


def test_footer_and_nav_link_the_fixed_pages_and_news(client, region):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    for url, text in [
        ("/pages/accessibility-statement/", "Deklaracja dostępności"),
        ("/pages/privacy/", "Ochrona danych osobowych"),
        ("/pages/contact/", "Kontakt"),
    ]:
        assert f'href="{url}">{text}</a>' in footer
    assert 'href="/news/"' in html.split("</nav>")[0]


def test_accessibility_statement_exists_on_a_fresh_platform(client, region):
    Page.objects.all().delete()
    response = client.get("/pages/accessibility-statement/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Deklaracja dostępności</h1>" in html
    for heading in ["Wstęp", "Procedura wnioskowo-skargowa", "Dostępność architektoniczna"]:
        assert f"<h2>{heading}</h2>" in html


def test_region_page_replaces_the_platform_page(client, region):
    PageFactory(region=region, slug="contact", title="Kontakt z ROPS", body="tel. 81 000 00 00")
    html = client.get("/pages/contact/", {"region": "lubelskie"}).content.decode()
    assert "<h1>Kontakt z ROPS</h1>" in html
    region_for("12", slug="malopolskie")
    other = client.get("/pages/contact/", {"region": "malopolskie"}).content.decode()
    assert "Kontakt z ROPS" not in other
    assert client.get("/pages/no-such-page/").status_code == 404


@pytest.mark.parametrize(
    ("slug", "title", "heading"),
    [
        ("accessibility-statement", "Accessibility statement", "Request and complaint procedure"),
        ("privacy", "Personal data protection", "Your rights"),
        ("contact", "Contact", "Social economy coordination"),
    ],
)
def test_fixed_pages_with_their_default_text_read_in_english(client, region, slug, title, heading):
    html = client.get(f"/pages/{slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"<h2>{heading}</h2>" in html
    assert "Wstęp" not in html
    assert "Administrator danych" not in html


def test_a_page_staff_wrote_stays_as_written_in_english(client, region):
    PageFactory(region=region, slug="contact", title="Kontakt z ROPS", body="tel. 81 000 00 00")
    html = client.get(
        "/pages/contact/", {"region": "lubelskie"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>Kontakt z ROPS</h1>" in html
