"""The funder's report: a programme's results (selectors.programme_results) as an Excel workbook and a PDF.

Both are written from the same `Results` the page shows, in the reader's language (English under /en/), so the
report's figures are the page's (tests/test_report.py reads them back).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from tabadul.core import exports
from tabadul.core.exports import Column
from tabadul.core.formats import format_date

from .selectors import Results


def period_text(results: Results) -> str:
    period = results.period
    if period.start and period.end:
        return _("From %(start)s to %(end)s") % {"start": format_date(period.start), "end": format_date(period.end)}
    if period.start:
        return _("Since %(start)s") % {"start": format_date(period.start)}
    if period.end:
        return _("Until %(end)s") % {"end": format_date(period.end)}
    return _("Since the programme began, as of %(today)s") % {"today": format_date(timezone.localdate())}


def organisation_names(organisations) -> str:
    """Organisations by name (and acronym), in the programme's order, for the report's heading lines."""
    names = [f"{o.name} ({o.acronym})" if o.acronym else o.name for o in organisations]
    return _(", ").join(names)


def report_sheets(results: Results) -> list[exports.Sheet]:
    """Four sheets: the single figures, events by type, the Meter pilots, the twinning groups."""
    programme = results.programme
    above = [[programme.name], [period_text(results)]]
    if funders := programme.ordered_funders:
        above.append([_("Funded by"), organisation_names(funders)])
    if partners := programme.ordered_partners:
        above.append([_("Implementing partners"), organisation_names(partners)])
    summary = exports.Sheet(
        title=_("Results"),
        above=[*above, []],
        header=[_("Figure"), _("Value")],
        rows=[[label, value] for _key, label, value in results.headline()],
        widths=[48, 14],
    )
    events = exports.Sheet(
        title=_("Events by type"),
        header=[_("Type of event"), _("Events held")],
        rows=[[label, count] for label, count in results.events_by_type],
        totals=[[_("Total"), results.events_held]],
        widths=[40, 14],
    )
    pilots = exports.Sheet.of(
        _("Meter pilots"),
        [
            Column(_("Local body"), lambda pilot: pilot.plan.body.name, 30),
            Column(_("Strategic plan"), lambda pilot: pilot.plan.title, 40),
            Column(_("Achievement (%)"), lambda pilot: round(pilot.achievement, 1), 16),
            Column(_("Expected by schedule (%)"), lambda pilot: round(pilot.expected, 1), 16),
            Column(_("Projects"), "project_count", 10),
            Column(_("Projects completed"), "completed_count", 12),
            Column(_("Projects behind schedule"), "behind_count", 12),
        ],
        results.pilots,
    )
    groups = exports.Sheet.of(
        _("Twinning groups"),
        [
            Column(_("Twinning group"), lambda row: row.group.name, 40),
            Column(_("Network"), lambda row: row.group.network.name, 30),
            Column(_("Status"), lambda row: row.group.get_status_display(), 14),
            Column(_("Member bodies"), "member_count", 12),
        ],
        results.groups,
    )
    return [summary, events, pilots, groups]


def report_pdf(results: Results) -> bytes:
    """The same figures as a PDF (WeasyPrint; Arabic shaped and laid out right to left with Debian's Noto fonts)."""
    from weasyprint import HTML  # noqa: PLC0415 -- heavy (Pango, fonts): loaded only when a PDF is asked for

    html = render_to_string(
        "programmes/report_pdf.html",
        {
            "programme": results.programme,
            "results": results,
            "period_text": period_text(results),
            "rtl": get_language_bidi(),
        },
    )
    return HTML(string=html).write_pdf()
