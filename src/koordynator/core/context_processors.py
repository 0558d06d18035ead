from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "display": getattr(request, "display", None),
        "current_region": getattr(request, "region", None),
        "debug": settings.DEBUG,
    }
