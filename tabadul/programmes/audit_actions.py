"""What the programmes app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

PROGRAMME_PAGE_UPDATE = register("programmes.programme.page_update", _("Programme page changed"))
PILOT_CREATE = register("programmes.pilot.create", _("Pilot project created"))
PILOT_UPDATE = register("programmes.pilot.update", _("Pilot project changed"))
MILESTONE_ADD = register("programmes.pilot_milestone.add", _("Pilot milestone added"))
MILESTONE_UPDATE = register("programmes.pilot_milestone.update", _("Pilot milestone changed"))
