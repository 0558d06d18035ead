from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChangeProposal, Entity, ImportBatch, OfferTag, Sector, SocialEnterpriseStatus


class SocialEnterpriseStatusInline(admin.TabularInline):
    model = SocialEnterpriseStatus
    extra = 0


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "status", "is_public", "is_social_enterprise"]
    list_filter = ["region", "kind", "status", "is_public", "is_social_enterprise"]
    search_fields = ["name", "nip", "regon", "krs"]
    raw_id_fields = ["gmina", "support_centre", "organisation"]
    inlines = [SocialEnterpriseStatusInline]


admin.site.register(Sector)
admin.site.register(OfferTag)
admin.site.register(ChangeProposal)
admin.site.register(ImportBatch)
