from django.contrib import admin
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from . import audit
from .audit_actions import ADMIN_ADD, ADMIN_CHANGE, ADMIN_DELETE
from .models import AuditEvent
from .services import audit_record

admin.site.site_header = _("Tabadul administration")
admin.site.site_title = _("Tabadul")
admin.site.index_title = _("Platform data")


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits are writes too: each save and delete is recorded in the audit trail."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes = {name: model_to_dict(obj, fields=[name]).get(name) for name in form.changed_data}
        audit_record(actor=request.user, action=ADMIN_CHANGE if change else ADMIN_ADD, target=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=ADMIN_DELETE, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action=ADMIN_DELETE, target=obj)
        super().delete_queryset(request, queryset)


class AuditActionFilter(admin.SimpleListFilter):
    """Filter the audit trail by action: the registered actions (core/audit.py), by their translated labels."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(str(action), action.label) for action in audit.all_actions()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "target_type", "target_repr"]
    list_filter = [AuditActionFilter, "target_type"]
    search_fields = ["action", "target_repr", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event):
        return event.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
