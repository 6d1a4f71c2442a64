from django.contrib import admin

from tabadul.core.admin import ReadOnlyModelAdmin

from .models import Notification, Preferences


@admin.register(Notification)
class NotificationAdmin(ReadOnlyModelAdmin):
    list_display = ["recipient", "kind", "subject", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__email"]
    raw_id_fields = ["recipient"]


@admin.register(Preferences)
class PreferencesAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "email"]
    raw_id_fields = ["user"]
