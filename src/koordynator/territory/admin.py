from django.contrib import admin

from .models import Place, Region, TerritorialUnit


@admin.register(TerritorialUnit)
class TerritorialUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "gmina_type", "location_source", "is_active"]
    list_filter = ["level", "gmina_type", "location_source", "is_active"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
    readonly_fields = ["name_folded"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "voivodeship_code", "powiat", "population"]
    list_filter = ["voivodeship_code"]
    search_fields = ["name", "name_folded"]
    raw_id_fields = ["powiat"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["voivodeship", "slug", "coordinator_name"]
    raw_id_fields = ["voivodeship"]
