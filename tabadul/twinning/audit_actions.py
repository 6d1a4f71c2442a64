"""What the twinning app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

NETWORK_CREATE = register("twinning.network.create", _("Learning network created"))
NETWORK_UPDATE = register("twinning.network.update", _("Learning network changed"))
CRITERION_ADD = register("twinning.criterion.add", _("Assessment criterion added"))
GROUP_CREATE = register("twinning.group.create", _("Twinning group formed"))
GROUP_UPDATE = register("twinning.group.update", _("Twinning group changed"))
GROUP_END = register("twinning.group.end", _("Twinning group ended"))
MILESTONE_CREATE = register("twinning.milestone.create", _("Twinning milestone added"))
MILESTONE_UPDATE = register("twinning.milestone.update", _("Twinning milestone changed"))
MILESTONE_STATUS = register("twinning.milestone.status", _("Twinning milestone moved on"))
DOCUMENT_UPLOAD = register("twinning.document.upload", _("Document shared with the group"))
MEETING_SCHEDULE = register("twinning.meeting.schedule", _("Group meeting scheduled"))
ASSESSMENT_CREATE = register("twinning.assessment.create", _("Self-assessment started"))
ASSESSMENT_UPDATE = register("twinning.assessment.update", _("Self-assessment changed"))
REVIEW_SAVE = register("twinning.review.save", _("Quarterly review of a group saved"))
STRATEGY_SECTION_SAVE = register("twinning.strategy_section.save", _("LED strategy section changed"))
