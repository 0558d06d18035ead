"""Bearer-token authentication for the API."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()


def public_or_token(request: HttpRequest) -> Any:
    """Lets anonymous callers in (they get public data) but honours a valid token."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return token_auth(request)
    return True
