"""The network overview as an Excel workbook: one row per group, the same figures as the overview page."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Groups")[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.append([network.name])
    sheet.append([network.facilitating_organisation, today.isoformat()])
    sheet.append(overview_headers())
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for group in selectors.network_overview_rows(network=network, today=today):
        sheet.append(
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
                timezone.localtime(group.last_activity_at).replace(tzinfo=None),
            ]
        )
    for column, width in zip("ABCDEFGHIJKL", (40, 50, 25, 35, 12, 25, 12, 12, 10, 10, 12, 20), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
