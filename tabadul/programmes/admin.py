from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import PilotMilestone, PilotProject, Programme, ProgrammeFunder, ProgrammePartner


class ProgrammeFunderInline(admin.TabularInline):
    """The programme's funders, lowest order first (the lead funder)."""

    model = ProgrammeFunder
    extra = 1
    fields = ["position", "organisation"]
    autocomplete_fields = ["organisation"]


class ProgrammePartnerInline(admin.TabularInline):
    """The programme's implementing partners, lowest order first (the lead partner)."""

    model = ProgrammePartner
    extra = 1
    fields = ["position", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "acronym", "starts_on", "ends_on"]
    search_fields = [
        "name_ar",
        "name_en",
        "acronym",
        "funders__name_ar",
        "funders__name_en",
        "funders__acronym",
        "partners__name_ar",
        "partners__name_en",
        "partners__acronym",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["countries"]
    inlines = [ProgrammeFunderInline, ProgrammePartnerInline]


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
