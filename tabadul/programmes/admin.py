from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import PilotMilestone, PilotProject, Programme


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "acronym", "starts_on", "ends_on"]
    search_fields = ["name_ar", "name_en", "acronym", "funders_ar", "funders_en", "partners_ar", "partners_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["countries"]


class PilotMilestoneInline(admin.TabularInline):
    model = PilotMilestone
    extra = 0
    fields = ["position", "title_ar", "title_en", "due_on", "done_on"]


@admin.register(PilotProject)
class PilotProjectAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "programme", "status", "starts_on", "ends_on"]
    list_filter = ["programme", "status"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["bodies", "partners"]
    list_select_related = ["programme"]
    inlines = [PilotMilestoneInline]
