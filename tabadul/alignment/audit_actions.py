"""What the alignment app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

TAGS_SET = register("alignment.tags.set", _("SDG and KPI alignment changed"))
