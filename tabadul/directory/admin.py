from django.contrib import admin

from tabadul.core.admin import AuditedModelAdmin

from .models import Country, Governorate, LocalBody, Organisation, Region


@admin.register(Country)
class CountryAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "code"]
    search_fields = ["name_ar", "name_en", "code"]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "code", "country", "position"]
    list_filter = ["country"]


@admin.register(Governorate)
class GovernorateAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "code", "country", "region"]
    list_filter = ["country", "region"]
    search_fields = ["name_ar", "name_en"]


@admin.register(LocalBody)
class LocalBodyAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "type", "governorate", "region", "country"]
    list_filter = ["type", "country", "region", "governorate"]
    search_fields = ["name_ar", "name_en", "search_name"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["governorate", "region", "country"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name_ar", "name_en", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_ar", "name_en", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["staff"]
    list_select_related = ["country"]
