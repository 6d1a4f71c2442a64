"""What the programmes app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

PROGRAMME_PAGE_UPDATE = register("programmes.programme.page_update", _("Programme page changed"))
