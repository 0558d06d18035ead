from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .http import Request
from .preferences import CONTRASTS, TEXT_SIZES, DisplayPreferences

ONE_YEAR = 365 * 24 * 3600


@require_POST
def preferences(request: Request) -> HttpResponse:
    """Store the visitor's text size and contrast; works as a plain form without JavaScript."""
    current: DisplayPreferences = request.display
    text_size = request.POST.get("text", current.text_size)
    contrast = request.POST.get("contrast", current.contrast)
    chosen = DisplayPreferences(
        text_size=text_size if text_size in TEXT_SIZES else current.text_size,
        contrast=contrast if contrast in CONTRASTS else current.contrast,
    )
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        DisplayPreferences.COOKIE,
        chosen.to_cookie(),
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
