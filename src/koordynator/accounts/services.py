"""Writes about users, organisations, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from koordynator.core.actors import Actor
from koordynator.core.audit import audit_log
from koordynator.territory.models import Region, TerritorialUnit

from .enums import Role
from .models import ApiToken, Membership, Organisation, User

TOKEN_PREFIX = "kdn_"  # noqa: S105 (the public prefix of every token, not a secret)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def user_create(
    *, email: str, full_name: str = "", password: str | None = None, actor: Actor = None
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    audit_log(
        actor=actor, action="accounts.user.created", target=user, changes={"email": user.email}
    )
    return user


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    region: Region | None,
    territorial_unit: TerritorialUnit | None = None,
    email: str = "",
    is_fictional: bool = False,
    actor: Actor = None,
) -> Organisation:
    organisation = Organisation.objects.create(
        name=name,
        kind=kind,
        region=region,
        territorial_unit=territorial_unit,
        email=email,
        is_fictional=is_fictional,
    )
    audit_log(
        actor=actor,
        action="accounts.organisation.created",
        target=organisation,
        region_code=region.code if region else "",
        changes={"name": name, "kind": kind},
    )
    return organisation


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: str,
    region: Region | None = None,
    organisation: Organisation | None = None,
    actor: Actor = None,
) -> Membership:
    """Give `user` a role. Regional roles take the organisation's region when none is given."""
    if region is None and organisation is not None:
        region = organisation.region
    if role == Role.NATIONAL_ADMIN:
        region = None
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, region=region, organisation=organisation
    )
    if created:
        audit_log(
            actor=actor,
            action="accounts.membership.granted",
            target=membership,
            region_code=region.code if region else "",
            changes={"user": user.email, "role": role},
        )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: Actor = None) -> None:
    audit_log(
        actor=actor,
        action="accounts.membership.revoked",
        target=membership,
        region_code=membership.region.code if membership.region else "",
        changes={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def api_token_issue(*, user: User, name: str, actor: Actor = None) -> tuple[ApiToken, str]:
    """Create a token for `user`. Returns the token and its key, which is never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", prefix=key[:12], key_hash=hash_token(key)
    )
    audit_log(
        actor=actor or user,
        action="accounts.token.issued",
        target=token,
        changes={"user": user.email, "name": token.name},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="accounts.token.revoked", target=token)
    return token


def api_token_authenticate(*, key: str) -> User | None:
    """The active user a bearer key belongs to, or None. Notes when the token was last used."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
