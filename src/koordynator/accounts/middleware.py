from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import has_staff_role

# Paths a staff user without TOTP may still open: setting up TOTP, logging out, assets.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/preferences/", "/api/")


class RequireStaffTwoFactorMiddleware:
    """With KOORDYNATOR_REQUIRE_STAFF_2FA on, staff must set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.KOORDYNATOR_REQUIRE_STAFF_2FA
            and request.user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and has_staff_role(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
