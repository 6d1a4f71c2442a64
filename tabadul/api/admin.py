from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "body", "prefix", "created_by", "created_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "body__name_ar", "body__name_en"]
    readonly_fields = ["prefix", "created_by", "revoked_by", "revoked_at", "last_used_at"]
    autocomplete_fields = ["body"]
