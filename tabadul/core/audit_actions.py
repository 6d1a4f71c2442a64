"""What the core app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

ADMIN_ADD = register("core.admin.add", _("Added in the administration"))
ADMIN_CHANGE = register("core.admin.change", _("Changed in the administration"))
ADMIN_DELETE = register("core.admin.delete", _("Deleted in the administration"))
ADMIN_PASSWORD = register("core.admin.password", _("Password set in the administration"))
