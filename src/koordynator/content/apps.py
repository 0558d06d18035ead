from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "koordynator.content"
    label = "content"
    verbose_name = _("News and pages of the public portal")
