from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "koordynator.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Region
        from .selectors import forget_served_regions

        # However a region changes (a service, the admin, a data migration), requests see it.
        for signal in (post_save, post_delete):
            signal.connect(forget_served_regions, sender=Region)
