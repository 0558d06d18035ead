import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache

from koordynator.accounts.enums import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_login_by_email_lands_on_the_panel(client):
    user = UserFactory(email="anna@koordynator.example")
    response = client.post(
        "/accounts/login/", {"login": "Anna@Koordynator.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/panel/"
    assert client.get("/panel/").context["user"] == user


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="anna@koordynator.example")
    response = client.post(
        "/accounts/login/", {"login": "anna@koordynator.example", "password": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_password_guessing_is_throttled(client):
    UserFactory(email="anna@koordynator.example")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "anna@koordynator.example", "password": "guess"})
    response = client.post(
        "/accounts/login/", {"login": "anna@koordynator.example", "password": PASSWORD}
    )
    # Even the right password is refused until the window passes.
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_password_reset_sends_an_email(client):
    UserFactory(email="anna@koordynator.example")
    response = client.post("/accounts/password/reset/", {"email": "anna@koordynator.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@koordynator.example"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_no_open_sign_up(client):
    response = client.get("/accounts/signup/")
    assert (
        "signup_closed" in response.templates[0].name
        or response.status_code != 200
        or b"zamkni" in response.content.lower()
        or response.context.get("form") is None
    )


@pytest.mark.parametrize(
    ("role", "redirected"),
    [
        (Role.NATIONAL_ADMIN, True),
        (Role.REGIONAL_COORDINATOR, True),
        (Role.SUPPORT_CENTRE_STAFF, True),
        (Role.ENTITY_REPRESENTATIVE, False),
        (Role.LOCAL_GOVERNMENT_OFFICER, False),
    ],
)
def test_staff_must_set_up_totp_when_required(client, settings, role, redirected):
    settings.KOORDYNATOR_REQUIRE_STAFF_2FA = True
    user = user_with_role(role)
    client.force_login(user)
    response = client.get("/panel/")
    if redirected:
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
        assert client.get("/panel/").status_code == 200
    else:
        assert response.status_code == 200


def test_totp_not_required_by_default(client):
    client.force_login(user_with_role(Role.REGIONAL_COORDINATOR))
    assert client.get("/panel/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/password/change/"]
)
def test_security_pages_render_in_the_site_layout(client, path):
    # A real login: setting up TOTP asks for a recent one.
    UserFactory(email="anna@koordynator.example")
    client.post("/accounts/login/", {"login": "anna@koordynator.example", "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get(path)
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]


def test_admin_opens_for_the_national_administrator(client):
    user = user_with_role(Role.NATIONAL_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    for path in [
        "/admin/",
        "/admin/territory/territorialunit/",
        "/admin/core/auditentry/",
        "/admin/accounts/user/",
    ]:
        assert client.get(path).status_code == 200, path


def test_totp_set_up_asks_for_the_password_then_shows_the_qr_code(client):
    user = UserFactory(email="anna@koordynator.example")
    client.force_login(user)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "base.html" in [t.name for t in page.templates]
    assert "<svg" in page.context["totp_svg"]
