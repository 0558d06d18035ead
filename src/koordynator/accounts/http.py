"""The request of a view only signed-in users reach (behind login_required)."""

from __future__ import annotations

from koordynator.territory.http import Request

from .models import User


class AuthenticatedRequest(Request):
    user: User
