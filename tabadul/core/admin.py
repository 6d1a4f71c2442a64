"""The Django admin: read-only for domain data, audited for reference data (docs/decisions/009-admin-read-only.md).

Every registered ModelAdmin derives from one of the two classes below (`core/tests/test_admin.py` fails otherwise):

- `ReadOnlyModelAdmin` — the default. The site's own pages change these rows through the services, which check the
  permission, validate, audit, notify and keep caches and versions current; the admin only shows them. Its inlines
  are read-only too.
- `AuditedModelAdmin` — reference data that no page of the site changes (places, SDG goals and targets, KPIs,
  programmes, hubs, question topics, organisations, accounts). Every add and change, inline rows and many-to-many
  fields included, writes an audit record in the same transaction; nothing is deleted. A subclass that writes
  through a service (the role grants) overrides `save_model` / `delete_model` and lets the service write the record.
"""

from functools import cache

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import audit
from .audit_actions import ADMIN_ADD, ADMIN_CHANGE, ADMIN_DELETE, ADMIN_PASSWORD
from .models import AuditEvent
from .services import audit_record

admin.site.site_header = _("Tabadul administration")
admin.site.site_title = _("Tabadul")
admin.site.index_title = _("Platform data")

# Form fields whose values never go into the audit trail (only that they changed).
SECRET_FIELDS = {"password", "password1", "password2", "usable_password"}


class ReadOnlyMixin:
    """No add, change or delete: the admin shows the rows, the site's pages change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@cache
def _read_only_inline(inline_class):
    return type(inline_class.__name__, (ReadOnlyMixin, inline_class), {"__module__": inline_class.__module__})


class ReadOnlyModelAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Domain data: superusers read it here; it is changed only on the site's pages, through the services."""

    def get_inlines(self, request, obj):
        return [_read_only_inline(inline) for inline in super().get_inlines(request, obj)]


def _value(value):
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, list | tuple) and value and isinstance(value[0], models.Model):
        return sorted(item.pk for item in value)
    return value


def form_changes(form) -> dict:
    """{field: [old, new]} for the fields the admin form changed; secrets only say that they changed."""
    changes = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS:
            changes[name] = "changed"
            continue
        changes[name] = [_value(form.initial.get(name)), _value(form.cleaned_data.get(name))]
    return changes


class AuditedModelAdmin(admin.ModelAdmin):
    """Reference data no page of the site changes: each write, inline rows included, is recorded in the audit trail
    (action `core.admin.add|change|delete|password`, the object as target, `{field: [old, new]}` as changes)."""

    @staticmethod
    def audit(request, verb: str, obj, changes: dict | None = None) -> None:
        action = {"add": ADMIN_ADD, "change": ADMIN_CHANGE, "delete": ADMIN_DELETE, "password": ADMIN_PASSWORD}[verb]
        audit_record(actor=request.user, action=action, target=obj, changes=changes)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.audit(request, "change" if change else "add", obj, form_changes(form))

    def save_formset(self, request, form, formset, change):
        """Inline rows: each added, changed and deleted row gets its own record."""
        formset.save(commit=False)
        forms = {id(inline_form.instance): inline_form for inline_form in formset.forms}
        for obj in formset.deleted_objects:
            self.audit(request, "delete", obj, {"parent": [form.instance._meta.model_name, form.instance.pk]})
            obj.delete()
        for obj in formset.new_objects:
            obj.save()
            self.audit(request, "add", obj, form_changes(forms[id(obj)]))
        for obj, _fields in formset.changed_objects:
            obj.save()
            self.audit(request, "change", obj, form_changes(forms[id(obj)]))
        formset.save_m2m()

    def has_delete_permission(self, request, obj=None):
        # Reference rows are corrected, never deleted: rows across the site point to them, and a delete would take
        # those with it. A subclass that deletes through a service (role grants) allows it.
        return False

    def delete_model(self, request, obj):
        self.audit(request, "delete", obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.audit(request, "delete", obj)
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
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "actor", "action_label", "target_type", "target_repr"]
    list_filter = [AuditActionFilter, "target_type"]
    search_fields = ["action", "target_repr", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, event):
        return event.action_label


# The other apps' admins follow the same rule. Permissions are django-rules predicates and roles are RoleGrant rows,
# so Django's groups are unused; the task results of django-tasks-db are only shown.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyModelAdmin, DBTaskResultAdmin):
    pass
