from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import Kpi, SdgGoal, SdgTarget


@admin.register(SdgGoal)
class SdgGoalAdmin(AuditedModelAdmin):
    list_display = ["number", "name_ar", "name_en"]


@admin.register(SdgTarget)
class SdgTargetAdmin(AuditedModelAdmin):
    list_display = ["code", "goal", "is_local", "parent"]
    list_filter = ["goal", "is_local"]
    search_fields = ["code", "text_ar", "text_en"]
    list_select_related = ["goal", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(Kpi)
class KpiAdmin(AuditedModelAdmin):
    list_display = ["code", "name_ar", "name_en", "source", "is_active", "position"]
    list_filter = ["is_active", "source"]
    search_fields = ["code", "name_ar", "name_en"]
