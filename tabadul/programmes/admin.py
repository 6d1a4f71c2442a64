from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import Programme


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "acronym", "starts_on", "ends_on"]
    search_fields = ["name_ar", "name_en", "acronym", "funders_ar", "funders_en", "partners_ar", "partners_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["countries"]
