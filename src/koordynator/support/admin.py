from django.contrib import admin

from .models import (
    Accreditation,
    FoundingGroup,
    FundedJob,
    GrantAgreement,
    GrantLimit,
    SubregionPowiat,
    SupportRecord,
)


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    list_display = ["centre", "decision_number", "granted_on", "valid_until", "status"]
    list_filter = ["status"]
    raw_id_fields = ["centre"]


@admin.register(SubregionPowiat)
class SubregionPowiatAdmin(admin.ModelAdmin):
    list_display = ["centre", "powiat", "valid_from", "valid_to"]
    raw_id_fields = ["centre", "powiat"]


@admin.register(FoundingGroup)
class FoundingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "people_count", "entity", "registered_on"]
    raw_id_fields = ["centre", "powiat", "entity"]


@admin.register(SupportRecord)
class SupportRecordAdmin(admin.ModelAdmin):
    list_display = ["given_on", "centre", "kind", "hours", "people", "topic"]
    list_filter = ["kind"]
    raw_id_fields = ["centre", "event", "entities", "founding_group"]


@admin.register(GrantLimit)
class GrantLimitAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "max_jobs", "max_amount_per_job", "max_bridging_months"]


class FundedJobInline(admin.TabularInline):
    model = FundedJob
    extra = 0


@admin.register(GrantAgreement)
class GrantAgreementAdmin(admin.ModelAdmin):
    list_display = ["number", "centre", "entity", "signed_on", "amount_per_job"]
    raw_id_fields = ["centre", "entity"]
    inlines = [FundedJobInline]
