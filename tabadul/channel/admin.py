from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import Item


@admin.register(Item)
class ItemAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "hub", "programme", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
