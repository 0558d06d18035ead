import io

import pytest
from django.core.management import CommandError, call_command

from koordynator.accounts.enums import Role
from koordynator.accounts.models import ApiToken
from koordynator.accounts.services import api_token_issue, api_token_revoke
from koordynator.core.models import AuditEntry
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_issue_token_command_prints_a_working_key(client):
    user = user_with_role(Role.REGIONAL_COORDINATOR)
    out = io.StringIO()
    call_command("issue_token", user.email.upper(), stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("kdn_")
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["memberships"][0]["role"] == "regional_coordinator"
    token = ApiToken.objects.get(user=user)
    assert token.key_hash != key
    assert key not in token.prefix + token.key_hash
    assert token.last_used_at is not None


def test_issue_token_for_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="No active user"):
        call_command("issue_token", "nobody@example.org")


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Bearer kdn_wrong", "Basic abc"])
def test_missing_or_bad_token_is_401_problem(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/me", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_revoked_token_and_inactive_user_are_refused(client):
    user = UserFactory()
    token, key = api_token_issue(user=user, name="script")
    api_token_revoke(token=token, actor=user)
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401
    _, other_key = api_token_issue(user=user, name="second")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", **bearer(other_key)).status_code == 401
    assert list(
        AuditEntry.objects.filter(object_type="accounts.apitoken")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "accounts.token.issued",
        "accounts.token.revoked",
        "accounts.token.issued",
    ]


def test_profile_page_issues_a_token_shown_once_and_revokes_it(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/profile/", {"name": "raport OWES"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("kdn_")
    assert key in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    again = client.get("/profile/")
    assert key not in again.content.decode()
    token = ApiToken.objects.get(user=user)
    client.post(f"/profile/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_profile_form_error_is_shown_and_nothing_is_issued(client):
    client.force_login(UserFactory())
    response = client.post("/profile/", {"name": ""})
    assert response.context["form"].errors["name"]
    assert ApiToken.objects.count() == 0


def test_nobody_revokes_another_users_token(client):
    token, _ = api_token_issue(user=UserFactory(), name="theirs")
    client.force_login(UserFactory())
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
