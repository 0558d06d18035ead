"""Reads about users: their roles, and what regions and organisations they may see."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet

from koordynator.territory.models import Region

from .enums import STAFF_ROLES, Role
from .models import ApiToken, Membership, Organisation


def memberships_of(user: Any) -> list[Membership]:
    """The user's memberships, loaded once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, "_koordynator_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related(
                "region__voivodeship", "organisation"
            )
        )
        user._koordynator_memberships = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {membership.role for membership in memberships_of(user)}


def is_national_admin(user: Any) -> bool:
    return Role.NATIONAL_ADMIN in roles_of(user)


def has_staff_role(user: Any) -> bool:
    return bool(roles_of(user) & STAFF_ROLES)


def region_ids_with_role(user: Any, roles: Collection[str]) -> set[int]:
    return {
        membership.region_id
        for membership in memberships_of(user)
        if membership.role in roles and membership.region_id is not None
    }


def support_centre_organisation_ids(user: Any) -> set[int]:
    """The support centres the user works for as support centre staff."""
    return {
        m.organisation_id
        for m in memberships_of(user)
        if m.role == Role.SUPPORT_CENTRE_STAFF and m.organisation_id is not None
    }


def staff_region_ids(user: Any) -> set[int] | None:
    """Regions whose records the user works on as staff; None means every region."""
    if is_national_admin(user):
        return None
    return region_ids_with_role(user, STAFF_ROLES)


def regions_for_staff(user: Any) -> QuerySet[Region]:
    regions = Region.objects.select_related("voivodeship")
    region_ids = staff_region_ids(user)
    return regions if region_ids is None else regions.filter(pk__in=region_ids)


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Staff see their regions' organisations; others only their own."""
    organisations = Organisation.objects.select_related("region__voivodeship", "territorial_unit")
    region_ids = staff_region_ids(user)
    if region_ids is None:
        return organisations
    own = {m.organisation_id for m in memberships_of(user) if m.organisation_id is not None}
    return organisations.filter(region_id__in=region_ids) | organisations.filter(pk__in=own)


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
