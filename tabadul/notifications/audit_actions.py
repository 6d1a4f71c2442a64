"""What the notifications app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

PREFERENCES_UPDATE = register("notifications.preferences.update", _("E-mail preferences changed"))
