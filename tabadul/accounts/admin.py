from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from tabadul.core.admin import AuditedModelAdmin

from .forms import AdminSignInForm
from .models import RoleGrant, User

# The admin's sign-in says when the sign-in throttle (backends.py) refuses an attempt.
admin.site.login_form = AdminSignInForm


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["local_body"]
    exclude = ["granted_by"]


@admin.register(User)
class TabadulUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "full_name", "email", "local_body", "position", "is_active"]
    list_filter = ["is_active", "is_superuser", "role_grants__role"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["local_body"]
    inlines = [RoleGrantInline]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Local body"), {"fields": ["full_name", "local_body", "position"]}),
    ]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "local_body", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "local_body"]
