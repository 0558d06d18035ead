"""Who does something a service records: a signed-in user, an anonymous visitor (a public
form) or nobody (a command, a background job)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    # django-stubs' `_User` stands for AUTH_USER_MODEL (its mypy plugin expands it), so
    # core names the project's user type without importing the accounts context.
    from django.contrib.auth.models import AnonymousUser, _User

Actor: TypeAlias = "_User | AnonymousUser | None"


def user_or_none(actor: Actor) -> _User | None:
    """The user to record as the author of a row (created_by, history): None for an
    anonymous visitor or nobody."""
    if actor is not None and actor.is_authenticated:
        return actor
    return None


def record_history_user(instance: object, actor: Actor) -> None:
    """Tell django-simple-history who makes the next save of `instance`."""
    instance._history_user = user_or_none(actor)  # type: ignore[attr-defined]


def signed_in_user(actor: Actor) -> _User:
    """The user behind `actor`, for a change only a signed-in user can make (one recorded
    as its author in a required field)."""
    user = user_or_none(actor)
    if user is None:
        raise ValueError("Only a signed-in user can make this change.")
    return user
