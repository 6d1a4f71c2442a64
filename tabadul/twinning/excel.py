"""The network overview as an Excel workbook: one row per group, the same figures as the overview page."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.core import exports
from tabadul.core.exports import Column

from . import selectors


def _names(items) -> str:
    return "، ".join(items)


def overview_columns() -> list[Column]:
    return [
        Column(_("Twinning group"), "name", 40),
        Column(_("Member bodies"), lambda group: _names(body.name for body in group.member_list), 50),
        Column(_("Countries"), lambda group: _names(sorted({body.country.name for body in group.member_list})), 25),
        Column(_("Theme"), lambda group: group.get_theme_display(), 35),
        Column(_("Status"), lambda group: group.get_status_display(), 12),
        Column(_("Facilitator"), "facilitator.display_name", 25),
        Column(_("Starts on"), "starts_on", 12),
        Column(_("Ends on"), "ends_on", 12),
        Column(_("Milestones"), "milestone_count", 10),
        Column(_("Done"), "done_count", 10),
        Column(_("Overdue milestones"), "overdue_count", 12),
        Column(_("Not done when the group ended"), "not_done_at_end_count", 14),
        Column(_("Last activity"), "last_activity_at", 20),
    ]


def network_overview_sheet(*, network, today=None) -> exports.Sheet:
    today = today or timezone.localdate()
    return exports.Sheet.of(
        _("Groups"),
        overview_columns(),
        selectors.network_overview_rows(network=network, today=today),
        above=[[network.name], [network.facilitating_organisation, today]],
    )
