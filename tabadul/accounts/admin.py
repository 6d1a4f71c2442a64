from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tabadul.core.admin import AuditedModelAdmin

from .forms import AdminSignInForm
from .models import RoleGrant, User
from .services import role_grant, role_revoke

# The admin's sign-in says when the sign-in throttle (backends.py) refuses an attempt.
admin.site.login_form = AdminSignInForm


class RoleGrantInline(admin.TabularInline):
    """Shown on the person's page; roles are given and withdrawn on the role grants' page (through the services)
    or on a body's people page."""

    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "local_body", "programme", "granted_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class TabadulUserAdmin(AuditedModelAdmin, UserAdmin):
    """Accounts: activation, staff and superuser status, names, e-mail, password, audited. A person's body and
    position change through join requests and the body's people page, so they are read-only here. Accounts are
    deactivated, never deleted (their contributions stay attributed)."""

    list_display = ["username", "full_name", "email", "local_body", "position", "is_active"]
    list_filter = ["is_active", "is_superuser", "role_grants__role"]
    search_fields = ["username", "full_name", "email"]
    readonly_fields = ["local_body", "position", "last_login", "date_joined"]
    inlines = [RoleGrantInline]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Local body"), {"fields": ["full_name", "local_body", "position"]}),
    ]

    @transaction.atomic
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            self.audit(request, "password", self.get_object(request, id), {"password": "changed"})
        return response


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedModelAdmin):
    """Roles are given and withdrawn through `role_grant` / `role_revoke` (which check who may and write the audit
    record); a grant is never edited in place."""

    list_display = ["user", "role", "local_body", "programme", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "local_body"]
    fields = ["user", "role", "local_body", "programme"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_model(self, request, obj, form, change):
        grant = role_grant(
            actor=request.user, user=obj.user, role=obj.role, local_body=obj.local_body, programme=obj.programme
        )
        obj.pk = grant.pk

    def delete_model(self, request, obj):
        role_revoke(actor=request.user, grant=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for grant in queryset:
            role_revoke(actor=request.user, grant=grant)
