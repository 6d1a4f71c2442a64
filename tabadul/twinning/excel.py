"""The network overview as an Excel workbook: one row per group, the same figures as the overview page."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.core import exports

from . import selectors


def overview_headers() -> list[str]:
    return [
        _("Group"),
        _("Member bodies"),
        _("Countries"),
        _("Theme"),
        _("Status"),
        _("Facilitator"),
        _("Starts on"),
        _("Ends on"),
        _("Milestones"),
        _("Done"),
        _("Overdue milestones"),
        _("Last activity"),
    ]


def network_overview_xlsx(*, network, today=None) -> bytes:
    today = today or timezone.localdate()
    rows = (
        [
            group.name,
            "، ".join(body.name for body in group.member_list),
            "، ".join(sorted({body.country.name for body in group.member_list})),
            group.get_theme_display(),
            group.get_status_display(),
            group.facilitator.display_name,
            group.starts_on,
            group.ends_on,
            group.milestone_count,
            group.done_count,
            group.overdue_count,
            timezone.localtime(group.last_activity_at),
        ]
        for group in selectors.network_overview_rows(network=network, today=today)
    )
    return exports.xlsx_bytes(
        exports.Sheet(
            title=_("Groups"),
            above=[[network.name], [network.facilitating_organisation, today.isoformat()]],
            header=overview_headers(),
            rows=rows,
            widths=(40, 50, 25, 35, 12, 25, 12, 12, 10, 10, 12, 20),
        )
    )
