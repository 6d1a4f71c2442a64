"""What the directory app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

LOCAL_BODY_UPDATE = register("directory.local_body.update", _("Local body details changed"))
