from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from koordynator.core.api import not_found_view

from .api import api

handler400 = "koordynator.core.errors.bad_request"
handler403 = "koordynator.core.errors.permission_denied"
handler404 = "koordynator.core.errors.page_not_found"
handler500 = "koordynator.core.errors.server_error"

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found_view),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("koordynator.core.urls")),
    path("", include("koordynator.accounts.urls")),
    path("", include("koordynator.registry.urls")),
    path("", include("koordynator.events.urls")),
    path("", include("koordynator.certification.urls")),
    path("", include("koordynator.municipalities.urls")),
    path("", include("koordynator.committee.urls")),
    path("", include("koordynator.networks.urls")),
    path("", include("koordynator.support.urls")),
    path("", include("koordynator.content.urls")),
    path("", include("koordynator.portal.urls")),
]

if settings.DEBUG:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
