"""The secret of a registration's link (state page, cancellation).

The link carries an HMAC of the registration's id and its random `secret`, keyed by the
site's SECRET_KEY: the database alone does not give the links away, the link can be
written again in a later e-mail (a promotion from the waiting list), and replacing the
secret revokes it. Old keys in SECRET_KEY_FALLBACKS still verify, as Django's password
reset tokens do.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Registration

_SALT = "koordynator.events.registration"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _token(registration: Registration, key: str) -> str:
    value = f"{registration.pk}:{registration.secret}"
    return salted_hmac(_SALT, value, secret=key, algorithm="sha256").hexdigest()[:40]


def registration_token(registration: Registration) -> str:
    return _token(registration, settings.SECRET_KEY)


def token_matches(registration: Registration, token: str) -> bool:
    if not token or not registration.secret:
        return False
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(_token(registration, key), token) for key in keys)
