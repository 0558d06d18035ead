import pytest

from tests.factories import region_for

pytestmark = pytest.mark.django_db


def test_home_is_polish_and_shows_the_only_region(client):
    region_for("06", slug="lubelskie")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl"' in html
    assert response.context["current_region"].slug == "lubelskie"
    assert response.context["territory_counts"] == {"voivodeship": 1, "powiat": 24, "gmina": 213}
    assert "Przejdź do treści głównej" in html


def test_home_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to main content" in html


def test_region_choice_is_remembered_and_can_be_cleared(client):
    region_for("06", slug="lubelskie")
    region_for("12", slug="malopolskie")
    assert client.get("/").context["current_region"] is None
    assert (
        client.get("/", {"region": "malopolskie"}).context["current_region"].slug == "malopolskie"
    )
    assert client.get("/regions/").context["current_region"].slug == "malopolskie"
    assert client.get("/", {"region": "all"}).context["current_region"] is None
    assert client.get("/", {"region": "no-such"}).context["current_region"] is None


@pytest.mark.parametrize(
    ("posted", "html_class"),
    [
        ({"text": "larger"}, "text-size-larger"),
        ({"contrast": "high"}, "high-contrast"),
        ({"text": "huge"}, "text-size-normal"),
    ],
)
def test_display_preferences_work_without_javascript(client, posted, html_class):
    response = client.post("/preferences/", {**posted, "next": "/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/regions/"
    assert html_class in client.get("/regions/").content.decode().split("\n", 3)[2]


def test_preferences_never_redirect_off_site(client):
    response = client.post("/preferences/", {"text": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_missing_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


def test_static_assets_are_vendored(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "https://" not in html
